//! Which facilities a query wants, checked against the live in-memory figures.

use crate::model::{Facility, FacilityKind, FacilityStatus, NearestQuery, ServiceKind, StaleAfter};

#[derive(Debug, Clone)]
pub struct Filter {
    /// Bit per kind index; 0 means every kind.
    kinds: u8,
    service: Option<ServiceKind>,
    /// Require free places; only figures fresher than `stale_after` count, unless `include_stale`.
    available: bool,
    include_stale: bool,
    stale_after: StaleAfter,
    now: i64,
}

impl Filter {
    pub fn any() -> Self {
        Filter {
            kinds: 0,
            service: None,
            available: false,
            include_stale: false,
            stale_after: StaleAfter::default(),
            now: 0,
        }
    }

    pub fn from_query(q: &NearestQuery, stale_after: StaleAfter, now: i64) -> Self {
        Filter {
            kinds: q.kinds.iter().fold(0u8, |m, k| m | (1 << k.index())),
            service: q.service,
            available: q.available,
            include_stale: q.include_stale,
            stale_after,
            now,
        }
    }

    pub fn kinds(mut self, kinds: &[FacilityKind]) -> Self {
        self.kinds = kinds.iter().fold(0u8, |m, k| m | (1 << k.index()));
        self
    }

    pub fn service(mut self, service: Option<ServiceKind>) -> Self {
        self.service = service;
        self
    }

    pub fn available(mut self, available: bool, now: i64) -> Self {
        self.available = available;
        self.now = now;
        self
    }

    pub fn wants_kind(&self, kind: FacilityKind) -> bool {
        self.kinds == 0 || self.kinds & (1 << kind.index()) != 0
    }

    pub fn matches(&self, f: &Facility) -> bool {
        if self.available && f.status != FacilityStatus::Open {
            return false;
        }
        let counts = |c: &&crate::model::ServiceCapacity| {
            c.has_free_places() && (self.include_stale || self.stale_after.is_fresh(f.kind, c, self.now))
        };
        match self.service {
            Some(service) => match f.service(service) {
                None => false,
                Some(c) => !self.available || counts(&c),
            },
            None => !self.available || f.services.iter().any(|c| counts(&c)),
        }
    }
}
