//! Residents' reports.

use super::{Store, on_pool};
use crate::model::{Report, ReportKind, WorkState};

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

    /// A facility's reports since `since`, newest first, with the state of the item each went into.
    pub async fn facility_reports(
        &self,
        facility_id: &str,
        since: i64,
    ) -> Result<Vec<(Report, Option<WorkState>)>, sqlx::Error> {
        let rows: Vec<(i64, i64, String, String, String, Option<String>)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.id, r.at, r.facility_id, r.kind, r.note, w.state FROM report r \
                 LEFT JOIN work_item w ON w.id = r.work_item_id \
                 WHERE r.facility_id = $1 AND r.at >= $2 ORDER BY r.id DESC LIMIT 20",
            )
            .bind(facility_id)
            .bind(since)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, at, facility_id, kind, note, state)| {
                let report = Report { id, at, facility_id, kind: ReportKind::parse(&kind)?, note };
                Some((report, state.as_deref().and_then(WorkState::parse)))
            })
            .collect())
    }
}
