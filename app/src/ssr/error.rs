//! Turning server-side failures into the one [`AppError`]: log the cause, send nothing of it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::ssr::store::AccountError;

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

impl From<AccountError> for AppError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::LoginTaken(l) => AppError::Conflict {
                message: format!("登录名 {l} 已被使用 (login `{l}` is taken)"),
                current: None,
            },
            AccountError::UnknownFacility(ids) => {
                let ids = ids.join(", ");
                AppError::bad_param("facilities", format!("没有这些机构：{ids} (no such facility: {ids})"))
            }
            AccountError::Db(e) => e.into(),
        }
    }
}

/// For plain axum handlers (the machine API): the status and the JSON body.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}
