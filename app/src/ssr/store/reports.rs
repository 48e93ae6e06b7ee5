//! Residents' reports.

use super::{Store, on_pool};
use crate::model::{Report, ReportKind};

impl Store {
    /// Reports since `since` (Unix seconds), newest first, at most `limit`.
    pub async fn reports(&self, since: i64, limit: i64) -> Result<Vec<Report>, sqlx::Error> {
        let rows: Vec<(i64, i64, String, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, at, facility_id, kind, note FROM report WHERE at >= $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, at, facility_id, kind, note)| {
                Some(Report { id, at, facility_id, kind: ReportKind::parse(&kind)?, note })
            })
            .collect())
    }
}
