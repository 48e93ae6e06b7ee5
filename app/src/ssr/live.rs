//! The live channel: every accepted change is broadcast to the pages that show that facility.

use tokio::sync::broadcast;

use super::index::FacilityIndex;
use crate::model::LiveUpdate;

#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<LiveUpdate>,
}

impl Live {
    pub fn new() -> Self {
        // A slow reader that falls this far behind skips ahead (it only needs the latest figures).
        Live { tx: broadcast::channel(1024).0 }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveUpdate> {
        self.tx.subscribe()
    }

    /// Tell every open page the facility's figures as the index now has them.
    pub fn publish(&self, index: &FacilityIndex, facility_id: &str) {
        if let Some(f) = index.get(facility_id) {
            // No receivers is fine: nobody is looking.
            let _ = self.tx.send(LiveUpdate {
                facility_id: f.id.clone(),
                status: f.status,
                services: f.services.clone(),
                at: crate::clock::now(),
            });
        }
    }
}

impl Default for Live {
    fn default() -> Self {
        Self::new()
    }
}
