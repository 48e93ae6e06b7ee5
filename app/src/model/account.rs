//! Accounts and roles, as the admin pages and the manager page see them.

use serde::{Deserialize, Serialize};

use super::{Facility, Report, ServiceKind, StaleAfter};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter, strum::IntoStaticStr, strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Every facility; creates and disables accounts; assigns facilities.
    DistrictAdmin,
    /// Only the facilities assigned to them.
    FacilityManager,
}

/// The one rule for a login, on every path that creates one (the admin page, `caremap user add`):
/// 1–64 characters, no white space. Returns it trimmed.
pub fn check_login(login: &str) -> Result<String, crate::message::Message> {
    let login = login.trim();
    if login.is_empty() || login.chars().count() > 64 || login.chars().any(char::is_whitespace) {
        return Err(crate::msg!(err_login_rule));
    }
    Ok(login.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub login: String,
    pub role: Role,
    pub disabled: bool,
    /// Assigned facility ids (empty for an admin, who manages all).
    pub facilities: Vec<String>,
    /// Signed in with a temporary password from a reset: nothing else is allowed until it is changed.
    #[serde(default)]
    pub must_change_password: bool,
}

impl Account {
    pub fn can_manage(&self, facility_id: &str) -> bool {
        !self.disabled && (self.role == Role::DistrictAdmin || self.facilities.iter().any(|f| f == facility_id))
    }

    pub fn is_admin(&self) -> bool {
        !self.disabled && self.role == Role::DistrictAdmin
    }
}

/// What the manager page shows: who is signed in and the facilities they may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManageView {
    pub account: Account,
    pub facilities: Vec<Facility>,
    /// How many matched before the page limit (an admin's search over the whole district).
    pub total: u32,
    pub as_of: i64,
    pub stale_after: StaleAfter,
    /// Residents' recent reports about these facilities, newest first.
    pub reports: Vec<Report>,
    /// For a manager, each facility's free places over the last 30 days (an admin's list has none).
    #[serde(default)]
    pub trends: Vec<super::FacilityTrend>,
}

/// How a change was made.
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
pub enum Via {
    /// The manager page.
    Page,
    /// `POST /api/facilities/{id}/capacity` with a token.
    Api,
    /// The made-up month of history that comes with the sample data (so its charts have something to show).
    Sample,
    /// A district register imported (`caremap import`, or the upload on `/admin`).
    Register,
}

/// One recorded change: who, when, what, from → to, how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub login: String,
    pub via: String,
    pub facility_id: String,
    /// The facility's name as stored now (empty if it is gone).
    #[serde(default)]
    pub facility_name: String,
    pub service: Option<ServiceKind>,
    /// `available`, `maximum`, `confirmed`, `status` or `hours`.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// The audit trail as `/admin` shows it: the newest matching entries and how many matched in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditTrail {
    pub total: u64,
    pub entries: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: i64,
    pub login: String,
    pub label: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_manage_only_their_own() {
        let mut a = Account {
            id: 1,
            login: "m".into(),
            role: Role::FacilityManager,
            disabled: false,
            facilities: vec!["x".into()],
            must_change_password: false,
        };
        assert!(a.can_manage("x") && !a.can_manage("y") && !a.is_admin());
        a.disabled = true;
        assert!(!a.can_manage("x"), "a disabled account manages nothing");
        let admin = Account {
            id: 2,
            login: "a".into(),
            role: Role::DistrictAdmin,
            disabled: false,
            facilities: vec![],
            must_change_password: false,
        };
        assert!(admin.can_manage("anything") && admin.is_admin());
    }
}
