//! Capacity, free places and freshness over time, rebuilt from the change history.

use serde::{Deserialize, Serialize};

use super::ServiceKind;

/// One value of a target on one day (`YYYY-MM-DD`, Asia/Shanghai).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub day: String,
    pub value: f64,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Default,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// The last 30 days, one value per day.
    #[default]
    Day,
    /// The last 26 weeks, one value per week (its last day).
    Week,
}

impl Granularity {
    /// (how many periods, seconds per period).
    pub const fn span(self) -> (usize, i64) {
        match self {
            Granularity::Day => (30, 86_400),
            Granularity::Week => (26, 7 * 86_400),
        }
    }
}

/// The figures at the end of one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// The period's end (Unix seconds, exclusive: local midnight).
    pub end: i64,
    pub available: i64,
    pub maximum: i64,
    /// Figures fresher than their kind's limit at that moment, of `figures` known then.
    pub fresh: u32,
    pub figures: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceTrend {
    pub service: ServiceKind,
    pub points: Vec<SeriesPoint>,
}

/// One facility's services over the last 30 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityTrend {
    pub facility_id: String,
    pub services: Vec<ServiceTrend>,
}

/// One service summed per subdistrict, for the district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaTrend {
    pub service: ServiceKind,
    pub granularity: Granularity,
    /// `(subdistrict code, name, points)`.
    pub subdistricts: Vec<(String, String, Vec<SeriesPoint>)>,
}
