//! Shapes from a file's datum to WGS-84, at the edge. A datum shift moves every point differently, so a
//! long straight edge would, once only its ends are shifted, cut across the true (shifted) edge: edges
//! longer than [`MAX_EDGE_M`] are first split so that each shifted piece stays within 1 m of the truth.

use geo::{Coord, LineString, Polygon};

use crate::geodesy::{Crs, haversine_m};

/// GCJ-02's shortest wave is ~1/3° of longitude (≈ 30 km) with ≈ 20 m amplitude, so a 500 m chord bends away
/// from the true shifted curve by well under a centimetre; tests check the 1 m bound on long edges.
pub const MAX_EDGE_M: f64 = 500.0;

/// The ring with extra points on every edge longer than `max_m` (equal steps in lng/lat), ends kept.
pub fn densify(ring: &LineString<f64>, max_m: f64) -> LineString<f64> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for pair in ring.0.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = haversine_m(a.y, a.x, b.y, b.x);
        let pieces = (length / max_m).ceil().max(1.0) as usize;
        for i in 0..pieces {
            let t = i as f64 / pieces as f64;
            out.push(Coord { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
        }
    }
    if let Some(last) = ring.0.last() {
        out.push(*last);
    }
    LineString(out)
}

/// A polygon given in `crs`, densified and shifted to WGS-84 (unchanged when it already is WGS-84).
pub fn to_wgs84(polygon: &Polygon<f64>, crs: Crs) -> Polygon<f64> {
    if crs == Crs::Wgs84 {
        return polygon.clone();
    }
    let shift = |ring: &LineString<f64>| -> LineString<f64> {
        densify(ring, MAX_EDGE_M)
            .0
            .into_iter()
            .map(|c| {
                let (x, y) = crs.to_wgs84(c.x, c.y);
                Coord { x, y }
            })
            .collect()
    };
    Polygon::new(shift(polygon.exterior()), polygon.interiors().iter().map(shift).collect())
}
