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
