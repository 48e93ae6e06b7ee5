//! The arguments of the commands that read and write whole data files: `import`, `export`, `generate`.

use super::*;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A `.geojson`/`.json` or `.csv` file in CareMap's columns, a district register (`.xlsx`, `.xls`,
    /// `.ods`, or `.csv` with its own headers), or with `--format hsds` a folder written by `caremap export`.
    pub file: PathBuf,
    /// `hsds`: read an HSDS export folder back (facilities upserted by their CareMap ids).
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// The coordinate system the file's coordinates are in.
    #[arg(long, value_parser = one_of::<Crs>(), default_value = "wgs84")]
    pub crs: Crs,
    /// Import the good rows even if some are bad (the bad ones are still reported).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Show what the import would change (added, changed field by field, missing) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A register (.xlsx/.xls/.ods, or a CSV with its own headers): the sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// A register's headers for CareMap's fields, before the synonyms: `name=机构名称,address=地址`.
    #[arg(long)]
    pub map: Option<String>,
    /// A register: the kind of every row that has no 类型 (e.g. `kindergarten` for a list of kindergartens).
    #[arg(long)]
    pub kind: Option<String>,
    /// A register: what to do with facilities of its kinds that it no longer lists.
    #[arg(long, value_parser = one_of::<MissingRule>(), default_value = "keep")]
    pub missing: MissingRule,
    /// A register: an online geocoder for addresses (`none` or `tianditu`, uses --tianditu-key); rows it
    /// cannot place fall back to their community's or subdistrict's point, marked approximate.
    #[arg(long, env = "CAREMAP_GEOCODER", default_value = "none")]
    pub geocoder: String,
    #[arg(long, env = "CAREMAP_GEOCODER_URL")]
    pub geocoder_url: Option<String>,
    #[arg(long, env = "CAREMAP_TIANDITU_KEY")]
    pub tianditu_key: Option<String>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Formats chosen by name rather than by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Open Referral HSDS 3.1 JSON files, as `caremap export --format hsds` writes them.
    Hsds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Open Referral HSDS 3.1: organizations.json, services.json, service_at_locations.json.
    Hsds,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The folder to write into (created if missing; the files are replaced).
    pub dir: PathBuf,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Preset {
    /// The Erqi sample shipped in data/sample/.
    Erqi,
    /// The Erqi population sample (data/sample/population.csv): census totals split across the communities.
    ErqiPopulation,
    /// The made-up 2026 catchments of the sample schools (data/sample/catchments-2026.geojson or, for a
    /// `.csv` --out, the list-based part, data/sample/catchments-2026.csv).
    ErqiCatchments,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// A named data set (ignores --count).
    #[arg(long, value_enum)]
    pub preset: Option<Preset>,
    /// How many synthetic facilities (uniform over Henan province).
    #[arg(long, default_value_t = 10_000)]
    pub count: usize,
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output file (`.geojson` or `.csv`); standard output when absent.
    #[arg(long)]
    pub out: Option<PathBuf>,
}
