//! `caremap generate --preset erqi` (the shipped facility sample), `--preset erqi-population` (the
//! shipped population sample, CSV) or `--count N` (synthetic facilities, for benchmarks).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use app::model::Facility;
use app::ssr::export::{to_csv, to_geojson};
use app::ssr::generate::{HENAN_BBOX, erqi_population, erqi_sample, synthetic};
use app::ssr::population::{self, SAMPLE_POPULATION_SEED};
use app::ssr::seed::SAMPLE_SEED;

use super::CommandResult;
use crate::cli::{GenerateArgs, Preset};

pub async fn run(args: GenerateArgs) -> CommandResult {
    let csv = args.out.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
    let (text, what) = match args.preset {
        Some(Preset::ErqiPopulation) => {
            if args.out.is_some() && !csv {
                return Err("--preset erqi-population writes CSV: name a .csv file".into());
            }
            let rows = erqi_population(args.seed.unwrap_or(SAMPLE_POPULATION_SEED))?;
            (population::write(&rows), format!("population for {} communities", rows.len()))
        }
        Some(Preset::ErqiCatchments) => {
            let (geojson, lists) = app::ssr::catchment::sample_files(&erqi_sample(SAMPLE_SEED));
            if csv {
                (lists, "sample catchments (lists)".into())
            } else {
                (geojson, "sample catchments (shapes)".into())
            }
        }
        Some(Preset::Erqi) => facilities(erqi_sample(args.seed.unwrap_or(SAMPLE_SEED)), csv),
        None => facilities(synthetic(args.count, args.seed.unwrap_or(1), HENAN_BBOX, app::clock::now()), csv),
    };
    write_out(args.out.as_ref(), &text)?;
    eprintln!("generated {what}");
    Ok(ExitCode::SUCCESS)
}

/// Facilities as CSV or GeoJSON, and what to say about them.
fn facilities(facilities: Vec<Facility>, csv: bool) -> (String, String) {
    let text = if csv { to_csv(&facilities) } else { to_geojson(&facilities) };
    (text, format!("{} facilities", facilities.len()))
}

fn write_out(out: Option<&PathBuf>, text: &str) -> std::io::Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        }
        None => std::io::stdout().write_all(text.as_bytes()),
    }
}
