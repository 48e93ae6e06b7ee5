//! Residents per community by the age groups services are planned for (the demand side of access).

use serde::{Deserialize, Serialize};

/// The age groups a population file counts. Children's groups follow the stages of care and school
/// (nursery, kindergarten, primary, middle school); older people's the 60+ and 80+ thresholds of elderly-care policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    #[serde(rename = "age_0_2")]
    Age0To2,
    #[serde(rename = "age_3_5")]
    Age3To5,
    #[serde(rename = "age_6_11")]
    Age6To11,
    #[serde(rename = "age_12_14")]
    Age12To14,
    #[serde(rename = "age_60_plus")]
    Age60Plus,
    #[serde(rename = "age_80_plus")]
    Age80Plus,
}

impl AgeGroup {
    /// In the order of a population file's columns.
    pub const ALL: [AgeGroup; 6] = [
        AgeGroup::Age0To2,
        AgeGroup::Age3To5,
        AgeGroup::Age6To11,
        AgeGroup::Age12To14,
        AgeGroup::Age60Plus,
        AgeGroup::Age80Plus,
    ];

    /// The id on the wire and the column name in population files.
    pub const fn as_str(self) -> &'static str {
        match self {
            AgeGroup::Age0To2 => "age_0_2",
            AgeGroup::Age3To5 => "age_3_5",
            AgeGroup::Age6To11 => "age_6_11",
            AgeGroup::Age12To14 => "age_12_14",
            AgeGroup::Age60Plus => "age_60_plus",
            AgeGroup::Age80Plus => "age_80_plus",
        }
    }

    pub fn parse(s: &str) -> Option<AgeGroup> {
        AgeGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// One community's residents. `lat`/`lng` (WGS-84) are given when the source knows a better point
/// than the community's approximate one; both or neither.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommunityPopulation {
    pub code: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub age_0_2: u32,
    pub age_3_5: u32,
    pub age_6_11: u32,
    pub age_12_14: u32,
    pub age_60_plus: u32,
    pub age_80_plus: u32,
    /// Made-up figures shipped with CareMap, labelled as such.
    pub sample: bool,
}

impl CommunityPopulation {
    pub fn get(&self, group: AgeGroup) -> u32 {
        match group {
            AgeGroup::Age0To2 => self.age_0_2,
            AgeGroup::Age3To5 => self.age_3_5,
            AgeGroup::Age6To11 => self.age_6_11,
            AgeGroup::Age12To14 => self.age_12_14,
            AgeGroup::Age60Plus => self.age_60_plus,
            AgeGroup::Age80Plus => self.age_80_plus,
        }
    }

    /// The residents in any of `groups` (the groups a service is planned for never overlap).
    pub fn sum(&self, groups: &[AgeGroup]) -> u32 {
        groups.iter().map(|&g| self.get(g)).fold(0, u32::saturating_add)
    }

    /// The point the file gave, if it gave one.
    pub fn point(&self) -> Option<(f64, f64)> {
        self.lat.zip(self.lng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_the_file_columns() {
        for g in AgeGroup::ALL {
            assert_eq!(AgeGroup::parse(g.as_str()), Some(g));
            assert_eq!(serde_json::to_string(&g).expect("json"), format!("\"{}\"", g.as_str()));
        }
        let ids: Vec<&str> = AgeGroup::ALL.iter().map(|g| g.as_str()).collect();
        assert_eq!(ids.join(","), "age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus,age_80_plus");
    }

    #[test]
    fn get_and_sum_read_the_right_columns() {
        let p = CommunityPopulation {
            code: "410103001001".into(),
            lat: None,
            lng: None,
            age_0_2: 1,
            age_3_5: 2,
            age_6_11: 30,
            age_12_14: 400,
            age_60_plus: 5000,
            age_80_plus: 60_000,
            sample: false,
        };
        assert_eq!(p.get(AgeGroup::Age12To14), 400);
        assert_eq!(p.sum(&[AgeGroup::Age6To11, AgeGroup::Age12To14]), 430);
        assert_eq!(p.sum(&[AgeGroup::Age80Plus]), 60_000);
        assert_eq!(p.point(), None);
    }
}
