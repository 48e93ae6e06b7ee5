//! A row as read from a file, before validation; `validate` turns it into a [`Facility`] or a reason.

use crate::geodesy::Crs;
use crate::message::Message;
use crate::model::{
    Details, Facility, FacilityKind, FacilityStatus, HolidaySession, LocationBasis, OpeningHours, Ownership, Range,
    ServiceCapacity, ServiceKind,
};
use crate::msg;

/// A service figure as read: numbers stay text until validated so the error can quote them.
#[derive(Debug, Clone, Default)]
pub struct DraftService {
    pub service: String,
    pub available: String,
    pub maximum: String,
    pub updated_at: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct DraftSession {
    pub name: String,
    pub start: String,
    pub end: String,
    pub grade_min: String,
    pub grade_max: String,
}

#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub lng: Option<f64>,
    pub lat: Option<f64>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub services: Vec<DraftService>,
    pub ownership: Option<String>,
    pub status: Option<String>,
    pub location_basis: Option<String>,
    pub subdistrict_code: Option<String>,
    pub community_code: Option<String>,
    pub parent_id: Option<String>,
    pub hours: Option<String>,
    pub ages: Option<(String, String)>,
    pub grades: Option<(String, String)>,
    pub sessions: Vec<DraftSession>,
    pub fees: Option<String>,
    pub accessibility: Option<String>,
    pub details: Details,
    pub sample: bool,
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A whole, non-negative number of places.
fn count(what: Message, service: &str, v: &str) -> Result<i32, Message> {
    let t = v.trim();
    match t.parse::<i64>() {
        Ok(n) if n < 0 => Err(msg!(err_imp_count_negative, service = service, what = what, n = n)),
        Ok(n) if n > 1_000_000 => Err(msg!(err_imp_count_too_large, service = service, what = what, n = n)),
        Ok(n) => Ok(n as i32),
        Err(_) => Err(msg!(err_imp_count_not_whole, service = service, what = what, value = t)),
    }
}

fn small(what: &Message, v: &str, max: u8) -> Result<u8, Message> {
    match v.trim().parse::<u8>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(msg!(err_imp_small_range, what = what.clone(), value = v.trim(), max = max)),
    }
}

fn range(what: Message, (min, max): &(String, String), limit: u8) -> Result<Range, Message> {
    let r = Range { min: small(&what, min, limit)?, max: small(&what, max, limit)? };
    if r.min > r.max {
        return Err(msg!(err_imp_range_backwards, what = what, min = r.min, max = r.max));
    }
    Ok(r)
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || "._:-".contains(c))
}

impl Draft {
    pub fn validate(self, crs: Crs, now: i64) -> Result<Facility, Message> {
        let id = text(&self.id).ok_or_else(|| msg!(err_imp_missing_id))?;
        if !valid_id(&id) {
            return Err(msg!(err_imp_bad_id, id = &id));
        }
        let name = text(&self.name).ok_or_else(|| msg!(err_imp_missing_name))?;
        let kind_text = text(&self.kind).ok_or_else(|| msg!(err_imp_missing_kind))?;
        let kind = FacilityKind::parse(&kind_text).ok_or_else(|| msg!(err_imp_unknown_kind, value = &kind_text))?;
        let (lng, lat) = match (self.lng, self.lat) {
            (Some(lng), Some(lat)) => (lng, lat),
            _ => return Err(msg!(err_imp_missing_coordinate)),
        };
        if !lng.is_finite() || !lat.is_finite() {
            return Err(msg!(err_imp_coordinate_not_finite, lng = lng, lat = lat));
        }
        if !(-180.0..=180.0).contains(&lng) || !(-90.0..=90.0).contains(&lat) {
            return Err(msg!(err_imp_coordinate_range, lng = lng, lat = lat));
        }
        let (lng, lat) = crs.to_wgs84(lng, lat);

        let mut services: Vec<ServiceCapacity> = Vec::with_capacity(self.services.len());
        for s in &self.services {
            let name = s.service.trim();
            let service = ServiceKind::parse(name).ok_or_else(|| msg!(err_imp_unknown_service, value = name))?;
            if services.iter().any(|c| c.service == service) {
                return Err(msg!(err_imp_service_twice, value = name));
            }
            let available = count(msg!(err_imp_available), name, &s.available)?;
            let maximum = count(msg!(err_imp_maximum), name, &s.maximum)?;
            if available > maximum {
                return Err(msg!(err_imp_available_over_max, service = name, available = available, maximum = maximum));
            }
            services.push(ServiceCapacity {
                service,
                available,
                maximum,
                updated_at: s.updated_at.unwrap_or(now),
                version: 1,
            });
        }
        services.sort_by_key(|s| s.service);

        let ownership = match text(&self.ownership) {
            None => None,
            Some(o) => Some(Ownership::parse(&o).ok_or_else(|| msg!(err_imp_unknown_ownership, value = &o))?),
        };
        let status = match text(&self.status) {
            None => FacilityStatus::Open,
            Some(s) => FacilityStatus::parse(&s).ok_or_else(|| msg!(err_imp_unknown_status, value = &s))?,
        };
        self.details.check()?;
        let location_basis = match text(&self.location_basis) {
            None => LocationBasis::Surveyed,
            Some(b) => LocationBasis::parse(&b).ok_or_else(|| msg!(err_imp_unknown_location_basis, value = &b))?,
        };
        let hours = OpeningHours::parse(self.hours.as_deref().unwrap_or(""))?;
        let ages = self.ages.as_ref().map(|r| range(msg!(err_imp_age), r, 120)).transpose()?;
        let grades = self.grades.as_ref().map(|r| range(msg!(err_imp_grade), r, 12)).transpose()?;
        let mut sessions = Vec::with_capacity(self.sessions.len());
        for s in self.sessions {
            for d in [&s.start, &s.end] {
                if !crate::calendar::valid_date(d) {
                    return Err(msg!(err_imp_session_date, value = d));
                }
            }
            if s.start > s.end {
                return Err(msg!(err_imp_session_backwards, start = &s.start, end = &s.end));
            }
            let grades = range(msg!(err_imp_session_grade), &(s.grade_min, s.grade_max), 12)?;
            sessions.push(HolidaySession { name: s.name.trim().to_string(), start: s.start, end: s.end, grades });
        }
        for (what, code) in [("subdistrict_code", &self.subdistrict_code), ("community_code", &self.community_code)] {
            if let Some(c) = text(code)
                && (!c.chars().all(|ch| ch.is_ascii_digit()) || c.len() > 15)
            {
                return Err(msg!(err_imp_code_digits, what = what, value = c));
            }
        }
        let parent_id = text(&self.parent_id);
        if let Some(p) = &parent_id
            && !valid_id(p)
        {
            return Err(msg!(err_imp_bad_parent_id, value = p));
        }
        Ok(Facility {
            id,
            name,
            kind,
            ownership,
            status,
            subdistrict_code: text(&self.subdistrict_code),
            community_code: text(&self.community_code),
            parent_id,
            address: text(&self.address).unwrap_or_default(),
            phone: text(&self.phone).unwrap_or_default(),
            lat,
            lng,
            location_basis,
            hours,
            ages,
            grades,
            sessions,
            services,
            fees: text(&self.fees),
            accessibility: text(&self.accessibility),
            details: self.details.into(),
            sample: self.sample,
        })
    }
}
