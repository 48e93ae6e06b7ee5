//! Coverage against the plan, per subdistrict: the big centre, the small centres, and where
//! demand exceeds places.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubdistrictCoverage {
    pub code: String,
    pub name: String,
    /// Its 街道综合养老服务中心, if there is one.
    pub centre: Option<(String, String)>,
    pub communities: u32,
    /// Communities without a 社区日间照料中心 (names).
    pub lacking: Vec<String>,
    /// Services (all kinds) with no free place now, of all services.
    pub full_services: u32,
    pub services: u32,
    /// Residents' "it is full" reports in the last 30 days.
    pub full_reports: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub subdistricts: Vec<SubdistrictCoverage>,
    pub as_of: i64,
}
