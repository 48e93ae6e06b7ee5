//! `caremap population import FILE [--crs …]`: replace every community's population figures.
//! Exit codes as `caremap import`: 0 imported; 1 bad rows, nothing imported.

use std::process::ExitCode;

use app::ssr::population;
use app::ssr::store::Store;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::PopulationCommand;

pub async fn run(cmd: PopulationCommand) -> CommandResult {
    match cmd {
        PopulationCommand::Import { file, crs, db } => {
            let path = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{path}: {e}"))?;
            let parsed = population::parse(&text, crs).map_err(|e| format!("{path}: {e}"))?;
            for e in &parsed.errors {
                eprintln!("{path}: {e}");
            }
            if !parsed.errors.is_empty() {
                // All or nothing: a partial file would leave the other communities' old figures beside new ones.
                eprintln!("{path}: {} bad row(s); nothing imported", parsed.errors.len());
                return Ok(ExitCode::from(1));
            }
            ensure_sqlite_dir(&db.database_url)?;
            let store = Store::connect(&db.database_url).await?;
            store.replace_population(&parsed.rows, app::clock::now()).await?;
            store.close().await;
            println!("imported population for {} communit{} from {path}", parsed.rows.len(), plural(parsed.rows.len()));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "y" } else { "ies" }
}
