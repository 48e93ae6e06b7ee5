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
    if Format::from_path(&path) == Some(Format::Csv) && !args.dry_run && !is_register_csv(&args.file, &path)? {
        return super::import_stream::run(&args, &path).await;
    }
    let bytes = std::fs::read(&args.file).map_err(|e| format!("{path}: {e}"))?;
    if let Some(sheet) = app::ssr::register::SheetFormat::of_register(&path, &bytes) {
        return super::register::run(&args, &path, &bytes, sheet).await;
    }
    let format = Format::from_path(&path)
        .ok_or_else(|| format!("{path}: use a .geojson, .json or .csv file, or a register (.xlsx, .xls, .ods)"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))?;
    let parsed = import::parse(&text, format, args.crs, app::clock::now()).map_err(|e| format!("{path}: {e}"))?;
    store_parsed(&path, parsed, &args).await
}

/// A `.csv` is a district register unless its header is CareMap's own: the first line decides.
fn is_register_csv(file: &std::path::Path, path: &str) -> Result<bool, String> {
    use std::io::BufRead;
    let mut first = Vec::new();
    let opened = std::fs::File::open(file).map_err(|e| format!("{path}: {e}"))?;
    std::io::BufReader::new(opened).read_until(b'\n', &mut first).map_err(|e| format!("{path}: {e}"))?;
    Ok(app::ssr::register::SheetFormat::of_register(path, &first).is_some())
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
    if args.dry_run {
        dry_run(&store, path, &parsed).await?;
        store.close().await;
        return Ok(if parsed.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(3) });
    }
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

/// CareMap's own files replace each facility they list, whole: show what that would change.
async fn dry_run(store: &Store, path: &str, parsed: &import::Parsed) -> CommandResult {
    let existing: std::collections::HashMap<String, app::model::Facility> =
        store.load_all().await?.into_iter().map(|f| (f.id.clone(), f)).collect();
    let mut plan = app::ssr::register::Plan::default();
    for f in &parsed.facilities {
        match existing.get(&f.id) {
            None => plan.added.push((0, f.clone())),
            Some(old) => {
                let changes = app::ssr::register::diff::changes(old, f);
                if changes.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.changed.push((0, f.clone(), changes));
                }
            }
        }
    }
    let register = app::ssr::register::Register {
        sheet: String::new(),
        header_row: 1,
        columns: Vec::new(),
        rows: Vec::new(),
        errors: Vec::new(),
        notes: Vec::new(),
    };
    super::register::print_preview(&app::ssr::register::preview("", path, &register, &plan), true);
    println!("dry run: nothing written");
    Ok(ExitCode::SUCCESS)
}
