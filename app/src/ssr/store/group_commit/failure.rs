//! A failed batch's error, for each of its callers.

use std::sync::Arc;

use sqlx::error::{DatabaseError, ErrorKind};

/// The error that failed a batch, for each of its callers: sqlx's errors are not `Clone`, so each gets
/// a copy that the rest of the server reads alike (`ssr::error` decides 503 or 500 from the kind and,
/// for a database's own error, from its code and driver type — which the copy passes through).
pub(super) enum Failure {
    Database(Arc<dyn DatabaseError>),
    Other(sqlx::Error),
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::Database(d) => Failure::Database(Arc::from(d)),
            other => Failure::Other(other),
        }
    }
}

impl Failure {
    pub(super) fn copy(&self) -> sqlx::Error {
        use sqlx::Error as E;
        match self {
            Failure::Database(d) => E::Database(Box::new(SharedDbError(d.clone()))),
            Failure::Other(E::Io(e)) => E::Io(std::io::Error::new(e.kind(), e.to_string())),
            Failure::Other(E::Tls(e)) => E::Tls(e.to_string().into()),
            Failure::Other(E::Protocol(p)) => E::Protocol(p.clone()),
            Failure::Other(E::PoolTimedOut) => E::PoolTimedOut,
            Failure::Other(E::PoolClosed) => E::PoolClosed,
            Failure::Other(E::WorkerCrashed) => E::WorkerCrashed,
            // Anything else is CareMap's fault either way (a 500), whatever its kind.
            Failure::Other(other) => E::Configuration(other.to_string().into()),
        }
    }
}

/// A database's error shared by every change of a failed batch: it answers as the original (message,
/// code, kind, and downcasts to the driver's own error type).
#[derive(Debug)]
struct SharedDbError(Arc<dyn DatabaseError>);

impl std::fmt::Display for SharedDbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl std::error::Error for SharedDbError {}

impl DatabaseError for SharedDbError {
    fn message(&self) -> &str {
        self.0.message()
    }
    fn code(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.0.code()
    }
    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        // The original: `try_downcast_ref::<SqliteError>()` and the like look through this.
        self.0.as_error()
    }
    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }
    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }
    fn is_transient_in_connect_phase(&self) -> bool {
        self.0.is_transient_in_connect_phase()
    }
    fn constraint(&self) -> Option<&str> {
        self.0.constraint()
    }
    fn table(&self) -> Option<&str> {
        self.0.table()
    }
    fn kind(&self) -> ErrorKind {
        self.0.kind()
    }
}
