use super::*;
use crate::geodesy::{haversine_m, wgs84_to_gcj02};
use crate::model::{FacilityKind, ServiceKind};

const HEADER: &str = "id,name,kind,lng,lat,address,phone,services";

fn csv(rows: &[&str]) -> Parsed {
    let text = std::iter::once(HEADER).chain(rows.iter().copied()).collect::<Vec<_>>().join("\n");
    parse(&text, Format::Csv, Crs::Wgs84, 1_700_000_000).expect("file readable")
}

fn reasons(p: &Parsed) -> Vec<(String, String)> {
    p.errors
        .iter()
        .map(|e| (e.location.render(crate::i18n::Locale::en), e.reason.render(crate::i18n::Locale::en)))
        .collect()
}

#[test]
fn csv_good_row() {
    let p = csv(&[
        "dc-1,淮河社区日间照料中心,elderly_daycare,113.62,34.72,淮河路1号,0371-1234567,meals:3/20|day_care:5/30",
    ]);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let f = &p.facilities[0];
    assert_eq!((f.id.as_str(), f.kind), ("dc-1", FacilityKind::ElderlyDaycare));
    assert_eq!(f.services.len(), 2);
    let meals = f.service(ServiceKind::Meals).expect("meals");
    assert_eq!((meals.available, meals.maximum, meals.updated_at), (3, 20, 1_700_000_000));
}

#[test]
fn csv_reports_each_bad_row_with_its_line_and_reason() {
    let p = csv(&[
        "a,Good,kindergarten,113.6,34.7,,,preschool_place:1/2",
        "b,Bad kind,hospital,113.6,34.7,,,",
        "c,Bad lng,kindergarten,NaN,34.7,,,",
        "d,Far,kindergarten,113.6,95,,,",
        "e,,kindergarten,113.6,34.7,,,",
        "a,Duplicate,kindergarten,113.6,34.7,,,",
        "f,Words,kindergarten,113.6,34.7,,,preschool_place:seven/20",
        "g,Negative,kindergarten,113.6,34.7,,,preschool_place:-1/20",
        "h,Too many,kindergarten,113.6,34.7,,,preschool_place:21/20",
        "i,Text coord,kindergarten,east,34.7,,,",
    ]);
    assert_eq!(p.facilities.len(), 1);
    let r = reasons(&p);
    let at = |line: &str| r.iter().find(|(l, _)| l == line).map(|(_, m)| m.clone()).unwrap_or_default();
    assert!(at("line 3").contains("unknown kind `hospital`"), "{r:?}");
    assert!(at("line 4").contains("not finite"), "{r:?}");
    assert!(at("line 5").contains("out of range"), "{r:?}");
    assert!(at("line 6").contains("missing name"), "{r:?}");
    assert!(at("line 7").contains("duplicate id `a`"), "{r:?}");
    assert!(at("line 8").contains("not a whole number"), "{r:?}");
    assert!(at("line 9").contains("negative"), "{r:?}");
    assert!(at("line 10").contains("more than maximum"), "{r:?}");
    assert!(at("line 11").contains("not a number"), "{r:?}");
    assert_eq!(r.len(), 9);
}

#[test]
fn csv_header_must_name_the_required_columns() {
    let err = parse("id,name\n1,x", Format::Csv, Crs::Wgs84, 0).expect_err("missing columns");
    assert!(err.to_string().contains("kind"), "{err}");
}

#[test]
fn csv_optional_columns() {
    let text = "id,name,kind,lng,lat,address,phone,services,ownership,hours,grade_min,grade_max,sessions\n\
        h1,暑托班,holiday_care,113.6,34.7,,,holiday_care:5/40,public,Mo-Fr 08:00-17:30,1,6,暑期班/2026-07-13/2026-08-21/1-6";
    let p = parse(text, Format::Csv, Crs::Wgs84, 0).expect("readable");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let f = &p.facilities[0];
    assert_eq!(f.sessions[0].start, "2026-07-13");
    assert_eq!(f.grades.map(|g| (g.min, g.max)), Some((1, 6)));
    assert!(f.hours.is_open_at(0, 9 * 60));
    let bad = text.replace("2026-08-21", "2026-02-30");
    let p = parse(&bad, Format::Csv, Crs::Wgs84, 0).expect("readable");
    assert_eq!(p.errors[0].reason.code(), "err_imp_session_date", "{:?}", p.errors);
}

