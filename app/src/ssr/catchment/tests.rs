use geo::{Coord, LineString, MultiPolygon, Polygon};
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::geodesy::{Crs, gcj02_to_wgs84, haversine_m, wgs84_to_gcj02};
use crate::model::FacilityKind;
use crate::ssr::import::Format;

fn kind_of(id: &str) -> Option<FacilityKind> {
    match id {
        "ps-1" | "ps-2" => Some(FacilityKind::PrimarySchool),
        "ms-1" => Some(FacilityKind::MiddleSchool),
        "kg-1" => Some(FacilityKind::Kindergarten),
        _ => None,
    }
}

fn feature(school: &str, geometry: serde_json::Value) -> serde_json::Value {
    json!({"type": "Feature", "properties": {"school_id": school}, "geometry": geometry})
}

fn collection(features: Vec<serde_json::Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// A small square (lng/lat) as a closed GeoJSON ring.
fn square(x: f64, y: f64, d: f64) -> serde_json::Value {
    json!([[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]])
}

fn reasons(p: &Parsed) -> Vec<(String, String)> {
    p.errors
        .iter()
        .map(|e| (e.location.render(crate::i18n::Locale::en), e.reason.render(crate::i18n::Locale::en)))
        .collect()
}

#[test]
fn geojson_reports_each_bad_feature_with_its_reason() {
    let ok = json!({"type": "Polygon", "coordinates": [square(113.6, 34.7, 0.01)]});
    let text = collection(vec![
        feature("ps-1", ok.clone()),
        feature("nope", ok.clone()),
        feature("kg-1", ok.clone()),
        feature(
            "ps-1",
            json!({"type": "Polygon", "coordinates": [[[113.6, 34.7], [113.61, 34.71], [113.61, 34.7], [113.6, 34.71], [113.6, 34.7]]]}),
        ),
        feature(
            "ps-1",
            json!({"type": "Polygon", "coordinates": [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.71]]]}),
        ),
        feature("ps-1", json!({"type": "MultiPolygon", "coordinates": []})),
        feature("ps-1", json!({"type": "Polygon", "coordinates": [square(13.6, 34.7, 0.01)]})),
        feature("ps-1", json!({"type": "Point", "coordinates": [113.6, 34.7]})),
        json!({"type": "Feature", "properties": {}, "geometry": ok}),
    ]);
    let p = parse(&text, Format::GeoJson, Crs::Wgs84, &kind_of).expect("readable");
    assert_eq!(p.shapes.len(), 1);
    let got = reasons(&p);
    let want = [
        ("feature 2", "unknown school `nope`"),
        ("feature 3", "`kg-1` is a kindergarten, not a primary or middle school"),
        ("feature 4", "self-intersection"),
        ("feature 5", "ring 1 of polygon 1 is not closed"),
        ("feature 6", "empty geometry"),
        ("feature 7", "outside China"),
        ("feature 8", "must be a Polygon or MultiPolygon, not Point"),
        ("feature 9", "missing `properties.school_id`"),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((loc, reason), (wloc, wreason)) in got.iter().zip(want) {
        assert_eq!(loc, wloc);
        assert!(reason.contains(wreason), "{loc}: `{reason}` should say `{wreason}`");
    }
}

