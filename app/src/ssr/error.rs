//! Turning server-side failures into the one [`AppError`]: log the cause, send nothing of it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

/// For plain axum handlers (the machine API): the status and the JSON body.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}
