//! `caremap generate --preset erqi` (the shipped sample) or `--count N` (synthetic, for benchmarks).

use std::io::Write;
use std::process::ExitCode;

use app::ssr::export::{to_csv, to_geojson};
use app::ssr::generate::{HENAN_BBOX, erqi_sample, synthetic};
use app::ssr::seed::SAMPLE_SEED;

use super::CommandResult;
use crate::cli::{GenerateArgs, Preset};

pub async fn run(args: GenerateArgs) -> CommandResult {
    let facilities = match args.preset {
        Some(Preset::Erqi) => erqi_sample(args.seed.unwrap_or(SAMPLE_SEED)),
        None => synthetic(args.count, args.seed.unwrap_or(1), HENAN_BBOX, app::clock::now()),
    };
    let csv = args.out.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
    let text = if csv { to_csv(&facilities) } else { to_geojson(&facilities) };
    match &args.out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    eprintln!("generated {} facilities", facilities.len());
    Ok(ExitCode::SUCCESS)
}
