//! Fuzz targets for files and text handed to the importers and the place search, and a check that the
//! seed corpus itself is valid.

use proptest::prelude::*;

use super::requests::{nearest_params, pairs};
use super::{config, corpus, corpus_lines, input};
use crate::geodesy::Crs;
use crate::model::{CapacityRequest, Facility, FacilityKind, NearestQuery, OpeningHours};
use crate::ssr::import::{Format, parse as import_parse};

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
