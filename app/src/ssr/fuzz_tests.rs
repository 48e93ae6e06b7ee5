//! Fuzzing of every parser that takes outside input (issue 13, item 5), on stable Rust with `proptest`.
//!
//! Each target gets arbitrary bytes (as the text the parser is handed) and near-valid mutations of a seed
//! corpus committed in `tests/fuzz-corpus/`: byte flips, deletions, duplications, truncations and splices of
//! troublesome tokens (`NaN`, `1e999`, `-0`, 2⁶³, a BOM, NUL, quotes, separators). A target passes when the
//! parser never panics, refuses with its typed error (never `Internal`), and what it accepts holds the
//! invariants its callers rely on. `CAREMAP_FUZZ_CASES` sets the cases per target (default 3000);
//! `scripts/fuzz` runs many more. A failure is kept by proptest in `proptest-regressions/` and replayed first.

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::error::AppError;
use crate::geodesy::Crs;
use crate::model::{CapacityRequest, Facility, FacilityKind, NearestParams, NearestQuery, OpeningHours};
use crate::ssr::import::{Format, parse as import_parse};

const TOKENS: &[&str] = &[
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e999",
    "-1e999",
    "-0",
    "0",
    "1",
    "-1",
    "1.5",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "4294967296",
    "2147483648",
    "\u{feff}",
    "\0",
    "\"",
    "\"\"",
    ",",
    ";",
    ":",
    "|",
    "/",
    "-",
    "&",
    "=",
    "%",
    "%ff",
    "\n",
    "\r\n",
    " ",
    "\t",
    "24:00",
    "25:61",
    "Mo-Su",
    "Su-Mo",
    "null",
    "true",
    "[]",
    "{}",
    "[",
    "{",
    "}",
    "]",
    "💥",
    "淮河",
    "e",
    "E",
    "+",
    ".",
    "..",
    "0x10",
    "1_000",
];

