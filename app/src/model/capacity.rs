//! HSDS `service_capacity`: how many places are free, out of how many, as of when.

use serde::{Deserialize, Serialize};

use super::ServiceKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCapacity {
    pub service: ServiceKind,
    pub available: i32,
    pub maximum: i32,
    /// Unix seconds of the last time a person or system vouched for the figure.
    pub updated_at: i64,
    /// Bumped on every change; an exact edit must name the version it was based on.
    #[serde(default)]
    pub version: i64,
}

impl ServiceCapacity {
    pub fn unit(&self) -> &'static str {
        self.service.unit()
    }

    pub fn has_free_places(&self) -> bool {
        self.available > 0
    }

    /// Fresh when vouched for within `max_age_s` of `now`.
    pub fn is_fresh(&self, now: i64, max_age_s: i64) -> bool {
        now.saturating_sub(self.updated_at) <= max_age_s
    }
}

/// A change to one service's figure, as a manager or a facility system asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "op")]
pub enum CapacityChange {
    /// Atomic ±n; refused if it would leave `available` below 0 or above `maximum`.
    Delta { delta: i32 },
    /// Exact figures based on `version`; refused as stale if the figure has moved on since.
    Set { available: Option<i32>, maximum: Option<i32>, version: i64 },
    /// "Still correct": only the timestamp moves.
    Confirm,
}

impl CapacityChange {
    /// The one check of a requested change, whichever way it came (the manager page or the token API):
    /// a delta of 0 and an exact change that names no figure are refused, not recorded.
    pub fn check(self) -> Result<Self, crate::error::AppError> {
        use crate::error::AppError;
        match self {
            CapacityChange::Delta { delta: 0 } => Err(AppError::bad_param("delta", crate::msg!(err_delta_zero))),
            CapacityChange::Set { available: None, maximum: None, .. } => {
                Err(AppError::bad_param("available", crate::msg!(err_set_nothing)))
            }
            CapacityChange::Set { available: Some(a), .. } if a < 0 => {
                Err(AppError::bad_param("available", crate::msg!(err_negative)))
            }
            CapacityChange::Set { maximum: Some(m), .. } if m < 0 => {
                Err(AppError::bad_param("maximum", crate::msg!(err_negative)))
            }
            ok => Ok(ok),
        }
    }
}

/// `POST /api/facilities/{id}/capacity` body: `{"service":"meals","delta":1}`,
/// `{"service":"meals","available":7,"version":12}` (and/or `"maximum"`), or `{"service":"meals","confirm":true}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapacityRequest {
    pub service: Option<String>,
    pub delta: Option<i64>,
    pub available: Option<i64>,
    pub maximum: Option<i64>,
    pub version: Option<i64>,
    pub confirm: Option<bool>,
}

fn small(field: &str, v: i64) -> Result<i32, crate::error::AppError> {
    i32::try_from(v).map_err(|_| crate::error::AppError::bad_param(field, crate::msg!(err_out_of_range, value = v)))
}

impl CapacityRequest {
    pub fn validate(&self) -> Result<(ServiceKind, CapacityChange), crate::error::AppError> {
        use crate::error::AppError;
        let name = self.service.as_deref().ok_or_else(|| AppError::bad_param("service", crate::msg!(err_required)))?;
        let service = ServiceKind::parse(name)
            .ok_or_else(|| AppError::bad_param("service", crate::msg!(err_unknown_service, value = name)))?;
        let change = match (self.delta, self.available, self.maximum, self.confirm) {
            (Some(d), None, None, None | Some(false)) => CapacityChange::Delta { delta: small("delta", d)? },
            (None, None, None, Some(true)) => CapacityChange::Confirm,
            (None, available, maximum, None | Some(false)) if available.is_some() || maximum.is_some() => {
                let version =
                    self.version.ok_or_else(|| AppError::bad_param("version", crate::msg!(err_version_required)))?;
                CapacityChange::Set {
                    available: available.map(|v| small("available", v)).transpose()?,
                    maximum: maximum.map(|v| small("maximum", v)).transpose()?,
                    version,
                }
            }
            _ => {
                return Err(AppError::bad_param("request", crate::msg!(err_change_shape)));
            }
        };
        Ok((service, change.check()?))
    }
}

/// The answer to a capacity change: the figure now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityResponse {
    pub facility_id: String,
    #[serde(flatten)]
    pub capacity: ServiceCapacity,
}
