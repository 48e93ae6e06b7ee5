//! Turning server-side failures into the one [`AppError`]: log the cause, send nothing of it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::msg;
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
                // SQLite: busy (5), locked (6), and the storage faults of `cannot_write`.
                matches!(sqlite_primary(&code), Some(5 | 6)) || cannot_write(e)
            } else {
                // PostgreSQL: connection exceptions (08…), shutting down / not accepting (57P…),
                // and the storage faults of `cannot_write`.
                code.starts_with("08") || code.starts_with("57P") || cannot_write(e)
            }
        }
        _ => false,
    }
}

/// A SQLite result code's primary code (the low byte of an extended code).
fn sqlite_primary(code: &str) -> Option<i32> {
    code.parse::<i32>().ok().map(|c| c & 0xff)
}

/// The storage refuses to write: disk (or quota, or file-size limit) full, read-only, an I/O error.
/// SQLite: read-only (8), I/O error (10; a write past a quota or `ulimit -f` is `SQLITE_IOERR_WRITE`),
/// full (13), cannot open (14). PostgreSQL: a read-only transaction (25006), disk full (53100).
/// The statement failed whole: SQLite and PostgreSQL roll the transaction back.
fn cannot_write(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(d) = e else { return false };
    let code = d.code().unwrap_or_default();
    if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        matches!(sqlite_primary(&code), Some(8 | 10 | 13 | 14))
    } else {
        code == "25006" || code == "53100"
    }
}

/// The last storage fault seen (`cannot_write`), for `/health`: `(unix seconds, the database's words)`.
/// Cleared by [`clear_storage_fault`] once a write succeeds again.
static STORAGE_FAULT: std::sync::Mutex<Option<(i64, String)>> = std::sync::Mutex::new(None);

/// Remember `e` if it says the storage refuses to write (any other error is left alone). Called for
/// every database error turned into an [`AppError`], and by background writers that log theirs.
pub fn note_storage_fault(e: &sqlx::Error) {
    if cannot_write(e) {
        let mut fault = STORAGE_FAULT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *fault = Some((crate::clock::now(), e.to_string()));
    }
}

/// The storage fault last seen and not yet cleared.
pub fn storage_fault() -> Option<(i64, String)> {
    STORAGE_FAULT.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
}

/// A write went through: the storage is fine again.
pub fn clear_storage_fault() {
    *STORAGE_FAULT.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if cannot_write(&e) {
            note_storage_fault(&e);
            tracing::warn!(error = %e, "database cannot write");
            return AppError::Unavailable { message: msg!(err_db_cannot_write) };
        }
        if is_unavailable(&e) {
            tracing::warn!(error = %e, "database unavailable");
            return AppError::Unavailable { message: msg!(err_db_unavailable) };
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

impl From<AccountError> for AppError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::LoginTaken(l) => {
                AppError::Conflict { message: msg!(err_login_taken, login = l), current: None }
            }
            AccountError::UnknownFacility(ids) => {
                let ids = ids.join(", ");
                AppError::bad_param("facilities", msg!(err_no_such_facilities, ids = ids))
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
