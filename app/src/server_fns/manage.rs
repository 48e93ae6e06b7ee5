//! The manager page's server functions. Each one checks, itself, that the caller is signed in and
//! manages the facility it names: calling these URLs directly gains nothing.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{CapacityChange, FacilityStatus, ManageView, ServiceCapacity, ServiceKind};

/// At most this many facilities per page for an admin (a manager sees all of theirs).
pub const PAGE: usize = 30;

/// The caller's facilities; for an admin, all facilities whose name or id contains `q`.
#[server(prefix = "/api", endpoint = "manage/facilities")]
pub async fn managed_facilities(q: Option<String>) -> Result<ManageView, AppError> {
    let state = crate::ssr::state::app_state()?;
    let account = crate::ssr::auth::require_account(&state).await?;
    let q = q.unwrap_or_default().trim().to_lowercase();
    // Shared handles while filtering and sorting; only the page that is shown is copied.
    let mut found: Vec<std::sync::Arc<crate::model::Facility>> = if account.is_admin() {
        state
            .index
            .all()
            .into_iter()
            .filter(|f| q.is_empty() || f.name.to_lowercase().contains(&q) || f.id.to_lowercase().contains(&q))
            .collect()
    } else {
        account.facilities.iter().filter_map(|id| state.index.get(id)).collect()
    };
    found.sort_by(|a, b| a.id.cmp(&b.id));
    let total = found.len() as u32;
    if account.is_admin() {
        found.truncate(PAGE);
    }
    let facilities: Vec<crate::model::Facility> = found.iter().map(|f| f.as_ref().clone()).collect();
    let now = crate::clock::now();
    let mine = |id: &str| account.can_manage(id);
    let reports =
        state.store.reports(now - 30 * 86_400, 500).await?.into_iter().filter(|r| mine(&r.facility_id)).collect();
    let mut trends = Vec::new();
    if !account.is_admin() {
        for f in &facilities {
            trends.extend(crate::ssr::trends::facility_trend(&state, &f.id).await?);
        }
    }
    Ok(ManageView { account, facilities, total, as_of: now, stale_after: state.settings.stale_after, reports, trends })
}

/// ±1, an exact figure based on a version, or "still correct" for one service.
#[server(prefix = "/api", endpoint = "manage/capacity", input = Json)]
pub async fn change_capacity(
    facility_id: String,
    service: ServiceKind,
    change: CapacityChange,
) -> Result<ServiceCapacity, AppError> {
    let state = crate::ssr::state::app_state()?;
    let change = change.check()?;
    let account = crate::ssr::auth::require_account(&state).await?;
    crate::ssr::facility_edits::change(&state, &account, crate::model::Via::Page, &facility_id, service, change).await
}

/// Open / temporarily closed, and opening hours (e.g. `Mo-Fr 08:00-17:30; Sa 09:00-12:00`).
#[server(prefix = "/api", endpoint = "manage/info", input = Json)]
pub async fn update_facility_info(
    facility_id: String,
    status: Option<FacilityStatus>,
    hours: Option<String>,
) -> Result<(), AppError> {
    let state = crate::ssr::state::app_state()?;
    let account = crate::ssr::auth::require_account(&state).await?;
    crate::ssr::facility_edits::set_info(
        &state,
        &account,
        crate::model::Via::Page,
        &facility_id,
        status,
        hours.as_deref(),
    )
    .await
}