fn cases() -> u32 {
    std::env::var("CAREMAP_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(3000)
}

fn config() -> Config {
    Config { cases: cases(), max_shrink_iters: 2000, ..Config::default() }
}

fn corpus(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz-corpus").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("seed corpus {}: {e}", path.display()))
}

fn corpus_lines(name: &str) -> Vec<String> {
    let lines: Vec<String> = corpus(name).lines().map(str::to_string).collect();
    assert!(!lines.is_empty(), "seed corpus {name} is empty");
    lines
}

/// One edit of a seed; positions are taken modulo the text's length.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
    Splice(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        (any::<usize>(), 1usize..16).prop_map(|(p, n)| Edit::Delete(p, n)),
        (any::<usize>(), 1usize..64).prop_map(|(p, n)| Edit::Duplicate(p, n)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(p, t)| Edit::Splice(p, t)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(p, t)| Edit::Splice(p, t)),
    ]
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut b = seed.as_bytes().to_vec();
    for e in edits {
        let at = |p: usize, b: &Vec<u8>| if b.is_empty() { 0 } else { p % (b.len() + 1) };
        match *e {
            Edit::Flip(p, x) if !b.is_empty() => {
                let i = p % b.len();
                b[i] = x;
            }
            Edit::Flip(..) => {}
            Edit::Delete(p, n) => {
                let i = at(p, &b);
                let end = (i + n).min(b.len());
                b.drain(i..end);
            }
            Edit::Duplicate(p, n) => {
                let i = at(p, &b);
                let end = (i + n).min(b.len());
                let piece = b[i..end].to_vec();
                b.splice(i..i, piece);
            }
            Edit::Truncate(p) => {
                let i = at(p, &b);
                b.truncate(i);
            }
            Edit::Splice(p, t) => {
                let i = at(p, &b);
                b.splice(i..i, TOKENS[t].bytes());
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Arbitrary bytes, arbitrary text, or a mutated seed (most often).
fn input(seeds: Vec<String>) -> impl Strategy<Value = String> {
    let n = seeds.len();
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..512).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => any::<String>(),
        6 => (0..n, proptest::collection::vec(edit(), 1..8)).prop_map(move |(i, e)| apply(&seeds[i], &e)),
    ]
}

/// A refusal must be the caller's fault, named: never `Internal` or a transport error.
fn typed(e: &AppError) {
    let status = e.status();
    assert!((400..500).contains(&status), "refused with {status}: {e:?}");
}

const NEAREST_FIELDS: &[&str] = &[
    "lat",
    "lng",
    "crs",
    "kind",
    "service",
    "available",
    "limit",
    "radius_m",
    "include_stale",
    "audience",
    "open_now",
    "age",
    "grade",
    "ownership",
    "from",
    "to",
    "near",
    "q",
];

/// `k=v&k=v` (undecoded, as the page's query map holds it) → `(key, value)` pairs.
fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect()
}

fn nearest_params(pairs: &[(String, String)]) -> NearestParams {
    let mut p = NearestParams::default();
    for (k, v) in pairs {
        let slot = match k.as_str() {
            "lat" => &mut p.lat,
            "lng" => &mut p.lng,
            "crs" => &mut p.crs,
            "kind" => &mut p.kind,
            "service" => &mut p.service,
            "available" => &mut p.available,
            "limit" => &mut p.limit,
            "radius_m" => &mut p.radius_m,
            "include_stale" => &mut p.include_stale,
            "audience" => &mut p.audience,
            "open_now" => &mut p.open_now,
            "age" => &mut p.age,
            "grade" => &mut p.grade,
            "ownership" => &mut p.ownership,
            "from" => &mut p.from,
            "to" => &mut p.to,
            _ => continue,
        };
        *slot = Some(v.clone());
    }
    p
}

/// Either a mutated seed query, or a structured one: known fields with troublesome values.
fn query(seeds: Vec<String>) -> impl Strategy<Value = String> {
    let field =
        (0..NEAREST_FIELDS.len(), prop_oneof![(0..TOKENS.len()).prop_map(|t| TOKENS[t].to_string()), any::<String>()])
            .prop_map(|(f, v)| format!("{}={v}", NEAREST_FIELDS[f]));
    prop_oneof![
        3 => input(seeds.clone()),
        2 => (0..seeds.len(), proptest::collection::vec(field, 1..5))
            .prop_map(move |(i, extra)| format!("{}&{}", seeds[i], extra.join("&"))),
    ]
}

fn check_nearest(p: &NearestParams) {
    match NearestQuery::try_from(p) {
        Ok(q) => {
            assert!(q.lat.is_finite() && (-90.0..=90.0).contains(&q.lat), "{q:?}");
            assert!(q.lng.is_finite() && (-180.0..=180.0).contains(&q.lng), "{q:?}");
            assert!((1..=crate::model::MAX_LIMIT).contains(&q.limit), "{q:?}");
            assert!(q.radius_m.is_none_or(|r| r.is_finite() && r > 0.0), "{q:?}");
        }
        Err(e) => typed(&e),
    }
}

/// The seed facilities (one of each kind), as the import reads them.
fn seed_facilities() -> Vec<Facility> {
    let parsed = import_parse(&corpus("facilities.geojson"), Format::GeoJson, Crs::Wgs84, 1_800_000_000)
        .expect("the seed GeoJSON reads");
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert!(parsed.facilities.len() >= 7, "one facility of each kind");
    parsed.facilities
}

fn check_facilities(facilities: &[Facility]) {
    for f in facilities {
        assert!(!f.id.is_empty() && !f.name.trim().is_empty(), "{f:?}");
        assert!(f.lat.is_finite() && f.lng.is_finite() && f.lat.abs() <= 90.0 && f.lng.abs() <= 180.0, "{f:?}");
        for s in &f.services {
            assert!(0 <= s.available && s.available <= s.maximum, "{f:?}");
        }
    }
}

fn school_kind(id: &str) -> Option<FacilityKind> {
    match id.split('-').next() {
        Some("ps") => Some(FacilityKind::PrimarySchool),
        Some("ms") => Some(FacilityKind::MiddleSchool),
        Some("kg") => Some(FacilityKind::Kindergarten),
        _ => None,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn nearest_parameters(q in query(corpus_lines("nearest.txt"))) {
        check_nearest(&nearest_params(&pairs(&q)));
    }

    #[test]
    fn search_parameters(q in query(corpus_lines("search.txt"))) {
        let mut map = leptos_router::params::ParamsMap::new();
        for (k, v) in pairs(&q) {
            map.insert(k, v);
        }
        check_nearest(&crate::pages::search::params_from_query(&map));
    }

    #[test]
    fn opening_hours(text in input(corpus_lines("hours.txt"))) {
        if let Ok(hours) = OpeningHours::parse(&text) {
            let again = OpeningHours::parse(&hours.to_string());
            prop_assert_eq!(again.as_ref(), Ok(&hours), "`{}` → `{}` does not read back", text, hours);
            let _ = (hours.describe_zh(), hours.describe_en());
            for day in 0..7 {
                for minute in [0, 1, 479, 480, 719, 1200, 1439] {
                    let _ = hours.is_open_at(day, minute);
                }
            }
        }
    }

    #[test]
    fn capacity_json(body in input(corpus_lines("capacity.jsonl"))) {
        if let Ok(req) = serde_json::from_str::<CapacityRequest>(&body) {
            match req.validate() {
                Ok((_, change)) => prop_assert!(change.check().is_ok()),
                Err(e) => typed(&e),
            }
        }
    }

    /// The manager page's `change` argument (`/api/manage/capacity`), then `CapacityChange::check`.
    #[test]
    fn capacity_change_json(body in input(corpus_lines("capacity-change.jsonl"))) {
        if let Ok(change) = serde_json::from_str::<crate::model::CapacityChange>(&body) {
            match change.check() {
                Ok(checked) => prop_assert_eq!(checked, change),
                Err(e) => typed(&e),
            }
        }
    }

    #[test]
    fn facility_csv(text in input(vec![corpus("facilities.csv")])) {
        if let Ok(parsed) = import_parse(&text, Format::Csv, Crs::Gcj02, 1_800_000_000) {
            check_facilities(&parsed.facilities);
        }
    }

    #[test]
    fn facility_geojson(text in input(vec![corpus("facilities.geojson")])) {
        if let Ok(parsed) = import_parse(&text, Format::GeoJson, Crs::Bd09, 1_800_000_000) {
            check_facilities(&parsed.facilities);
        }
    }

    #[test]
    fn population_csv(text in input(vec![corpus("population.csv")])) {
        if let Ok(parsed) = crate::ssr::population::parse(&text, Crs::Wgs84) {
            for r in &parsed.rows {
                prop_assert!(r.age_80_plus <= r.age_60_plus, "{:?}", r);
                prop_assert!(r.lat.is_some() == r.lng.is_some(), "{:?}", r);
                prop_assert!(r.lat.is_none_or(f64::is_finite) && r.lng.is_none_or(f64::is_finite), "{:?}", r);
            }
        }
    }

    #[test]
    fn catchment_files(
        geojson in input(vec![corpus("catchments.geojson")]),
        csv in input(vec![corpus("catchments.csv")]),
    ) {
        for (text, format) in [(&geojson, Format::GeoJson), (&csv, Format::Csv)] {
            if let Ok(parsed) = crate::ssr::catchment::parse(text, format, Crs::Gcj02, &school_kind) {
                for s in &parsed.shapes {
                    prop_assert!(matches!(school_kind(&s.school_id), Some(FacilityKind::PrimarySchool | FacilityKind::MiddleSchool)));
                }
            }
        }
    }

    #[test]
    fn hsds_import(organizations in input(hsds_seed(0)), services in input(hsds_seed(1))) {
        let files = crate::ssr::hsds::read::Files { organizations: &organizations, services: &services };
        if let Ok(parsed) = crate::ssr::hsds::read::parse(&files, 1_800_000_000) {
            check_facilities(&parsed.facilities);
        }
    }

    #[test]
    fn place_search(q in input(corpus_lines("places.txt"))) {
        let index = place_index();
        let found = crate::ssr::gazetteer::search(&q, index, 8);
        prop_assert!(found.len() <= 8);
        for p in &found {
            prop_assert!(p.lat.is_finite() && p.lng.is_finite(), "{:?}", p);
        }
    }
}

/// The HSDS export of the seed facilities: `organizations.json` (0) or `services.json` (1).
fn hsds_seed(which: usize) -> Vec<String> {
    let files = crate::ssr::hsds::export(&seed_facilities());
    let name = ["organizations.json", "services.json"][which];
    let text = files.iter().find(|(n, _)| *n == name).map(|(_, t)| t.clone()).expect("export has the file");
    vec![text]
}

fn place_index() -> &'static crate::ssr::index::FacilityIndex {
    static INDEX: std::sync::OnceLock<crate::ssr::index::FacilityIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| crate::ssr::index::FacilityIndex::build(seed_facilities()))
}

