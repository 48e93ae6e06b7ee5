//! Query parameters as received (every one a string, so that a bad value can be named in the 400):
//! the shared readings of a present value, a finite number, a true/false flag and a point's range.

use crate::error::AppError;
use crate::msg;

pub(super) fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(super) fn finite(field: &'static str, v: &Option<String>) -> Result<Option<f64>, AppError> {
    match present(v) {
        None => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(AppError::bad_param(field, msg!(err_not_a_number, value = s))),
        },
    }
}

pub(super) fn flag(field: &'static str, v: &Option<String>) -> Result<bool, AppError> {
    match present(v) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("on") => Ok(true),
        Some(s) => Err(AppError::bad_param(field, msg!(err_true_false, value = s))),
    }
}

/// A point's latitude and longitude are on the globe: the one range rule for every point a request gives
/// (`fields`: the parameter names to blame, e.g. `("lat", "lng")`, or the one parameter holding both).
pub fn check_point(fields: (&str, &str), lat: f64, lng: f64) -> Result<(), AppError> {
    if !(-90.0..=90.0).contains(&lat) {
        return Err(AppError::bad_param(fields.0, msg!(err_lat_range, value = lat)));
    }
    if !(-180.0..=180.0).contains(&lng) {
        return Err(AppError::bad_param(fields.1, msg!(err_lng_range, value = lng)));
    }
    Ok(())
}
