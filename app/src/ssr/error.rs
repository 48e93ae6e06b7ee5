//! Turning server-side failures into the one [`AppError`]: log the cause, send nothing of it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::ssr::store::AccountError;

/// The database is out of reach or cannot write just now (a 503: try again soon), rather than a fault
/// in CareMap (a 500).
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => {
            let code = d.code().unwrap_or_default();
            if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // SQLite: busy (5), locked (6), read-only (8), disk full (13), cannot open (14), and
                // their extended codes (the primary code is the low byte).
                matches!(code.parse::<i32>().map(|c| c & 0xff), Ok(5 | 6 | 8 | 13 | 14))
            } else {
                // PostgreSQL: connection exceptions (08…), shutting down / not accepting (57P…),
                // a read-only transaction (25006), disk full (53100).
                code.starts_with("08") || code.starts_with("57P") || code == "25006" || code == "53100"
            }
        }
        _ => false,
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            tracing::warn!(error = %e, "database unavailable");
            return AppError::Unavailable {
                message:
                    "数据库暂时不可用，未作修改，请稍后再试 (the database is unavailable just now; nothing was changed)"
                        .into(),
            };
        }
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
