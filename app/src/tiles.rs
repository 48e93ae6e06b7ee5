//! Base-map tile providers. Which one is configuration (`caremap serve --tiles`); the server puts
//! the choice in the rendering context and the map view reads it from there.

use leptos::prelude::use_context;

use crate::geodesy::Crs;
use crate::model::Tiles;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// No base map: markers only (also what a family sees when tiles are blocked or offline).
    None,
    /// OpenStreetMap's own tiles: for development.
    Osm,
    /// Amap (高德): GCJ-02, so markers are shifted for display.
    Amap,
    /// Tianditu (天地图), the official base map: CGCS2000 ≈ WGS-84; needs a key.
    Tianditu,
}

impl Provider {
    pub fn parse(s: &str) -> Option<Provider> {
        match s {
            "none" => Some(Provider::None),
            "osm" => Some(Provider::Osm),
            "amap" => Some(Provider::Amap),
            "tianditu" => Some(Provider::Tianditu),
            _ => None,
        }
    }

    /// The tiles to draw, or `None` for no base map.
    pub fn tiles(self, key: Option<&str>) -> Option<Tiles> {
        match self {
            Provider::None => None,
            Provider::Osm => Some(Tiles {
                urls: vec!["https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()],
                subdomains: "abc".into(),
                attribution: "© OpenStreetMap contributors".into(),
                max_zoom: 19,
                crs: Crs::Wgs84,
            }),
            Provider::Amap => Some(Tiles {
                urls: vec![
                    "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
                        .into(),
                ],
                subdomains: "1234".into(),
                attribution: "© 高德地图".into(),
                max_zoom: 18,
                crs: Crs::Gcj02,
            }),
            Provider::Tianditu => {
                let key = key.unwrap_or("");
                let layer = |name: &str| {
                    format!(
                        "https://t{{s}}.tianditu.gov.cn/{name}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={name}\
                         &STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
                    )
                };
                Some(Tiles {
                    urls: vec![layer("vec"), layer("cva")],
                    subdomains: "01234567".into(),
                    attribution: "© 天地图".into(),
                    max_zoom: 18,
                    crs: Crs::Wgs84,
                })
            }
        }
    }
}

/// Put in the rendering context by the server.
#[derive(Debug, Clone, Default)]
pub struct SiteTiles(pub Option<Tiles>);

pub fn configured() -> Option<Tiles> {
    use_context::<SiteTiles>().and_then(|t| t.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_say_their_coordinate_system() {
        assert_eq!(Provider::parse("amap").and_then(|p| p.tiles(None)).map(|t| t.crs), Some(Crs::Gcj02));
        assert_eq!(Provider::parse("osm").and_then(|p| p.tiles(None)).map(|t| t.crs), Some(Crs::Wgs84));
        let tdt = Provider::Tianditu.tiles(Some("KEY")).expect("tiles");
        assert!(tdt.urls.iter().all(|u| u.ends_with("tk=KEY")) && tdt.urls.len() == 2);
        assert_eq!(Provider::parse("none").and_then(|p| p.tiles(None)), None);
        assert_eq!(Provider::parse("google"), None);
    }
}