fn feature(props: &str, coords: &str) -> String {
    format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":{coords}}},"properties":{props}}}"#)
}

fn geojson(features: &[String]) -> String {
    format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","))
}

#[test]
fn geojson_rows_and_errors_by_feature_number() {
    let text = geojson(&[
        feature(
            r#"{"id":"k1","name":"K","kind":"kindergarten","address":"a","phone":"1","services":[{"service":"preschool_place","available":2,"maximum":5}]}"#,
            "[113.6,34.7]",
        ),
        feature(
            r#"{"id":"k2","name":"K","kind":"kindergarten","services":[{"service":"preschool_place","available":2.5,"maximum":5}]}"#,
            "[113.6,34.7]",
        ),
        feature(r#"{"id":"k3","kind":"kindergarten"}"#, "[113.6,34.7]"),
        feature(r#"{"id":"k4","name":"K","kind":"kindergarten"}"#, "[200,34.7]"),
        feature(r#"{"id":"k5","name":"K","kind":"spa"}"#, "[113.6,34.7]"),
    ]);
    let p = parse(&text, Format::GeoJson, Crs::Wgs84, 0).expect("readable");
    assert_eq!(p.facilities.len(), 1);
    let r = reasons(&p);
    assert_eq!(r.len(), 4, "{r:?}");
    assert!(r[0].0 == "feature 2" && r[0].1.contains("`2.5` is not a whole number"), "{r:?}");
    assert!(r[1].0 == "feature 3" && r[1].1.contains("missing name"), "{r:?}");
    assert!(r[2].0 == "feature 4" && r[2].1.contains("out of range"), "{r:?}");
    assert!(r[3].0 == "feature 5" && r[3].1.contains("unknown kind"), "{r:?}");
    assert_eq!(p.errors[1].id.as_deref(), Some("k3"));
}

#[test]
fn geojson_file_level_errors() {
    assert!(matches!(parse("not json", Format::GeoJson, Crs::Wgs84, 0), Err(FileError::Json(_))));
    assert!(matches!(
        parse(r#"{"type":"Feature"}"#, Format::GeoJson, Crs::Wgs84, 0),
        Err(FileError::NotFeatureCollection(_))
    ));
}

#[test]
fn gcj02_coordinates_are_stored_as_wgs84() {
    let (g_lng, g_lat) = wgs84_to_gcj02(113.64, 34.72);
    let text = geojson(&[feature(r#"{"id":"x","name":"X","kind":"nursing_home"}"#, &format!("[{g_lng},{g_lat}]"))]);
    let p = parse(&text, Format::GeoJson, Crs::Gcj02, 0).expect("readable");
    let f = &p.facilities[0];
    assert!(haversine_m(f.lat, f.lng, 34.72, 113.64) < 0.5);
    // Read as WGS-84 the same numbers would be hundreds of metres off.
    assert!(haversine_m(g_lat, g_lng, 34.72, 113.64) > 100.0);
}

#[test]
fn format_from_extension() {
    assert_eq!(Format::from_path("a/B.GeoJSON"), Some(Format::GeoJson));
    assert_eq!(Format::from_path("x.csv"), Some(Format::Csv));
    assert_eq!(Format::from_path("x.xlsx"), None);
}

/// A row report is a catalogue message: Chinese where no language is asked for (the CLI), English when
/// asked, the same code in both; the location is translated too.
#[test]
fn a_bad_row_is_reported_in_the_readers_language() {
    use crate::i18n::Locale;
    let p = csv(&["b,Bad kind,hospital,113.6,34.7,,,"]);
    let e = &p.errors[0];
    assert_eq!(e.reason.code(), "err_imp_unknown_kind");
    assert_eq!(e.to_string(), "第 2 行（编号 b）：未知类型“hospital”");
    assert_eq!(e.message().render(Locale::en), "line 2 (id b): unknown kind `hospital`");
    let file = parse("not json", Format::GeoJson, Crs::Wgs84, 0).expect_err("not JSON");
    assert_eq!(file.message().code(), "err_file_json");
    assert!(file.to_string().starts_with("不是有效的 JSON："), "{file}");
}
