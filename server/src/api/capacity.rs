//! `POST /api/facilities/{id}/capacity` with `Authorization: Bearer <token>`: facility systems push
//! figures here. Same rules as the manager page: 403 for a facility the token's owner does not
//! manage, 409 for a stale version, 422 out of bounds; nothing changes in each case.

use app::error::AppError;
use app::model::{CapacityRequest, CapacityResponse, Via};
use app::ssr::auth::token;
use app::ssr::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};

pub async fn post(
    State(state): State<AppState>,
    facility_id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CapacityResponse>, AppError> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(token::from_header)
        .ok_or(AppError::Unauthorized)?;
    let account = app::ssr::auth::session::signed_in(state.store.account_for_token(&token::hash(presented)).await?)?;
    // Rejections (invalid UTF-8 in the id, a body over the size limit) and undecodable JSON are the
    // caller's 400 in the usual shape, without serde's wording (which names internal types).
    let Path(facility_id) = facility_id.map_err(|_| AppError::bad_param("id", app::msg!(err_bad_facility_id)))?;
    let body = body.map_err(|e| {
        tracing::debug!(error = %e.body_text(), "capacity API: unreadable body");
        AppError::bad_param("body", app::msg!(err_body_unreadable))
    })?;
    let request: CapacityRequest =
        serde_json::from_slice(&body).map_err(|_| AppError::bad_param("body", app::msg!(err_capacity_body)))?;
    let (service, change) = request.validate()?;
    let capacity = app::ssr::facility_edits::change(&state, &account, Via::Api, &facility_id, service, change).await?;
    Ok(Json(CapacityResponse { facility_id, capacity }))
}
