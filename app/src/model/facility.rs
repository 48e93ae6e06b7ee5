//! A facility (HSDS location + organisation) with its services and their capacity.

use serde::{Deserialize, Serialize};

use super::{DetailsBox, FacilityKind, LocationBasis, OpeningHours, ServiceCapacity, ServiceKind};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    Public,
    InclusivePrivate,
    Private,
    /// 公建民营: built with public money, run by a private operator under contract.
    PublicPrivate,
}

impl Ownership {
    pub const ALL: [Ownership; <Ownership as strum::EnumCount>::COUNT] =
        [Ownership::Public, Ownership::InclusivePrivate, Ownership::Private, Ownership::PublicPrivate];
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
pub enum FacilityStatus {
    #[default]
    Open,
    TemporarilyClosed,
    /// No longer operating (for example dropped from the district's register): kept for the record,
    /// never offered to families.
    Closed,
}

impl FacilityStatus {
    pub const ALL: [FacilityStatus; <FacilityStatus as strum::EnumCount>::COUNT] =
        [FacilityStatus::Open, FacilityStatus::TemporarilyClosed, FacilityStatus::Closed];
}

/// An inclusive range, in years of age or in school grades (1–9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u8,
    pub max: u8,
}

impl Range {
    pub fn contains(self, v: u8) -> bool {
        self.min <= v && v <= self.max
    }
}

/// A holiday childcare session: dates are ISO `YYYY-MM-DD`, inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidaySession {
    pub name: String,
    pub start: String,
    pub end: String,
    pub grades: Range,
}

impl HolidaySession {
    /// True when the session shares at least one day with `[from, to]` (ISO dates compare as strings).
    pub fn overlaps(&self, from: &str, to: &str) -> bool {
        self.start.as_str() <= to && from <= self.end.as_str()
    }
}

/// One facility as the client sees it. Coordinates are WGS-84.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    pub id: String,
    pub name: String,
    pub kind: FacilityKind,
    /// `None` when the source did not say.
    #[serde(default)]
    pub ownership: Option<Ownership>,
    #[serde(default)]
    pub status: FacilityStatus,
    #[serde(default)]
    pub subdistrict_code: Option<String>,
    #[serde(default)]
    pub community_code: Option<String>,
    /// For a community day-care centre: its subdistrict's big centre.
    #[serde(default)]
    pub parent_id: Option<String>,
    pub address: String,
    pub phone: String,
    pub lat: f64,
    pub lng: f64,
    /// How the point was found; approximate points are shown as such.
    #[serde(default)]
    pub location_basis: LocationBasis,
    #[serde(default)]
    pub hours: OpeningHours,
    /// Ages served, in years.
    #[serde(default)]
    pub ages: Option<Range>,
    /// School grades served (1–9).
    #[serde(default)]
    pub grades: Option<Range>,
    #[serde(default)]
    pub sessions: Vec<HolidaySession>,
    #[serde(default)]
    pub services: Vec<ServiceCapacity>,
    #[serde(default)]
    pub fees: Option<String>,
    #[serde(default)]
    pub accessibility: Option<String>,
    /// What the register record says beyond the above (beds by type, rating, 普惠 year …); boxed, and
    /// only when there is any, since most records have none.
    #[serde(default)]
    pub details: DetailsBox,
    /// Made-up data shipped with CareMap, labelled as such in the UI.
    #[serde(default)]
    pub sample: bool,
}

impl Facility {
    pub fn service(&self, service: ServiceKind) -> Option<&ServiceCapacity> {
        self.services.iter().find(|s| s.service == service)
    }

    pub fn service_mut(&mut self, service: ServiceKind) -> Option<&mut ServiceCapacity> {
        self.services.iter_mut().find(|s| s.service == service)
    }

    /// A facility with only what a test names (open, no services, in the middle of the district);
    /// tests fill in the rest with struct update syntax.
    #[cfg(test)]
    pub fn for_test(id: &str, kind: FacilityKind) -> Facility {
        Facility {
            id: id.into(),
            name: format!("name of {id}"),
            kind,
            ownership: None,
            status: FacilityStatus::Open,
            subdistrict_code: None,
            community_code: None,
            parent_id: None,
            address: String::new(),
            phone: String::new(),
            lat: 34.7155,
            lng: 113.6437,
            location_basis: LocationBasis::Surveyed,
            hours: OpeningHours::default(),
            ages: None,
            grades: None,
            sessions: Vec::new(),
            services: Vec::new(),
            fees: None,
            accessibility: None,
            details: DetailsBox::default(),
            sample: false,
        }
    }
}
