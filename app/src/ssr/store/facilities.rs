//! Reading and writing whole facilities (the index loads them all at start; imports upsert them).

use sqlx::QueryBuilder;

use super::rows::{CapacityRow, FACILITY_COLUMNS, FacilityRow, SessionRow, assemble, capacity_columns};
use super::{Actor, Store, audit_line, change_log_line, on_pool};
use crate::model::{Facility, HolidaySession, ServiceCapacity, ServiceKind};

/// Facilities per multi-row statement: 23 columns × 500 stays far below both databases' bind limits.
const CHUNK: usize = 500;

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
    /// Rows go in multi-row statements, [`CHUNK`] facilities at a time (a million-facility import
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
        let now = crate::clock::now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in facilities.chunks(CHUNK) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO facility (id, name, kind, ownership, status, subdistrict_code, community_code, \
                     parent_id, address, phone, lat, lng, location_basis, hours, age_min, age_max, grade_min, grade_max, \
                     fees, accessibility, details, sample) ",
                );
                q.push_values(chunk, |mut row, f| {
                    row.push_bind(&f.id)
                        .push_bind(&f.name)
                        .push_bind(f.kind.as_str())
                        .push_bind(f.ownership.map(|o| o.as_str()))
                        .push_bind(f.status.as_str())
                        .push_bind(&f.subdistrict_code)
                        .push_bind(&f.community_code)
                        .push_bind(&f.parent_id)
                        .push_bind(&f.address)
                        .push_bind(&f.phone)
                        .push_bind(f.lat)
                        .push_bind(f.lng)
                        .push_bind(f.location_basis.as_str())
                        .push_bind(f.hours.to_string())
                        .push_bind(f.ages.map(|r| i32::from(r.min)))
                        .push_bind(f.ages.map(|r| i32::from(r.max)))
                        .push_bind(f.grades.map(|r| i32::from(r.min)))
                        .push_bind(f.grades.map(|r| i32::from(r.max)))
                        .push_bind(&f.fees)
                        .push_bind(&f.accessibility)
                        .push_bind(serde_json::to_string(&f.details).unwrap_or_else(|_| "{}".into()))
                        .push_bind(f.sample);
                });
                q.push(
                    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                     ownership = excluded.ownership, status = excluded.status, \
                     subdistrict_code = excluded.subdistrict_code, community_code = excluded.community_code, \
                     parent_id = excluded.parent_id, address = excluded.address, phone = excluded.phone, \
                     lat = excluded.lat, lng = excluded.lng, \
                     location_basis = excluded.location_basis, hours = excluded.hours, age_min = excluded.age_min, \
                     age_max = excluded.age_max, grade_min = excluded.grade_min, grade_max = excluded.grade_max, \
                     fees = excluded.fees, accessibility = excluded.accessibility, details = excluded.details, \
                     sample = excluded.sample",
                );
                q.build().execute(&mut *tx).await?;

                // Services the file no longer lists for these facilities are removed.
                let mut q =
                    QueryBuilder::new("SELECT facility_id, service FROM service_capacity WHERE facility_id IN (");
                let mut ids = q.separated(", ");
                for f in chunk {
                    ids.push_bind(&f.id);
                }
                q.push(")");
                let existing: Vec<(String, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
                for (id, service) in existing.iter().filter(|(id, service)| {
                    !chunk.iter().any(|f| &f.id == id && f.services.iter().any(|c| c.service.as_str() == service))
                }) {
                    sqlx::query("DELETE FROM service_capacity WHERE facility_id = $1 AND service = $2")
                        .bind(id)
                        .bind(service)
                        .execute(&mut *tx)
                        .await?;
                }

                let services: Vec<(&str, &ServiceCapacity)> =
                    chunk.iter().flat_map(|f| f.services.iter().map(move |c| (f.id.as_str(), c))).collect();
                for part in services.chunks(CHUNK * 2) {
                    let mut q = QueryBuilder::new(concat!("INSERT INTO service_capacity (", capacity_columns!(), ") "));
                    q.push_values(part, |mut row, (id, c)| {
                        row.push_bind(*id)
                            .push_bind(c.service.as_str())
                            .push_bind(c.available)
                            .push_bind(c.maximum)
                            .push_bind(c.updated_at)
                            .push_bind(1i64);
                    });
                    q.push(
                        " ON CONFLICT (facility_id, service) DO UPDATE SET available = excluded.available, \
                         maximum = excluded.maximum, updated_at = excluded.updated_at, \
                         version = service_capacity.version + 1",
                    );
                    q.build().execute(&mut *tx).await?;
                }

                let mut q = QueryBuilder::new("DELETE FROM holiday_session WHERE facility_id IN (");
                let mut ids = q.separated(", ");
                for f in chunk {
                    ids.push_bind(&f.id);
                }
                q.push(")");
                q.build().execute(&mut *tx).await?;
                let sessions: Vec<(&str, i32, &HolidaySession)> = chunk
                    .iter()
                    .flat_map(|f| f.sessions.iter().enumerate().map(move |(i, s)| (f.id.as_str(), i as i32, s)))
                    .collect();
                if !sessions.is_empty() {
                    let mut q = QueryBuilder::new(
                        "INSERT INTO holiday_session (facility_id, seq, name, start_date, end_date, grade_min, grade_max) ",
                    );
                    q.push_values(&sessions, |mut row, (id, seq, s)| {
                        row.push_bind(*id)
                            .push_bind(*seq)
                            .push_bind(&s.name)
                            .push_bind(&s.start)
                            .push_bind(&s.end)
                            .push_bind(i32::from(s.grades.min))
                            .push_bind(i32::from(s.grades.max));
                    });
                    q.build().execute(&mut *tx).await?;
                }

                let mut q = QueryBuilder::new("INSERT INTO change_log (facility_id, at) ");
                q.push_values(chunk, |mut row, f| {
                    row.push_bind(&f.id).push_bind(now);
                });
                q.build().execute(&mut *tx).await?;
            }
            if let Some(actor) = actor {
                for a in audit {
                    let service = a.service.map(|s| s.as_str());
                    audit_line!(tx, now, actor, &a.facility_id, service, &a.field, &a.old, &a.new)?;
                }
            }
            tx.commit().await
        })
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
