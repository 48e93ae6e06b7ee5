//! `caremap import FILE [--crs …] [--skip-invalid]`, or `caremap import --format hsds DIR` (see `hsds.rs`).
//! Exit codes: 0 all rows imported; 1 bad rows, nothing imported; 3 bad rows skipped, the rest imported.

use std::process::ExitCode;

use app::ssr::import::{self, Format};
use app::ssr::store::Store;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::{ImportArgs, ImportFormat};

pub async fn run(args: ImportArgs) -> CommandResult {
    if args.format == Some(ImportFormat::Hsds) {
        return super::hsds::import(args).await;
    }
    let path = args.file.display().to_string();
    let format = Format::from_path(&path).ok_or_else(|| format!("{path}: use a .geojson, .json or .csv file"))?;
    let text = std::fs::read_to_string(&args.file).map_err(|e| format!("{path}: {e}"))?;
    let parsed =
        import::parse(&text, format, args.crs.into(), app::clock::now()).map_err(|e| format!("{path}: {e}"))?;
    store_parsed(&path, parsed, &args).await
}

/// Report bad rows, then upsert the good ones unless a bad row stops the import (the exit codes above).
pub async fn store_parsed(path: &str, parsed: import::Parsed, args: &ImportArgs) -> CommandResult {
    for e in &parsed.errors {
        eprintln!("{path}: {e}");
    }
    if !parsed.errors.is_empty() && !args.skip_invalid {
        eprintln!(
            "{path}: {} bad row(s); nothing imported (fix them, or pass --skip-invalid to import the {} good row(s))",
            parsed.errors.len(),
            parsed.facilities.len()
        );
        return Ok(ExitCode::from(1));
    }
    ensure_sqlite_dir(&args.db.database_url)?;
    let store = Store::connect(&args.db.database_url).await?;
    store.upsert_facilities(&parsed.facilities).await?;
    store.close().await;
    println!(
        "imported {} facilit{} from {path}",
        parsed.facilities.len(),
        if parsed.facilities.len() == 1 { "y" } else { "ies" }
    );
    if parsed.errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{path}: skipped {} bad row(s)", parsed.errors.len());
        Ok(ExitCode::from(3))
    }
}
