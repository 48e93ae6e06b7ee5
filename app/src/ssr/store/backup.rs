//! Backups of an embedded (SQLite) database, safe while the server runs: `VACUUM INTO` writes a
//! consistent, compacted copy from one read transaction, so writers are not stopped and the copy
//! holds every commit up to one moment and none after it. PostgreSQL is backed up with its own
//! tools (`pg_dump`, see README).

use super::Store;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backups of PostgreSQL are made with pg_dump (see README, Operations)")]
    NotSqlite,
    #[error("{0} already exists; choose a new file")]
    Exists(String),
    #[error("{0} is not a sound CareMap database: {1}")]
    Unsound(String, String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl Store {
    /// Open an existing SQLite file read-only, as it is (no migrations): a backup being checked or restored.
    pub async fn open_backup(path: &std::path::Path) -> Result<Store, BackupError> {
        use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
        if !path.is_file() {
            return Err(BackupError::Unsound(path.display().to_string(), "no such file".into()));
        }
        let options = SqliteConnectOptions::new().filename(path).read_only(true).create_if_missing(false);
        Ok(Store::Sqlite(SqlitePoolOptions::new().max_connections(1).connect_with(options).await?))
    }

    /// Write a consistent copy of the whole database to `path` (which must not exist yet).
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<(), BackupError> {
        let Store::Sqlite(pool) = self else { return Err(BackupError::NotSqlite) };
        if path.exists() {
            return Err(BackupError::Exists(path.display().to_string()));
        }
        sqlx::query("VACUUM INTO $1").bind(path.display().to_string()).execute(pool).await?;
        Ok(())
    }

    /// Check that this database is intact and is CareMap's: SQLite's own integrity check, and the
    /// tables every version has.
    pub async fn check_sound(&self, name: &str) -> Result<(), BackupError> {
        let Store::Sqlite(pool) = self else { return Err(BackupError::NotSqlite) };
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await?;
        if verdict != "ok" {
            return Err(BackupError::Unsound(name.to_string(), verdict));
        }
        for table in ["facility", "service_capacity", "audit_log", "_sqlx_migrations"] {
            let found: Option<String> =
                sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1")
                    .bind(table)
                    .fetch_optional(pool)
                    .await?;
            if found.is_none() {
                return Err(BackupError::Unsound(name.to_string(), format!("no `{table}` table")));
            }
        }
        Ok(())
    }
}
