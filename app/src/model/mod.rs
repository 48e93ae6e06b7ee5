//! Shared data types: one per concept, used by server and browser alike.

mod capacity;
mod facility;
mod freshness;
mod hours;
mod kind;
mod nearest;
mod service;

pub use capacity::ServiceCapacity;
pub use facility::{Facility, FacilityStatus, HolidaySession, Ownership, Range};
pub use freshness::{StaleAfter, age_text};
pub use hours::{OpeningHours, OpeningRule};
pub use kind::{Audience, FacilityKind};
pub use nearest::{
    DEFAULT_LIMIT, FacilityDetail, MAX_LIMIT, NearestParams, NearestQuery, NearestResponse, NearestResult,
};
pub use service::ServiceKind;
