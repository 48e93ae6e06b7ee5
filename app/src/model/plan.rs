//! The district plan's targets as live numbers (`GET /api/admin/plan`).

use serde::{Deserialize, Serialize};

use super::TrendPoint;

/// A target of the plan. The snake_case ids are a public contract (API, exports).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum TargetId {
    /// Subdistricts with an open comprehensive elderly-care centre / all subdistricts.
    SubdistrictCentres,
    /// Communities with an open day-care centre / all communities.
    CommunityDaycare,
    /// Preschool places in public and inclusive private kindergartens / all preschool places.
    InclusivePreschoolShare,
    /// Preschool places in public kindergartens / all preschool places.
    PublicPreschoolShare,
    /// Primary and middle schools offering school lunch / all of them.
    SchoolLunchShare,
    /// Primary and middle schools offering after-school service / all of them.
    AfterSchoolShare,
    /// Holiday-care places per 100 pupils aged 6–14.
    #[serde(rename = "holiday_care_places_per_100_pupils")]
    #[strum(serialize = "holiday_care_places_per_100_pupils")]
    HolidayCarePlacesPer100Pupils,
    /// Nursing-care beds / residents' beds in nursing homes and comprehensive centres (from their records).
    NursingBedShare,
}

impl TargetId {
    pub const ALL: [TargetId; <TargetId as strum::EnumCount>::COUNT] = [
        TargetId::SubdistrictCentres,
        TargetId::CommunityDaycare,
        TargetId::InclusivePreschoolShare,
        TargetId::PublicPreschoolShare,
        TargetId::SchoolLunchShare,
        TargetId::AfterSchoolShare,
        TargetId::HolidayCarePlacesPer100Pupils,
        TargetId::NursingBedShare,
    ];

    /// A share (shown as a percentage) rather than a rate.
    pub const fn is_share(self) -> bool {
        !matches!(self, TargetId::HolidayCarePlacesPer100Pupils)
    }

    /// What the plan asks for: full coverage for the two networks and school services (the district
    /// plan's 全覆盖); for preschool, the national 14th five-year goals (普惠性幼儿园覆盖率 ≥ 85 %, 公办园在园
    /// 幼儿占比 ≥ 50 %, approximated here by places); for elderly care the national 14th five-year goal
    /// 养老机构护理型床位占比 ≥ 55 %. Holiday care has no numeric goal in the plan.
    pub const fn goal(self) -> Option<f64> {
        match self {
            TargetId::SubdistrictCentres
            | TargetId::CommunityDaycare
            | TargetId::SchoolLunchShare
            | TargetId::AfterSchoolShare => Some(1.0),
            TargetId::InclusivePreschoolShare => Some(0.85),
            TargetId::PublicPreschoolShare => Some(0.5),
            TargetId::NursingBedShare => Some(0.55),
            TargetId::HolidayCarePlacesPer100Pupils => None,
        }
    }
}

/// One facility, community or subdistrict behind a target's numerator or its gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetMember {
    /// A facility id, a community code or a subdistrict code.
    pub id: String,
    pub name: String,
    /// `facility`, `community` or `subdistrict`.
    pub what: String,
    /// Places it counts with, where the target counts places.
    #[serde(default)]
    pub places: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub id: TargetId,
    /// numerator / denominator (× 100 for a rate); `None` when the denominator is 0 or unknown
    /// (e.g. no population imported).
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    pub goal: Option<f64>,
    /// Behind the numerator.
    pub members: Vec<TargetMember>,
    /// What is missing: subdistricts, communities or facilities not counted in the numerator.
    pub gap: Vec<TargetMember>,
    /// Daily values recorded so far (oldest first).
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub as_of: i64,
    /// False until a population file has been imported (the per-pupil rate is then unknown).
    pub population_loaded: bool,
    pub targets: Vec<PlanTarget>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for t in TargetId::ALL {
            assert_eq!(TargetId::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_string(&t).expect("json"), format!("\"{}\"", t.as_str()));
        }
    }
}
