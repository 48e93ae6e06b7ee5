//! The wire enums' names in one place: `as_str` and `parse` for each, from their strum derives.

use super::*;

/// `as_str` (the wire name) and `parse` for the wire enums, from their strum derives
/// (`IntoStaticStr`, `EnumString`, snake_case like serde): written once here for every enum.
macro_rules! wire_names {
    ($($t:ty),* $(,)?) => {$(
        impl $t {
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            pub fn parse(s: &str) -> Option<Self> {
                s.parse().ok()
            }
        }
    )*};
}

wire_names!(
    ClassGroup,
    crate::geodesy::Crs,
    FacilityKind,
    FacilityStatus,
    Granularity,
    LocationBasis,
    MedicalCare,
    MissingRule,
    Ownership,
    ReportKind,
    Responsible,
    Role,
    ServiceKind,
    TargetId,
    Via,
    WorkKind,
    WorkState,
);
