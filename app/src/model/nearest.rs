//! The nearest-services query: its raw wire form (every field a string, so that a bad value can be
//! reported by name), its validated form, and its answer.

use serde::{Deserialize, Serialize};

use super::query_params::{finite, flag, present};
use super::{Audience, FacilityKind, Ownership, RecordFilter, ServiceKind};
use crate::error::AppError;
use crate::geodesy::Crs;
use crate::msg;

pub const DEFAULT_LIMIT: u16 = 20;
pub const MAX_LIMIT: u16 = 100;
/// Half the circumference: a larger radius means nothing on a sphere.
pub const MAX_RADIUS_M: f64 = 20_037_508.0;

/// `GET /api/nearest?lat=&lng=&crs=&kind=&service=&available=&limit=&radius_m=` exactly as received.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NearestParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crs: Option<String>,
    /// One kind or a comma-separated list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius_m: Option<String>,
    /// `true` lets figures older than their kind's freshness limit count for `available`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_stale: Option<String>,
    /// `elder`, `child` or `all`: one search for a three-generation household.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// `true`: open at this moment (Asia/Shanghai) and not temporarily closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_now: Option<String>,
    /// A person's age in years: only facilities serving that age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<String>,
    /// A school grade (1–12): schools and holiday sessions taking it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Comma-separated `public`, `inclusive_private`, `private`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<String>,
    /// Holiday dates `YYYY-MM-DD`: holiday childcare with a session overlapping `from`..`to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The register record's filters ([`super::RecordFilter`]): `medical`, `ltc`, `nursing_beds`,
    /// `min_rating`, `inclusive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ltc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nursing_beds: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusive: Option<String>,
    /// Only these top-level fields of each result (comma-separated, or a repeated `fields=`); absent:
    /// every field, the documented shape. Phones ask for less ([`ResultFields`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
}

impl NearestParams {
    /// The `/search` page URL for these parameters (also a valid `/api/nearest` query string).
    pub fn search_href(&self) -> String {
        let q = crate::url_query::query_string([
            ("lat", self.lat.as_deref()),
            ("lng", self.lng.as_deref()),
            ("crs", self.crs.as_deref()),
            ("kind", self.kind.as_deref()),
            ("service", self.service.as_deref()),
            ("available", self.available.as_deref()),
            ("limit", self.limit.as_deref()),
            ("radius_m", self.radius_m.as_deref()),
            ("include_stale", self.include_stale.as_deref()),
            ("audience", self.audience.as_deref()),
            ("open_now", self.open_now.as_deref()),
            ("age", self.age.as_deref()),
            ("grade", self.grade.as_deref()),
            ("ownership", self.ownership.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("medical", self.medical.as_deref()),
            ("ltc", self.ltc.as_deref()),
            ("nursing_beds", self.nursing_beds.as_deref()),
            ("min_rating", self.min_rating.as_deref()),
            ("inclusive", self.inclusive.as_deref()),
        ]);
        format!("/search{q}")
    }
}

/// A validated query; the point is already in WGS-84.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestQuery {
    pub lat: f64,
    pub lng: f64,
    /// Empty means every kind.
    pub kinds: Vec<FacilityKind>,
    /// Facilities offering every one of these (empty: any); `service=a,b` or a repeated `service=`.
    pub services: Vec<ServiceKind>,
    /// Only facilities with free places (in each of `services` if given, else in any service).
    pub available: bool,
    pub limit: u16,
    pub radius_m: Option<f64>,
    pub include_stale: bool,
    pub open_now: bool,
    pub age: Option<u8>,
    pub grade: Option<u8>,
    /// Empty means any ownership.
    pub ownership: Vec<Ownership>,
    /// Holiday dates, inclusive; either end may be open.
    pub dates: Option<(String, String)>,
    pub record: RecordFilter,
    /// `None`: every field of each result (the documented shape).
    pub fields: Option<ResultFields>,
}

