//! What a start-up snapshot is checked against: this database's name (migration 0013) and the change
//! log around the snapshot's position (see `ssr::snapshot`).

use super::{Store, on_pool};

impl Store {
    /// This database's random name, made by migration 0013.
    pub async fn database_identity(&self) -> Result<String, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT identity FROM database_identity WHERE only_row = 1").fetch_one(pool).await
        })
    }

    /// The change-log entry `seq`, if the log still holds it: `(facility_id, at)`.
    pub async fn change_at(&self, seq: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_as("SELECT facility_id, at FROM change_log WHERE seq = $1").bind(seq).fetch_optional(pool).await
        })
    }

    /// The highest sequence number the log has ever given out, pruned entries included (0 if none):
    /// unlike `MAX(seq)` it never goes back when the newest entries are pruned.
    pub async fn change_high_water(&self) -> Result<i64, sqlx::Error> {
        match self {
            Store::Sqlite(pool) => {
                // AUTOINCREMENT (migration 0001) keeps the high-water mark here; no row before the first change.
                let seq: Option<i64> = sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'")
                    .fetch_optional(pool)
                    .await?;
                Ok(seq.unwrap_or(0))
            }
            Store::Postgres(pool) => {
                // NULL until the sequence is first used. Numbers taken by rolled-back transactions count
                // too, which only makes the snapshot check more careful.
                sqlx::query_scalar(
                    "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('change_log', 'seq')::regclass), 0)",
                )
                .fetch_one(pool)
                .await
            }
        }
    }

    /// How many changes the log holds after `seq`.
    pub async fn count_changes_after(&self, seq: i64) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM change_log WHERE seq > $1").bind(seq).fetch_one(pool).await
        })
    }

    /// How far the server `instance` has recorded reading the log (see `record_position`).
    pub async fn position_of(&self, instance: &str) -> Result<Option<i64>, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT seq FROM follower_position WHERE instance = $1")
                .bind(instance)
                .fetch_optional(pool)
                .await
        })
    }
}
