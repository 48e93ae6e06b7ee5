//! How old a capacity figure may be before families are told it may be out of date.

use serde::{Deserialize, Serialize};

use super::{FacilityKind, ServiceCapacity};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// Per-kind age limits, in seconds, indexed by [`FacilityKind::index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleAfter(pub [i64; KINDS]);

const KINDS: usize = <FacilityKind as strum::EnumCount>::COUNT;

impl Default for StaleAfter {
    /// Elderly care and holiday childcare change daily; school, kindergarten and nursery places change slowly.
    fn default() -> Self {
        let mut limits = [DAY; KINDS];
        for kind in
            [FacilityKind::Nursery, FacilityKind::Kindergarten, FacilityKind::PrimarySchool, FacilityKind::MiddleSchool]
        {
            limits[kind.index()] = 7 * DAY;
        }
        StaleAfter(limits)
    }
}

impl StaleAfter {
    pub fn for_kind(&self, kind: FacilityKind) -> i64 {
        self.0[kind.index()]
    }

    pub fn set(&mut self, kind: FacilityKind, seconds: i64) {
        self.0[kind.index()] = seconds;
    }

    pub fn is_fresh(&self, kind: FacilityKind, capacity: &ServiceCapacity, now: i64) -> bool {
        capacity.is_fresh(now, self.for_kind(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServiceKind;

    #[test]
    fn defaults_follow_the_kind() {
        let s = StaleAfter::default();
        assert_eq!(s.for_kind(FacilityKind::ElderlyDaycare), DAY);
        assert_eq!(s.for_kind(FacilityKind::HolidayCare), DAY);
        assert_eq!(s.for_kind(FacilityKind::PrimarySchool), 7 * DAY);
        let cap =
            ServiceCapacity { service: ServiceKind::Meals, available: 1, maximum: 2, updated_at: 1000, version: 1 };
        assert!(s.is_fresh(FacilityKind::ElderlyDaycare, &cap, 1000 + DAY));
        assert!(!s.is_fresh(FacilityKind::ElderlyDaycare, &cap, 1001 + DAY));
    }
}
