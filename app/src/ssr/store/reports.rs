//! Residents' reports.

use super::{Store, on_pool};
use crate::model::{Report, ReportKind, WorkState};

/// A report's columns: id, at, facility, the facility's name (if it is still stored), kind, note.
type ReportRow = (i64, i64, String, Option<String>, String, String);
/// The same and the state of the work item the report went into.
type ReportStateRow = (i64, i64, String, Option<String>, String, String, Option<String>);

impl Store {
    /// Reports since `since` (Unix seconds), newest first, at most `limit`.
    pub async fn reports(&self, since: i64, limit: i64) -> Result<Vec<Report>, sqlx::Error> {
        let rows: Vec<ReportRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.id, r.at, r.facility_id, f.name, r.kind, r.note FROM report r \
                 LEFT JOIN facility f ON f.id = r.facility_id WHERE r.at >= $1 ORDER BY r.id DESC LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, at, facility_id, name, kind, note)| {
                let facility_name = name.unwrap_or_default();
                Some(Report { id, at, facility_id, facility_name, kind: ReportKind::parse(&kind)?, note })
            })
            .collect())
    }

    /// A facility's reports since `since`, newest first, with the state of the item each went into.
    pub async fn facility_reports(
        &self,
        facility_id: &str,
        since: i64,
    ) -> Result<Vec<(Report, Option<WorkState>)>, sqlx::Error> {
        let rows: Vec<ReportStateRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.id, r.at, r.facility_id, f.name, r.kind, r.note, w.state FROM report r \
                 LEFT JOIN facility f ON f.id = r.facility_id LEFT JOIN work_item w ON w.id = r.work_item_id \
                 WHERE r.facility_id = $1 AND r.at >= $2 ORDER BY r.id DESC LIMIT 20",
            )
            .bind(facility_id)
            .bind(since)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, at, facility_id, name, kind, note, state)| {
                let facility_name = name.unwrap_or_default();
                let report = Report { id, at, facility_id, facility_name, kind: ReportKind::parse(&kind)?, note };
                Some((report, state.as_deref().and_then(WorkState::parse)))
            })
            .collect())
    }
}