#[test]
fn csv_reports_each_bad_line() {
    let text = "school_id,community_code\nps-1,410103001001\nnope,410103001001\nkg-1,410103001001\nps-1,999\nps-1,410103001001\nms-1\n";
    let p = parse(text, Format::Csv, Crs::Wgs84, &kind_of).expect("readable");
    assert_eq!(p.lists, vec![Listed { school_id: "ps-1".into(), community_code: "410103001001".into() }]);
    let got = reasons(&p);
    let want = [
        ("line 3", "unknown school `nope`"),
        ("line 4", "not a primary or middle school"),
        ("line 5", "unknown community code `999`"),
        ("line 6", "duplicate row (already on line 2)"),
        ("line 7", "expected 2 fields, found 1"),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((loc, reason), (wloc, wreason)) in got.iter().zip(want) {
        assert_eq!(loc, wloc);
        assert!(reason.contains(wreason), "{loc}: `{reason}` should say `{wreason}`");
    }
    let bad_header = parse("school,community\nps-1,410103001001\n", Format::Csv, Crs::Wgs84, &kind_of);
    assert!(bad_header.is_err());
}

#[test]
fn holes_multipolygons_and_the_multi_school_mark_are_kept() {
    let text = collection(vec![json!({"type": "Feature", "properties": {"school_id": "ps-1", "multi_school": true},
        "geometry": {"type": "MultiPolygon", "coordinates": [
            [square(113.60, 34.70, 0.02), square(113.605, 34.705, 0.005)],
            [square(113.65, 34.70, 0.01)]]}})]);
    let p = parse(&text, Format::GeoJson, Crs::Wgs84, &kind_of).expect("readable");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let shape = &p.shapes[0];
    assert!(shape.multi_school);
    assert_eq!(shape.area.0.len(), 2);
    assert_eq!(shape.area.0[0].interiors().len(), 1);
    let view = YearView::new(YearData { shapes: p.shapes, ..YearData::default() });
    assert_eq!(view.schools_at(34.71, 113.601).len(), 1, "in the first polygon");
    assert!(view.polygons_at(34.7075, 113.6075).is_empty(), "in the hole");
    assert_eq!(view.polygons_at(34.705, 113.655).len(), 1, "in the second polygon");
    assert!(view.polygons_at(34.705, 113.63).is_empty(), "between the polygons");
    assert_eq!(view.polygons_at(34.70, 113.61).len(), 1, "on the outer boundary counts as inside");
}

/// The first vertex of a one-triangle file in `crs`, after import (WGS-84 `(lng, lat)`).
fn imported_vertex(crs: Crs, lng: f64, lat: f64) -> (f64, f64) {
    let ring = json!([[lng, lat], [lng + 0.001, lat], [lng, lat + 0.001], [lng, lat]]);
    let text = collection(vec![feature("ps-1", json!({"type": "Polygon", "coordinates": [ring]}))]);
    let p = parse(&text, Format::GeoJson, crs, &kind_of).expect("readable");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let c = p.shapes[0].area.0[0].exterior().0[0];
    (c.x, c.y)
}

#[test]
fn every_crs_path_matches_the_shared_vectors() {
    // Shared vectors (data/reference/README.md), (lng, lat).
    assert_eq!(imported_vertex(Crs::Wgs84, 116.404, 39.915), (116.404, 39.915));
    let (x, y) = imported_vertex(Crs::Gcj02, 116.41024449916938, 39.91640428150164);
    assert!(
        haversine_m(y, x, 39.915, 116.404) < 0.5,
        "GCJ-02 → WGS-84 off by {} m",
        haversine_m(y, x, 39.915, 116.404)
    );
    let (x, y) = imported_vertex(Crs::Gcj02, 121.531541859215, 31.17530398364597);
    assert!(haversine_m(y, x, 31.1774276, 121.5272106) < 0.5);
    // BD-09 (116.41036949371029, 39.92133699351021) is GCJ-02 (116.404, 39.915): the imported WGS-84 point,
    // shifted forward to GCJ-02, must land there.
    let (x, y) = imported_vertex(Crs::Bd09, 116.41036949371029, 39.92133699351021);
    let (gx, gy) = wgs84_to_gcj02(x, y);
    assert!(haversine_m(gy, gx, 39.915, 116.404) < 0.5);
}

/// Distance in metres from `p` to the polyline (local flat approximation: fine below a few km).
fn to_polyline_m(p: Coord<f64>, line: &LineString<f64>) -> f64 {
    let (mx, my) = (111_320.0 * p.y.to_radians().cos(), 111_320.0);
    line.0
        .windows(2)
        .map(|w| {
            let (ax, ay, bx, by) = ((w[0].x - p.x) * mx, (w[0].y - p.y) * my, (w[1].x - p.x) * mx, (w[1].y - p.y) * my);
            let (dx, dy) = (bx - ax, by - ay);
            let t = (-(ax * dx + ay * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
            (ax + t * dx).hypot(ay + t * dy)
        })
        .fold(f64::INFINITY, f64::min)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A long GCJ-02 edge, densified then shifted, stays within 1 m of the true shifted edge everywhere.
    #[test]
    fn a_shifted_edge_stays_within_a_metre(x0 in 113.3f64..113.9, y0 in 34.5f64..34.9, dx in -0.2f64..0.2, dy in -0.2f64..0.2) {
        let (a, b) = (Coord { x: x0, y: y0 }, Coord { x: x0 + dx, y: y0 + dy });
        let poly = Polygon::new(LineString(vec![a, b, Coord { x: x0 + dx, y: y0 }, a]), vec![]);
        let shifted = to_wgs84(&poly, Crs::Gcj02);
        // The points of the edge a→b only: its densified pieces and both ends.
        let pieces = (haversine_m(a.y, a.x, b.y, b.x) / MAX_EDGE_M).ceil().max(1.0) as usize;
        let first_edge: LineString<f64> = shifted.exterior().0.iter().copied().take(pieces + 1).collect();
        let (bx, by) = gcj02_to_wgs84(b.x, b.y);
        prop_assert_eq!(first_edge.0.last().copied(), Some(Coord { x: bx, y: by }));
        for i in 0..=200 {
            let t = f64::from(i) / 200.0;
            let (tx, ty) = gcj02_to_wgs84(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            let d = to_polyline_m(Coord { x: tx, y: ty }, &first_edge);
            prop_assert!(d < 1.0, "true point {t} is {d} m from the shifted edge");
        }
    }
}

/// A star-shaped polygon around `(cx, cy)`: simple by construction (angles strictly increase).
fn star(cx: f64, cy: f64, radii: &[f64], scale: f64) -> LineString<f64> {
    let n = radii.len();
    let mut pts: Vec<Coord<f64>> = radii
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let a = i as f64 * std::f64::consts::TAU / n as f64;
            Coord { x: cx + r * scale * a.cos(), y: cy + r * scale * a.sin() }
        })
        .collect();
    pts.push(pts[0]);
    LineString(pts)
}

/// Even-odd ray casting over one ring: the brute-force answer, written independently of `geo`.
fn in_ring(ring: &LineString<f64>, x: f64, y: f64) -> bool {
    let mut inside = false;
    for w in ring.0.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) {
            inside = !inside;
        }
    }
    inside
}

