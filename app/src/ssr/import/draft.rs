//! A row as read from a file, before validation; `validate` turns it into a [`Facility`] or a reason.

use crate::geodesy::Crs;
use crate::model::{
    Details, Facility, FacilityKind, FacilityStatus, HolidaySession, LocationBasis, OpeningHours, Ownership, Range,
    ServiceCapacity, ServiceKind,
};

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
fn count(what: &str, service: &str, v: &str) -> Result<i32, String> {
    let t = v.trim();
    match t.parse::<i64>() {
        Ok(n) if n < 0 => Err(format!("{service}: {what} {n} is negative")),
        Ok(n) if n > 1_000_000 => Err(format!("{service}: {what} {n} is implausibly large")),
        Ok(n) => Ok(n as i32),
        Err(_) => Err(format!("{service}: {what} `{t}` is not a whole number")),
    }
}

fn small(what: &str, v: &str, max: u8) -> Result<u8, String> {
    match v.trim().parse::<u8>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!("{what} `{}` must be a whole number from 0 to {max}", v.trim())),
    }
}

fn range(what: &str, (min, max): &(String, String), limit: u8) -> Result<Range, String> {
    let r = Range { min: small(what, min, limit)?, max: small(what, max, limit)? };
    if r.min > r.max {
        return Err(format!("{what} range {}–{} runs backwards", r.min, r.max));
    }
    Ok(r)
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || "._:-".contains(c))
}

impl Draft {
    pub fn validate(self, crs: Crs, now: i64) -> Result<Facility, String> {
        let id = text(&self.id).ok_or("missing id")?;
        if !valid_id(&id) {
            return Err(format!("id `{id}` may only use letters, digits and . _ : - (at most 64)"));
        }
        let name = text(&self.name).ok_or("missing name")?;
        let kind_text = text(&self.kind).ok_or("missing kind")?;
        let kind = FacilityKind::parse(&kind_text).ok_or_else(|| format!("unknown kind `{kind_text}`"))?;
        let (lng, lat) = match (self.lng, self.lat) {
            (Some(lng), Some(lat)) => (lng, lat),
            _ => return Err("missing coordinate".into()),
        };
        if !lng.is_finite() || !lat.is_finite() {
            return Err(format!("coordinate ({lng}, {lat}) is not finite"));
        }
        if !(-180.0..=180.0).contains(&lng) || !(-90.0..=90.0).contains(&lat) {
            return Err(format!("coordinate ({lng}, {lat}) is out of range (lng -180..180, lat -90..90)"));
        }
        let (lng, lat) = crs.to_wgs84(lng, lat);

        let mut services: Vec<ServiceCapacity> = Vec::with_capacity(self.services.len());
        for s in &self.services {
            let name = s.service.trim();
            let service = ServiceKind::parse(name).ok_or_else(|| format!("unknown service `{name}`"))?;
            if services.iter().any(|c| c.service == service) {
                return Err(format!("service `{name}` listed twice"));
            }
            let available = count("available", name, &s.available)?;
            let maximum = count("maximum", name, &s.maximum)?;
            if available > maximum {
                return Err(format!("{name}: available {available} is more than maximum {maximum}"));
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
            Some(o) => Some(Ownership::parse(&o).ok_or_else(|| format!("unknown ownership `{o}`"))?),
        };
        let status = match text(&self.status) {
            None => FacilityStatus::Open,
            Some(s) => FacilityStatus::parse(&s).ok_or_else(|| format!("unknown status `{s}`"))?,
        };
        // Import rows are reported in English (the CLI's and the register report's language).
        self.details.check().map_err(|m| m.render(crate::i18n::Locale::en))?;
        let location_basis = match text(&self.location_basis) {
            None => LocationBasis::Surveyed,
            Some(b) => LocationBasis::parse(&b).ok_or_else(|| format!("unknown location_basis `{b}`"))?,
        };
        let hours =
            OpeningHours::parse(self.hours.as_deref().unwrap_or("")).map_err(|m| m.render(crate::i18n::Locale::en))?;
        let ages = self.ages.as_ref().map(|r| range("age", r, 120)).transpose()?;
        let grades = self.grades.as_ref().map(|r| range("grade", r, 12)).transpose()?;
        let mut sessions = Vec::with_capacity(self.sessions.len());
        for s in self.sessions {
            for d in [&s.start, &s.end] {
                if !crate::calendar::valid_date(d) {
                    return Err(format!("session date `{d}` is not a real YYYY-MM-DD date"));
                }
            }
            if s.start > s.end {
                return Err(format!("session {}..{} ends before it starts", s.start, s.end));
            }
            let grades = range("session grade", &(s.grade_min, s.grade_max), 12)?;
            sessions.push(HolidaySession { name: s.name.trim().to_string(), start: s.start, end: s.end, grades });
        }
        for (what, code) in [("subdistrict_code", &self.subdistrict_code), ("community_code", &self.community_code)] {
            if let Some(c) = text(code)
                && (!c.chars().all(|ch| ch.is_ascii_digit()) || c.len() > 15)
            {
                return Err(format!("{what} `{c}` must be digits"));
            }
        }
        let parent_id = text(&self.parent_id);
        if let Some(p) = &parent_id
            && !valid_id(p)
        {
            return Err(format!("parent_id `{p}` is not a valid id"));
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
            details: self.details,
            sample: self.sample,
        })
    }
}