impl NearestQuery {
    pub fn new(lat: f64, lng: f64) -> Self {
        NearestQuery {
            lat,
            lng,
            kinds: Vec::new(),
            services: Vec::new(),
            available: false,
            limit: DEFAULT_LIMIT,
            radius_m: None,
            include_stale: false,
            open_now: false,
            age: None,
            grade: None,
            ownership: Vec::new(),
            dates: None,
            record: RecordFilter::default(),
            fields: None,
        }
    }
}

impl TryFrom<&NearestParams> for NearestQuery {
    type Error = AppError;

    fn try_from(p: &NearestParams) -> Result<Self, AppError> {
        let lat = finite("lat", &p.lat)?.ok_or_else(|| AppError::bad_param("lat", msg!(err_required)))?;
        let lng = finite("lng", &p.lng)?.ok_or_else(|| AppError::bad_param("lng", msg!(err_required)))?;
        super::check_point(("lat", "lng"), lat, lng)?;
        let crs = match present(&p.crs) {
            None => Crs::Wgs84,
            Some(s) => Crs::parse(s).ok_or_else(|| AppError::bad_param("crs", msg!(err_unknown_crs, value = s)))?,
        };
        let (lng, lat) = crs.to_wgs84(lng, lat);

        let mut kinds = Vec::new();
        if let Some(list) = present(&p.kind) {
            for k in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                let kind = FacilityKind::parse(k)
                    .ok_or_else(|| AppError::bad_param("kind", msg!(err_unknown_kind, value = k)))?;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        let mut services = Vec::new();
        for s in present(&p.service).unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let service = ServiceKind::parse(s)
                .ok_or_else(|| AppError::bad_param("service", msg!(err_unknown_service, value = s)))?;
            if !services.contains(&service) {
                services.push(service);
            }
        }
        let limit = match present(&p.limit) {
            None => DEFAULT_LIMIT,
            Some(s) => match s.parse::<u16>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(AppError::bad_param(
                        "limit",
                        msg!(err_whole_number, value = s, min = 1, max = MAX_LIMIT),
                    ));
                }
            },
        };
        let radius_m = finite("radius_m", &p.radius_m)?;
        if let Some(r) = radius_m
            && !(r > 0.0 && r <= MAX_RADIUS_M)
        {
            return Err(AppError::bad_param("radius_m", msg!(err_radius, value = r, max = MAX_RADIUS_M)));
        }
        match present(&p.audience) {
            None | Some("all") => {}
            Some(a @ ("elder" | "child")) => {
                let audience = if a == "elder" { Audience::Elder } else { Audience::Child };
                if kinds.is_empty() {
                    kinds = FacilityKind::ALL.into_iter().filter(|k| k.audience() == audience).collect();
                } else {
                    kinds.retain(|k| k.audience() == audience);
                    if kinds.is_empty() {
                        return Err(AppError::bad_param("audience", msg!(err_audience_none, value = a)));
                    }
                }
            }
            Some(other) => {
                return Err(AppError::bad_param("audience", msg!(err_audience, value = other)));
            }
        }
        let small = |field: &'static str, v: &Option<String>, range: std::ops::RangeInclusive<u8>| match present(v) {
            None => Ok(None),
            Some(s) => match s.parse::<u8>() {
                Ok(n) if range.contains(&n) => Ok(Some(n)),
                _ => Err(AppError::bad_param(
                    field,
                    msg!(err_whole_number, value = s, min = *range.start(), max = *range.end()),
                )),
            },
        };
        let mut ownership = Vec::new();
        if let Some(list) = present(&p.ownership) {
            for o in list.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                let o = Ownership::parse(o)
                    .ok_or_else(|| AppError::bad_param("ownership", msg!(err_unknown_ownership, value = o)))?;
                if !ownership.contains(&o) {
                    ownership.push(o);
                }
            }
        }
        let date = |field: &'static str, v: &Option<String>| match present(v) {
            None => Ok(None),
            Some(d) if crate::calendar::valid_date(d) => Ok(Some(d.to_string())),
            Some(d) => Err(AppError::bad_param(field, msg!(err_not_a_date, value = d))),
        };
        let dates = match (date("from", &p.from)?, date("to", &p.to)?) {
            (None, None) => None,
            (from, to) => {
                let from = from.unwrap_or_else(|| "0000-01-01".into());
                let to = to.unwrap_or_else(|| "9999-12-31".into());
                if from > to {
                    return Err(AppError::bad_param("to", msg!(err_dates_order, from = &from, to = &to)));
                }
                Some((from, to))
            }
        };
        Ok(NearestQuery {
            lat,
            lng,
            kinds,
            services,
            available: flag("available", &p.available)?,
            limit,
            radius_m,
            include_stale: flag("include_stale", &p.include_stale)?,
            open_now: flag("open_now", &p.open_now)?,
            age: small("age", &p.age, 0..=120)?,
            grade: small("grade", &p.grade, 1..=12)?,
            ownership,
            dates,
            record: RecordFilter::from_params(p)?,
            fields: ResultFields::parse(&p.fields)?,
        })
    }
}

