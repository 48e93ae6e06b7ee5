//! The writer's own connections, one per batch in flight, opened from the pool's options (so with the
//! same pragmas and settings) and held across batches: no pool acquire, release check or statement
//! re-preparation per batch. A connection that failed a batch is closed and a new one opened for the
//! next (its transaction may not have ended cleanly: see `Store::connect_with` on SQLite's pool).

use sqlx::{Connection, PgConnection, SqliteConnection};

use crate::ssr::store::Store;

pub(super) enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// Run `$body` with `$c` bound to the connection `$conn` (a `&mut Conn`) holds.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::ssr::store::group_commit::conn::Conn::Sqlite($c) => $body,
            $crate::ssr::store::group_commit::conn::Conn::Postgres($c) => $body,
        }
    };
}
pub(super) use on_conn;

impl Conn {
    /// A new connection to `store`'s database; refused once its pool is closed. On SQLite it makes no
    /// automatic checkpoint when `checkpoints_elsewhere` (see `checkpoint`).
    pub(super) async fn open(store: &Store, checkpoints_elsewhere: bool) -> Result<Conn, sqlx::Error> {
        match store {
            Store::Sqlite(pool) if !pool.is_closed() => {
                let mut options = (*pool.connect_options()).clone();
                if checkpoints_elsewhere {
                    options = options.pragma("wal_autocheckpoint", "0");
                }
                Ok(Conn::Sqlite(SqliteConnection::connect_with(&options).await?))
            }
            Store::Postgres(pool) if !pool.is_closed() => {
                Ok(Conn::Postgres(PgConnection::connect_with(&pool.connect_options()).await?))
            }
            _ => Err(sqlx::Error::PoolClosed),
        }
    }

    pub(super) async fn close(self) {
        // Closing may fail only on a connection already broken: nothing to keep either way.
        let _ = on_conn!(self, |c| c.close().await);
    }
}
