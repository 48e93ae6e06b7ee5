//! `GET /api/facility?id=` — one facility with its live figures.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::FacilityDetail;

#[server(prefix = "/api", endpoint = "facility", input = GetUrl, output = Json)]
pub async fn get_facility(id: String) -> Result<FacilityDetail, AppError> {
    let state = crate::ssr::state::app_state()?;
    let facility = state.index.get(&id).ok_or_else(|| AppError::not_found(format!("facility `{id}`")))?;
    let parent_name = facility.parent_id.as_deref().and_then(|p| state.index.get(p)).map(|p| p.name.clone());
    Ok(FacilityDetail {
        stale_after_s: state.settings.stale_after.for_kind(facility.kind),
        as_of: crate::clock::now(),
        facility: (*facility).clone(),
        parent_name,
    })
}
