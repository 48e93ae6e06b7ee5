//! What the live channel (`GET /api/live`, server-sent events) tells open pages.

use serde::{Deserialize, Serialize};

use super::{FacilityStatus, ServiceCapacity};

/// A facility's figures after a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveUpdate {
    pub facility_id: String,
    pub status: FacilityStatus,
    pub services: Vec<ServiceCapacity>,
    /// Server time of the update (Unix seconds).
    pub at: i64,
}
