//! A resident's report that a facility is full or its information is wrong.

use serde::{Deserialize, Serialize};

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
pub enum ReportKind {
    Full,
    Wrong,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub id: i64,
    pub at: i64,
    pub facility_id: String,
    /// The facility's name as stored (empty if it is gone), so every list of reports can name it.
    #[serde(default)]
    pub facility_name: String,
    pub kind: ReportKind,
    pub note: String,
}

/// What a resident may see of a report on the facility's page: when, what, and whether it was handled
/// (never the note, which may name people).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStatus {
    pub at: i64,
    pub kind: ReportKind,
    /// The state of the work item it went into (`None`: reported before work items existed).
    pub state: Option<super::WorkState>,
}
