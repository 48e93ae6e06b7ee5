//! Reference geography of Erqi: the district boundary and the 176 communities (server only).

use std::sync::LazyLock;

use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use serde_json::Value;

use crate::geodesy::wgs84_to_gcj02;

const BOUNDARY_GEOJSON: &str = include_str!("../../../data/reference/erqi-district.gcj02.geojson");
const COMMUNITIES_CSV: &str = include_str!("../../../data/reference/erqi-communities.csv");

#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub code: &'static str,
    pub name: &'static str,
    pub subdistrict_code: &'static str,
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

pub static COMMUNITIES: LazyLock<Vec<Community>> = LazyLock::new(|| {
    COMMUNITIES_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.split(',');
            Some(Community { code: f.next()?, name: f.next()?, subdistrict_code: f.next()?.trim() })
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::SUBDISTRICTS;

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
}
