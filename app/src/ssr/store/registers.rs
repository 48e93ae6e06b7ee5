//! Registers uploaded on `/admin`, kept between the dry run and "apply" (or "discard"), so that what
//! is applied is the file that was shown, whichever instance the next request reaches.

use super::{Store, on_pool};

/// Uploads older than this are dropped on the next upload.
const KEEP_S: i64 = 86_400;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUpload {
    pub id: String,
    pub at: i64,
    pub login: String,
    pub filename: String,
    /// The read options as JSON (sheet, map, crs, kind).
    pub options: String,
    pub content: Vec<u8>,
}

impl Store {
    pub async fn save_register_upload(&self, upload: &StoredUpload) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM register_upload WHERE at < $1").bind(upload.at - KEEP_S).execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO register_upload (id, at, login, filename, options, content) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&upload.id)
            .bind(upload.at)
            .bind(&upload.login)
            .bind(&upload.filename)
            .bind(&upload.options)
            .bind(&upload.content)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        })
    }

    pub async fn register_upload(&self, id: &str) -> Result<Option<StoredUpload>, sqlx::Error> {
        let row: Option<(String, i64, String, String, String, Vec<u8>)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT id, at, login, filename, options, content FROM register_upload WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(|(id, at, login, filename, options, content)| StoredUpload {
            id,
            at,
            login,
            filename,
            options,
            content,
        }))
    }

    /// Returns whether there was such an upload.
    pub async fn delete_register_upload(&self, id: &str) -> Result<bool, sqlx::Error> {
        let done = on_pool!(self, |pool| {
            sqlx::query("DELETE FROM register_upload WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(done > 0)
    }
}
