//! School catchments per year: read whole at start-up and after every change; written one import at a
//! time, in one transaction that also logs the change so that every instance reloads.

use std::collections::BTreeMap;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::{Value, json};

use super::{Store, change_log_line, on_pool};
use crate::ssr::catchment::{CHANGE_MARKER, Listed, Shape, YearData, YearInfo};

/// What one import writes.
#[derive(Debug, Clone, Copy)]
pub struct CatchmentWrite<'a> {
    pub info: &'a YearInfo,
    /// Keep the year's stored notice when the import gives none.
    pub keep_source: bool,
    pub shapes: &'a [Shape],
    pub lists: &'a [Listed],
    /// Schools whose catchments of the year are deleted first (`--replace`).
    pub replace: &'a [String],
}

/// A shape's area as GeoJSON MultiPolygon text (WGS-84).
fn to_text(area: &MultiPolygon<f64>) -> String {
    let ring = |r: &LineString<f64>| r.0.iter().map(|c| json!([c.x, c.y])).collect::<Vec<_>>();
    let polygons: Vec<Value> = area
        .0
        .iter()
        .map(|p| Value::Array(std::iter::once(p.exterior()).chain(p.interiors()).map(|r| json!(ring(r))).collect()))
        .collect();
    json!({"type": "MultiPolygon", "coordinates": polygons}).to_string()
}

fn from_text(text: &str) -> Option<MultiPolygon<f64>> {
    let root: Value = serde_json::from_str(text).ok()?;
    let ring = |r: &Value| -> Option<LineString<f64>> {
        r.as_array()?.iter().map(|c| Some(Coord { x: c.get(0)?.as_f64()?, y: c.get(1)?.as_f64()? })).collect()
    };
    let polygons = root.get("coordinates")?.as_array()?.iter().map(|p| {
        let rings: Vec<LineString<f64>> = p.as_array()?.iter().map(ring).collect::<Option<_>>()?;
        let (outer, holes) = rings.split_first()?;
        Some(Polygon::new(outer.clone(), holes.to_vec()))
    });
    polygons.collect::<Option<Vec<_>>>().map(MultiPolygon)
}

type YearRow = (i32, Option<String>, Option<String>, bool);

impl Store {
    /// Every year's catchments, oldest year first.
    pub async fn load_catchments(&self) -> Result<Vec<YearData>, sqlx::Error> {
        let (years, shapes, lists) = on_pool!(self, |pool| {
            let years: Vec<YearRow> =
                sqlx::query_as("SELECT year, source_url, source_text, sample FROM catchment_year ORDER BY year")
                    .fetch_all(pool)
                    .await?;
            let shapes: Vec<(i32, String, String, bool)> = sqlx::query_as(
                "SELECT year, school_id, geometry, multi_school FROM catchment_shape ORDER BY year, school_id, id",
            )
            .fetch_all(pool)
            .await?;
            let lists: Vec<(i32, String, String)> = sqlx::query_as(
                "SELECT year, school_id, community_code FROM catchment_community ORDER BY year, school_id, community_code",
            )
            .fetch_all(pool)
            .await?;
            Ok::<_, sqlx::Error>((years, shapes, lists))
        })?;
        let mut out: BTreeMap<i32, YearData> = BTreeMap::new();
        for (year, source_url, source_text, sample) in years {
            let info = YearInfo { year, source_url, source_text, sample };
            out.insert(year, YearData { info, ..YearData::default() });
        }
        for (year, school_id, geometry, multi_school) in shapes {
            let Some(area) = from_text(&geometry) else {
                tracing::error!(year, school_id, "stored catchment shape does not parse; skipped");
                continue;
            };
            if let Some(y) = out.get_mut(&year) {
                y.shapes.push(Shape { school_id, area, multi_school });
            }
        }
        for (year, school_id, community_code) in lists {
            if let Some(y) = out.get_mut(&year) {
                y.lists.push(Listed { school_id, community_code });
            }
        }
        Ok(out.into_values().collect())
    }

    /// The schools that already have catchments in `year`.
    pub async fn catchment_schools(&self, year: i32) -> Result<Vec<String>, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT school_id FROM catchment_shape WHERE year = $1 \
                 UNION SELECT school_id FROM catchment_community WHERE year = $1 ORDER BY 1",
            )
            .bind(year)
            .fetch_all(pool)
            .await
        })
    }

    /// Write one import in one transaction: replaced schools' old catchments go, the new ones come,
    /// the year's notice is recorded, and the change is logged (PostgreSQL also NOTIFYs every instance).
    pub async fn write_catchments(&self, w: CatchmentWrite<'_>, now: i64) -> Result<(), sqlx::Error> {
        let year = w.info.year;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            for school in w.replace {
                for table in ["catchment_shape", "catchment_community"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE year = $1 AND school_id = $2"))
                        .bind(year)
                        .bind(school)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let upsert = if w.keep_source {
                "INSERT INTO catchment_year (year, source_url, source_text, sample, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year) DO UPDATE SET \
                 source_url = COALESCE(excluded.source_url, catchment_year.source_url), \
                 source_text = COALESCE(excluded.source_text, catchment_year.source_text), \
                 sample = excluded.sample, updated_at = excluded.updated_at"
            } else {
                "INSERT INTO catchment_year (year, source_url, source_text, sample, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year) DO UPDATE SET \
                 source_url = excluded.source_url, source_text = excluded.source_text, \
                 sample = excluded.sample, updated_at = excluded.updated_at"
            };
            sqlx::query(upsert)
                .bind(year)
                .bind(&w.info.source_url)
                .bind(&w.info.source_text)
                .bind(w.info.sample)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            for s in w.shapes {
                sqlx::query(
                    "INSERT INTO catchment_shape (year, school_id, geometry, multi_school) VALUES ($1, $2, $3, $4)",
                )
                .bind(year)
                .bind(&s.school_id)
                .bind(to_text(&s.area))
                .bind(s.multi_school)
                .execute(&mut *tx)
                .await?;
            }
            for l in w.lists {
                sqlx::query(
                    "INSERT INTO catchment_community (year, school_id, community_code) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(year)
                .bind(&l.school_id)
                .bind(&l.community_code)
                .execute(&mut *tx)
                .await?;
            }
            change_log_line!(tx, CHANGE_MARKER, now)?;
            tx.commit().await
        })
    }

    pub async fn count_catchment_years(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM catchment_year").fetch_one(pool).await
        })
    }
}
