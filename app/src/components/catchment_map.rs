//! Catchments drawn on the server as SVG, with the access map's projection and district boundary:
//! primary schools' areas in blue, middle schools' in orange, 多校划片 areas dashed, holes cut out
//! (even-odd fill), and optional marks (a school, unmarked overlaps). Needs no JavaScript and prints.

use leptos::prelude::*;

use super::access_map::{BOUNDARY_WGS84, Projection, ring_path};
use crate::model::{CatchmentPolygon, FacilityKind};

const PRIMARY: &str = "#2b6cb0";
const MIDDLE: &str = "#c05621";
pub const OVERLAP: &str = "#b3261e";

/// What to fit the drawing to: the whole district, or the shapes themselves (a school's page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    District,
    Shapes,
}

#[component]
pub fn CatchmentMap(
    polygons: Vec<CatchmentPolygon>,
    /// Points to mark (WGS-84 `(lat, lng)`) and their colour.
    marks: Vec<(f64, f64, &'static str)>,
    fit: Fit,
    label: String,
) -> impl IntoView {
    let shape_points = polygons.iter().flat_map(|p| p.rings.iter().flatten().copied());
    let p = match fit {
        Fit::Shapes => Projection::fit(shape_points.chain(marks.iter().map(|&(lat, lng, _)| (lat, lng)))),
        Fit::District => Projection::fit(BOUNDARY_WGS84.iter().flatten().copied()),
    };
    let boundary: String = BOUNDARY_WGS84.iter().map(|r| ring_path(r, &p)).collect();
    let areas = polygons
        .iter()
        .map(|poly| {
            let colour = if poly.kind == Some(FacilityKind::MiddleSchool) { MIDDLE } else { PRIMARY };
            let d: String = poly.rings.iter().map(|r| ring_path(r, &p)).collect();
            let dash = if poly.multi_school { "8 5" } else { "none" };
            view! {
                <path d=d fill=colour fill-opacity="0.18" fill-rule="evenodd" stroke=colour stroke-width="2"
                    stroke-dasharray=dash data-school=poly.school_id.clone()/>
            }
        })
        .collect_view();
    let dots = marks
        .iter()
        .map(|&(lat, lng, colour)| {
            let (x, y) = p.xy(lat, lng);
            view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="9" fill=colour stroke="#fff" stroke-width="2"/> }
        })
        .collect_view();
    view! {
        <svg class="catchment-map" viewBox=format!("0 0 {:.0} {:.0}", p.width, p.height) role="img" aria-label=label>
            <path d=boundary fill="none" stroke="#79747e" stroke-width="2"/>
            {areas}
            {dots}
        </svg>
    }
}
