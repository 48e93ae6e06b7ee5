//! Live figures: one subscription per page, fanned out to the components through a signal.

use leptos::prelude::*;

use crate::model::{FacilityStatus, LiveUpdate, ServiceCapacity};

#[derive(Debug, Clone, Copy)]
pub struct LiveFeed(RwSignal<Option<LiveUpdate>>);

/// Subscribe this page to changes at `ids`; the subscription closes when the page goes away.
pub fn use_live(ids: Vec<String>) -> LiveFeed {
    let feed = LiveFeed(RwSignal::new(None));
    let subscription = crate::browser::subscribe_live(&ids, move |u| feed.0.set(Some(u)));
    StoredValue::new_local(subscription);
    feed
}

impl LiveFeed {
    /// One facility's services, starting from `initial` and following the feed.
    pub fn services(self, id: String, initial: Vec<ServiceCapacity>) -> RwSignal<Vec<ServiceCapacity>> {
        let services = RwSignal::new(initial);
        Effect::new(move |_| {
            if let Some(u) = self.0.get().filter(|u| u.facility_id == id) {
                services.set(u.services);
            }
        });
        services
    }

    /// One facility's open/closed status, following the feed.
    pub fn status(self, id: String, initial: FacilityStatus) -> RwSignal<FacilityStatus> {
        let status = RwSignal::new(initial);
        Effect::new(move |_| {
            if let Some(u) = self.0.get().filter(|u| u.facility_id == id) {
                status.set(u.status);
            }
        });
        status
    }

    /// The latest update, for components that route it themselves.
    pub fn latest(self) -> Option<LiveUpdate> {
        self.0.get()
    }
}
