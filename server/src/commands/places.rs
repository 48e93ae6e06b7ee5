//! `caremap places import FILE [--crs wgs84|gcj02|bd09] [--replace]`: the gazetteer's compounds and roads.
//! Exit codes as `caremap import`: 0 imported; 1 bad lines (or an unreadable file), nothing imported.

use std::process::ExitCode;

use app::ssr::gazetteer_import::{ImportError, import};
use app::ssr::store::Store;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::PlacesCommand;

pub async fn run(cmd: PlacesCommand) -> CommandResult {
    let PlacesCommand::Import { file, crs, replace, db } = cmd;
    let path = file.display().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{path}: {e}"))?;
    ensure_sqlite_dir(&db.database_url)?;
    let store = Store::connect(&db.database_url).await?;
    let result = import(&store, &text, crs, replace, app::clock::now()).await;
    store.close().await;
    match result {
        Ok(done) => {
            let how = if replace { "replacing the gazetteer" } else { "added or updated by name" };
            println!("imported {} compound(s) and {} road(s) from {path} ({how})", done.compounds, done.roads);
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Invalid(errors)) => {
            for e in &errors {
                eprintln!("{path}: {e}");
            }
            eprintln!("{path}: {} bad line(s); nothing imported", errors.len());
            Ok(ExitCode::from(1))
        }
        Err(ImportError::File(e)) => {
            eprintln!("{path}: {e}; nothing imported");
            Ok(ExitCode::from(1))
        }
        Err(ImportError::Db(e)) => Err(e.into()),
    }
}