fn near_an_edge(area: &MultiPolygon<f64>, p: Coord<f64>) -> bool {
    area.0
        .iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .any(|r| to_polyline_m(p, r) < 0.01)
}

/// A generated school's shape: centre offsets, star radii, a hole or not, and maybe a second polygon.
type ShapeSpec = (f64, f64, Vec<f64>, bool, Option<(f64, f64, Vec<f64>)>);

fn shapes_strategy() -> impl Strategy<Value = Vec<ShapeSpec>> {
    prop::collection::vec(
        (
            0.0f64..0.05,
            0.0f64..0.05,
            prop::collection::vec(0.5f64..1.0, 3..12),
            any::<bool>(),
            prop::option::of((0.0f64..0.05, 0.0f64..0.05, prop::collection::vec(0.5f64..1.0, 3..8))),
        ),
        1..8,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The index (R*-tree + geo) finds exactly the shapes brute-force ray casting finds: random stars with
    /// holes, two-part multipolygons, overlaps, and points sampled inside, outside and a centimetre off edges.
    #[test]
    fn point_in_catchment_matches_brute_force(
        shapes in shapes_strategy(),
        points in prop::collection::vec((-0.01f64..0.07, -0.01f64..0.07), 50),
        near in prop::collection::vec((0usize..8, 0usize..12, -1.0f64..1.0), 30),
    ) {
        let (x0, y0) = (113.6, 34.7);
        let data: Vec<Shape> = shapes.iter().enumerate().map(|(i, (cx, cy, radii, hole, second))| {
            let outer = star(x0 + cx, y0 + cy, radii, 0.01);
            // Every radius is at least 0.5: a hole of radius below 0.4 at the centre lies inside.
            let holes = if *hole { vec![star(x0 + cx, y0 + cy, &[0.3, 0.35, 0.3, 0.38], 0.01)] } else { vec![] };
            let mut polys = vec![Polygon::new(outer, holes)];
            if let Some((sx, sy, r)) = second {
                polys.push(Polygon::new(star(x0 + sx, y0 + sy, r, 0.006), vec![]));
            }
            Shape { school_id: format!("s{i}"), area: MultiPolygon(polys), multi_school: false }
        }).collect();
        let view = YearView::new(YearData { shapes: data.clone(), ..YearData::default() });
        let mut probes: Vec<Coord<f64>> = points.iter().map(|(x, y)| Coord { x: x0 + x, y: y0 + y }).collect();
        // Points a centimetre or so either side of an edge's middle.
        for (s, e, off) in near {
            let ring = data[s % data.len()].area.0[0].exterior();
            let (a, b) = (ring.0[e % (ring.0.len() - 1)], ring.0[e % (ring.0.len() - 1) + 1]);
            let (mx, my) = ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
            let (nx, ny) = (-(b.y - a.y), b.x - a.x);
            let len = nx.hypot(ny);
            probes.push(Coord { x: mx + nx / len * off * 2e-7, y: my + ny / len * off * 2e-7 });
        }
        let mut checked = 0;
        for p in probes {
            if data.iter().any(|s| near_an_edge(&s.area, p)) {
                continue;
            }
            checked += 1;
            let want: Vec<usize> = data.iter().enumerate().filter(|(_, s)| {
                s.area.0.iter().any(|poly| in_ring(poly.exterior(), p.x, p.y) && !poly.interiors().iter().any(|h| in_ring(h, p.x, p.y)))
            }).map(|(i, _)| i).collect();
            let mut got: Vec<usize> = view.polygons_at(p.y, p.x).into_iter().map(|(s, _)| s).collect();
            got.sort_unstable();
            got.dedup();
            prop_assert_eq!(got, want, "at {:?}", p);
        }
        prop_assert!(checked >= 40, "only {} probes away from edges", checked);
    }
}

#[test]
fn review_finds_gaps_and_unmarked_overlaps() {
    let whole = |id: &str, multi: bool| Shape {
        school_id: id.into(),
        area: MultiPolygon(vec![Polygon::new(star(113.6, 34.7, &[1.0; 8], 1.0), vec![])]),
        multi_school: multi,
    };
    // ps-1 and ps-2 both cover the whole district: an overlap, unmarked unless both say multi_school.
    let view =
        YearView::new(YearData { shapes: vec![whole("ps-1", false), whole("ps-2", true)], ..YearData::default() });
    let r = review(&view, &kind_of, &[]);
    assert!(r.no_primary.is_empty(), "{} communities without a primary", r.no_primary.len());
    assert_eq!(r.no_middle.len(), crate::ssr::reference::COMMUNITIES.len());
    assert_eq!(r.unmarked_overlaps.len(), 1);
    assert_eq!((r.unmarked_overlaps[0].school_a.as_str(), r.unmarked_overlaps[0].school_b.as_str()), ("ps-1", "ps-2"));
    let marked =
        YearView::new(YearData { shapes: vec![whole("ps-1", true), whole("ps-2", true)], ..YearData::default() });
    assert!(review(&marked, &kind_of, &[]).unmarked_overlaps.is_empty());
    // A primary and a middle school overlapping is normal.
    let mixed =
        YearView::new(YearData { shapes: vec![whole("ps-1", false), whole("ms-1", false)], ..YearData::default() });
    let r = review(&mixed, &kind_of, &[]);
    assert!(r.unmarked_overlaps.is_empty() && r.no_middle.is_empty());
    // A list covers only its communities.
    let listed = YearView::new(YearData {
        lists: vec![Listed { school_id: "ms-1".into(), community_code: "410103001001".into() }],
        ..YearData::default()
    });
    let r = review(&listed, &kind_of, &[]);
    assert_eq!(r.no_middle.len(), crate::ssr::reference::COMMUNITIES.len() - 1);
    assert!(!r.no_middle.iter().any(|g| g.community.code == "410103001001"));
}

#[test]
fn review_places_communities_by_the_population_file_and_lists_most_children_first() {
    use crate::model::CommunityPopulation;
    use crate::ssr::reference::COMMUNITIES;
    let row = |code: &str, point: Option<(f64, f64)>, children: u32| CommunityPopulation {
        code: code.into(),
        lat: point.map(|p| p.0),
        lng: point.map(|p| p.1),
        age_0_2: 0,
        age_3_5: 0,
        age_6_11: children,
        age_12_14: 0,
        age_60_plus: 0,
        age_80_plus: 0,
        sample: false,
    };
    // A primary catchment far from every reference point (outside the district), holding only the
    // point the population file gives the first community.
    let shape = Shape {
        school_id: "ps-1".into(),
        area: MultiPolygon(vec![Polygon::new(star(113.95, 34.95, &[1.0; 6], 0.001), vec![])]),
        multi_school: false,
    };
    let view = YearView::new(YearData { shapes: vec![shape], ..YearData::default() });
    let (c0, c1, c2) = (COMMUNITIES[0].code, COMMUNITIES[1].code, COMMUNITIES[2].code);
    let population = [row(c0, Some((34.95, 113.95)), 50), row(c1, None, 300), row(c2, None, 20)];
    let r = review(&view, &kind_of, &population);
    assert_eq!(r.no_primary.len(), COMMUNITIES.len() - 1, "the first community is covered at its file point");
    assert!(!r.no_primary.iter().any(|g| g.community.code == c0));
    let first: Vec<(&str, Option<u32>)> = r.no_primary.iter().take(3).map(|g| (g.community.code, g.children)).collect();
    assert_eq!(first, [(c1, Some(300)), (c2, Some(20)), (COMMUNITIES[3].code, None)]);
}

#[test]
fn a_listed_community_is_answered_by_community() {
    let c = &crate::ssr::reference::COMMUNITIES[0];
    let (lat, lng) = crate::ssr::reference::community_point(c);
    let view = YearView::new(YearData {
        lists: vec![Listed { school_id: "ps-1".into(), community_code: c.code.into() }],
        ..YearData::default()
    });
    assert_eq!(view.schools_at(lat, lng), vec![("ps-1".to_string(), crate::model::CatchmentBasis::Community)]);
    assert!(view.schools_at(lat + 0.5, lng).is_empty(), "55 km away is in no community");
}

#[test]
fn committed_sample_is_what_the_generator_makes_and_parses_whole() {
    let facilities = crate::ssr::generate::erqi_sample(crate::ssr::seed::SAMPLE_SEED);
    let (geojson, csv) = sample_files(&facilities);
    assert!(geojson == SAMPLE_CATCHMENTS_GEOJSON, "data/sample/catchments-2026.geojson differs from the generator");
    assert!(csv == SAMPLE_CATCHMENTS_CSV, "data/sample/catchments-2026.csv differs from the generator");
    let kind = |id: &str| facilities.iter().find(|f| f.id == id).map(|f| f.kind);
    let year = sample_year(&kind).expect("parses");
    let schools = facilities
        .iter()
        .filter(|f| matches!(f.kind, FacilityKind::PrimarySchool | FacilityKind::MiddleSchool))
        .count();
    assert_eq!(year.shapes.len(), schools, "one shape per sample school");
    assert!(!year.lists.is_empty());
    let view = YearView::new(year);
    let r = review(&view, &kind, &[]);
    assert!(!r.no_primary.is_empty() && !r.unmarked_overlaps.is_empty(), "the sample has problems to review");
}
