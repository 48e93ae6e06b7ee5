//! Reference geography of Erqi: the district boundary and the 176 communities (server only).

use std::sync::LazyLock;

use geo::{Contains, Coord, Destination, Haversine, LineString, MultiPolygon, Point, Polygon};
use serde_json::Value;

use crate::geodesy::wgs84_to_gcj02;
use crate::subdistricts::SUBDISTRICTS;

const BOUNDARY_GEOJSON: &str = include_str!("../../../data/reference/erqi-district.gcj02.geojson");
const COMMUNITIES_CSV: &str = include_str!("../../../data/reference/erqi-communities.csv");

#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub code: &'static str,
    pub name: &'static str,
    pub subdistrict_code: &'static str,
}

/// One line of the communities file.
#[derive(serde::Deserialize)]
struct CommunityRow {
    code: String,
    name: String,
    subdistrict_code: String,
}

impl Community {
    /// The name people use, without the committee suffix: 淮河社区居民委员会 → 淮河社区, 娄河村委会 → 娄河村.
    pub fn short_name(&self) -> String {
        for (suffix, keep) in [
            ("社区居民管理委员会", "社区"),
            ("社区居民委员会", "社区"),
            ("社区管理委员会", "社区"),
            ("社区委员会", "社区"),
            ("村委会", "村"),
            ("地区拟居委会", "地区"),
        ] {
            if let Some(stem) = self.name.strip_suffix(suffix) {
                return format!("{stem}{keep}");
            }
        }
        self.name.to_string()
    }
}

/// Read once and kept for the life of the process, so the strings are leaked into `&'static str`s,
/// as the embedded file's own slices were.
pub static COMMUNITIES: LazyLock<Vec<Community>> = LazyLock::new(|| {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(COMMUNITIES_CSV.as_bytes())
        .into_deserialize::<CommunityRow>()
        .filter_map(Result::ok)
        .map(|r| Community { code: r.code.leak(), name: r.name.leak(), subdistrict_code: r.subdistrict_code.leak() })
        .collect()
});

/// The boundary as published, in GCJ-02.
pub static BOUNDARY_GCJ02: LazyLock<MultiPolygon<f64>> = LazyLock::new(|| parse_multipolygon(BOUNDARY_GEOJSON));

fn ring(v: &Value) -> LineString<f64> {
    v.as_array()
        .map(|pts| {
            pts.iter()
                .filter_map(|p| Some(Coord { x: p.get(0)?.as_f64()?, y: p.get(1)?.as_f64()? }))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into()
}

fn parse_multipolygon(text: &str) -> MultiPolygon<f64> {
    let root: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let polygons = root["features"][0]["geometry"]["coordinates"]
        .as_array()
        .map(|polys| {
            polys
                .iter()
                .filter_map(|rings| {
                    let rings = rings.as_array()?;
                    let (outer, holes) = rings.split_first()?;
                    Some(Polygon::new(ring(outer), holes.iter().map(ring).collect()))
                })
                .collect()
        })
        .unwrap_or_default();
    MultiPolygon(polygons)
}

/// Is a WGS-84 point inside Erqi District? (The boundary is GCJ-02, so the point is shifted first.)
pub fn in_district(lat: f64, lng: f64) -> bool {
    let (x, y) = wgs84_to_gcj02(lng, lat);
    BOUNDARY_GCJ02.contains(&Point::new(x, y))
}

/// A community's point (WGS-84 `(lat, lng)`), **approximate**: the reference data gives communities
/// no coordinates, so each is placed deterministically 300–1200 m from its subdistrict's centroid,
/// inside the boundary. Good enough to start a search or to draw a map; a population file's own
/// point replaces it for access figures.
pub fn community_point(c: &Community) -> (f64, f64) {
    // Every community's subdistrict is in the reference data (tested below); the district's
    // first subdistrict is only a fallback that keeps this total.
    let Some(s) = SUBDISTRICTS.iter().find(|s| s.code == c.subdistrict_code).or(SUBDISTRICTS.first()) else {
        return (0.0, 0.0);
    };
    let (lat, lng) = (s.lat, s.lng);
    // FNV-1a of the code: std's hasher is seeded per process, and the point must not move between runs.
    let seed = c.code.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let mut rng = fastrand::Rng::with_seed(seed);
    for _ in 0..50 {
        let (r, turn) = (300.0 + rng.f64() * 900.0, rng.f64());
        let (a, b) = offset(lat, lng, r, turn);
        if in_district(a, b) {
            return (a, b);
        }
    }
    (lat, lng)
}

/// The point `metres` from (lat, lng) in the direction `turn` (a fraction of a full turn, counter-clockwise
/// from east), along the great circle (haversine, the mean Earth radius).
pub fn offset(lat: f64, lng: f64, metres: f64, turn: f64) -> (f64, f64) {
    let bearing = 90.0 - turn * 360.0;
    let p = Haversine.destination(Point::new(lng, lat), bearing, metres);
    (p.y(), p.x())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_goes_the_distance_in_its_direction() {
        let (lat, lng) = (34.7, 113.6);
        for (turn, metres) in [(0.0, 1000.0), (0.25, 300.0), (0.6, 1200.0)] {
            let (a, b) = offset(lat, lng, metres, turn);
            assert!((crate::geodesy::haversine_m(lat, lng, a, b) - metres).abs() < 1e-6, "{turn} {metres}");
        }
        let (east_lat, east_lng) = offset(lat, lng, 1000.0, 0.0);
        assert!(east_lng > lng && (east_lat - lat).abs() < 1e-5, "a turn of 0 is east");
        let (north_lat, north_lng) = offset(lat, lng, 1000.0, 0.25);
        assert!(north_lat > lat && (north_lng - lng).abs() < 1e-9, "a quarter turn is north");
    }

    #[test]
    fn boundary_and_communities_load() {
        assert!(!BOUNDARY_GCJ02.0.is_empty());
        assert_eq!(COMMUNITIES.len(), 176);
        assert!(COMMUNITIES.iter().all(|c| SUBDISTRICTS.iter().any(|s| s.code == c.subdistrict_code)));
        assert_eq!(COMMUNITIES[0].short_name(), "淮河社区");
        assert!(COMMUNITIES.iter().all(|c| !c.short_name().contains("委")), "every suffix handled");
    }

    #[test]
    fn district_contains_its_centre_and_not_the_city_beyond() {
        // The approximate centroids of three inner subdistricts (长江路, 嵩山路, 侯寨).
        assert!(in_district(34.71548, 113.64366));
        assert!(in_district(34.69875, 113.61733));
        assert!(in_district(34.68282, 113.57075));
        // Zhengzhou East railway station (Zhengdong New District): not Erqi.
        assert!(!in_district(34.7565, 113.7735));
        assert!(!in_district(0.0, 0.0));
    }

    #[test]
    fn community_points_are_inside_near_their_subdistrict_and_stable() {
        for c in COMMUNITIES.iter() {
            let (lat, lng) = community_point(c);
            assert!(in_district(lat, lng), "{} placed outside", c.name);
            let s = SUBDISTRICTS.iter().find(|s| s.code == c.subdistrict_code).expect("subdistrict");
            let d = crate::geodesy::haversine_m(lat, lng, s.lat, s.lng);
            // 300–1200 m away, or the centroid itself when no ring point fell inside.
            assert!(d < 1200.5 && (d > 299.5 || d == 0.0), "{} is {d:.0} m from its centroid", c.name);
            assert_eq!(community_point(c), (lat, lng), "deterministic");
        }
    }
}
