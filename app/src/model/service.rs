//! Services a facility offers; each carries its own capacity figure.

use serde::{Deserialize, Serialize};

use super::{AgeGroup, FacilityKind};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::Display,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    DayCare,
    Meals,
    Bathing,
    Rehab,
    Respite,
    ResidentialBed,
    /// A 托位 at a nursery (ages 0–3).
    NurseryPlace,
    PreschoolPlace,
    SchoolLunch,
    AfterSchool,
    HolidayCare,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; <ServiceKind as strum::EnumCount>::COUNT] = [
        ServiceKind::DayCare,
        ServiceKind::Meals,
        ServiceKind::Bathing,
        ServiceKind::Rehab,
        ServiceKind::Respite,
        ServiceKind::ResidentialBed,
        ServiceKind::NurseryPlace,
        ServiceKind::PreschoolPlace,
        ServiceKind::SchoolLunch,
        ServiceKind::AfterSchool,
        ServiceKind::HolidayCare,
    ];

    /// HSDS `service_capacity.unit`: what one counted item is.
    pub const fn unit(self) -> &'static str {
        match self {
            ServiceKind::ResidentialBed => "bed",
            ServiceKind::Meals | ServiceKind::SchoolLunch => "meal",
            ServiceKind::Bathing | ServiceKind::Rehab => "slot",
            _ => "place",
        }
    }

    /// The unit as Chinese registers count it (HSDS `unit.name`): beds for stays, 托位 for care
    /// places, 学位 for kindergarten places, 人次 (person-times) for meals and sessions.
    pub const fn unit_label_zh(self) -> &'static str {
        match self {
            ServiceKind::ResidentialBed | ServiceKind::Respite => "床位",
            ServiceKind::DayCare | ServiceKind::NurseryPlace | ServiceKind::AfterSchool | ServiceKind::HolidayCare => {
                "托位"
            }
            ServiceKind::PreschoolPlace => "学位",
            ServiceKind::Meals | ServiceKind::SchoolLunch | ServiceKind::Bathing | ServiceKind::Rehab => "人次",
        }
    }

    /// Who a service is planned for and how far they should have to go: the age groups whose
    /// residents make its demand, and the radius d0 in metres (GB 50180-2018 living circles: 5 minutes
    /// ≈ 300 m, 10 minutes ≈ 500 m, 15 minutes ≈ 1000 m). The one home of this rule.
    pub const fn demand(self) -> (&'static [AgeGroup], u32) {
        match self {
            ServiceKind::DayCare | ServiceKind::Meals | ServiceKind::Bathing => (&[AgeGroup::Age60Plus], 300),
            ServiceKind::Rehab | ServiceKind::Respite => (&[AgeGroup::Age60Plus], 1000),
            ServiceKind::ResidentialBed => (&[AgeGroup::Age80Plus], 1000),
            // Infant care is carried or pushed there: the 5-minute circle, as for kindergartens.
            ServiceKind::NurseryPlace => (&[AgeGroup::Age0To2], 300),
            ServiceKind::PreschoolPlace => (&[AgeGroup::Age3To5], 300),
            ServiceKind::SchoolLunch | ServiceKind::AfterSchool | ServiceKind::HolidayCare => {
                (&[AgeGroup::Age6To11, AgeGroup::Age12To14], 500)
            }
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
            FacilityKind::Nursery => &[ServiceKind::NurseryPlace],
            FacilityKind::Kindergarten => &[ServiceKind::PreschoolPlace, ServiceKind::AfterSchool],
            FacilityKind::PrimarySchool | FacilityKind::MiddleSchool => {
                &[ServiceKind::SchoolLunch, ServiceKind::AfterSchool]
            }
            FacilityKind::HolidayCare => &[ServiceKind::HolidayCare, ServiceKind::SchoolLunch],
        }
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

    #[test]
    fn demand_groups_and_radius_per_service() {
        use AgeGroup::*;
        let want: [(ServiceKind, &[AgeGroup], u32); 11] = [
            (ServiceKind::DayCare, &[Age60Plus], 300),
            (ServiceKind::Meals, &[Age60Plus], 300),
            (ServiceKind::Bathing, &[Age60Plus], 300),
            (ServiceKind::Rehab, &[Age60Plus], 1000),
            (ServiceKind::Respite, &[Age60Plus], 1000),
            (ServiceKind::ResidentialBed, &[Age80Plus], 1000),
            (ServiceKind::NurseryPlace, &[Age0To2], 300),
            (ServiceKind::PreschoolPlace, &[Age3To5], 300),
            (ServiceKind::SchoolLunch, &[Age6To11, Age12To14], 500),
            (ServiceKind::AfterSchool, &[Age6To11, Age12To14], 500),
            (ServiceKind::HolidayCare, &[Age6To11, Age12To14], 500),
        ];
        for (service, groups, radius) in want {
            assert_eq!(service.demand(), (groups, radius), "{service}");
        }
    }
}
