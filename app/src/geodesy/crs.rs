//! WGS-84 ⇄ GCJ-02 ⇄ BD-09. CareMap stores WGS-84; the other two appear only at the edges
//! (query points from Chinese web maps, imports, navigation links, Amap tiles).
//! All functions take and return `(lng, lat)` in degrees.

use std::f64::consts::PI;

use serde::{Deserialize, Serialize};

/// Krasovsky 1940 semi-major axis and eccentricity², as used by the published GCJ-02 algorithm.
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;
const X_PI: f64 = PI * 3000.0 / 180.0;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum Crs {
    #[default]
    Wgs84,
    Gcj02,
    Bd09,
}

impl Crs {
    /// How people name it (`WGS-84`, `GCJ-02`, `BD-09`): the same in both languages.
    pub const fn label(self) -> &'static str {
        match self {
            Crs::Wgs84 => "WGS-84",
            Crs::Gcj02 => "GCJ-02",
            Crs::Bd09 => "BD-09",
        }
    }

    /// Convert a point in this system to WGS-84.
    pub fn to_wgs84(self, lng: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 => (lng, lat),
            Crs::Gcj02 => gcj02_to_wgs84(lng, lat),
            Crs::Bd09 => {
                let (g_lng, g_lat) = bd09_to_gcj02(lng, lat);
                gcj02_to_wgs84(g_lng, g_lat)
            }
        }
    }

    /// Convert a WGS-84 point into this system.
    pub fn from_wgs84(self, lng: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 => (lng, lat),
            Crs::Gcj02 => wgs84_to_gcj02(lng, lat),
            Crs::Bd09 => {
                let (g_lng, g_lat) = wgs84_to_gcj02(lng, lat);
                gcj02_to_bd09(g_lng, g_lat)
            }
        }
    }
}

/// China's rough bounding box: the GCJ-02 offset applies only inside it, and imports refuse points
/// outside it (usually lat and lng swapped).
pub fn outside_china(lng: f64, lat: f64) -> bool {
    !(73.66..=135.05).contains(&lng) || !(3.86..=53.55).contains(&lat)
}

fn shift_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn shift_lng(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

pub fn wgs84_to_gcj02(lng: f64, lat: f64) -> (f64, f64) {
    if outside_china(lng, lat) {
        return (lng, lat);
    }
    let d_lat = shift_lat(lng - 105.0, lat - 35.0);
    let d_lng = shift_lng(lng - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lng = (d_lng * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI);
    (lng + d_lng, lat + d_lat)
}

/// GCJ-02 has no closed-form inverse: iterate the forward shift until it lands on the input
/// (converges to well under a millimetre in a handful of steps).
pub fn gcj02_to_wgs84(lng: f64, lat: f64) -> (f64, f64) {
    if outside_china(lng, lat) {
        return (lng, lat);
    }
    let (mut w_lng, mut w_lat) = (lng, lat);
    for _ in 0..30 {
        let (g_lng, g_lat) = wgs84_to_gcj02(w_lng, w_lat);
        let (e_lng, e_lat) = (g_lng - lng, g_lat - lat);
        w_lng -= e_lng;
        w_lat -= e_lat;
        if e_lng.abs() < 1e-12 && e_lat.abs() < 1e-12 {
            break;
        }
    }
    (w_lng, w_lat)
}

pub fn gcj02_to_bd09(lng: f64, lat: f64) -> (f64, f64) {
    let z = (lng * lng + lat * lat).sqrt() + 0.000_02 * (lat * X_PI).sin();
    let theta = lat.atan2(lng) + 0.000_003 * (lng * X_PI).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

pub fn bd09_to_gcj02(lng: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lng - 0.0065, lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.000_02 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000_003 * (x * X_PI).cos();
    (z * theta.cos(), z * theta.sin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::haversine_m;

    fn close(a: (f64, f64), b: (f64, f64), eps: f64) -> bool {
        (a.0 - b.0).abs() < eps && (a.1 - b.1).abs() < eps
    }

    // Vectors from shared/reference/README.md (copied to data/reference/README.md).
    #[test]
    fn wgs84_to_gcj02_matches_reference_vectors() {
        assert!(close(wgs84_to_gcj02(116.404, 39.915), (116.41024449916938, 39.91640428150164), 1e-9));
        assert!(close(wgs84_to_gcj02(121.5272106, 31.1774276), (121.531541859215, 31.17530398364597), 1e-9));
    }

    #[test]
    fn baidu_vectors() {
        assert!(close(gcj02_to_bd09(116.404, 39.915), (116.41036949371029, 39.92133699351021), 1e-9));
        assert!(close(bd09_to_gcj02(116.404, 39.915), (116.39762729119315, 39.90865673957631), 1e-9));
    }

    #[test]
    fn gcj02_inverse_is_within_half_a_metre() {
        let (lng, lat) = gcj02_to_wgs84(116.41024449916938, 39.91640428150164);
        assert!(haversine_m(lat, lng, 39.915, 116.404) < 0.5);
        let (lng, lat) = gcj02_to_wgs84(121.531541859215, 31.17530398364597);
        assert!(haversine_m(lat, lng, 31.1774276, 121.5272106) < 0.5);
    }

    #[test]
    fn round_trips_across_erqi() {
        // A grid over the district's bounding box.
        for i in 0..20 {
            for j in 0..20 {
                let (lng, lat) = (113.45 + 0.01 * f64::from(i), 34.60 + 0.01 * f64::from(j));
                for crs in [Crs::Gcj02, Crs::Bd09] {
                    let (x, y) = crs.from_wgs84(lng, lat);
                    let (back_lng, back_lat) = crs.to_wgs84(x, y);
                    assert!(haversine_m(lat, lng, back_lat, back_lng) < 0.5, "{crs:?} at {lng},{lat}");
                }
            }
        }
    }

    #[test]
    fn no_offset_outside_china() {
        assert_eq!(wgs84_to_gcj02(2.35, 48.85), (2.35, 48.85));
        assert_eq!(gcj02_to_wgs84(-0.12, 51.5), (-0.12, 51.5));
    }

    #[test]
    fn crs_ids() {
        for c in [Crs::Wgs84, Crs::Gcj02, Crs::Bd09] {
            assert_eq!(Crs::parse(c.as_str()), Some(c));
        }
        assert_eq!(Crs::parse("WGS84"), None);
    }
}
