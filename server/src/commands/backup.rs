//! `caremap backup --out FILE` and `caremap restore FILE`: SQLite only (PostgreSQL has pg_dump).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::ssr::store::{BackupError, Store};

use super::{CommandResult, ensure_sqlite_dir};

/// The file behind a `sqlite:` URL.
fn sqlite_path(url: &str) -> Result<PathBuf, BackupError> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).ok_or(BackupError::NotSqlite)?;
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// A consistent copy of the live database, safe while `caremap serve` runs on it.
pub async fn backup(database_url: &str, out: &Path) -> CommandResult {
    let store = Store::connect(database_url).await?;
    store.backup_to(out).await?;
    store.close().await;
    let copy = Store::open_backup(out).await?;
    copy.check_sound(&out.display().to_string()).await?;
    let facilities = copy.count_facilities().await?;
    copy.close().await;
    println!("backed up to {} ({facilities} facilities)", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Put a backup in place as the database at `database_url` (a new file, or with `force` replacing one
/// that no server is using), then bring its schema up to date.
pub async fn restore(database_url: &str, file: &Path, force: bool) -> CommandResult {
    let target = sqlite_path(database_url)?;
    let backup = Store::open_backup(file).await?;
    backup.check_sound(&file.display().to_string()).await?;
    if target.exists() {
        if !force {
            return Err(format!(
                "{} exists; restore into a new file, or add --force (stop the server first)",
                target.display()
            )
            .into());
        }
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", target.display()));
            if p.exists() {
                std::fs::remove_file(&p)?;
            }
        }
    }
    ensure_sqlite_dir(database_url)?;
    backup.backup_to(&target).await?;
    backup.close().await;
    let restored = Store::connect(database_url).await?;
    let facilities = restored.count_facilities().await?;
    restored.close().await;
    println!("restored {} into {} ({facilities} facilities)", file.display(), target.display());
    Ok(ExitCode::SUCCESS)
}
