//! Storage behind one interface. SQLite (embedded default) and PostgreSQL share their SQL text:
//! sqlx binds `$N` placeholders on both, so each query is written once and run on whichever pool
//! the `DATABASE_URL` chose. All SQL lives under this module.

mod accounts;
mod backup;
mod capacity;
mod catchments;
mod changes;
mod facilities;
mod facility_writer;
mod gazetteer;
mod group_commit;
mod history;
mod identity;
mod population;
mod registers;
mod reports;
mod rows;
mod work_items;
mod work_scan;

pub use accounts::AccountError;
pub use backup::BackupError;
pub use capacity::{Actor, CapacityError};
pub use catchments::CatchmentWrite;
pub use facilities::AuditRecord;
pub use facility_writer::{CHUNK, FacilityWriter};
pub use history::{ChangedField, FigureChange};
pub use registers::StoredUpload;
pub use work_items::{NewWorkItem, SYSTEM};

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

/// Run `$body` with `$pool` bound to whichever pool this store holds.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            $crate::ssr::store::Store::Sqlite($pool) => $body,
            $crate::ssr::store::Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// One line of the audit trail, inside the caller's transaction `$tx`: the one INSERT every write path
/// uses. `$actor` is an [`Actor`]; `$service` an `Option<&str>`; `$old`/`$new` `Option<String>`.
macro_rules! audit_line {
    ($tx:expr, $at:expr, $actor:expr, $facility:expr, $service:expr, $field:expr, $old:expr, $new:expr) => {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, login, via, facility_id, service, field, old_value, new_value) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($at)
        .bind($actor.user_id)
        .bind(&$actor.login)
        .bind($actor.via)
        .bind($facility)
        .bind($service)
        .bind($field)
        .bind($old)
        .bind($new)
        .execute(&mut *$tx)
        .await
    };
}
pub(crate) use audit_line;

/// One entry of the change log, inside the caller's transaction `$tx`: every other server reloads
/// `$facility` (a facility id, or a marker such as the catchments') when it reads it.
macro_rules! change_log_line {
    ($tx:expr, $facility:expr, $at:expr) => {
        sqlx::query("INSERT INTO change_log (facility_id, at) VALUES ($1, $2)")
            .bind($facility)
            .bind($at)
            .execute(&mut *$tx)
            .await
    };
}
pub(crate) use change_log_line;

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got `{0}`)")]
    UnknownScheme(String),
    #[error("could not open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// How to open the store.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoreOptions {
    /// SQLite `synchronous=FULL`: every commit is fsynced, so it survives a power cut. The default
    /// (`NORMAL` with WAL) survives a process crash but may lose the last commits if the machine loses power.
    pub sqlite_full_sync: bool,
}

impl Store {
    /// Open the database named by `url`, creating a SQLite file if needed, and bring its schema up to date.
    pub async fn connect(url: &str) -> Result<Store, ConnectError> {
        Store::connect_with(url, StoreOptions::default()).await
    }

    pub async fn connect_with(url: &str, opts: StoreOptions) -> Result<Store, ConnectError> {
        let store = if url.starts_with("sqlite:") {
            let sync = if opts.sqlite_full_sync { SqliteSynchronous::Full } else { SqliteSynchronous::Normal };
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(sync)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            Store::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(8)
                    // A connection whose transaction could not be ended (a full disk refused the COMMIT,
                    // then the ROLLBACK) is closed, not reused: sqlx still counts it inside that
                    // transaction, so its next `begin` would be a SAVEPOINT within it and the "commit" a
                    // RELEASE that writes nothing — a change acknowledged, never stored, holding the write
                    // lock (found by tests/readonly.rs). Closing it rolls back. The ping first lets the
                    // rollback queued by a dropped transaction run.
                    .after_release(|conn, _| {
                        Box::pin(async move {
                            sqlx::Connection::ping(conn).await?;
                            Ok(!sqlx::Connection::is_in_transaction(conn))
                        })
                    })
                    .connect_with(options)
                    .await?,
            )
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            Store::Postgres(
                PgPoolOptions::new()
                    .max_connections(16)
                    // Fail fast when the database is away (a clear 503), instead of holding the request.
                    .acquire_timeout(Duration::from_secs(3))
                    .connect_with(options)
                    .await?,
            )
        } else {
            return Err(ConnectError::UnknownScheme(url.to_string()));
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Store::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await,
            Store::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await,
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Commit a harmless write, to learn whether the storage takes writes again (`/health` after a
    /// storage fault). SQLite: `user_version` (in the file's header, unused by CareMap and by sqlx's
    /// migrations) rewritten with its own value — page 1 goes through the WAL like any commit, so a
    /// full disk or a read-only file refuses it. PostgreSQL: taking a transaction id, which a read-only
    /// server refuses.
    pub async fn probe_write(&self) -> Result<(), sqlx::Error> {
        match self {
            Store::Sqlite(pool) => {
                let mut conn = pool.acquire().await?;
                let version: i64 = sqlx::query_scalar("PRAGMA user_version").fetch_one(&mut *conn).await?;
                sqlx::query(&format!("PRAGMA user_version = {version}")).execute(&mut *conn).await.map(|_| ())
            }
            Store::Postgres(pool) => sqlx::query("SELECT txid_current()").execute(pool).await.map(|_| ()),
        }
    }

    /// Write and answer the capacity changes still queued (see [`group_commit`]), then close the pool.
    pub async fn close(&self) {
        group_commit::close(self).await;
        on_pool!(self, |pool| pool.close().await)
    }
}
