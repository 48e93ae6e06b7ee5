//! `GET /api/nearest?lat=&lng=&crs=&kind=&service=&available=&limit=&radius_m=&fields=` — a public contract.
//!
//! Over HTTP the URL is answered by a plain handler (server/src/api/nearest.rs) that decodes the request with
//! this function's own codec and writes the same JSON from per-facility fragments; this function is what the
//! pages call in process, and its client half is what islands call at that URL (the bytes are the same).

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::{NearestParams, NearestResponse};

/// `fields=` is checked here as on the HTTP route (one rule, `NearestQuery::try_from`), but a typed answer
/// always carries every field: only the HTTP route trims.
#[server(prefix = "/api", endpoint = "nearest", input = GetUrl, output = Json)]
pub async fn nearest(#[server(flatten)] params: NearestParams) -> Result<NearestResponse, AppError> {
    let query = crate::model::NearestQuery::try_from(&params)?;
    let state = crate::ssr::state::app_state()?;
    Ok(crate::ssr::nearest::nearest(&state, &query))
}
