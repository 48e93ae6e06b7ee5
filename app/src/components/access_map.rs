//! The access map, drawn on the server as SVG: the district boundary, each community as a circle
//! coloured by its access score (hatched when no facility is within the radius), the facilities
//! offering the service, and suggested sites as numbered stars. Needs no JavaScript and prints; the
//! tables beside it (see `access_section`) carry the same figures in words.

use std::sync::LazyLock;

use leptos::prelude::*;

use crate::geodesy::gcj02_to_wgs84;
use crate::model::{AccessReport, SuggestionReport};
use crate::ssr::reference::BOUNDARY_GCJ02;

/// Width of the drawing in SVG units; the height follows the district's shape.
const WIDTH: f64 = 1000.0;
const PAD: f64 = 24.0;
const COMMUNITY_R: f64 = 12.0;

/// Sequential blues for the four score classes, lowest first (ColorBrewer "Blues": tells apart in
/// greyscale and for colour-blind readers). The unserved style is a red outline with red hatching.
pub const CLASS_FILL: [&str; 4] = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];
pub const UNSERVED_STROKE: &str = "#b3261e";
pub const FACILITY_FILL: &str = "#1c1b1f";
pub const STAR_FILL: &str = "#f0b429";

/// The boundary's rings in WGS-84 `(lat, lng)`: published in GCJ-02, drawn in the system everything
/// else is stored in.
pub static BOUNDARY_WGS84: LazyLock<Vec<Vec<(f64, f64)>>> = LazyLock::new(|| {
    BOUNDARY_GCJ02
        .0
        .iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .map(|ring| {
            ring.0
                .iter()
                .map(|c| {
                    let (lng, lat) = gcj02_to_wgs84(c.x, c.y);
                    (lat, lng)
                })
                .collect()
        })
        .collect()
});

/// Equirectangular, with longitude scaled by cos(latitude) at the district's middle: over 20 km
/// the distortion is far below a circle's width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    west: f64,
    north: f64,
    scale: f64,
    cos_lat: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// Fit `points` (`(lat, lng)`) into [`WIDTH`] units across with a margin.
    pub fn fit(points: impl IntoIterator<Item = (f64, f64)>) -> Projection {
        let (mut south, mut north, mut west, mut east) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (lat, lng) in points {
            (south, north, west, east) = (south.min(lat), north.max(lat), west.min(lng), east.max(lng));
        }
        if south > north || west >= east {
            return Projection { west: 0.0, north: 0.0, scale: 1.0, cos_lat: 1.0, width: WIDTH, height: WIDTH };
        }
        let cos_lat = ((south + north) / 2.0).to_radians().cos();
        let scale = (WIDTH - 2.0 * PAD) / ((east - west) * cos_lat);
        let height = (north - south) * scale + 2.0 * PAD;
        Projection { west, north, scale, cos_lat, width: WIDTH, height }
    }

    /// SVG coordinates of a WGS-84 point (y grows southwards).
    pub fn xy(&self, lat: f64, lng: f64) -> (f64, f64) {
        (PAD + (lng - self.west) * self.cos_lat * self.scale, PAD + (self.north - lat) * self.scale)
    }
}

/// Score classes: quartiles of the scores of communities that a facility reaches. (Relative classes:
/// planning norms differ per service, and the question is which communities lag the others.)
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// Lowest and highest score, and the three quartile breaks between them (places per resident).
    pub min: f64,
    pub breaks: [f64; 3],
    pub max: f64,
}

impl Classes {
    /// `None` when no community is reached by any facility: every circle is then "unserved".
    pub fn of(report: &AccessReport) -> Option<Classes> {
        let mut scores: Vec<f64> = report
            .communities
            .iter()
            .filter(|r| r.population > 0 && r.served(report.radius_m))
            .map(|r| r.score)
            .collect();
        scores.sort_by(f64::total_cmp);
        let (&min, &max) = (scores.first()?, scores.last()?);
        let at = |q: f64| scores[((scores.len() - 1) as f64 * q).round() as usize];
        Some(Classes { min, breaks: [at(0.25), at(0.5), at(0.75)], max })
    }

    /// 0 (lowest quarter) to 3 (highest).
    pub fn class(&self, score: f64) -> usize {
        self.breaks.iter().filter(|&&b| score > b).count()
    }

    /// Each class's range, lowest first.
    pub fn ranges(&self) -> [(f64, f64); 4] {
        let [a, b, c] = self.breaks;
        [(self.min, a), (a, b), (b, c), (c, self.max)]
    }
}

pub fn ring_path(ring: &[(f64, f64)], p: &Projection) -> String {
    let mut d = String::new();
    for (i, &(lat, lng)) in ring.iter().enumerate() {
        let (x, y) = p.xy(lat, lng);
        d.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }));
    }
    d.push('Z');
    d
}

