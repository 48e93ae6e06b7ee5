//! The command line: `caremap serve | import | generate`. Flag names are a public contract.
//!
//! Messages of the catalogue (refusals, and every bad row or file an import reports) are printed in Chinese,
//! the district's language: no request sets a language here, so `Message`'s `Display` renders zh — the one
//! renderer the pages and API use too (they in the visitor's language).

use std::net::SocketAddr;
use std::path::PathBuf;

use app::geodesy::Crs;
use app::model::{MissingRule, Role};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The embedded default: a SQLite file beside the sample data.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/caremap.db";

#[derive(Debug, Parser)]
#[command(
    name = "caremap",
    version,
    about = "二七关爱地图 CareMap: nearest elderly care, kindergartens, schools and holiday childcare"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Built once per run: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and the API.
    Serve(ServeArgs),
    /// Import facilities: GeoJSON or CSV, a district register (Excel / ODS / CSV with Chinese headers and
    /// addresses), or an HSDS export folder with `--format hsds`.
    Import(ImportArgs),
    /// Write every facility in a standard form: `--format hsds DIR` (Open Referral HSDS JSON files).
    Export(ExportArgs),
    /// Write a made-up data set: the Erqi sample, or a large synthetic one for benchmarks.
    Generate(GenerateArgs),
    /// Residents per community, for access figures and site suggestions.
    #[command(subcommand)]
    Population(PopulationCommand),
    /// School catchments (划片) per school year.
    #[command(subcommand)]
    Catchments(CatchmentsCommand),
    /// The gazetteer's residential compounds (小区) and roads, searched beside subdistricts and communities.
    #[command(subcommand)]
    Places(PlacesCommand),
    /// Accounts: `user add` bootstraps the first district admin.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens for facility systems.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write a consistent copy of the SQLite database to a new file (safe while serving).
    Backup {
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Put a backup in place as the database (a new file; `--force` replaces one no server is using).
    Restore {
        file: PathBuf,
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

/// A flag whose values are one of the app's enums, by the names the API uses (`district_admin`,
/// `gcj02`, `close` …): the names and the parsing come from the enum itself, never a mirror kept here.
pub fn one_of<T>() -> impl clap::builder::TypedValueParser<Value = T>
where
    T: strum::IntoEnumIterator + Into<&'static str> + std::str::FromStr + Clone + Send + Sync + 'static,
{
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(T::iter().map(|v| -> &'static str { v.into() }))
        .try_map(|s| s.parse::<T>().map_err(|_| format!("unknown value `{s}`")))
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input (first line) or asked for
    /// without echo; it is never taken from the command line.
    Add {
        #[arg(long)]
        login: String,
        #[arg(long, value_parser = one_of::<Role>())]
        role: Role,
        /// A facility the account manages (repeat, or separate with commas).
        #[arg(long = "facility", value_delimiter = ',')]
        facilities: Vec<String>,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// List accounts with their role and facilities.
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Give an account a temporary password (printed once) that must be changed at the next sign-in.
    ResetPassword {
        #[arg(long)]
        login: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Disable (or with --enable, re-enable) an account; its sessions and tokens stop working at once.
    Disable {
        #[arg(long)]
        login: String,
        #[arg(long)]
        enable: bool,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for an account; it is printed once and stored only as a hash.
    Create {
        #[arg(long)]
        login: String,
        /// What the token is for, e.g. the system that will use it.
        #[arg(long, default_value = "")]
        label: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Revoke a token by its id (see `token list`).
    Revoke {
        id: i64,
        #[command(flatten)]
        db: DatabaseArg,
    },
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Debug, Args)]
pub struct DatabaseArg {
    /// `sqlite://path.db` (created if missing) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, env = "CAREMAP_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DatabaseArg,
    /// Do not load the sample facilities into an empty database.
    #[arg(long)]
    pub no_sample: bool,
    /// SQLite durability: `normal` (WAL; survives a crash of CareMap, may lose the last commits on a
    /// power cut) or `full` (every commit fsynced).
    #[arg(long, env = "CAREMAP_SQLITE_SYNC", value_enum, default_value = "normal")]
    pub sqlite_sync: SqliteSync,
    /// Where the built frontend is (`pkg/frontend.js` and `pkg/frontend_bg.wasm` inside).
    #[arg(long, env = "CAREMAP_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Age after which a kind's figures are shown as possibly out of date, e.g.
    /// `--stale-after elderly_daycare=12h --stale-after kindergarten=14d` (units s, m, h, d).
    #[arg(long = "stale-after", env = "CAREMAP_STALE_AFTER", value_delimiter = ',')]
    pub stale_after: Vec<String>,
    /// How long a work item of a kind may stay open, e.g. `--due report_full=12h --due coverage_gap=60d`
    /// (kinds: report_full, report_wrong, stale_figure, full_too_long, coverage_gap; units s, m, h, d).
    #[arg(long = "due", env = "CAREMAP_DUE", value_delimiter = ',')]
    pub due: Vec<String>,
    /// A service with no free place for longer than this becomes a work item.
    #[arg(long, env = "CAREMAP_FULL_AFTER", default_value = "7d")]
    pub full_after: String,
    /// How often the server looks for stale figures, full services and coverage gaps.
    #[arg(long, env = "CAREMAP_SCAN_EVERY", default_value = "60s")]
    pub scan_every: String,
    /// Requests per second per client address on the public read API (`/api/…` for families,
    /// `/hsds/…`); 0 turns the limit off. Over it: 429 with `Retry-After`.
    #[arg(long, env = "CAREMAP_API_RATE", default_value_t = 20)]
    pub api_rate: u32,
    /// How many requests a client may make at once before the rate applies.
    #[arg(long, env = "CAREMAP_API_BURST", default_value_t = 200)]
    pub api_burst: u32,
    /// Live streams (`/api/live`) open at once, in all and per client address; over: 503.
    #[arg(long, env = "CAREMAP_MAX_LIVE", default_value_t = 2000)]
    pub max_live: usize,
    #[arg(long, env = "CAREMAP_MAX_LIVE_PER_CLIENT", default_value_t = 10)]
    pub max_live_per_client: usize,
    /// Requests worked on at once; more are answered 503 at once instead of waiting in a queue.
    #[arg(long, env = "CAREMAP_MAX_CONCURRENT", default_value_t = 256)]
    pub max_concurrent: usize,
    /// The longest a request may take (live streams excepted), e.g. 30s or 500ms.
    #[arg(long, env = "CAREMAP_REQUEST_TIMEOUT", default_value = "30s")]
    pub request_timeout: String,
    /// The largest request body accepted, in MiB (uploads of registers and catchments included).
    #[arg(long, env = "CAREMAP_MAX_BODY_MB", default_value_t = 16)]
    pub max_body_mb: usize,
    /// The longest a client may take to send a request's line and headers, e.g. 10s; then the
    /// connection is closed (slow clients cannot hold connections open).
    #[arg(long, env = "CAREMAP_HEADER_TIMEOUT", default_value = "10s")]
    pub header_timeout: String,
    /// The largest request line and headers accepted, in KiB (at least 8); over it: 431.
    #[arg(long, env = "CAREMAP_MAX_HEADER_KB", default_value_t = 64)]
    pub max_header_kb: usize,
    /// How often the change log (which keeps servers in step) is pruned of what every server has read.
    #[arg(long, env = "CAREMAP_PRUNE_EVERY", default_value = "10m")]
    pub prune_every: String,
    /// Changes younger than this stay in the log whatever the servers have read.
    #[arg(long, env = "CAREMAP_PRUNE_KEEP", default_value = "10m")]
    pub prune_keep: String,
    /// The start-up snapshot of the facilities: read at start when it fits the database (then the server
    /// starts in seconds at national scale), written at shutdown and every --snapshot-every while
    /// facilities change. Default: beside a SQLite database file (`<file>.snapshot`); none on PostgreSQL
    /// unless given.
    #[arg(long, env = "CAREMAP_SNAPSHOT", conflicts_with = "no_snapshot")]
    pub snapshot: Option<PathBuf>,
    /// Neither read nor write a snapshot: always load the facilities from the database.
    #[arg(long, env = "CAREMAP_NO_SNAPSHOT")]
    pub no_snapshot: bool,
    /// How often the snapshot is written again while facilities change.
    // 5 minutes: half the default --prune-keep, so after a crash (no shutdown snapshot) the changes since
    // the last periodic one are usually still in the log when the server comes back; and one write at a
    // million facilities (~1–2 s of one core, ~100 MB) every 5 minutes is a small share of the machine.
    #[arg(long, env = "CAREMAP_SNAPSHOT_EVERY", default_value = "5m")]
    pub snapshot_every: String,
    /// Keep every facility's JSON in memory beside it, so `/api/nearest` copies its answers instead of
    /// writing them per request: ~1.3× its requests/s at a million facilities, for ~730 B more memory a
    /// facility (BENCHMARKS.md). Off by default: the memory is the larger cost below national scale.
    #[arg(long, env = "CAREMAP_KEEP_JSON")]
    pub keep_json: bool,
    /// Mark session cookies Secure: set when users reach CareMap over HTTPS (directly or via a proxy).
    #[arg(long, env = "CAREMAP_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// A public origin allowed to send state-changing requests besides the server's own host,
    /// e.g. `https://caremap.example` when a proxy rewrites `Host`. Repeatable.
    #[arg(long = "allowed-origin", env = "CAREMAP_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// Behind a reverse proxy: the header it puts the client's address in (`x-forwarded-for`,
    /// `x-real-ip`), believed only from --trusted-proxy. Throttles and rate limits then count each
    /// visitor, not the proxy.
    #[arg(long, env = "CAREMAP_CLIENT_IP_HEADER", value_parser = one_of::<crate::client_addr::ProxyHeader>(), default_value = "none")]
    pub client_ip_header: crate::client_addr::ProxyHeader,
    /// The reverse proxy's address or range (e.g. `127.0.0.1`, `10.0.0.0/8`). Repeatable.
    #[arg(long = "trusted-proxy", env = "CAREMAP_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// The map's base tiles: `none` (markers only), `osm` (development), `amap` (GCJ-02; markers are
    /// shifted), `tianditu` (the official base map; needs --tianditu-key).
    #[arg(long, env = "CAREMAP_TILES", default_value = "osm")]
    pub tiles: String,
    #[arg(long, env = "CAREMAP_TIANDITU_KEY")]
    pub tianditu_key: Option<String>,
    /// An online geocoder in front of the offline place search: `none` or `tianditu` (uses --tianditu-key).
    #[arg(long, env = "CAREMAP_GEOCODER", default_value = "none")]
    pub geocoder: String,
    /// Override the geocoder's endpoint (a proxy, or a test double).
    #[arg(long, env = "CAREMAP_GEOCODER_URL")]
    pub geocoder_url: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SqliteSync {
    Normal,
    Full,
}

#[derive(Debug, Subcommand)]
pub enum PopulationCommand {
    /// Replace every community's figures with a CSV file's (header
    /// `community_code,lat,lng,age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus,age_80_plus`; lat/lng may
    /// be empty). All or nothing: any bad row and nothing is imported.
    Import {
        file: PathBuf,
        /// The coordinate system the file's lat/lng are in.
        #[arg(long, value_parser = one_of::<Crs>(), default_value = "wgs84")]
        crs: Crs,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatchmentsCommand {
    /// Import a year's catchments: GeoJSON (Polygon / MultiPolygon features with `properties.school_id`,
    /// optional `"multi_school": true` for 多校划片) or CSV (`school_id,community_code`). All or nothing
    /// unless --skip-invalid.
    Import {
        /// A `.geojson`/`.json` or `.csv` file.
        file: PathBuf,
        /// The school year, e.g. 2026 for the year starting in September 2026.
        #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
        year: i32,
        /// The coordinate system the file's coordinates are in.
        #[arg(long, value_parser = one_of::<Crs>(), default_value = "wgs84")]
        crs: Crs,
        /// Replace that year's catchments of the schools in the file (atomically).
        #[arg(long)]
        replace: bool,
        /// Import the good features/lines even if some are bad (the bad ones are still reported).
        #[arg(long)]
        skip_invalid: bool,
        /// The education bureau's notice for the year (a link shown to families).
        #[arg(long)]
        source_url: Option<String>,
        /// The notice's title or wording, shown with the link.
        #[arg(long)]
        source_text: Option<String>,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlacesCommand {
    /// Import residential compounds and roads: CSV `name,lat,lng[,crs][,community_code]` (optionally also
    /// `kind`: compound or road). All or nothing; adds or updates by name unless --replace.
    Import {
        /// A `.csv` file.
        file: PathBuf,
        /// The coordinate system of lines without a `crs` value.
        #[arg(long, value_parser = one_of::<Crs>(), default_value = "wgs84")]
        crs: Crs,
        /// Replace the whole imported gazetteer (the made-up sample included) with the file.
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

mod files;
pub use files::{ExportArgs, ExportFormat, GenerateArgs, ImportArgs, ImportFormat, Preset};
