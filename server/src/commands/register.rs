//! `caremap import REGISTER.xlsx [--sheet] [--map] [--kind] [--dry-run] [--missing keep|close]`: a
//! district register in (see docs/REGISTERS.md). Exit codes as for every import: 0 done (or a clean
//! dry run); 1 bad rows, nothing imported; 3 bad rows skipped (--skip-invalid), the rest imported.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use app::model::RegisterPreview;
use app::ssr::gazetteer::{Geocoder, Tianditu};
use app::ssr::register::upload::StoredOptions;
use app::ssr::register::{self, Options, SheetFormat};
use app::ssr::store::{Actor, Store};

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::ImportArgs;

pub fn print_preview(p: &RegisterPreview, dry_run: bool) {
    let sheet = if p.sheet.is_empty() { String::new() } else { format!(", sheet `{}`", p.sheet) };
    println!("{}{sheet}: header in row {}", p.filename, p.header_row);
    for c in &p.columns {
        match &c.field {
            Some(f) => println!("  column {} → {f}", c.header),
            None if !c.header.is_empty() => println!("  column {} → not used", c.header),
            None => {}
        }
    }
    let unknown: Vec<&str> = p.unknown_columns().collect();
    if !unknown.is_empty() {
        println!("unused columns (not imported): {}", unknown.join(", "));
    }
    let verb = if dry_run { "would be" } else { "" };
    println!("{} added {verb}", p.added.len());
    for f in &p.added {
        println!("  + row {} {} ({}, {}) location: {}", f.line, f.name, f.id, f.kind, f.location_basis.as_str());
    }
    println!("{} changed {verb}", p.changed.len());
    for f in &p.changed {
        println!("  ~ row {} {} ({})", f.line, f.name, f.id);
        for c in &f.changes {
            println!(
                "      {}: {} → {}",
                c.field,
                if c.old.is_empty() { "—" } else { &c.old },
                if c.new.is_empty() { "—" } else { &c.new }
            );
        }
    }
    println!("{} unchanged", p.unchanged);
    println!("{} of the register's kinds not in the file", p.missing.len());
    for f in &p.missing {
        println!("  - {} ({}, {})", f.name, f.id, f.kind);
    }
    let approx = p.approximate();
    if approx > 0 {
        println!("{approx} placed approximately (a community's or subdistrict's point): set them on /admin");
    }
    for n in &p.notes {
        println!("note: {n}");
    }
}

fn geocoder(args: &ImportArgs) -> Result<Option<Arc<dyn Geocoder>>, Box<dyn std::error::Error + Send + Sync>> {
    let g = crate::config::parse_geocoder(&args.geocoder, args.geocoder_url.clone(), args.tianditu_key.clone())?;
    Ok(g.map(|(url, key)| -> Arc<dyn Geocoder> { Arc::new(Tianditu::new(url, key)) }))
}

pub fn options(args: &ImportArgs) -> Result<Options, Box<dyn std::error::Error + Send + Sync>> {
    let given = StoredOptions { sheet: args.sheet.clone(), map: args.map.clone(), kind: args.kind.clone(), crs: None };
    let mut options = given.to_options().map_err(|e| match e {
        app::error::AppError::BadRequest { field, message } => format!("--{field}: {message}"),
        other => other.to_string(),
    })?;
    options.crs = args.crs;
    Ok(options)
}

pub async fn run(args: &ImportArgs, path: &str, bytes: &[u8], format: SheetFormat) -> CommandResult {
    let options = options(args)?;
    let geocoder = geocoder(args)?;
    let terminal = std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        if terminal && total >= 50 && (done.is_multiple_of(25) || done == total) {
            eprint!("\rplacing rows: {done}/{total}");
            if done == total {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
    };
    let read = register::read(bytes, format, &options, geocoder.as_deref(), app::clock::now(), &progress)
        .await
        .map_err(|e| format!("{path}: {e}"))?;
    for e in &read.errors {
        eprintln!("{path}: {e}");
    }
    ensure_sqlite_dir(&args.db.database_url)?;
    let store = Store::connect(&args.db.database_url).await?;
    let existing = store.load_all().await?;
    let bad = read.errors.len();
    let plan = register::plan(read.rows.clone(), &existing);
    let preview = register::preview("", path, &read, &plan);
    print_preview(&preview, args.dry_run);
    if bad > 0 && !args.skip_invalid {
        eprintln!("{path}: {bad} bad row(s); nothing imported (fix them, or pass --skip-invalid to import the rest)");
        store.close().await;
        return Ok(ExitCode::from(1));
    }
    if args.dry_run {
        println!("dry run: nothing written");
        store.close().await;
        return Ok(if bad > 0 { ExitCode::from(3) } else { ExitCode::SUCCESS });
    }
    let actor = Actor { user_id: None, login: "caremap import".into(), via: app::model::Via::Register.as_str() };
    let done = register::apply(&store, &plan, args.missing, &actor).await?;
    store.close().await;
    println!(
        "imported: {} added, {} changed, {} closed, {} unchanged",
        done.added, done.changed, done.closed, plan.unchanged
    );
    if bad > 0 {
        eprintln!("{path}: skipped {bad} bad row(s)");
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}
