//! Residents per community (`caremap population import`, or the sample): replaced whole, read whole.

use sqlx::QueryBuilder;

use super::{Store, on_pool};
use crate::model::CommunityPopulation;

const COLUMNS: &str =
    "community_code, lat, lng, age_0_2, age_3_5, age_6_11, age_12_14, age_60_plus, age_80_plus, sample";

#[derive(sqlx::FromRow)]
struct PopulationRow {
    community_code: String,
    lat: Option<f64>,
    lng: Option<f64>,
    age_0_2: i32,
    age_3_5: i32,
    age_6_11: i32,
    age_12_14: i32,
    age_60_plus: i32,
    age_80_plus: i32,
    sample: bool,
}

impl From<PopulationRow> for CommunityPopulation {
    fn from(r: PopulationRow) -> Self {
        // The table's CHECKs keep counts non-negative.
        let n = |v: i32| u32::try_from(v).unwrap_or(0);
        CommunityPopulation {
            code: r.community_code,
            lat: r.lat,
            lng: r.lng,
            age_0_2: n(r.age_0_2),
            age_3_5: n(r.age_3_5),
            age_6_11: n(r.age_6_11),
            age_12_14: n(r.age_12_14),
            age_60_plus: n(r.age_60_plus),
            age_80_plus: n(r.age_80_plus),
            sample: r.sample,
        }
    }
}

/// Counts are validated to at most a million (see population::file), so they fit INTEGER on both databases.
fn int(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl Store {
    pub async fn count_population(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM community_population").fetch_one(pool).await
        })
    }

    /// Every community's row, by code.
    pub async fn population(&self) -> Result<Vec<CommunityPopulation>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM community_population ORDER BY community_code");
        let rows: Vec<PopulationRow> = on_pool!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(CommunityPopulation::from).collect())
    }

    /// Replace every row with `rows`, in one transaction: a file is the whole picture, and a reader
    /// sees either the old figures or the new ones, never a mix.
    pub async fn replace_population(&self, rows: &[CommunityPopulation], now: i64) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM community_population").execute(&mut *tx).await?;
            // 176 communities × 11 columns: far below both databases' bind limits in one statement.
            if !rows.is_empty() {
                let mut q = QueryBuilder::new(format!("INSERT INTO community_population ({COLUMNS}, updated_at) "));
                q.push_values(rows, |mut b, p| {
                    b.push_bind(&p.code)
                        .push_bind(p.lat)
                        .push_bind(p.lng)
                        .push_bind(int(p.age_0_2))
                        .push_bind(int(p.age_3_5))
                        .push_bind(int(p.age_6_11))
                        .push_bind(int(p.age_12_14))
                        .push_bind(int(p.age_60_plus))
                        .push_bind(int(p.age_80_plus))
                        .push_bind(p.sample)
                        .push_bind(now);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }
}