/// A result's own fields, before its facility's: `{"distance_m":…,"stale_after_s":…,"id":…,…}`.
pub const RESULT_OWN_FIELDS: [&str; 2] = ["distance_m", "stale_after_s"];

/// A [`Facility`](super::Facility)'s top-level fields as serde writes them, in order (a test checks this
/// against serde): the rest of a result's fields, and what `fields=` may name besides the two above.
pub const FACILITY_FIELDS: [&str; 22] = [
    "id",
    "name",
    "kind",
    "ownership",
    "status",
    "subdistrict_code",
    "community_code",
    "parent_id",
    "address",
    "phone",
    "lat",
    "lng",
    "location_basis",
    "hours",
    "ages",
    "grades",
    "sessions",
    "services",
    "fees",
    "accessibility",
    "details",
    "sample",
];

/// `fields=id,name,distance_m`: which top-level fields of each result to send. Bit `i` is
/// `RESULT_OWN_FIELDS[i]` for the first two, then `FACILITY_FIELDS[i - 2]`. Whatever order they are
/// asked in, they come in a result's usual order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultFields(u32);

const _: () = assert!(RESULT_OWN_FIELDS.len() + FACILITY_FIELDS.len() <= u32::BITS as usize);

impl ResultFields {
    /// `None` when the parameter is absent or names nothing (every field); a 400 naming `fields` for a
    /// name that is not a result's field.
    pub fn parse(v: &Option<String>) -> Result<Option<Self>, AppError> {
        let mut bits = 0u32;
        for name in present(v).unwrap_or("").split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let i = RESULT_OWN_FIELDS
                .iter()
                .chain(FACILITY_FIELDS.iter())
                .position(|f| *f == name)
                .ok_or_else(|| AppError::bad_param("fields", msg!(err_unknown_result_field, value = name)))?;
            bits |= 1 << i;
        }
        Ok((bits != 0).then_some(ResultFields(bits)))
    }

    /// Every field: the same answer as no `fields=` at all.
    pub fn all() -> Self {
        ResultFields((1 << (RESULT_OWN_FIELDS.len() + FACILITY_FIELDS.len())) - 1)
    }

    pub fn distance_m(self) -> bool {
        self.0 & 1 != 0
    }

    pub fn stale_after_s(self) -> bool {
        self.0 & 2 != 0
    }

    /// Whether `FACILITY_FIELDS[i]` is asked for.
    pub fn facility_field(self, i: usize) -> bool {
        i < FACILITY_FIELDS.len() && self.0 & (1 << (i + RESULT_OWN_FIELDS.len())) != 0
    }
}

#[cfg(test)]
mod tests;
