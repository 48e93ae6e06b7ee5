//! Facility kinds: stable ids on the wire, labels for people.

use serde::{Deserialize, Serialize};

use super::ServiceKind;

/// What a facility is. The snake_case ids are a public contract (API, import files, URLs).
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
pub enum FacilityKind {
    /// 街道综合养老服务中心: the subdistrict's "big centre".
    ElderlyCenter,
    /// 社区日间照料中心 / 养老服务站: the community's "small centre".
    ElderlyDaycare,
    NursingHome,
    /// 托育机构 / 托育园: infant care, ages 0–3 (the "小" of "一老一小" before kindergarten).
    Nursery,
    Kindergarten,
    PrimarySchool,
    MiddleSchool,
    HolidayCare,
}

/// Which generation a kind serves; one search can cover both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Elder,
    Child,
}

impl FacilityKind {
    pub const ALL: [FacilityKind; <FacilityKind as strum::EnumCount>::COUNT] = [
        FacilityKind::ElderlyCenter,
        FacilityKind::ElderlyDaycare,
        FacilityKind::NursingHome,
        FacilityKind::Nursery,
        FacilityKind::Kindergarten,
        FacilityKind::PrimarySchool,
        FacilityKind::MiddleSchool,
        FacilityKind::HolidayCare,
    ];

    /// Dense index, for per-kind tables.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// What a family means by "free places" at this kind of facility: day care at the elderly centres,
    /// beds at nursing homes, 托位 at nurseries, places at kindergartens, after-school care at schools, holiday places.
    pub const fn main_service(self) -> ServiceKind {
        match self {
            FacilityKind::ElderlyCenter | FacilityKind::ElderlyDaycare => ServiceKind::DayCare,
            FacilityKind::NursingHome => ServiceKind::ResidentialBed,
            FacilityKind::Nursery => ServiceKind::NurseryPlace,
            FacilityKind::Kindergarten => ServiceKind::PreschoolPlace,
            FacilityKind::PrimarySchool | FacilityKind::MiddleSchool => ServiceKind::AfterSchool,
            FacilityKind::HolidayCare => ServiceKind::HolidayCare,
        }
    }

    /// The service whose count registers give as 床位 / 托位 / 学位; schools count no places in CareMap.
    pub const fn counted_places(self) -> Option<ServiceKind> {
        match self {
            FacilityKind::ElderlyCenter | FacilityKind::ElderlyDaycare => Some(ServiceKind::DayCare),
            FacilityKind::NursingHome => Some(ServiceKind::ResidentialBed),
            FacilityKind::Nursery => Some(ServiceKind::NurseryPlace),
            FacilityKind::Kindergarten => Some(ServiceKind::PreschoolPlace),
            FacilityKind::HolidayCare => Some(ServiceKind::HolidayCare),
            FacilityKind::PrimarySchool | FacilityKind::MiddleSchool => None,
        }
    }

    pub const fn audience(self) -> Audience {
        match self {
            FacilityKind::ElderlyCenter | FacilityKind::ElderlyDaycare | FacilityKind::NursingHome => Audience::Elder,
            _ => Audience::Child,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_parse_and_serde() {
        for k in FacilityKind::ALL {
            assert_eq!(FacilityKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).expect("serialise");
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(FacilityKind::ALL[k.index()], k);
        }
        assert_eq!(FacilityKind::parse("hospital"), None);
    }
}
