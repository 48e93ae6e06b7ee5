//! `caremap import FILE.csv` in CareMap's own columns, streamed: one thread reads and validates rows
//! while the database takes the previous chunk, so a million rows need neither the file nor the
//! facilities in memory (at most a few chunks in flight) and both cores work. All of it goes into one
//! transaction: the file lands whole, or, when a row is bad and `--skip-invalid` is not given, not at all.
//! Exit codes as `caremap import`: 0 all imported; 1 bad rows, nothing imported; 3 bad rows skipped.

use std::io::{BufRead, BufReader, Read};
use std::process::ExitCode;

use app::model::Facility;
use app::ssr::import::{RowError, Validator, csv_file};
use app::ssr::store::{CHUNK, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::ImportArgs;

/// Chunks validated ahead of the database: enough to keep both sides busy, few enough to bound memory.
const IN_FLIGHT: usize = 4;

/// What the reading thread hands over: a chunk of good rows, or one bad row to report.
enum Ready {
    Good(Vec<Facility>),
    Bad(RowError),
}

pub async fn run(args: &ImportArgs, path: &str) -> CommandResult {
    let file = std::fs::File::open(&args.file).map_err(|e| format!("{path}: {e}"))?;
    let size = file.metadata().map_err(|e| format!("{path}: {e}"))?.len();
    let progress = progress_bar(size);
    let mut reader = BufReader::with_capacity(1 << 20, progress.wrap_read(file));
    skip_bom(&mut reader).map_err(|e| format!("{path}: {e}"))?;
    let rows = csv_file::rows(reader).map_err(|e| format!("{path}: {e}"))?;

    ensure_sqlite_dir(&args.db.database_url)?;
    let store = Store::connect(&args.db.database_url).await?;
    let (send, mut receive) = mpsc::channel(IN_FLIGHT);
    let mut check = Validator::new(args.crs, app::clock::now());
    let reading = tokio::task::spawn_blocking(move || {
        let mut chunk = Vec::with_capacity(CHUNK);
        for (location, draft) in rows {
            let item = match check.row(location, draft) {
                Ok(f) => {
                    chunk.push(f);
                    if chunk.len() < CHUNK {
                        continue;
                    }
                    Ready::Good(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
                }
                Err(e) => Ready::Bad(e),
            };
            if send.blocking_send(item).is_err() {
                return; // The writer stopped (a database error): it reports why.
            }
        }
        if !chunk.is_empty() {
            let _ = send.blocking_send(Ready::Good(chunk));
        }
    });

    let mut writer = store.facility_writer().await?;
    let (mut good, mut bad) = (0usize, 0usize);
    while let Some(item) = receive.recv().await {
        match item {
            Ready::Good(chunk) => {
                good += chunk.len();
                // Once a row is bad and bad rows are not skipped, nothing will be committed: only count
                // the rest and go on reporting.
                if bad == 0 || args.skip_invalid {
                    writer.write(&chunk).await?;
                }
                progress.set_message(format!("{good}"));
            }
            Ready::Bad(e) => {
                bad += 1;
                progress.suspend(|| eprintln!("{path}: {e}"));
            }
        }
    }
    reading.await.map_err(|e| format!("{path}: the reader failed: {e}"))?;
    progress.finish_and_clear();

    if bad > 0 && !args.skip_invalid {
        drop(writer); // Rolls back.
        store.close().await;
        eprintln!(
            "{path}: {bad} bad row(s); nothing imported (fix them, or pass --skip-invalid to import the {good} good row(s))"
        );
        return Ok(ExitCode::from(1));
    }
    writer.commit().await?;
    store.close().await;
    println!("imported {good} facilit{} from {path}", if good == 1 { "y" } else { "ies" });
    if bad == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{path}: skipped {bad} bad row(s)");
        Ok(ExitCode::from(3))
    }
}

/// Bytes read of the file, the rows imported so far and the time left, on a terminal's stderr only
/// (hidden when it is a pipe or a file, so scripts and logs see just the report).
fn progress_bar(size: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} · {msg} 行 · 剩余 {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// A UTF-8 byte-order mark (spreadsheet programs write one) is not part of the header.
fn skip_bom<R: Read>(reader: &mut BufReader<R>) -> std::io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xef\xbb\xbf") {
        reader.consume(3);
    }
    Ok(())
}
