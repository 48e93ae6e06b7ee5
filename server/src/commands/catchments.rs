//! `caremap catchments import FILE --year YEAR [--crs …] [--replace] [--skip-invalid] [--source-url …]
//! [--source-text …]`. Exit codes as `caremap import`: 0 all imported; 1 bad rows (or refused), nothing
//! imported; 3 bad rows skipped (`--skip-invalid`), the rest imported.

use std::process::ExitCode;

use app::ssr::catchment::{ImportError, ImportRequest, import};
use app::ssr::import::Format;
use app::ssr::store::Store;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::CatchmentsCommand;

pub async fn run(cmd: CatchmentsCommand) -> CommandResult {
    let CatchmentsCommand::Import { file, year, crs, replace, skip_invalid, source_url, source_text, db } = cmd;
    let path = file.display().to_string();
    let format = Format::from_path(&path).ok_or_else(|| format!("{path}: name a .geojson, .json or .csv file"))?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{path}: {e}"))?;
    ensure_sqlite_dir(&db.database_url)?;
    let store = Store::connect(&db.database_url).await?;
    // Schools are checked against the facilities as stored (kind and existence).
    let facilities = store.load_all().await?;
    let kind_of = |id: &str| facilities.iter().find(|f| f.id == id).map(|f| f.kind);
    let req = ImportRequest { text: &text, format, crs, year, replace, skip_invalid, source_url, source_text };
    let result = import(&store, &kind_of, req, app::clock::now()).await;
    store.close().await;
    match result {
        Ok(done) => {
            for e in &done.skipped {
                eprintln!("{path}: {e} (skipped)");
            }
            println!(
                "imported {} shape(s) and {} listed communit(y/ies) for {} school(s), year {year}, from {path}",
                done.shapes, done.lists, done.schools
            );
            Ok(if done.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(3) })
        }
        Err(ImportError::Invalid(errors) | ImportError::NothingValid(errors)) => {
            for e in &errors {
                eprintln!("{path}: {e}");
            }
            eprintln!("{path}: {} bad row(s); nothing imported", errors.len());
            Ok(ExitCode::from(1))
        }
        Err(e @ (ImportError::AlreadyThere { .. } | ImportError::Bad { .. } | ImportError::File(_))) => {
            eprintln!("{path}: {e}; nothing imported");
            Ok(ExitCode::from(1))
        }
        Err(ImportError::Db(e)) => Err(e.into()),
    }
}