#[test]
fn the_seeds_are_valid_inputs() {
    // Mutations start from valid inputs, so near-valid cases reach deep into each parser.
    for line in corpus_lines("nearest.txt") {
        let p = nearest_params(&pairs(&line));
        assert!(NearestQuery::try_from(&p).is_ok(), "{line}");
    }
    for line in corpus_lines("hours.txt") {
        assert!(OpeningHours::parse(&line).is_ok(), "{line}");
    }
    for line in corpus_lines("capacity.jsonl") {
        let req: CapacityRequest = serde_json::from_str(&line).expect("seed JSON");
        assert!(req.validate().is_ok(), "{line}");
    }
    for line in corpus_lines("capacity-change.jsonl") {
        let change: crate::model::CapacityChange = serde_json::from_str(&line).expect("seed JSON");
        assert!(change.check().is_ok(), "{line}");
    }
    let csv = import_parse(&corpus("facilities.csv"), Format::Csv, Crs::Wgs84, 0).expect("seed CSV");
    assert!(csv.errors.is_empty() && csv.facilities.len() == 3, "{:?}", csv.errors);
    let pop = crate::ssr::population::parse(&corpus("population.csv"), Crs::Wgs84).expect("seed population");
    assert!(pop.errors.is_empty() && pop.rows.len() == 5, "{:?}", pop.errors);
    for (name, format) in [("catchments.geojson", Format::GeoJson), ("catchments.csv", Format::Csv)] {
        let parsed = crate::ssr::catchment::parse(&corpus(name), format, Crs::Wgs84, &school_kind).expect(name);
        assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
    }
    let files = crate::ssr::hsds::read::Files { organizations: &hsds_seed(0)[0], services: &hsds_seed(1)[0] };
    let hsds = crate::ssr::hsds::read::parse(&files, 0).expect("seed HSDS");
    assert_eq!(hsds.facilities.len(), seed_facilities().len(), "{:?}", hsds.errors);
    assert!(!crate::ssr::gazetteer::search("淮河", place_index(), 8).is_empty());
}
