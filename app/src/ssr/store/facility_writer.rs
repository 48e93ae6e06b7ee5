//! Writing many facilities in one transaction, a chunk at a time: an import streams its rows through
//! one writer (the file is never held whole) and commits once, so a reader sees all of it or none.

use sqlx::QueryBuilder;

use super::facilities::AuditRecord;
use super::rows::capacity_columns;
use super::{Actor, Store, audit_line};
use crate::model::{Facility, HolidaySession, ServiceCapacity};

/// Facilities per multi-row statement: 23 columns × 500 stays far below both databases' bind limits.
pub const CHUNK: usize = 500;

/// An open write transaction. Dropped without [`commit`](Self::commit), it rolls back: nothing changes.
pub struct FacilityWriter {
    tx: Tx,
    now: i64,
}

enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Run `$body` with `$tx` bound to the open transaction's connection, whichever database it is.
macro_rules! on_tx {
    ($writer:expr, |$tx:ident| $body:expr) => {
        match &mut $writer.tx {
            Tx::Sqlite(open) => {
                let $tx = &mut **open;
                $body
            }
            Tx::Postgres(open) => {
                let $tx = &mut **open;
                $body
            }
        }
    };
}

impl Store {
    /// Begin writing facilities. On SQLite this takes the write lock at the first statement and holds it
    /// until commit or drop.
    pub async fn facility_writer(&self) -> Result<FacilityWriter, sqlx::Error> {
        let tx = match self {
            Store::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Store::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        };
        Ok(FacilityWriter { tx, now: crate::clock::now() })
    }
}

impl FacilityWriter {
    /// Insert or replace `facilities` by id (see [`Store::upsert_facilities`]), in multi-row statements of
    /// [`CHUNK`] facilities, and log each as changed.
    pub async fn write(&mut self, facilities: &[Facility]) -> Result<(), sqlx::Error> {
        let now = self.now;
        on_tx!(self, |tx| {
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
            Ok(())
        })
    }

    /// Record `audit` lines by `actor` in the same transaction.
    pub async fn audit(&mut self, audit: &[AuditRecord], actor: &Actor) -> Result<(), sqlx::Error> {
        let now = self.now;
        on_tx!(self, |tx| {
            for a in audit {
                let service = a.service.map(|s| s.as_str());
                audit_line!(tx, now, actor, &a.facility_id, service, &a.field, &a.old, &a.new)?;
            }
            Ok(())
        })
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.tx {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }
}
