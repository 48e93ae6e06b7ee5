//! The nearest-services query: its raw wire form (every field a string, so that a bad value can be
//! reported by name), its validated form, and its answer.

use serde::{Deserialize, Serialize};

use super::{Facility, FacilityKind, ServiceKind};
use crate::error::AppError;
use crate::geodesy::Crs;

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
}

impl NearestParams {
    /// The `/search` page URL for these parameters (also a valid `/api/nearest` query string).
    pub fn search_href(&self) -> String {
        let q = crate::format::query_string([
            ("lat", self.lat.as_deref()),
            ("lng", self.lng.as_deref()),
            ("crs", self.crs.as_deref()),
            ("kind", self.kind.as_deref()),
            ("service", self.service.as_deref()),
            ("available", self.available.as_deref()),
            ("limit", self.limit.as_deref()),
            ("radius_m", self.radius_m.as_deref()),
            ("include_stale", self.include_stale.as_deref()),
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
    pub service: Option<ServiceKind>,
    /// Only facilities with free places (in `service` if given, else in any service).
    pub available: bool,
    pub limit: u16,
    pub radius_m: Option<f64>,
    pub include_stale: bool,
}

impl NearestQuery {
    pub fn new(lat: f64, lng: f64) -> Self {
        NearestQuery {
            lat,
            lng,
            kinds: Vec::new(),
            service: None,
            available: false,
            limit: DEFAULT_LIMIT,
            radius_m: None,
            include_stale: false,
        }
    }
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn finite(field: &'static str, v: &Option<String>) -> Result<Option<f64>, AppError> {
    match present(v) {
        None => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(AppError::bad_param(field, format!("`{s}` is not a finite number"))),
        },
    }
}

fn flag(field: &'static str, v: &Option<String>) -> Result<bool, AppError> {
    match present(v) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("on") => Ok(true),
        Some(s) => Err(AppError::bad_param(field, format!("`{s}` must be true or false"))),
    }
}

impl TryFrom<&NearestParams> for NearestQuery {
    type Error = AppError;

    fn try_from(p: &NearestParams) -> Result<Self, AppError> {
        let lat = finite("lat", &p.lat)?.ok_or_else(|| AppError::bad_param("lat", "is required"))?;
        let lng = finite("lng", &p.lng)?.ok_or_else(|| AppError::bad_param("lng", "is required"))?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(AppError::bad_param("lat", format!("{lat} is outside -90..90")));
        }
        if !(-180.0..=180.0).contains(&lng) {
            return Err(AppError::bad_param("lng", format!("{lng} is outside -180..180")));
        }
        let crs = match present(&p.crs) {
            None => Crs::Wgs84,
            Some(s) => Crs::parse(s)
                .ok_or_else(|| AppError::bad_param("crs", format!("unknown `{s}` (use wgs84, gcj02 or bd09)")))?,
        };
        let (lng, lat) = crs.to_wgs84(lng, lat);

        let mut kinds = Vec::new();
        if let Some(list) = present(&p.kind) {
            for k in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                let kind =
                    FacilityKind::parse(k).ok_or_else(|| AppError::bad_param("kind", format!("unknown kind `{k}`")))?;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        let service = present(&p.service)
            .map(|s| {
                ServiceKind::parse(s).ok_or_else(|| AppError::bad_param("service", format!("unknown service `{s}`")))
            })
            .transpose()?;
        let limit = match present(&p.limit) {
            None => DEFAULT_LIMIT,
            Some(s) => match s.parse::<u16>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(AppError::bad_param(
                        "limit",
                        format!("`{s}` must be a whole number from 1 to {MAX_LIMIT}"),
                    ));
                }
            },
        };
        let radius_m = finite("radius_m", &p.radius_m)?;
        if let Some(r) = radius_m
            && !(r > 0.0 && r <= MAX_RADIUS_M)
        {
            return Err(AppError::bad_param("radius_m", format!("{r} must be above 0 and at most {MAX_RADIUS_M}")));
        }
        Ok(NearestQuery {
            lat,
            lng,
            kinds,
            service,
            available: flag("available", &p.available)?,
            limit,
            radius_m,
            include_stale: flag("include_stale", &p.include_stale)?,
        })
    }
}

/// One result: the facility and how far it is from the query point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearestResult {
    pub distance_m: u32,
    /// A figure older than this many seconds is shown as possibly out of date.
    pub stale_after_s: i64,
    #[serde(flatten)]
    pub facility: Facility,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearestResponse {
    pub results: Vec<NearestResult>,
    /// Server time of the answer (Unix seconds): ages are measured from it.
    pub as_of: i64,
    /// The query point in WGS-84, after any conversion from `crs`.
    pub lat: f64,
    pub lng: f64,
}

/// A facility page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityDetail {
    pub facility: Facility,
    pub stale_after_s: i64,
    pub as_of: i64,
    /// For a community day-care centre: its big centre's name.
    pub parent_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> NearestParams {
        let mut p = NearestParams::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "lat" => p.lat = v,
                "lng" => p.lng = v,
                "crs" => p.crs = v,
                "kind" => p.kind = v,
                "service" => p.service = v,
                "available" => p.available = v,
                "limit" => p.limit = v,
                "radius_m" => p.radius_m = v,
                "include_stale" => p.include_stale = v,
                _ => panic!("unknown test key"),
            }
        }
        p
    }

    fn field_of(p: &NearestParams) -> String {
        match NearestQuery::try_from(p) {
            Err(AppError::BadRequest { field, .. }) => field,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn accepts_a_full_query() {
        let q = NearestQuery::try_from(&params(&[
            ("lat", "34.72"),
            ("lng", "113.63"),
            ("kind", "kindergarten,primary_school,kindergarten"),
            ("service", "after_school"),
            ("available", "true"),
            ("limit", "5"),
            ("radius_m", "1500"),
        ]))
        .expect("valid");
        assert_eq!(q.kinds, vec![FacilityKind::Kindergarten, FacilityKind::PrimarySchool]);
        assert_eq!(q.service, Some(ServiceKind::AfterSchool));
        assert!(q.available);
        assert_eq!((q.limit, q.radius_m), (5, Some(1500.0)));
    }

    #[test]
    fn converts_the_query_point_to_wgs84() {
        let q = NearestQuery::try_from(&params(&[
            ("lat", "39.91640428150164"),
            ("lng", "116.41024449916938"),
            ("crs", "gcj02"),
        ]))
        .expect("valid");
        assert!((q.lat - 39.915).abs() < 1e-6 && (q.lng - 116.404).abs() < 1e-6);
    }

    #[test]
    fn names_the_bad_parameter() {
        assert_eq!(field_of(&params(&[("lng", "113.6")])), "lat");
        assert_eq!(field_of(&params(&[("lat", "NaN"), ("lng", "113.6")])), "lat");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "inf")])), "lng");
        assert_eq!(field_of(&params(&[("lat", "91"), ("lng", "113.6")])), "lat");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "-181")])), "lng");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("crs", "utm")])), "crs");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("kind", "hospital")])), "kind");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("service", "x")])), "service");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("limit", "0")])), "limit");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("limit", "101")])), "limit");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("radius_m", "-5")])), "radius_m");
        assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("available", "maybe")])), "available");
    }
}