/// A five-pointed star of outer radius `r` centred on (x, y).
pub fn star_points(x: f64, y: f64, r: f64) -> String {
    (0..10)
        .map(|i| {
            let radius = if i % 2 == 0 { r } else { r * 0.45 };
            let a = std::f64::consts::PI * (f64::from(i) / 5.0 - 0.5);
            format!("{:.1},{:.1}", x + radius * a.cos(), y + radius * a.sin())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The swatch a legend entry and a circle share.
pub fn swatch_fill(class: Option<usize>) -> String {
    match class {
        Some(c) => CLASS_FILL[c.min(3)].to_string(),
        None => "url(#access-hatch)".to_string(),
    }
}

#[component]
pub fn AccessMap(
    access: AccessReport,
    suggestions: SuggestionReport,
    /// The map's accessible name: what it shows, in the visitor's language.
    label: String,
) -> impl IntoView {
    let projection = Projection::fit(BOUNDARY_WGS84.iter().flatten().copied());
    let p = projection;
    let boundary: String = BOUNDARY_WGS84.iter().map(|r| ring_path(r, &p)).collect();
    let classes = Classes::of(&access);
    let radius = access.radius_m;
    let circles = access
        .communities
        .iter()
        .map(|row| {
            let (x, y) = p.xy(row.lat, row.lng);
            let served = row.served(radius);
            let class = classes.as_ref().filter(|_| served).map(|c| c.class(row.score));
            let (stroke, width, css) =
                if served { ("#1c1b1f", "1", "acc-c") } else { (UNSERVED_STROKE, "2.5", "acc-c acc-none") };
            view! {
                <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r=format!("{COMMUNITY_R}") fill=swatch_fill(class)
                    stroke=stroke stroke-width=width class=css data-code=row.code.clone()>
                    <title>{row.name.clone()}</title>
                </circle>
            }
        })
        .collect_view();
    let facilities = access
        .facilities
        .iter()
        .map(|f| {
            let (x, y) = p.xy(f.lat, f.lng);
            view! {
                <rect class="acc-f" x=format!("{:.1}", x - 4.0) y=format!("{:.1}", y - 4.0) width="8" height="8"
                    fill=FACILITY_FILL stroke="#fff" stroke-width="1.5"/>
            }
        })
        .collect_view();
    let stars = suggestions
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, y) = p.xy(s.lat, s.lng);
            view! {
                <g class="acc-s">
                    <polygon points=star_points(x, y, 18.0) fill=STAR_FILL stroke="#5c3b00" stroke-width="2"/>
                    <text x=format!("{:.1}", x + 20.0) y=format!("{:.1}", y - 10.0) font-size="28" font-weight="700"
                        fill="#1c1b1f" stroke="#fff" stroke-width="5" paint-order="stroke">{(i + 1).to_string()}</text>
                </g>
            }
        })
        .collect_view();
    let aria_label = label.clone();
    view! {
        <svg class="access-map" viewBox=format!("0 0 {:.0} {:.0}", p.width, p.height) role="img" aria-label=aria_label
            preserveAspectRatio="xMidYMid meet">
            <title>{label}</title>
            <defs>
                // "No facility within the radius": hatching, so it reads without colour and on paper.
                // The legend's swatches use it too (ids are document-wide).
                <pattern id="access-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="6" height="6" fill="#fff"/>
                    <line x1="0" y1="0" x2="0" y2="6" stroke=UNSERVED_STROKE stroke-width="3"/>
                </pattern>
            </defs>
            <path d=boundary fill="#f6f2f7" stroke="#4a4458" stroke-width="2" fill-rule="evenodd"/>
            {circles}
            {facilities}
            {stars}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccessRow, ServiceKind};

    fn row(code: &str, score: f64, nearest_m: Option<u32>, population: u32) -> AccessRow {
        AccessRow {
            code: code.into(),
            name: code.into(),
            subdistrict_code: String::new(),
            lat: 34.7,
            lng: 113.6,
            population,
            score,
            nearest_m,
        }
    }

    #[test]
    fn classes_are_quartiles_of_the_served_communities() {
        let report = AccessReport {
            service: ServiceKind::DayCare,
            radius_m: 300,
            population_loaded: true,
            population_sample: false,
            communities: vec![
                row("a", 0.0, None, 50),      // unserved: not in the classes
                row("b", 0.0, Some(900), 50), // a facility, but beyond 300 m: unserved too
                row("c", 0.01, Some(100), 10),
                row("d", 0.02, Some(100), 10),
                row("e", 0.03, Some(100), 10),
                row("f", 0.04, Some(100), 10),
                row("g", 0.05, Some(100), 10),
                row("h", 9.0, Some(100), 0), // nobody to serve: not in the classes
            ],
            facilities: Vec::new(),
        };
        let c = Classes::of(&report).expect("some served");
        // Served scores 0.01..0.05 (five): quartile positions 1, 2, 3 of 0..4.
        assert_eq!((c.min, c.breaks, c.max), (0.01, [0.02, 0.03, 0.04], 0.05));
        let classes: Vec<usize> = [0.01, 0.02, 0.025, 0.03, 0.04, 0.05].iter().map(|&s| c.class(s)).collect();
        assert_eq!(classes, vec![0, 0, 1, 1, 2, 3]);
        let none = AccessReport { communities: vec![row("a", 0.0, None, 5)], ..report };
        assert_eq!(Classes::of(&none), None);
    }

    #[test]
    fn projection_keeps_the_district_in_view_and_north_up() {
        let p = Projection::fit(BOUNDARY_WGS84.iter().flatten().copied());
        for &(lat, lng) in BOUNDARY_WGS84.iter().flatten() {
            let (x, y) = p.xy(lat, lng);
            assert!((PAD - 0.01..=WIDTH - PAD + 0.01).contains(&x), "x {x}");
            assert!((PAD - 0.01..=p.height - PAD + 0.01).contains(&y), "y {y}");
        }
        // Erqi is taller than wide (about 18.5 × 16 km): the drawing is too.
        assert!(p.height > WIDTH && p.height < 1.4 * WIDTH, "{}", p.height);
        // 1 km east and 1 km north are the same length on the drawing (to 0.5 %).
        let (x0, y0) = p.xy(34.70, 113.60);
        let (x1, _) = p.xy(34.70, 113.60 + 1000.0 / (111_195.0 * 34.70f64.to_radians().cos()));
        let (_, y1) = p.xy(34.70 + 1000.0 / 111_195.0, 113.60);
        assert!(y1 < y0, "north is up");
        assert!(((x1 - x0) / (y0 - y1) - 1.0).abs() < 0.005);
    }
}
