//! Services a facility offers; each carries its own capacity figure.

use serde::{Deserialize, Serialize};

use super::FacilityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    DayCare,
    Meals,
    Bathing,
    Rehab,
    Respite,
    ResidentialBed,
    PreschoolPlace,
    SchoolLunch,
    AfterSchool,
    HolidayCare,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 10] = [
        ServiceKind::DayCare,
        ServiceKind::Meals,
        ServiceKind::Bathing,
        ServiceKind::Rehab,
        ServiceKind::Respite,
        ServiceKind::ResidentialBed,
        ServiceKind::PreschoolPlace,
        ServiceKind::SchoolLunch,
        ServiceKind::AfterSchool,
        ServiceKind::HolidayCare,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ServiceKind::DayCare => "day_care",
            ServiceKind::Meals => "meals",
            ServiceKind::Bathing => "bathing",
            ServiceKind::Rehab => "rehab",
            ServiceKind::Respite => "respite",
            ServiceKind::ResidentialBed => "residential_bed",
            ServiceKind::PreschoolPlace => "preschool_place",
            ServiceKind::SchoolLunch => "school_lunch",
            ServiceKind::AfterSchool => "after_school",
            ServiceKind::HolidayCare => "holiday_care",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// HSDS `service_capacity.unit`: what one counted item is.
    pub const fn unit(self) -> &'static str {
        match self {
            ServiceKind::ResidentialBed => "bed",
            ServiceKind::Meals | ServiceKind::SchoolLunch => "meal",
            ServiceKind::Bathing | ServiceKind::Rehab => "slot",
            _ => "place",
        }
    }

    /// The services that make sense for a kind (used by the sample generator and to check imports lightly).
    pub const fn typical_for(kind: FacilityKind) -> &'static [ServiceKind] {
        match kind {
            FacilityKind::ElderlyCenter => &[
                ServiceKind::DayCare,
                ServiceKind::Meals,
                ServiceKind::Bathing,
                ServiceKind::Rehab,
                ServiceKind::Respite,
                ServiceKind::ResidentialBed,
            ],
            FacilityKind::ElderlyDaycare => &[ServiceKind::DayCare, ServiceKind::Meals, ServiceKind::Bathing],
            FacilityKind::NursingHome => &[ServiceKind::ResidentialBed, ServiceKind::Respite, ServiceKind::Rehab],
            FacilityKind::Kindergarten => &[ServiceKind::PreschoolPlace, ServiceKind::AfterSchool],
            FacilityKind::PrimarySchool | FacilityKind::MiddleSchool => {
                &[ServiceKind::SchoolLunch, ServiceKind::AfterSchool]
            }
            FacilityKind::HolidayCare => &[ServiceKind::HolidayCare, ServiceKind::SchoolLunch],
        }
    }
}

impl std::fmt::Display for ServiceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for s in ServiceKind::ALL {
            assert_eq!(ServiceKind::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).expect("json"), format!("\"{}\"", s.as_str()));
        }
        assert_eq!(ServiceKind::parse("Meals"), None);
    }
}
