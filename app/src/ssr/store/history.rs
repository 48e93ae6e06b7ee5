//! The change history read back: capacity figures over time (from the audit trail) and the plan's
//! daily snapshots.

use std::collections::{HashMap, HashSet};

use super::{Actor, Store, audit_line, on_pool};
use crate::model::{ServiceKind, Via};

/// One recorded change of one service's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureChange {
    pub facility_id: String,
    pub service: ServiceKind,
    pub at: i64,
    pub field: ChangedField,
    pub old: Option<i64>,
    pub new: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedField {
    Available,
    Maximum,
    /// "Still correct": only the time moved.
    Confirmed,
}

impl ChangedField {
    fn parse(s: &str) -> Option<ChangedField> {
        match s {
            "available" => Some(ChangedField::Available),
            "maximum" => Some(ChangedField::Maximum),
            "confirmed" => Some(ChangedField::Confirmed),
            _ => None,
        }
    }
}

type HistoryRow = (String, String, i64, String, Option<String>, Option<String>);

fn into_changes(rows: Vec<HistoryRow>) -> Vec<FigureChange> {
    rows.into_iter()
        .filter_map(|(facility_id, service, at, field, old, new)| {
            Some(FigureChange {
                facility_id,
                service: ServiceKind::parse(&service)?,
                at,
                field: ChangedField::parse(&field)?,
                old: old.and_then(|v| v.parse().ok()),
                new: new.and_then(|v| v.parse().ok()),
            })
        })
        .collect()
}

impl Store {
    /// Record made-up past changes of free places (the sample's history), in one transaction.
    pub async fn insert_sample_history(&self, changes: &[FigureChange]) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let sample = Actor { user_id: None, login: Via::Sample.as_str().into(), via: Via::Sample.as_str() };
            for c in changes {
                let (old, new) = (c.old.map(|v| v.to_string()), c.new.map(|v| v.to_string()));
                audit_line!(tx, c.at, sample, &c.facility_id, Some(c.service.as_str()), "available", old, new)?;
            }
            tx.commit().await
        })
    }

    /// Figure changes since `since`, oldest first; of one facility, or of all when `None`.
    pub async fn figure_changes(
        &self,
        facility_id: Option<&str>,
        since: i64,
    ) -> Result<Vec<FigureChange>, sqlx::Error> {
        let rows: Vec<HistoryRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT facility_id, service, at, field, old_value, new_value FROM audit_log \
                 WHERE at >= $1 AND service IS NOT NULL AND field IN ('available', 'maximum', 'confirmed') \
                 AND facility_id = COALESCE($2, facility_id) ORDER BY id",
            )
            .bind(since)
            .bind(facility_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(into_changes(rows))
    }

    /// When each of these figures' free places last changed (those with a recorded change). Asked a
    /// thousand facilities at a time through the audit trail's facility index: the scanner asks every
    /// minute for every full figure, which at national scale is hundreds of thousands (asked one by one,
    /// a round trip each, that was half a minute of a core every minute), and must not read the whole
    /// trail each time either.
    pub async fn last_available_change(
        &self,
        figures: &[(&str, ServiceKind)],
    ) -> Result<HashMap<(String, ServiceKind), i64>, sqlx::Error> {
        const BATCH: usize = 1000;
        let wanted: HashSet<(&str, ServiceKind)> = figures.iter().copied().collect();
        let mut ids: Vec<&str> = figures.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = HashMap::new();
        for batch in ids.chunks(BATCH) {
            let rows: Vec<(String, String, i64)> = on_pool!(self, |pool| {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT facility_id, service, MAX(at) FROM audit_log \
                     WHERE field = 'available' AND service IS NOT NULL AND facility_id IN (",
                );
                let mut list = q.separated(", ");
                for id in batch {
                    list.push_bind(*id);
                }
                q.push(") GROUP BY facility_id, service");
                q.build_query_as().fetch_all(pool).await
            })?;
            for (id, service, at) in rows {
                // A service name this build does not know names no figure that was asked about.
                if let Ok(service) = service.parse::<ServiceKind>()
                    && wanted.contains(&(id.as_str(), service))
                {
                    out.insert((id, service), at);
                }
            }
        }
        Ok(out)
    }

    /// Record today's value of each target (`(target id, numerator, denominator, value)`), replacing
    /// an earlier record of the same day.
    pub async fn save_plan_snapshot(
        &self,
        day: &str,
        rows: &[(&str, u64, u64, Option<f64>)],
    ) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            for (target, numerator, denominator, value) in rows {
                sqlx::query(
                    "INSERT INTO plan_snapshot (day, target, numerator, denominator, value) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (day, target) DO UPDATE SET numerator = excluded.numerator, \
                     denominator = excluded.denominator, value = excluded.value",
                )
                .bind(day)
                .bind(*target)
                .bind(i64::try_from(*numerator).unwrap_or(i64::MAX))
                .bind(i64::try_from(*denominator).unwrap_or(i64::MAX))
                .bind(*value)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        })
    }

    /// Recorded target values from `since_day` (`YYYY-MM-DD`) on: `(day, target, value)`, oldest first.
    pub async fn plan_snapshots(&self, since_day: &str) -> Result<Vec<(String, String, Option<f64>)>, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_as("SELECT day, target, value FROM plan_snapshot WHERE day >= $1 ORDER BY day, target")
                .bind(since_day)
                .fetch_all(pool)
                .await
        })
    }
}
