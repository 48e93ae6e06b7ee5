//! Links that open a navigation app at a facility, each in the coordinate system it expects.

use crate::geodesy::Crs;
use crate::url_query::url_encode as enc;

/// Amap (高德) takes GCJ-02.
pub fn amap_url(lat: f64, lng: f64, name: &str) -> String {
    let (x, y) = Crs::Gcj02.from_wgs84(lng, lat);
    format!("https://uri.amap.com/marker?position={x:.6},{y:.6}&name={}&coordinate=gaode&callnative=1", enc(name))
}

/// Baidu takes BD-09 (`coord_type=bd09ll`).
pub fn baidu_url(lat: f64, lng: f64, name: &str) -> String {
    let (x, y) = Crs::Bd09.from_wgs84(lng, lat);
    format!(
        "https://api.map.baidu.com/marker?location={y:.6},{x:.6}&title={}&content={}&output=html&coord_type=bd09ll&src=caremap",
        enc(name),
        enc(name)
    )
}

/// Apple Maps shows Chinese map data in GCJ-02 inside China and plain WGS-84 elsewhere; the GCJ-02
/// shift is the identity outside China, so one conversion serves both.
pub fn apple_url(lat: f64, lng: f64, name: &str) -> String {
    let (x, y) = Crs::Gcj02.from_wgs84(lng, lat);
    format!("https://maps.apple.com/?ll={y:.6},{x:.6}&q={}", enc(name))
}

/// `tel:` link with only the characters a dialler understands.
pub fn tel_url(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::{gcj02_to_bd09, wgs84_to_gcj02};

    #[test]
    fn amap_gets_gcj02() {
        let url = amap_url(39.915, 116.404, "测试");
        assert!(
            url.starts_with("https://uri.amap.com/marker?position=116.410244,39.916404&name=%E6%B5%8B%E8%AF%95"),
            "{url}"
        );
    }

    #[test]
    fn baidu_gets_bd09_lat_first() {
        let (gx, gy) = wgs84_to_gcj02(116.404, 39.915);
        let (bx, by) = gcj02_to_bd09(gx, gy);
        let url = baidu_url(39.915, 116.404, "A B");
        assert!(url.contains(&format!("location={by:.6},{bx:.6}&title=A%20B")), "{url}");
        assert!(url.contains("coord_type=bd09ll"));
    }

    #[test]
    fn apple_gets_gcj02_in_china_and_wgs84_abroad() {
        assert!(apple_url(39.915, 116.404, "x").contains("ll=39.916404,116.410244"));
        assert!(apple_url(48.8566, 2.3522, "x").contains("ll=48.856600,2.352200"));
    }

    #[test]
    fn tel_keeps_digits() {
        assert_eq!(tel_url("0371-6123 4567"), "tel:037161234567");
    }
}
