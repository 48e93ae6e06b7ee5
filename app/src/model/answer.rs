//! What the server answers: nearest results and a facility page's data.

use serde::{Deserialize, Serialize};

use super::Facility;

/// One result: the facility and how far it is from the query point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearestResult {
    pub distance_m: u32,
    /// A figure older than this many seconds is shown as possibly out of date.
    pub stale_after_s: i64,
    #[serde(flatten)]
    pub facility: Facility,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearestResponse {
    pub results: Vec<NearestResult>,
    /// Server time of the answer (Unix seconds): ages are measured from it.
    pub as_of: i64,
    /// The query point in WGS-84, after any conversion from `crs`.
    pub lat: f64,
    pub lng: f64,
}

/// A facility page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityDetail {
    pub facility: Facility,
    pub stale_after_s: i64,
    pub as_of: i64,
    /// For a community day-care centre: its big centre's name.
    pub parent_name: Option<String>,
}
