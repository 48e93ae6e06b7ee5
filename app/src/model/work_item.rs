//! Work items: problems found online (residents' reports, stale figures, services full for too long,
//! coverage gaps), each with a responsible party and a due time, closed on the ground.
//! The transition rule lives here, once, and every path (page, API, scanner) goes through it.

use serde::{Deserialize, Serialize};

use super::ServiceKind;

/// What kind of problem. The snake_case ids are a public contract (API, `--due`, exports).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    /// Residents said the facility is full.
    ReportFull,
    /// Residents said its information is wrong.
    ReportWrong,
    /// A figure older than its kind's freshness limit.
    StaleFigure,
    /// A service with no free place for longer than the configured time.
    FullTooLong,
    /// A subdistrict without its comprehensive centre, or a community without a day-care centre.
    CoverageGap,
}

impl WorkKind {
    pub const ALL: [WorkKind; <WorkKind as strum::EnumCount>::COUNT] = [
        WorkKind::ReportFull,
        WorkKind::ReportWrong,
        WorkKind::StaleFigure,
        WorkKind::FullTooLong,
        WorkKind::CoverageGap,
    ];

    pub const fn index(self) -> usize {
        self as usize
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum WorkState {
    Open,
    Acknowledged,
    Resolved,
    Dismissed,
}

impl WorkState {
    pub const ALL: [WorkState; <WorkState as strum::EnumCount>::COUNT] =
        [WorkState::Open, WorkState::Acknowledged, WorkState::Resolved, WorkState::Dismissed];

    /// Still someone's job (open or acknowledged).
    pub const fn is_active(self) -> bool {
        matches!(self, WorkState::Open | WorkState::Acknowledged)
    }

    /// open → acknowledged → resolved / dismissed; open may also be resolved or dismissed at once.
    pub const fn can_move_to(self, to: WorkState) -> bool {
        matches!(
            (self, to),
            (WorkState::Open, WorkState::Acknowledged | WorkState::Resolved | WorkState::Dismissed)
                | (WorkState::Acknowledged, WorkState::Resolved | WorkState::Dismissed)
        )
    }
}

/// Who must act: the facility's managers, or the district when the facility has none or the item is a gap.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Responsible {
    Managers,
    District,
}

/// Notes CareMap writes itself on a transition; pages show them in the visitor's language
/// (`text::work_note`), people's notes as written.
pub mod system_note {
    /// The figure was confirmed or changed by its manager.
    pub const FIGURE_UPDATED: &str = "@figure_updated";
    /// The scanner found the problem gone.
    pub const PROBLEM_GONE: &str = "@problem_gone";
}

/// The longest note a transition may carry.
pub const MAX_WORK_NOTE: usize = 500;

/// Why a requested transition is refused (checked before anything is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    /// Not a step the lifecycle allows from the item's state.
    NotAllowed,
    /// Dismissing needs a reason.
    NoteRequired,
    NoteTooLong,
}

/// The one check of a requested transition: returns the note to store (trimmed).
pub fn check_transition(from: WorkState, to: WorkState, note: &str) -> Result<String, TransitionError> {
    if !from.can_move_to(to) {
        return Err(TransitionError::NotAllowed);
    }
    let note = note.trim();
    if note.chars().count() > MAX_WORK_NOTE {
        return Err(TransitionError::NoteTooLong);
    }
    if to == WorkState::Dismissed && note.is_empty() {
        return Err(TransitionError::NoteRequired);
    }
    Ok(note.to_string())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkItem {
    pub id: i64,
    pub kind: WorkKind,
    pub state: WorkState,
    pub responsible: Responsible,
    pub facility_id: Option<String>,
    /// The facility's name, or the community's / subdistrict's for a gap.
    pub subject: String,
    pub subdistrict_code: Option<String>,
    pub community_code: Option<String>,
    pub service: Option<ServiceKind>,
    /// How many residents' reports this item gathers (0 for other kinds).
    pub reports: u32,
    /// What was found, e.g. a resident's note.
    pub detail: String,
    pub created_at: i64,
    pub due_at: i64,
    /// Set when an item left with the managers passed its due time: the district now sees it as theirs too.
    pub escalated_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// The note of the last transition.
    pub note: String,
}

impl WorkItem {
    pub fn is_overdue(&self, now: i64) -> bool {
        self.state.is_active() && now > self.due_at
    }
}

/// One step in an item's life, for its history (every transition is recorded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkEvent {
    pub at: i64,
    pub login: String,
    pub from: Option<WorkState>,
    pub to: WorkState,
    pub note: String,
}

/// Filters of the operations page's list (all optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkFilter {
    pub subdistrict: Option<String>,
    pub kind: Option<WorkKind>,
    pub state: Option<WorkState>,
    #[serde(default)]
    pub overdue: bool,
}

/// A list of work items with the figures the district watches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkList {
    pub items: Vec<WorkItem>,
    /// Items matching the filter, by state (in [`WorkState::ALL`] order), before the page limit.
    pub counts: [u32; WorkState::ALL.len()],
    pub overdue: u32,
    /// Median seconds from creation to resolution, over items resolved in the last 90 days.
    pub median_resolve_s: Option<i64>,
    pub as_of: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for k in WorkKind::ALL {
            assert_eq!(WorkKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).expect("json"), format!("\"{}\"", k.as_str()));
            assert_eq!(WorkKind::ALL[k.index()], k);
        }
        for s in WorkState::ALL {
            assert_eq!(WorkState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).expect("json"), format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn lifecycle() {
        use WorkState::*;
        assert_eq!(check_transition(Open, Acknowledged, ""), Ok(String::new()));
        assert_eq!(check_transition(Open, Resolved, "  fixed "), Ok("fixed".into()));
        assert_eq!(check_transition(Acknowledged, Resolved, ""), Ok(String::new()));
        assert_eq!(check_transition(Acknowledged, Dismissed, "duplicate"), Ok("duplicate".into()));
        assert_eq!(check_transition(Open, Dismissed, "   "), Err(TransitionError::NoteRequired));
        assert_eq!(check_transition(Acknowledged, Open, ""), Err(TransitionError::NotAllowed));
        assert_eq!(check_transition(Acknowledged, Acknowledged, ""), Err(TransitionError::NotAllowed));
        assert_eq!(check_transition(Resolved, Open, ""), Err(TransitionError::NotAllowed));
        assert_eq!(check_transition(Dismissed, Resolved, ""), Err(TransitionError::NotAllowed));
        let long = "字".repeat(MAX_WORK_NOTE + 1);
        assert_eq!(check_transition(Open, Resolved, &long), Err(TransitionError::NoteTooLong));
        assert!(Open.is_active() && Acknowledged.is_active() && !Resolved.is_active() && !Dismissed.is_active());
    }
}
