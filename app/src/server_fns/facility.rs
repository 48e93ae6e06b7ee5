//! `GET /api/facility?id=` — one facility with its live figures; `GET /api/facilities?ids=a,b` — a few.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::FacilityDetail;

#[server(prefix = "/api", endpoint = "facility", input = GetUrl, output = Json)]
pub async fn get_facility(id: String) -> Result<FacilityDetail, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::detail::detail(&state, &id).ok_or_else(|| AppError::no_facility(&id))
}

/// Unknown ids are left out (a shortlist may name a facility since removed).
#[server(prefix = "/api", endpoint = "facilities", input = GetUrl, output = Json)]
pub async fn get_facilities(ids: String) -> Result<Vec<FacilityDetail>, AppError> {
    // The comparison shows three; a little slack for shared links.
    const MAX_IDS: usize = 10;
    let ids: Vec<&str> = ids.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if ids.len() > MAX_IDS {
        return Err(AppError::bad_param("ids", crate::msg!(err_at_most, max = MAX_IDS)));
    }
    let state = crate::ssr::state::app_state()?;
    Ok(ids.into_iter().filter_map(|id| crate::ssr::detail::detail(&state, id)).collect())
}
