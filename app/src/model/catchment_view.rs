//! What the pages show of catchments: a year's notice, a school's catchment, the district's review.

use serde::{Deserialize, Serialize};

use super::FacilityKind;

/// A year's notice from the education bureau (authoritative) and whether the year is made up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearNotice {
    pub year: i32,
    pub source_url: Option<String>,
    pub source_text: Option<String>,
    pub sample: bool,
}

/// One polygon of a school's catchment, rings as WGS-84 `(lat, lng)`, outer ring first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatchmentPolygon {
    pub school_id: String,
    pub kind: Option<FacilityKind>,
    pub multi_school: bool,
    pub rings: Vec<Vec<(f64, f64)>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommunityName {
    pub code: String,
    pub name: String,
    /// In the review: the community's children of the school's age (6–11 primary, 12–14 middle), when a
    /// population has been imported.
    pub children: Option<u32>,
}

/// A school's page: its catchment of the latest year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolCatchment {
    pub notice: YearNotice,
    /// The school's point (WGS-84), marked on the map.
    pub lat: f64,
    pub lng: f64,
    pub polygons: Vec<CatchmentPolygon>,
    /// Listed by the bureau, or with their (approximate) point inside the school's shapes.
    pub communities: Vec<CommunityName>,
}

/// An overlap of two schools of one kind that the import did not mark as 多校划片.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverlapRow {
    pub school_a: String,
    pub school_b: String,
    pub area_m2: f64,
    pub lat: f64,
    pub lng: f64,
}

/// The district admins' view of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatchmentReview {
    pub notice: YearNotice,
    pub years: Vec<i32>,
    pub polygons: Vec<CatchmentPolygon>,
    pub schools: usize,
    pub no_primary: Vec<CommunityName>,
    pub no_middle: Vec<CommunityName>,
    pub overlaps: Vec<OverlapRow>,
}
