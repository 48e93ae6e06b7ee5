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

    /// This server has read the log up to `seq` (and is alive at `now`).
    pub async fn record_position(&self, instance: &str, seq: i64, now: i64) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO follower_position (instance, seq, seen_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (instance) DO UPDATE SET seq = excluded.seq, seen_at = excluded.seen_at",
            )
            .bind(instance)
            .bind(seq)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// Delete the changes every live server has read (servers not seen since `alive_since` are
    /// forgotten) and that are older than `older_than` (a server just starting reads the log's end
    /// before it records its position: the margin covers that moment). Returns how many went.
    ///
    /// The newest entry always stays: a starting server takes `MAX(seq)` as its position, and an emptied
    /// log would give 0, a position whose snapshot the next start must refuse (everything after 0 pruned).
    pub async fn prune_changes(&self, alive_since: i64, older_than: i64) -> Result<u64, sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM follower_position WHERE seen_at < $1").bind(alive_since).execute(&mut *tx).await?;
            let done = sqlx::query(
                "DELETE FROM change_log WHERE at < $1 AND seq <= (SELECT MIN(seq) FROM follower_position) \
                 AND seq < (SELECT MAX(seq) FROM change_log)",
            )
            .bind(older_than)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(done.rows_affected())
        })
    }

    /// This server is stopping: its position no longer holds the log.
    pub async fn forget_position(&self, instance: &str) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM follower_position WHERE instance = $1")
                .bind(instance)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    /// How many changes the log holds (for `/health`).
    pub async fn count_changes(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM change_log").fetch_one(pool).await)
    }
}
