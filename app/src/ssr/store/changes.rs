//! The change log: which facilities were written, in order, so every server can catch up.

use super::{Store, on_pool};

impl Store {
    /// The newest change's sequence number (0 when none).
    pub async fn last_change(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(seq) FROM change_log")
                .fetch_one(pool)
                .await
                .map(Option::unwrap_or_default)
        })
    }

    /// Changes after `seq`, oldest first, at most `limit`: `(seq, facility_id)`.
    pub async fn changes_since(&self, seq: i64, limit: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, String)>(
                "SELECT seq, facility_id FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(seq)
            .bind(limit)
            .fetch_all(pool)
            .await
        })
    }

    /// Forget changes older than `before` (Unix seconds): every live server has long since seen them.
    pub async fn prune_changes(&self, before: i64) -> Result<u64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM change_log WHERE at < $1")
                .bind(before)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })
    }
}
