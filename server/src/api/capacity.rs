//! `POST /api/facilities/{id}/capacity` with `Authorization: Bearer <token>`: facility systems push
//! figures here. Same rules as the manager page: 403 for a facility the token's owner does not
//! manage, 409 for a stale version, 422 out of bounds; nothing changes in each case.

use app::error::AppError;
use app::model::{CapacityRequest, CapacityResponse, Via};
use app::ssr::auth::token;
use app::ssr::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};

pub async fn post(
    State(state): State<AppState>,
    Path(facility_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<CapacityResponse>, AppError> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(token::from_header)
        .ok_or(AppError::Unauthorized)?;
    let account = state.store.account_for_token(&token::hash(presented)).await?.ok_or(AppError::Unauthorized)?;
    let request: CapacityRequest = serde_json::from_slice(&body)
        .map_err(|e| AppError::bad_param("body", format!("not the expected JSON: {e}")))?;
    let (service, change) = request.validate()?;
    let capacity = app::ssr::capacity::change(&state, &account, Via::Api, &facility_id, service, change).await?;
    Ok(Json(CapacityResponse { facility_id, capacity }))
}
