//! Database rows and their conversion to the shared model. Rows never leave the server.

use std::collections::HashMap;

use crate::model::{
    Facility, FacilityKind, FacilityStatus, HolidaySession, LocationBasis, OpeningHours, Ownership, Range,
    ServiceCapacity, ServiceKind,
};

#[derive(sqlx::FromRow)]
pub(super) struct FacilityRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub ownership: Option<String>,
    pub status: String,
    pub subdistrict_code: Option<String>,
    pub community_code: Option<String>,
    pub parent_id: Option<String>,
    pub address: String,
    pub phone: String,
    pub lat: f64,
    pub lng: f64,
    pub location_basis: String,
    pub hours: String,
    pub age_min: Option<i32>,
    pub age_max: Option<i32>,
    pub grade_min: Option<i32>,
    pub grade_max: Option<i32>,
    pub fees: Option<String>,
    pub accessibility: Option<String>,
    pub details: String,
    pub sample: bool,
}

/// `CapacityRow`'s columns, in its order: every query that reads one names them through this (a literal, so
/// that `concat!` can build the query text at compile time).
macro_rules! capacity_columns {
    () => {
        "facility_id, service, available, maximum, updated_at, version"
    };
}
pub(super) use capacity_columns;

#[derive(sqlx::FromRow)]
pub(super) struct CapacityRow {
    pub facility_id: String,
    pub service: String,
    pub available: i32,
    pub maximum: i32,
    pub updated_at: i64,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
pub(super) struct SessionRow {
    pub facility_id: String,
    pub name: String,
    pub start_date: String,
    pub end_date: String,
    pub grade_min: i32,
    pub grade_max: i32,
}

pub(super) const FACILITY_COLUMNS: &str = "id, name, kind, ownership, status, subdistrict_code, community_code, \
     parent_id, address, phone, lat, lng, location_basis, hours, age_min, age_max, grade_min, grade_max, fees, accessibility, details, sample";

fn range(min: Option<i32>, max: Option<i32>) -> Option<Range> {
    match (min, max) {
        (Some(min), Some(max)) => Some(Range { min: clamp_u8(min), max: clamp_u8(max) }),
        _ => None,
    }
}

fn clamp_u8(v: i32) -> u8 {
    v.clamp(0, i32::from(u8::MAX)) as u8
}

impl CapacityRow {
    /// `None` for a service id this build does not know (written by a newer version): skipped, not fatal.
    pub fn into_model(self) -> Option<ServiceCapacity> {
        Some(ServiceCapacity {
            service: ServiceKind::parse(&self.service)?,
            available: self.available,
            maximum: self.maximum,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

impl SessionRow {
    pub fn into_model(self) -> HolidaySession {
        HolidaySession {
            name: self.name,
            start: self.start_date,
            end: self.end_date,
            grades: Range { min: clamp_u8(self.grade_min), max: clamp_u8(self.grade_max) },
        }
    }
}

impl FacilityRow {
    /// Rows were validated on the way in; an unknown kind (from a newer build) drops the row with a log line.
    pub fn into_model(self, services: Vec<ServiceCapacity>, sessions: Vec<HolidaySession>) -> Option<Facility> {
        let Some(kind) = FacilityKind::parse(&self.kind) else {
            tracing::warn!(id = %self.id, kind = %self.kind, "skipping facility of unknown kind");
            return None;
        };
        Some(Facility {
            id: self.id,
            name: self.name,
            kind,
            ownership: self.ownership.as_deref().and_then(Ownership::parse),
            status: FacilityStatus::parse(&self.status).unwrap_or_default(),
            subdistrict_code: self.subdistrict_code,
            community_code: self.community_code,
            parent_id: self.parent_id,
            address: self.address,
            phone: self.phone,
            lat: self.lat,
            lng: self.lng,
            location_basis: LocationBasis::parse(&self.location_basis).unwrap_or_default(),
            hours: OpeningHours::parse(&self.hours).unwrap_or_default(),
            ages: range(self.age_min, self.age_max),
            grades: range(self.grade_min, self.grade_max),
            sessions,
            services,
            fees: self.fees,
            accessibility: self.accessibility,
            // Written by this code from a checked `Details`; an unreadable value (a newer build's) reads as none.
            details: serde_json::from_str(&self.details).unwrap_or_default(),
            sample: self.sample,
        })
    }
}

/// Join facilities with their capacity and session rows (each list sorted however the database liked).
pub(super) fn assemble(
    facilities: Vec<FacilityRow>,
    capacities: Vec<CapacityRow>,
    sessions: Vec<SessionRow>,
) -> Vec<Facility> {
    let mut caps: HashMap<String, Vec<ServiceCapacity>> = HashMap::new();
    for row in capacities {
        let id = row.facility_id.clone();
        if let Some(cap) = row.into_model() {
            caps.entry(id).or_default().push(cap);
        }
    }
    let mut sess: HashMap<String, Vec<HolidaySession>> = HashMap::new();
    for row in sessions {
        sess.entry(row.facility_id.clone()).or_default().push(row.into_model());
    }
    facilities
        .into_iter()
        .filter_map(|row| {
            let mut services = caps.remove(&row.id).unwrap_or_default();
            services.sort_by_key(|s| s.service);
            let sessions = sess.remove(&row.id).unwrap_or_default();
            row.into_model(services, sessions)
        })
        .collect()
}
