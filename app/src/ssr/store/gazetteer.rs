//! The imported gazetteer (compounds and roads): read whole at start-up and after every import; written
//! one import at a time, in one transaction that also logs the change so that every instance reloads.

use super::{Store, change_log_line, on_pool};
use crate::model::PlaceKind;
use crate::ssr::gazetteer_import::{CHANGE_MARKER, ImportedPlace};

type PlaceRow = (String, String, f64, f64, Option<String>, bool);

fn kind_name(kind: PlaceKind) -> &'static str {
    if kind == PlaceKind::Road { "road" } else { "compound" }
}

impl Store {
    /// Every imported place, by name.
    pub async fn load_places(&self) -> Result<Vec<ImportedPlace>, sqlx::Error> {
        let rows: Vec<PlaceRow> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT name, kind, lat, lng, community_code, sample FROM gazetteer_place ORDER BY name")
                .fetch_all(pool)
                .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(name, kind, lat, lng, community_code, sample)| ImportedPlace {
                kind: if kind == "road" { PlaceKind::Road } else { PlaceKind::Compound },
                name,
                lat,
                lng,
                community_code,
                sample,
            })
            .collect())
    }

    /// Add or update `places` by name (with `replace`, after deleting every stored place), and log the change.
    pub async fn write_places(&self, places: &[ImportedPlace], replace: bool, now: i64) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            if replace {
                sqlx::query("DELETE FROM gazetteer_place").execute(&mut *tx).await?;
            }
            for p in places {
                sqlx::query(
                    "INSERT INTO gazetteer_place (name, kind, lat, lng, community_code, sample, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO UPDATE SET \
                     kind = excluded.kind, lat = excluded.lat, lng = excluded.lng, \
                     community_code = excluded.community_code, sample = excluded.sample, \
                     updated_at = excluded.updated_at",
                )
                .bind(&p.name)
                .bind(kind_name(p.kind))
                .bind(p.lat)
                .bind(p.lng)
                .bind(&p.community_code)
                .bind(p.sample)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            change_log_line!(tx, CHANGE_MARKER, now)?;
            tx.commit().await
        })
    }

    pub async fn count_places(&self) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM gazetteer_place").fetch_one(pool).await
        })
    }
}
