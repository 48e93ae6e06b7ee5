//! Serving configuration, checked once at start-up: a bad value stops the server with a clear message.

use std::net::SocketAddr;
use std::path::PathBuf;

use app::model::{FacilityKind, StaleAfter, WorkKind};
use app::ssr::work::WorkRules;
use app::tiles::Provider;

use crate::cli::ServeArgs;

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    pub database_url: String,
    pub load_sample: bool,
    pub site_root: PathBuf,
    pub stale_after: StaleAfter,
    pub secure_cookies: bool,
    pub allowed_origins: Vec<String>,
    pub client_addr: crate::client_addr::ClientAddrRule,
    pub store: app::ssr::store::StoreOptions,
    pub tiles: Option<app::model::Tiles>,
    /// `(endpoint, key)` of Tianditu's geocoder, when enabled.
    pub geocoder: Option<(String, String)>,
    pub work: app::ssr::work::WorkRules,
    pub limits: crate::limits::Limits,
    /// How often the change log is pruned of what every server has read, and what is kept regardless.
    pub prune_every: std::time::Duration,
    pub prune_keep: std::time::Duration,
    /// Where the start-up snapshot is kept (`None`: no snapshot), and how often it is written again.
    pub snapshot: Option<PathBuf>,
    pub snapshot_every: std::time::Duration,
    /// Keep each facility's JSON beside it in the index (`FacilityIndex::keep_json`).
    pub keep_json: bool,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error(transparent)]
    ClientAddr(#[from] crate::client_addr::ClientAddrError),
    #[error("--stale-after `{0}` must look like elderly_daycare=24h (units s, m, h, d)")]
    StaleAfter(String),
    #[error("--stale-after names unknown kind `{0}`")]
    UnknownKind(String),
    #[error("--allowed-origin `{0}` must look like https://caremap.example (scheme and host, no path)")]
    Origin(String),
    #[error("--tiles `{0}` must be none, osm, amap or tianditu")]
    Tiles(String),
    #[error("--{0} tianditu needs --tianditu-key (or CAREMAP_TIANDITU_KEY)")]
    NeedsKey(&'static str),
    #[error("--geocoder `{0}` must be none or tianditu")]
    Geocoder(String),
    #[error("--due `{0}` must look like report_full=24h (units s, m, h, d)")]
    Due(String),
    #[error("--due names unknown work item kind `{0}`")]
    UnknownWorkKind(String),
    #[error("--{0} `{1}` must be a duration like 90s, 30m, 24h or 7d")]
    Duration(&'static str, String),
    #[error("--max-header-kb {0} must be at least 8")]
    HeaderSize(usize),
}

/// A duration flag's value, read by humantime: `90s`, `30m`, `24h`, `7d`, `250ms`, and its longer forms
/// (`7days`, `1h 30m`). Never zero: every use is a period or a limit. Weeks, months and years are refused
/// as they always were (humantime counts a month as 30.44 days and a year as 365.25).
fn nonzero_duration(text: &str) -> Option<std::time::Duration> {
    const REFUSED: [&str; 9] = ["w", "week", "weeks", "M", "month", "months", "y", "year", "years"];
    let text = text.trim();
    if text.split(|c: char| !c.is_ascii_alphabetic()).any(|unit| REFUSED.contains(&unit)) {
        return None;
    }
    humantime::parse_duration(text).ok().filter(|d| !d.is_zero())
}

/// `90s`, `30m`, `24h`, `7d` → seconds (whole seconds only).
pub fn parse_duration(text: &str) -> Option<i64> {
    let d = nonzero_duration(text)?;
    if d.subsec_nanos() != 0 {
        return None;
    }
    i64::try_from(d.as_secs()).ok()
}

pub fn parse_stale_after(items: &[String]) -> Result<StaleAfter, ConfigError> {
    let mut limits = StaleAfter::default();
    for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let (kind, duration) = item.split_once('=').ok_or_else(|| ConfigError::StaleAfter(item.to_string()))?;
        let kind = FacilityKind::parse(kind.trim()).ok_or_else(|| ConfigError::UnknownKind(kind.to_string()))?;
        let seconds = parse_duration(duration).ok_or_else(|| ConfigError::StaleAfter(item.to_string()))?;
        limits.set(kind, seconds);
    }
    Ok(limits)
}

/// `250ms`, or anything [`parse_duration`] takes.
pub fn parse_short_duration(text: &str) -> Option<std::time::Duration> {
    nonzero_duration(text)
}

pub fn parse_work_rules(due: &[String], full_after: &str, scan_every: &str) -> Result<WorkRules, ConfigError> {
    let mut rules = WorkRules::default();
    for item in due.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let (kind, duration) = item.split_once('=').ok_or_else(|| ConfigError::Due(item.to_string()))?;
        let kind = WorkKind::parse(kind.trim()).ok_or_else(|| ConfigError::UnknownWorkKind(kind.to_string()))?;
        rules.set_due(kind, parse_duration(duration).ok_or_else(|| ConfigError::Due(item.to_string()))?);
    }
    rules.full_after_s =
        parse_duration(full_after).ok_or_else(|| ConfigError::Duration("full-after", full_after.to_string()))?;
    let every =
        parse_duration(scan_every).ok_or_else(|| ConfigError::Duration("scan-every", scan_every.to_string()))?;
    rules.scan_every_s = u64::try_from(every).unwrap_or(60);
    Ok(rules)
}

