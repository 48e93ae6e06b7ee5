//! The district's review of a year: communities in no primary (or no middle) catchment, and overlaps
//! between schools of the same kind that the import did not mark as 多校划片.
//!
//! An overlap counts as marked when every shape taking part carries `"multi_school": true`. Primary and
//! middle catchments overlapping is normal (a child goes to one of each). A community listed under two
//! schools (CSV) is taken as deliberate: a list names each school explicitly.

use geo::{Area, BooleanOps, BoundingRect, Intersects};

use super::YearView;
use crate::model::{CommunityPopulation, FacilityKind};
use crate::ssr::reference::{COMMUNITIES, Community, community_point};

/// Overlaps smaller than this (m²) are where two neighbours' boundaries were digitised slightly
/// differently, not a shared area.
const MIN_OVERLAP_M2: f64 = 100.0;

/// Square metres per square degree at Erqi's latitude (≈ 34.7°N): 111.32 km × 91.5 km.
const M2_PER_DEG2: f64 = 111_320.0 * 91_530.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    pub kind: FacilityKind,
    pub school_a: String,
    pub school_b: String,
    pub area_m2: f64,
    /// A point inside the shared area (WGS-84 `(lat, lng)`), to mark it on the map.
    pub at: (f64, f64),
}

/// A community in no catchment of a kind, and its children of that school age (`None`: no population).
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub community: &'static Community,
    pub children: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Most children first (communities without figures last), then by code.
    pub no_primary: Vec<Gap>,
    pub no_middle: Vec<Gap>,
    pub unmarked_overlaps: Vec<Overlap>,
}

/// `kind_of` tells each school's kind (from the facility list). A community is placed at its population
/// file's point when `population` gives one, else at its approximate reference point.
pub fn review(
    view: &YearView,
    kind_of: &dyn Fn(&str) -> Option<FacilityKind>,
    population: &[CommunityPopulation],
) -> Review {
    let row = |c: &Community| population.iter().find(|p| p.code == c.code);
    let covered = |c: &Community, kind: FacilityKind| {
        let (lat, lng) = row(c).and_then(CommunityPopulation::point).unwrap_or_else(|| community_point(c));
        let by_shape =
            view.polygons_at(lat, lng).into_iter().any(|(s, _)| kind_of(&view.data.shapes[s].school_id) == Some(kind));
        by_shape || view.listed_schools(c.code).iter().any(|id| kind_of(id) == Some(kind))
    };
    let gaps = |kind: FacilityKind| {
        let mut out: Vec<Gap> = COMMUNITIES
            .iter()
            .filter(|c| !covered(c, kind))
            .map(|c| Gap {
                community: c,
                children: row(c).map(|p| if kind == FacilityKind::MiddleSchool { p.age_12_14 } else { p.age_6_11 }),
            })
            .collect();
        out.sort_by_key(|g| (std::cmp::Reverse(g.children), g.community.code));
        out
    };
    Review {
        no_primary: gaps(FacilityKind::PrimarySchool),
        no_middle: gaps(FacilityKind::MiddleSchool),
        unmarked_overlaps: overlaps(view, kind_of),
    }
}

fn overlaps(view: &YearView, kind_of: &dyn Fn(&str) -> Option<FacilityKind>) -> Vec<Overlap> {
    let shapes = &view.data.shapes;
    let mut out: Vec<Overlap> = Vec::new();
    for (i, a) in shapes.iter().enumerate() {
        for b in &shapes[i + 1..] {
            let kind = kind_of(&a.school_id);
            if a.school_id == b.school_id || (a.multi_school && b.multi_school) || kind != kind_of(&b.school_id) {
                continue;
            }
            let (Some(ra), Some(rb)) = (a.area.bounding_rect(), b.area.bounding_rect()) else { continue };
            if !ra.intersects(&rb) {
                continue;
            }
            let shared = a.area.intersection(&b.area);
            let area_m2 = shared.unsigned_area() * M2_PER_DEG2;
            let (Some(kind), true) = (kind, area_m2 >= MIN_OVERLAP_M2) else { continue };
            let at = geo::InteriorPoint::interior_point(&shared).map_or((0.0, 0.0), |p| (p.y(), p.x()));
            let (x, y) = if a.school_id < b.school_id { (a, b) } else { (b, a) };
            match out.iter_mut().find(|o| o.school_a == x.school_id && o.school_b == y.school_id) {
                Some(o) => o.area_m2 += area_m2,
                None => out.push(Overlap {
                    kind,
                    school_a: x.school_id.clone(),
                    school_b: y.school_id.clone(),
                    area_m2,
                    at,
                }),
            }
        }
    }
    out
}

/// The communities of a school in words: those it lists, and those whose point lies in its shapes.
pub fn communities_in(view: &YearView, school_id: &str) -> Vec<&'static Community> {
    let mut out = view.communities_of(school_id);
    for c in COMMUNITIES.iter() {
        let (lat, lng) = community_point(c);
        let inside = view.polygons_at(lat, lng).into_iter().any(|(s, _)| view.data.shapes[s].school_id == school_id);
        if inside && !out.iter().any(|o| o.code == c.code) {
            out.push(c);
        }
    }
    out.sort_by_key(|c| c.code);
    out
}
