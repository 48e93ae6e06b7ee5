//! What the map view is given: everything already in the base map's coordinate system.

use serde::{Deserialize, Serialize};

use crate::geodesy::Crs;

/// A tile source for the base map. Which one is configuration (`--tiles`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tiles {
    /// Leaflet URL templates, drawn in order (e.g. Tianditu's map and its labels).
    pub urls: Vec<String>,
    pub subdomains: String,
    pub attribution: String,
    #[serde(rename = "maxZoom")]
    pub max_zoom: u8,
    /// The system the tiles are drawn in: markers are shifted into it for display.
    #[serde(skip)]
    pub crs: Crs,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapMarker {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub short: String,
    pub lat: f64,
    pub lng: f64,
    pub distance: String,
    pub free: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapLabels {
    pub you: String,
    #[serde(rename = "searchHere")]
    pub search_here: String,
    pub details: String,
    /// Shown when the base map's tiles fail to load (offline, blocked): the markers still work.
    #[serde(rename = "tilesFailed")]
    pub tiles_failed: String,
    /// A cluster of markers: `{n}` facilities here (tap to zoom in).
    pub cluster: String,
}

/// The JSON `map.js` receives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub center: [f64; 2],
    pub user: Option<[f64; 2]>,
    pub tiles: Option<Tiles>,
    pub results: Vec<MapMarker>,
    pub labels: MapLabels,
}
