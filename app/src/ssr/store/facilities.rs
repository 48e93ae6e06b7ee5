//! Reading and writing whole facilities (the index loads them all at start; imports upsert them).

use super::rows::{CapacityRow, FACILITY_COLUMNS, FacilityRow, SessionRow, assemble, capacity_columns};
use super::{Actor, Store, audit_line, change_log_line, on_pool};
use crate::model::{Facility, ServiceKind};

impl Store {
    pub async fn count_facilities(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM facility").fetch_one(pool).await)
    }

    /// Facilities that are not made-up sample data.
    pub async fn count_real_facilities(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM facility WHERE NOT sample").fetch_one(pool).await
        })
    }

    /// Every facility with its services and sessions, for building the in-memory index.
    pub async fn load_all(&self) -> Result<Vec<Facility>, sqlx::Error> {
        let facility_sql = format!("SELECT {FACILITY_COLUMNS} FROM facility ORDER BY id");
        on_pool!(self, |pool| {
            // Three reads on three pooled connections at once: at city scale the row decoding is
            // most of the start-up time, and it then runs on every core.
            let (facilities, capacities, sessions) = tokio::try_join!(
                sqlx::query_as::<_, FacilityRow>(&facility_sql).fetch_all(pool),
                sqlx::query_as::<_, CapacityRow>(concat!("SELECT ", capacity_columns!(), " FROM service_capacity"),)
                    .fetch_all(pool),
                sqlx::query_as::<_, SessionRow>(
                    "SELECT facility_id, name, start_date, end_date, grade_min, grade_max FROM holiday_session \
                     ORDER BY facility_id, seq",
                )
                .fetch_all(pool),
            )?;
            Ok(assemble(facilities, capacities, sessions))
        })
    }

    pub async fn facility(&self, id: &str) -> Result<Option<Facility>, sqlx::Error> {
        let facility_sql = format!("SELECT {FACILITY_COLUMNS} FROM facility WHERE id = $1");
        on_pool!(self, |pool| {
            let Some(row) = sqlx::query_as::<_, FacilityRow>(&facility_sql).bind(id).fetch_optional(pool).await? else {
                return Ok(None);
            };
            let capacities = sqlx::query_as::<_, CapacityRow>(concat!(
                "SELECT ",
                capacity_columns!(),
                " FROM service_capacity WHERE facility_id = $1"
            ))
            .bind(id)
            .fetch_all(pool)
            .await?;
            let sessions = sqlx::query_as::<_, SessionRow>(
                "SELECT facility_id, name, start_date, end_date, grade_min, grade_max FROM holiday_session \
                 WHERE facility_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            Ok(assemble(vec![row], capacities, sessions).pop())
        })
    }

    /// Insert or replace facilities by id, all or nothing. A service kept across the upsert keeps
    /// counting its version up, so an edit based on the old figure is still recognised as stale.
    /// Rows go in multi-row statements, [`CHUNK`](super::facility_writer::CHUNK) facilities at a time (a million-facility import
    /// takes seconds, not hours of round trips).
    pub async fn upsert_facilities(&self, facilities: &[Facility]) -> Result<(), sqlx::Error> {
        self.write_facilities(facilities, &[], None).await
    }

    /// Upsert `facilities` and record `audit` (by `actor`) in one transaction: all or nothing.
    pub async fn write_facilities(
        &self,
        facilities: &[Facility],
        audit: &[AuditRecord],
        actor: Option<&Actor>,
    ) -> Result<(), sqlx::Error> {
        let mut writer = self.facility_writer().await?;
        writer.write(facilities).await?;
        if let Some(actor) = actor {
            writer.audit(audit, actor).await?;
        }
        writer.commit().await
    }
}

impl Store {
    /// An admin set the facility's point on the map: it is `surveyed` from now on. `false` when there
    /// is no such facility.
    pub async fn set_facility_point(&self, id: &str, lat: f64, lng: f64, actor: &Actor) -> Result<bool, sqlx::Error> {
        let now = crate::clock::now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            // Write first: a read that later turns into a write fails at once on SQLite (busy snapshot)
            // when another connection wrote in between; a write waits its turn.
            let locked = sqlx::query("UPDATE facility SET id = id WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if locked.rows_affected() == 0 {
                return Ok(false);
            }
            let old: Option<(f64, f64, String)> =
                sqlx::query_as("SELECT lat, lng, location_basis FROM facility WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((old_lat, old_lng, old_basis)) = old else { return Ok(false) };
            sqlx::query("UPDATE facility SET lat = $1, lng = $2, location_basis = 'surveyed' WHERE id = $3")
                .bind(lat)
                .bind(lng)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let old = format!("{old_lat:.6},{old_lng:.6} ({old_basis})");
            let new = format!("{lat:.6},{lng:.6} (surveyed)");
            audit_line!(tx, now, actor, id, None::<&str>, "location", Some(old), Some(new))?;
            change_log_line!(tx, id, now)?;
            tx.commit().await?;
            Ok(true)
        })
    }
}

/// One line of the audit trail written with a facility import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub facility_id: String,
    pub service: Option<ServiceKind>,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}
