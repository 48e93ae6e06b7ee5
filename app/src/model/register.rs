//! What importing a district register would change (the dry run), as the admin page and the command
//! line show it.

use serde::{Deserialize, Serialize};

use super::{FacilityKind, LocationBasis};

/// One field of one facility, before and after (`""` for none). Capacity figures are named
/// `service.maximum` / `service.available`; the point is `location`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewFacility {
    /// The register's row (1-based, as the spreadsheet numbers it); 0 for a facility the file lacks.
    pub line: u32,
    pub id: String,
    pub name: String,
    pub kind: FacilityKind,
    pub location_basis: LocationBasis,
    /// Empty for an added or missing facility.
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterColumn {
    pub header: String,
    /// CareMap's column it was read as; `None`: not used (listed so nothing is dropped unseen).
    pub field: Option<String>,
}

/// What to do with facilities of the register's kinds that the file no longer lists.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Default,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum MissingRule {
    /// Leave them as they are (the default: a partial register closes nothing).
    #[default]
    Keep,
    /// Mark them closed for good (never shown to families; kept for the record).
    Close,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterPreview {
    /// The stored upload this preview belongs to (the admin page applies it by this id).
    pub upload_id: String,
    pub filename: String,
    pub sheet: String,
    /// 1-based row of the header.
    pub header_row: u32,
    pub columns: Vec<RegisterColumn>,
    pub added: Vec<PreviewFacility>,
    pub changed: Vec<PreviewFacility>,
    pub unchanged: u32,
    pub missing: Vec<PreviewFacility>,
    /// Rows that cannot be imported, each with its line and reason (in the request's language); any one
    /// stops the import.
    pub errors: Vec<String>,
    /// Each error's reason as its stable catalogue key (`err_imp_unknown_kind`, …), in the same order.
    #[serde(default)]
    pub error_codes: Vec<String>,
    /// Rows imported with something left out (for example opening hours not understood).
    pub notes: Vec<String>,
    /// Each note's reason as its catalogue key, in the same order.
    #[serde(default)]
    pub note_codes: Vec<String>,
}

impl RegisterPreview {
    pub fn unknown_columns(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter(|c| c.field.is_none() && !c.header.is_empty()).map(|c| c.header.as_str())
    }

    /// Facilities that would be placed only approximately (added or moved to an area's centre).
    pub fn approximate(&self) -> usize {
        self.added.iter().chain(&self.changed).filter(|f| f.location_basis.is_approximate()).count()
    }
}
