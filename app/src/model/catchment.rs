//! School catchments (划片): the `/api/catchment` query as received, and its answer.

use serde::{Deserialize, Serialize};

use super::{NearestParams, NearestQuery, NearestResult};
use crate::error::AppError;

/// School years from this one to [`LAST_YEAR`] are accepted (`2026` = the year starting in September 2026).
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// `GET /api/catchment?lat=&lng=[&crs=][&year=]` exactly as received.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatchmentParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crs: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
}

/// A validated catchment query: the point in WGS-84 and the year asked for (`None`: the latest with data).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CatchmentQuery {
    pub lat: f64,
    pub lng: f64,
    pub year: Option<i32>,
}

impl TryFrom<&CatchmentParams> for CatchmentQuery {
    type Error = AppError;

    fn try_from(p: &CatchmentParams) -> Result<Self, AppError> {
        // lat, lng and crs mean exactly what they mean for /api/nearest: one validation for both.
        let point = NearestParams { lat: p.lat.clone(), lng: p.lng.clone(), crs: p.crs.clone(), ..Default::default() };
        let q = NearestQuery::try_from(&point)?;
        Ok(CatchmentQuery { lat: q.lat, lng: q.lng, year: parse_year(p.year.as_deref())? })
    }
}

/// An optional school year (`year` field): empty means "the latest with data".
pub fn parse_year(v: Option<&str>) -> Result<Option<i32>, AppError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => match s.parse::<i32>() {
            Ok(y) if (FIRST_YEAR..=LAST_YEAR).contains(&y) => Ok(Some(y)),
            _ => Err(AppError::bad_param("year", crate::msg!(err_year, value = s, min = FIRST_YEAR, max = LAST_YEAR))),
        },
    }
}

/// Why a school is an answer: the point is inside one of its shapes, or in one of its listed communities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatchmentBasis {
    Polygon,
    Community,
}

/// One assigned school: the facility as `/api/nearest` gives it, and the basis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatchmentSchool {
    #[serde(flatten)]
    pub result: NearestResult,
    pub basis: CatchmentBasis,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatchmentAnswer {
    /// The year answered (`null` when no catchments have been imported at all).
    pub year: Option<i32>,
    /// Nearest first; primary and middle schools together.
    pub schools: Vec<CatchmentSchool>,
    /// Why `schools` is empty; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}
