//! Access to a service per community (two-step floating catchment area), and where a new facility
//! would reach the most people not yet served. Answers of `/api/admin/access` and `/api/admin/suggest`.

use serde::{Deserialize, Serialize};

use super::ServiceKind;
use crate::error::AppError;

/// `radius_m=` overrides a service's planning radius within these bounds (metres): beyond 20 km the
/// whole district is one catchment and the measure says nothing.
pub const MAX_ACCESS_RADIUS_M: u32 = 20_000;
/// How many sites `/api/admin/suggest` proposes unless `n=` says otherwise, and at most.
pub const DEFAULT_SUGGESTIONS: u8 = 5;
pub const MAX_SUGGESTIONS: u8 = 20;

/// One community's access to the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessRow {
    pub code: String,
    pub name: String,
    pub subdistrict_code: String,
    /// The point distances were measured from (WGS-84): the population file's, or the approximate one.
    pub lat: f64,
    pub lng: f64,
    /// Residents in the service's age groups.
    pub population: u32,
    /// Places per resident within reach (2SFCA `A_i`).
    pub score: f64,
    /// Metres to the nearest open facility offering the service, rounded up; `None` if there is none.
    pub nearest_m: Option<u32>,
}

impl AccessRow {
    /// True when an open facility offering the service is within `radius_m`. (`nearest_m` is rounded
    /// up, so this agrees exactly with the unrounded comparison the score was computed with.)
    pub fn served(&self, radius_m: u32) -> bool {
        self.nearest_m.is_some_and(|d| d <= radius_m)
    }
}

/// An open facility offering the service: the supply side, and a marker on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessFacility {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lng: f64,
    /// The service's `maximum` (2SFCA `S_j`).
    pub places: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessReport {
    pub service: ServiceKind,
    pub radius_m: u32,
    /// False when no population has been imported: then `communities` is empty and views say so.
    pub population_loaded: bool,
    /// Made-up population (the shipped sample): views label it.
    #[serde(default)]
    pub population_sample: bool,
    /// Worst served first: lowest score, then more residents.
    pub communities: Vec<AccessRow>,
    /// The open facilities offering the service.
    #[serde(default)]
    pub facilities: Vec<AccessFacility>,
}

/// A candidate site and the residents it would newly bring within reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub lat: f64,
    pub lng: f64,
    /// Residents of communities not yet served (nor by an earlier suggestion) within the radius.
    pub added_population: u32,
    /// Those communities' codes.
    pub communities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestionReport {
    pub service: ServiceKind,
    pub radius_m: u32,
    /// Best first; each counts only residents the earlier ones leave unserved.
    pub suggestions: Vec<Suggestion>,
}

/// `service=` (required) and `radius_m=` (optional; the service's planning radius by default).
pub fn parse_access_params(service: Option<&str>, radius_m: Option<&str>) -> Result<(ServiceKind, u32), AppError> {
    let service = match service.map(str::trim).filter(|s| !s.is_empty()) {
        None => return Err(AppError::bad_param("service", crate::msg!(err_service_required))),
        Some(s) => ServiceKind::parse(s)
            .ok_or_else(|| AppError::bad_param("service", crate::msg!(err_unknown_service, value = s)))?,
    };
    let radius_m = match radius_m.map(str::trim).filter(|s| !s.is_empty()) {
        None => service.demand().1,
        Some(r) => match r.parse::<u32>() {
            Ok(m) if (1..=MAX_ACCESS_RADIUS_M).contains(&m) => m,
            _ => {
                return Err(AppError::bad_param(
                    "radius_m",
                    crate::msg!(err_access_radius, value = r, max = MAX_ACCESS_RADIUS_M),
                ));
            }
        },
    };
    Ok((service, radius_m))
}

/// `n=`: how many sites to suggest.
pub fn parse_suggestion_count(n: Option<&str>) -> Result<u8, AppError> {
    match n.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(DEFAULT_SUGGESTIONS),
        Some(t) => match t.parse::<u8>() {
            Ok(n) if (1..=MAX_SUGGESTIONS).contains(&n) => Ok(n),
            _ => {
                Err(AppError::bad_param("n", crate::msg!(err_whole_number, value = t, min = 1, max = MAX_SUGGESTIONS)))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: AppError) -> String {
        match e {
            AppError::BadRequest { field, .. } => field,
            other => format!("not a bad request: {other:?}"),
        }
    }

    #[test]
    fn service_is_required_and_known() {
        assert_eq!(field(parse_access_params(None, None).expect_err("missing")), "service");
        assert_eq!(field(parse_access_params(Some(" "), None).expect_err("blank")), "service");
        assert_eq!(field(parse_access_params(Some("massage"), None).expect_err("unknown")), "service");
    }

    #[test]
    fn radius_defaults_to_the_services_planning_radius_and_can_be_overridden() {
        assert_eq!(parse_access_params(Some("day_care"), None), Ok((ServiceKind::DayCare, 300)));
        assert_eq!(parse_access_params(Some("rehab"), Some("")), Ok((ServiceKind::Rehab, 1000)));
        assert_eq!(parse_access_params(Some("meals"), Some("750")), Ok((ServiceKind::Meals, 750)));
        assert_eq!(parse_access_params(Some("meals"), Some("20000")), Ok((ServiceKind::Meals, 20_000)));
        for bad in ["0", "20001", "-5", "1.5", "far"] {
            assert_eq!(field(parse_access_params(Some("meals"), Some(bad)).expect_err(bad)), "radius_m", "{bad}");
        }
    }

    #[test]
    fn suggestion_count_is_one_to_twenty() {
        assert_eq!(parse_suggestion_count(None), Ok(5));
        assert_eq!(parse_suggestion_count(Some("1")), Ok(1));
        assert_eq!(parse_suggestion_count(Some("20")), Ok(20));
        for bad in ["0", "21", "300", "x"] {
            assert_eq!(field(parse_suggestion_count(Some(bad)).expect_err(bad)), "n", "{bad}");
        }
    }

    #[test]
    fn served_means_a_facility_within_the_radius() {
        let row = |nearest_m| AccessRow {
            code: "c".into(),
            name: "n".into(),
            subdistrict_code: "s".into(),
            lat: 0.0,
            lng: 0.0,
            population: 10,
            score: 0.0,
            nearest_m,
        };
        assert!(row(Some(300)).served(300));
        assert!(!row(Some(301)).served(300));
        assert!(!row(None).served(300));
    }
}
