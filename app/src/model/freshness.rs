//! How old a capacity figure may be before families are told it may be out of date.

use serde::{Deserialize, Serialize};

use super::{FacilityKind, ServiceCapacity};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// Per-kind age limits, in seconds, indexed by [`FacilityKind::index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleAfter(pub [i64; 7]);

impl Default for StaleAfter {
    /// Elderly care and holiday childcare change daily; school and kindergarten places change slowly.
    fn default() -> Self {
        let mut limits = [DAY; 7];
        for kind in [FacilityKind::Kindergarten, FacilityKind::PrimarySchool, FacilityKind::MiddleSchool] {
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

/// "3 小时前" / "3 hours ago" for an age in seconds.
pub fn age_text(age_s: i64, english: bool) -> String {
    let age = age_s.max(0);
    let (n, zh, en) = match age {
        a if a < 60 => {
            return if english { "just now".into() } else { "刚刚".into() };
        }
        a if a < HOUR => (a / 60, "分钟", "minute"),
        a if a < DAY => (a / HOUR, "小时", "hour"),
        a => (a / DAY, "天", "day"),
    };
    if english { format!("{n} {en}{} ago", if n == 1 { "" } else { "s" }) } else { format!("{n} {zh}前") }
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

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age_text(5, false), "刚刚");
        assert_eq!(age_text(3 * HOUR + 5, false), "3 小时前");
        assert_eq!(age_text(HOUR, true), "1 hour ago");
        assert_eq!(age_text(2 * DAY, true), "2 days ago");
        assert_eq!(age_text(-30, false), "刚刚", "clock skew never shows a negative age");
    }
}
