//! `GET /api/places?q=`: the offline gazetteer (and the online geocoder when configured).

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::Place;

#[server(prefix = "/api", endpoint = "places", input = GetUrl, output = Json)]
pub async fn places(q: String) -> Result<Vec<Place>, AppError> {
    let q = q.trim();
    if q.is_empty() || q.chars().count() > 50 {
        return Err(AppError::bad_param("q", crate::msg!(err_place_query)));
    }
    let state = crate::ssr::state::app_state()?;
    Ok(crate::ssr::gazetteer::find(q, &state.index, &state.places, state.geocoder.as_deref(), 10).await)
}