pub fn parse_origins(items: &[String]) -> Result<Vec<String>, ConfigError> {
    items
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .map(|o| match o.parse::<axum::http::Uri>() {
            Ok(uri)
                if matches!(uri.scheme_str(), Some("http" | "https"))
                    && uri.host().is_some_and(|h| !h.is_empty())
                    && uri.path() == "/"
                    && uri.query().is_none() =>
            {
                Ok(o.to_string())
            }
            _ => Err(ConfigError::Origin(o.to_string())),
        })
        .collect()
}

pub fn parse_tiles(name: &str, key: Option<&str>) -> Result<Option<app::model::Tiles>, ConfigError> {
    let provider = Provider::parse(name.trim()).ok_or_else(|| ConfigError::Tiles(name.to_string()))?;
    if provider == Provider::Tianditu && key.is_none_or(str::is_empty) {
        return Err(ConfigError::NeedsKey("tiles"));
    }
    Ok(provider.tiles(key))
}

pub fn parse_geocoder(
    name: &str,
    url: Option<String>,
    key: Option<String>,
) -> Result<Option<(String, String)>, ConfigError> {
    match name.trim() {
        "none" => Ok(None),
        "tianditu" => {
            let key = key.filter(|k| !k.is_empty()).ok_or(ConfigError::NeedsKey("geocoder"))?;
            Ok(Some((url.unwrap_or_else(|| app::ssr::gazetteer::Tianditu::DEFAULT_URL.to_string()), key)))
        }
        other => Err(ConfigError::Geocoder(other.to_string())),
    }
}

/// The snapshot's default place: beside a SQLite database file (`caremap.db.snapshot`). None for an
/// in-memory SQLite database or PostgreSQL (no file of its own to sit beside: give --snapshot).
fn default_snapshot_path(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:"))?;
    let (file, query) = rest.split_once('?').unwrap_or((rest, ""));
    if file.is_empty() || file == ":memory:" || query.split('&').any(|kv| kv == "mode=memory") {
        return None;
    }
    let mut path = std::ffi::OsString::from(file);
    path.push(".snapshot");
    Some(PathBuf::from(path))
}

