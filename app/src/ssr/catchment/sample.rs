//! A made-up school year of catchments for the sample schools (`data/sample/catchments-2026.*`),
//! loaded beside the sample facilities and labelled as made up wherever it is shown.
//!
//! Each sample primary school gets a 12-sided area of about 900 m around it, each middle school one of
//! about 1600 m; every other school's area is marked 多校划片, so the review has both marked and unmarked
//! overlaps to show. The first primary school's area has a hole. Half the communities left outside every
//! primary area are listed (CSV) under their nearest primary school; the rest stay gaps for the review.

use geo::{Coord, LineString, Polygon};
use serde_json::{Value, json};

use super::{Listed, YearData, YearInfo, file};
use crate::geodesy::{Crs, haversine_m};
use crate::model::{Facility, FacilityKind};
use crate::ssr::import::Format;
use crate::ssr::reference::{COMMUNITIES, community_point};
use crate::ssr::store::{CatchmentWrite, Store};

pub const SAMPLE_YEAR: i32 = 2026;
pub const SAMPLE_CATCHMENTS_GEOJSON: &str = include_str!("../../../../data/sample/catchments-2026.geojson");
pub const SAMPLE_CATCHMENTS_CSV: &str = include_str!("../../../../data/sample/catchments-2026.csv");
/// Shown as the year's notice: the sample is no bureau's.
pub const SAMPLE_SOURCE_TEXT: &str =
    "示例数据（虚构），并非教育局公布的划片 — made-up sample catchments, not the bureau's";

/// A regular `n`-gon of radius `r_m` around `(lat, lng)` as a closed ring (lng/lat), turned by `turn` radians.
fn ring(lat: f64, lng: f64, r_m: f64, n: usize, turn: f64) -> LineString<f64> {
    let (m_lat, m_lng) = (111_320.0, 111_320.0 * lat.to_radians().cos());
    let mut pts: Vec<Coord<f64>> = (0..n)
        .map(|i| {
            let a = turn + i as f64 * std::f64::consts::TAU / n as f64;
            // Six decimals (≈ 0.1 m) keep the committed file small and exactly reproducible.
            let round = |v: f64| (v * 1e6).round() / 1e6;
            Coord { x: round(lng + r_m * a.cos() / m_lng), y: round(lat + r_m * a.sin() / m_lat) }
        })
        .collect();
    pts.push(pts[0]);
    LineString(pts)
}

fn schools(facilities: &[Facility]) -> Vec<&Facility> {
    let mut out: Vec<&Facility> = facilities
        .iter()
        .filter(|f| matches!(f.kind, FacilityKind::PrimarySchool | FacilityKind::MiddleSchool))
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The sample's GeoJSON (WGS-84) and CSV, from the sample facilities.
pub fn sample_files(facilities: &[Facility]) -> (String, String) {
    let schools = schools(facilities);
    let mut features = Vec::new();
    let mut polygons: Vec<(&Facility, Polygon<f64>)> = Vec::new();
    let mut first_primary = true;
    for (i, s) in schools.iter().enumerate() {
        let primary = s.kind == FacilityKind::PrimarySchool;
        let radius = if primary { 900.0 } else { 1600.0 };
        let outer = ring(s.lat, s.lng, radius, 12, i as f64 * 0.37);
        let holes = if primary && first_primary {
            first_primary = false;
            vec![ring(s.lat + 500.0 / 111_320.0, s.lng, 150.0, 8, 0.0)]
        } else {
            Vec::new()
        };
        let polygon = Polygon::new(outer, holes);
        let coords: Vec<Value> = std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(|r| Value::Array(r.0.iter().map(|c| json!([c.x, c.y])).collect()))
            .collect();
        features.push(json!({
            "type": "Feature",
            "properties": {"school_id": s.id, "name": s.name, "multi_school": i % 2 == 1},
            "geometry": {"type": "Polygon", "coordinates": coords},
        }));
        if primary {
            polygons.push((s, polygon));
        }
    }
    let mut geojson = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let lines: Vec<String> = features.iter().map(Value::to_string).collect();
    geojson.push_str(&lines.join(",\n"));
    geojson.push_str("\n]}\n");

    let mut csv = String::from("school_id,community_code\n");
    let mut gaps = 0;
    for c in COMMUNITIES.iter() {
        let (lat, lng) = community_point(c);
        let inside = polygons.iter().any(|(_, p)| geo::Intersects::intersects(p, &geo::Point::new(lng, lat)));
        if inside {
            continue;
        }
        gaps += 1;
        let nearest =
            polygons.iter().map(|(s, _)| (s, haversine_m(lat, lng, s.lat, s.lng))).min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some((s, _)), true) = (nearest, gaps % 2 == 0) {
            csv.push_str(&format!("{},{}\n", s.id, c.code));
        }
    }
    (geojson, csv)
}

/// The sample year parsed, or `None` (logged) if the bundled files do not parse: only a broken build can.
pub fn sample_year(kind_of: &dyn Fn(&str) -> Option<FacilityKind>) -> Option<YearData> {
    let mut data = YearData {
        info: YearInfo {
            year: SAMPLE_YEAR,
            source_url: None,
            source_text: Some(SAMPLE_SOURCE_TEXT.to_string()),
            sample: true,
        },
        ..YearData::default()
    };
    for (text, format) in [(SAMPLE_CATCHMENTS_GEOJSON, Format::GeoJson), (SAMPLE_CATCHMENTS_CSV, Format::Csv)] {
        let parsed = match file::parse(text, format, Crs::Wgs84, kind_of) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "the bundled sample catchments do not parse");
                return None;
            }
        };
        for e in &parsed.errors {
            tracing::error!(row = %e, "bundled sample catchment rejected");
        }
        data.shapes.extend(parsed.shapes);
        data.lists.extend(parsed.lists);
    }
    Some(data)
}

/// Load the sample year when there are no catchments and every facility is sample data too (made-up
/// catchments must never be shown for a district's real schools). Returns whether it was loaded.
pub async fn load_sample_catchments_if_empty(store: &Store, now: i64) -> Result<bool, sqlx::Error> {
    if store.count_catchment_years().await? > 0 || store.count_real_facilities().await? > 0 {
        return Ok(false);
    }
    let facilities = store.load_all().await?;
    let kind_of = |id: &str| facilities.iter().find(|f| f.id == id).map(|f| f.kind);
    let Some(data) = sample_year(&kind_of) else { return Ok(false) };
    let schools: Vec<String> = data.shapes.iter().map(|s| s.school_id.clone()).collect();
    let lists: &[Listed] = &data.lists;
    let write = CatchmentWrite { info: &data.info, keep_source: false, shapes: &data.shapes, lists, replace: &schools };
    store.write_catchments(write, now).await?;
    Ok(true)
}
