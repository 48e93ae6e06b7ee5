//! Shared data types: one per concept, used by server and browser alike.

mod account;
mod answer;
mod capacity;
mod coverage;
mod facility;
mod freshness;
mod hours;
mod kind;
mod live;
mod map;
mod nearest;
mod place;
mod report;
mod service;

pub use account::{Account, AuditEntry, ManageView, Role, TokenInfo, Via};
pub use answer::{FacilityDetail, NearestResponse, NearestResult};
pub use capacity::{CapacityChange, CapacityRequest, CapacityResponse, ServiceCapacity};
pub use coverage::{Coverage, SubdistrictCoverage};
pub use facility::{Facility, FacilityStatus, HolidaySession, Ownership, Range};
pub use freshness::{StaleAfter, age_text};
pub use hours::{OpeningHours, OpeningRule};
pub use kind::{Audience, FacilityKind};
pub use live::LiveUpdate;
pub use map::{MapData, MapLabels, MapMarker, Tiles};
pub use nearest::{DEFAULT_LIMIT, MAX_LIMIT, NearestParams, NearestQuery};
pub use place::{Place, PlaceKind};
pub use report::{Report, ReportKind};
pub use service::ServiceKind;
