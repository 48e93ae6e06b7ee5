//! Work items: how problems are found (the scanner, residents' reports), who gets them, by when,
//! and how they are moved along. The lifecycle rule itself is `model::check_transition`.

pub mod lifecycle;
pub mod list;
pub mod scan;

use crate::model::{ReportKind, ServiceKind, WorkKind};

const DAY: i64 = 86_400;

/// Due times per kind and when a full service becomes a problem (configurable at start-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkRules {
    /// Seconds from opening to due, indexed by [`WorkKind::index`].
    pub due: [i64; WorkKind::ALL.len()],
    /// A service with no free place for longer than this opens a `full_too_long` item.
    pub full_after_s: i64,
    /// How often the scanner looks for problems.
    pub scan_every_s: u64,
}

impl Default for WorkRules {
    /// A "full" report within a day (families are waiting); a wrong-information report and a stale
    /// figure within three and two days; a service full for a week within a week; a coverage gap
    /// is planning work: a quarter.
    fn default() -> Self {
        let mut due = [DAY; WorkKind::ALL.len()];
        due[WorkKind::ReportWrong.index()] = 3 * DAY;
        due[WorkKind::StaleFigure.index()] = 2 * DAY;
        due[WorkKind::FullTooLong.index()] = 7 * DAY;
        due[WorkKind::CoverageGap.index()] = 90 * DAY;
        WorkRules { due, full_after_s: 7 * DAY, scan_every_s: 60 }
    }
}

impl WorkRules {
    pub fn due_for(&self, kind: WorkKind) -> i64 {
        self.due[kind.index()]
    }

    pub fn set_due(&mut self, kind: WorkKind, seconds: i64) {
        self.due[kind.index()] = seconds;
    }
}

/// The problem an active item is about (its `open_key`): one home for the key formats.
pub mod key {
    use super::*;

    pub fn report(kind: ReportKind, facility_id: &str) -> String {
        let kind = match kind {
            ReportKind::Full => WorkKind::ReportFull,
            ReportKind::Wrong => WorkKind::ReportWrong,
        };
        format!("{}:{facility_id}", kind.as_str())
    }

    pub fn stale(facility_id: &str, service: ServiceKind) -> String {
        format!("{}:{facility_id}:{service}", WorkKind::StaleFigure.as_str())
    }

    pub fn full(facility_id: &str, service: ServiceKind) -> String {
        format!("{}:{facility_id}:{service}", WorkKind::FullTooLong.as_str())
    }

    pub fn gap_centre(subdistrict_code: &str) -> String {
        format!("{}:centre:{subdistrict_code}", WorkKind::CoverageGap.as_str())
    }

    pub fn gap_daycare(community_code: &str) -> String {
        format!("{}:daycare:{community_code}", WorkKind::CoverageGap.as_str())
    }
}