impl ServeConfig {
    pub fn from_args(args: ServeArgs) -> Result<Self, ConfigError> {
        let snapshot = match (args.no_snapshot, &args.snapshot) {
            (true, _) => None,
            (false, Some(path)) => Some(path.clone()),
            (false, None) => default_snapshot_path(&args.db.database_url),
        };
        Ok(ServeConfig {
            addr: args.addr,
            database_url: args.db.database_url,
            load_sample: !args.no_sample,
            site_root: args.site_root,
            stale_after: parse_stale_after(&args.stale_after)?,
            secure_cookies: args.secure_cookies,
            allowed_origins: parse_origins(&args.allowed_origins)?,
            client_addr: crate::client_addr::ClientAddrRule::new(args.client_ip_header, &args.trusted_proxies)?,
            store: app::ssr::store::StoreOptions { sqlite_full_sync: args.sqlite_sync == crate::cli::SqliteSync::Full },
            tiles: parse_tiles(&args.tiles, args.tianditu_key.as_deref())?,
            geocoder: parse_geocoder(&args.geocoder, args.geocoder_url, args.tianditu_key)?,
            work: parse_work_rules(&args.due, &args.full_after, &args.scan_every)?,
            prune_every: parse_short_duration(&args.prune_every)
                .ok_or_else(|| ConfigError::Duration("prune-every", args.prune_every.clone()))?,
            prune_keep: parse_short_duration(&args.prune_keep)
                .ok_or_else(|| ConfigError::Duration("prune-keep", args.prune_keep.clone()))?,
            snapshot,
            snapshot_every: parse_short_duration(&args.snapshot_every)
                .ok_or_else(|| ConfigError::Duration("snapshot-every", args.snapshot_every.clone()))?,
            keep_json: args.keep_json,
            limits: crate::limits::Limits {
                api_per_second: args.api_rate,
                api_burst: args.api_burst,
                max_live: args.max_live,
                max_live_per_client: args.max_live_per_client,
                max_concurrent: args.max_concurrent,
                request_timeout: parse_short_duration(&args.request_timeout)
                    .ok_or_else(|| ConfigError::Duration("request-timeout", args.request_timeout.clone()))?,
                max_body_bytes: args.max_body_mb.saturating_mul(1 << 20),
                header_timeout: parse_short_duration(&args.header_timeout)
                    .ok_or_else(|| ConfigError::Duration("header-timeout", args.header_timeout.clone()))?,
                // Below 8 KiB a browser's ordinary headers and cookies may not fit.
                max_header_bytes: Some(args.max_header_kb)
                    .filter(|kb| *kb >= 8)
                    .ok_or(ConfigError::HeaderSize(args.max_header_kb))?
                    .saturating_mul(1 << 10),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_sits_beside_a_sqlite_file() {
        let path = |url: &str| default_snapshot_path(url).map(|p| p.display().to_string());
        assert_eq!(path("sqlite://data/caremap.db"), Some("data/caremap.db.snapshot".into()));
        assert_eq!(path("sqlite:///srv/caremap.db?mode=rwc"), Some("/srv/caremap.db.snapshot".into()));
        assert_eq!(path("sqlite:caremap.db"), Some("caremap.db.snapshot".into()));
        assert_eq!(path("sqlite::memory:"), None);
        assert_eq!(path("sqlite://x.db?mode=memory"), None);
        assert_eq!(path("postgres://caremap@db/caremap"), None);
    }

    #[test]
    fn origins() {
        assert_eq!(parse_origins(&["https://a.example/".into()]), Ok(vec!["https://a.example".to_string()]));
        assert!(parse_origins(&["a.example".into()]).is_err());
        assert!(parse_origins(&["https://a.example/path".into()]).is_err());
        assert_eq!(
            parse_origins(&["http://127.0.0.1:3000".into(), " https://a.example// ".into()]),
            Ok(vec!["http://127.0.0.1:3000".to_string(), "https://a.example".to_string()])
        );
        for bad in ["ftp://a.example", "http://:80", "https://a.example?x=1", "null"] {
            assert_eq!(parse_origins(&[bad.into()]), Err(ConfigError::Origin(bad.into())), "{bad}");
        }
    }

    #[test]
    fn tiles_and_geocoder() {
        assert_eq!(parse_tiles("none", None), Ok(None));
        assert!(parse_tiles("amap", None).is_ok_and(|t| t.is_some()));
        assert_eq!(parse_tiles("tianditu", None), Err(ConfigError::NeedsKey("tiles")));
        assert!(parse_tiles("bing", None).is_err());
        assert_eq!(parse_geocoder("none", None, None), Ok(None));
        assert_eq!(parse_geocoder("tianditu", None, None), Err(ConfigError::NeedsKey("geocoder")));
        assert!(parse_geocoder("tianditu", None, Some("k".into())).is_ok_and(|g| g.is_some()));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h"), Some(86_400));
        assert_eq!(parse_duration("7d"), Some(604_800));
        assert_eq!(parse_duration("0h"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("5w"), None);
    }

    #[test]
    fn every_form_the_hand_written_parser_took() {
        // Digits then one of s, m, h, d (seconds); `ms` for the short ones; surrounding spaces trimmed.
        for (text, seconds) in
            [("1s", 1), ("90s", 90), ("30m", 1800), ("24h", 86_400), ("7d", 604_800), ("007d", 604_800), (" 10m ", 600)]
        {
            assert_eq!(parse_duration(text), Some(seconds), "{text}");
            assert_eq!(parse_short_duration(text), Some(std::time::Duration::from_secs(seconds as u64)), "{text}");
        }
        assert_eq!(parse_short_duration("1ms"), Some(std::time::Duration::from_millis(1)));
        assert_eq!(parse_short_duration(" 250ms"), Some(std::time::Duration::from_millis(250)));
        // And humantime's longer forms.
        assert_eq!(parse_duration("7days"), Some(604_800));
        assert_eq!(parse_duration("1h 30m"), Some(5400));
        // Still refused: zero, no number, no unit, an unknown or calendar unit, a fraction of a second where
        // seconds are counted.
        for bad in ["0s", "0ms", "", "h", "10", "5w", "2weeks", "1M", "1y", "5x", "-1h", "1.5h", "soon"] {
            assert_eq!(parse_short_duration(bad), None, "{bad}");
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(parse_duration("1500ms"), None);
        assert_eq!(
            ConfigError::Duration("prune-every", "soon".into()).to_string(),
            "--prune-every `soon` must be a duration like 90s, 30m, 24h or 7d"
        );
    }

    #[test]
    fn short_durations() {
        assert_eq!(parse_short_duration("250ms"), Some(std::time::Duration::from_millis(250)));
        assert_eq!(parse_short_duration("30s"), Some(std::time::Duration::from_secs(30)));
        assert_eq!(parse_short_duration("0ms"), None);
        assert_eq!(parse_short_duration("fast"), None);
    }

    #[test]
    fn work_rules() {
        let r = parse_work_rules(&["report_full=12h".into()], "3d", "30s").expect("valid");
        assert_eq!(r.due_for(WorkKind::ReportFull), 12 * 3600);
        assert_eq!(r.due_for(WorkKind::CoverageGap), WorkRules::default().due_for(WorkKind::CoverageGap));
        assert_eq!((r.full_after_s, r.scan_every_s), (3 * 86_400, 30));
        assert_eq!(
            parse_work_rules(&["leak=1h".into()], "7d", "60s"),
            Err(ConfigError::UnknownWorkKind("leak".into()))
        );
        assert!(parse_work_rules(&["report_full".into()], "7d", "60s").is_err());
        assert_eq!(parse_work_rules(&[], "soon", "60s"), Err(ConfigError::Duration("full-after", "soon".into())));
    }

    #[test]
    fn stale_after_overrides_one_kind() {
        let s = parse_stale_after(&["kindergarten=14d".into()]).expect("valid");
        assert_eq!(s.for_kind(FacilityKind::Kindergarten), 14 * 86_400);
        assert_eq!(s.for_kind(FacilityKind::ElderlyDaycare), 86_400);
        assert_eq!(parse_stale_after(&["spa=1h".into()]), Err(ConfigError::UnknownKind("spa".into())));
        assert!(parse_stale_after(&["kindergarten".into()]).is_err());
    }
}
