//! Reading and writing whole facilities (the index loads them all at start; imports upsert them).

use super::rows::{CapacityRow, FACILITY_COLUMNS, FacilityRow, SessionRow, assemble};
use super::{Store, on_pool};
use crate::model::Facility;

impl Store {
    pub async fn count_facilities(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM facility").fetch_one(pool).await)
    }

    /// Every facility with its services and sessions, for building the in-memory index.
    pub async fn load_all(&self) -> Result<Vec<Facility>, sqlx::Error> {
        let facility_sql = format!("SELECT {FACILITY_COLUMNS} FROM facility ORDER BY id");
        on_pool!(self, |pool| {
            let facilities = sqlx::query_as::<_, FacilityRow>(&facility_sql).fetch_all(pool).await?;
            let capacities = sqlx::query_as::<_, CapacityRow>(
                "SELECT facility_id, service, available, maximum, updated_at, version FROM service_capacity",
            )
            .fetch_all(pool)
            .await?;
            let sessions = sqlx::query_as::<_, SessionRow>(
                "SELECT facility_id, name, start_date, end_date, grade_min, grade_max FROM holiday_session \
                 ORDER BY facility_id, seq",
            )
            .fetch_all(pool)
            .await?;
            Ok(assemble(facilities, capacities, sessions))
        })
    }

    pub async fn facility(&self, id: &str) -> Result<Option<Facility>, sqlx::Error> {
        let facility_sql = format!("SELECT {FACILITY_COLUMNS} FROM facility WHERE id = $1");
        on_pool!(self, |pool| {
            let Some(row) = sqlx::query_as::<_, FacilityRow>(&facility_sql).bind(id).fetch_optional(pool).await? else {
                return Ok(None);
            };
            let capacities = sqlx::query_as::<_, CapacityRow>(
                "SELECT facility_id, service, available, maximum, updated_at, version FROM service_capacity \
                 WHERE facility_id = $1",
            )
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
    pub async fn upsert_facilities(&self, facilities: &[Facility]) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            for f in facilities {
                sqlx::query(
                    "INSERT INTO facility (id, name, kind, ownership, status, subdistrict_code, community_code, \
                     parent_id, address, phone, lat, lng, hours, age_min, age_max, grade_min, grade_max, fees, \
                     accessibility, sample) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                     ownership = excluded.ownership, status = excluded.status, \
                     subdistrict_code = excluded.subdistrict_code, community_code = excluded.community_code, \
                     parent_id = excluded.parent_id, address = excluded.address, phone = excluded.phone, \
                     lat = excluded.lat, lng = excluded.lng, hours = excluded.hours, age_min = excluded.age_min, \
                     age_max = excluded.age_max, grade_min = excluded.grade_min, grade_max = excluded.grade_max, \
                     fees = excluded.fees, accessibility = excluded.accessibility, sample = excluded.sample",
                )
                .bind(&f.id)
                .bind(&f.name)
                .bind(f.kind.as_str())
                .bind(f.ownership.map(|o| o.as_str()))
                .bind(f.status.as_str())
                .bind(&f.subdistrict_code)
                .bind(&f.community_code)
                .bind(&f.parent_id)
                .bind(&f.address)
                .bind(&f.phone)
                .bind(f.lat)
                .bind(f.lng)
                .bind(f.hours.to_string())
                .bind(f.ages.map(|r| i32::from(r.min)))
                .bind(f.ages.map(|r| i32::from(r.max)))
                .bind(f.grades.map(|r| i32::from(r.min)))
                .bind(f.grades.map(|r| i32::from(r.max)))
                .bind(&f.fees)
                .bind(&f.accessibility)
                .bind(f.sample)
                .execute(&mut *tx)
                .await?;

                let existing: Vec<String> =
                    sqlx::query_scalar("SELECT service FROM service_capacity WHERE facility_id = $1")
                        .bind(&f.id)
                        .fetch_all(&mut *tx)
                        .await?;
                for gone in existing.iter().filter(|s| !f.services.iter().any(|c| c.service.as_str() == s.as_str())) {
                    sqlx::query("DELETE FROM service_capacity WHERE facility_id = $1 AND service = $2")
                        .bind(&f.id)
                        .bind(gone)
                        .execute(&mut *tx)
                        .await?;
                }
                for c in &f.services {
                    sqlx::query(
                        "INSERT INTO service_capacity (facility_id, service, available, maximum, updated_at, version) \
                         VALUES ($1, $2, $3, $4, $5, 1) \
                         ON CONFLICT (facility_id, service) DO UPDATE SET available = excluded.available, \
                         maximum = excluded.maximum, updated_at = excluded.updated_at, \
                         version = service_capacity.version + 1",
                    )
                    .bind(&f.id)
                    .bind(c.service.as_str())
                    .bind(c.available)
                    .bind(c.maximum)
                    .bind(c.updated_at)
                    .execute(&mut *tx)
                    .await?;
                }

                sqlx::query("INSERT INTO change_log (facility_id, at) VALUES ($1, $2)")
                    .bind(&f.id)
                    .bind(crate::clock::now())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM holiday_session WHERE facility_id = $1").bind(&f.id).execute(&mut *tx).await?;
                for (seq, s) in f.sessions.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO holiday_session (facility_id, seq, name, start_date, end_date, grade_min, grade_max) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(&f.id)
                    .bind(i32::try_from(seq).unwrap_or(i32::MAX))
                    .bind(&s.name)
                    .bind(&s.start)
                    .bind(&s.end)
                    .bind(i32::from(s.grades.min))
                    .bind(i32::from(s.grades.max))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await
        })
    }
}
