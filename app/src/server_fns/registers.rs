//! District registers on `/admin`: the dry run of an uploaded register, the queue of facilities
//! placed only approximately, and setting a facility's point on the map. (The upload, apply and
//! discard are plain form posts: `server/src/api/registers.rs`.) Every function checks the role.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Facility, RegisterPreview};

#[server(prefix = "/api", endpoint = "admin/register-preview")]
pub async fn preview_register(upload: String) -> Result<RegisterPreview, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    crate::ssr::register::upload::preview(&state, upload.trim()).await
}

/// Open facilities whose point is only their community's or subdistrict's: the placing queue.
#[server(prefix = "/api", endpoint = "admin/approximate")]
pub async fn approximate_facilities() -> Result<Vec<Facility>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    let mut list: Vec<Facility> = state
        .index
        .all()
        .iter()
        .filter(|f| f.location_basis.is_approximate() && f.status != crate::model::FacilityStatus::Closed)
        .map(|f| f.as_ref().clone())
        .collect();
    list.sort_by(|a, b| (a.subdistrict_code.as_deref(), &a.name).cmp(&(b.subdistrict_code.as_deref(), &b.name)));
    Ok(list)
}

/// Set a facility's point (WGS-84) where an admin tapped the map; it is `surveyed` from now on.
#[server(prefix = "/api", endpoint = "admin/place-facility")]
pub async fn place_facility(id: String, lat: f64, lng: f64) -> Result<(), AppError> {
    let state = crate::ssr::state::app_state()?;
    let account = crate::ssr::auth::require_admin(&state).await?;
    if !lat.is_finite() || !lng.is_finite() || !crate::ssr::reference::in_district(lat, lng) {
        return Err(AppError::bad_param("lat", crate::msg!(err_outside_district)));
    }
    let actor = crate::ssr::store::Actor {
        user_id: Some(account.id),
        login: account.login.clone(),
        via: crate::model::Via::Page.as_str(),
    };
    if !state.store.set_facility_point(&id, lat, lng, &actor).await? {
        return Err(AppError::no_facility(&id));
    }
    if let Some(f) = state.store.facility(&id).await? {
        state.index.upsert(f);
    }
    state.live.publish(&state.index, &id);
    Ok(())
}
