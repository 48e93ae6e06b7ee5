//! `GET /api/nearest?lat=&lng=&crs=&kind=&service=&available=&limit=&radius_m=` — a public contract.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::{NearestParams, NearestResponse};

#[server(prefix = "/api", endpoint = "nearest", input = GetUrl, output = Json)]
pub async fn nearest(#[server(flatten)] params: NearestParams) -> Result<NearestResponse, AppError> {
    let query = crate::model::NearestQuery::try_from(&params)?;
    let state = crate::ssr::state::app_state()?;
    Ok(crate::ssr::nearest::nearest(&state, &query))
}
