//! Shared data types: one per concept, used by server and browser alike.

mod access;
mod account;
mod answer;
mod capacity;
mod catchment;
mod catchment_view;
mod coverage;
mod details;
#[cfg(test)]
mod enum_tests;
mod facility;
mod freshness;
mod hours;
mod kind;
mod live;
mod location;
mod map;
mod nearest;
mod place;
mod plan;
mod population;
mod query_params;
pub use query_params::check_point;
mod record_filter;
mod register;
mod report;
mod service;
mod trend;
mod wire_names;
mod work_item;

pub use access::{
    AccessFacility, AccessReport, AccessRow, DEFAULT_SUGGESTIONS, MAX_ACCESS_RADIUS_M, MAX_SUGGESTIONS, Suggestion,
    SuggestionReport, parse_access_params, parse_suggestion_count,
};
pub use account::{Account, AuditEntry, AuditTrail, ManageView, Role, TokenInfo, Via, check_login};
pub use answer::{FacilityDetail, NearestResponse, NearestResult};
pub use capacity::{CapacityChange, CapacityRequest, CapacityResponse, ServiceCapacity};
pub use catchment::{CatchmentAnswer, CatchmentBasis, CatchmentParams, CatchmentQuery, CatchmentSchool, parse_year};
pub use catchment_view::{CatchmentPolygon, CatchmentReview, CommunityName, OverlapRow, SchoolCatchment, YearNotice};
pub use coverage::{Coverage, SubdistrictCoverage};
pub use details::{ClassGroup, Details, DetailsBox, MedicalCare};
pub use facility::{Facility, FacilityStatus, HolidaySession, Ownership, Range};
pub use freshness::StaleAfter;
pub use hours::{OpeningHours, OpeningRule, hhmm, rule_text};
pub use kind::{Audience, FacilityKind};
pub use live::LiveUpdate;
pub use location::LocationBasis;
pub use map::{MapData, MapLabels, MapMarker, Tiles};
pub use nearest::{
    DEFAULT_LIMIT, FACILITY_FIELDS, MAX_LIMIT, NearestParams, NearestQuery, RESULT_OWN_FIELDS, ResultFields,
};
pub use place::{Place, PlaceKind};
pub use plan::{Plan, PlanTarget, TargetId, TargetMember};
pub use population::{AgeGroup, CommunityPopulation};
pub use record_filter::RecordFilter;
pub use register::{FieldChange, MissingRule, PreviewFacility, RegisterColumn, RegisterPreview};
pub use report::{Report, ReportKind, ReportStatus};
pub use service::ServiceKind;
pub use trend::{AreaTrend, FacilityTrend, Granularity, SeriesPoint, ServiceTrend, TrendPoint};
pub use work_item::{
    MAX_WORK_NOTE, Responsible, TransitionError, WorkEvent, WorkFilter, WorkItem, WorkKind, WorkList, WorkState,
    check_transition, system_note,
};
