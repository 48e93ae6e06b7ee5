//! The live channel: every accepted change is broadcast to the pages that show that facility.

use tokio::sync::{broadcast, watch};

use super::index::FacilityIndex;
use crate::model::LiveUpdate;

#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<LiveUpdate>,
    /// Set when the server shuts down: every open stream ends, so the drain need not wait for them.
    closing: watch::Sender<bool>,
}

impl Live {
    pub fn new() -> Self {
        // A slow reader that falls this far behind skips ahead (it only needs the latest figures).
        Live { tx: broadcast::channel(1024).0, closing: watch::channel(false).0 }
    }

    /// End every open stream (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once `close` has been called (at once if it already was).
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut rx = self.closing.subscribe();
        async move {
            let _ = rx.wait_for(|c| *c).await;
        }
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
