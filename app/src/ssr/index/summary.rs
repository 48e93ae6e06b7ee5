//! What the index knows of a facility without following the pointer to it (at national scale that
//! pointer is a cache miss or three per candidate, most of the cost of a filtered search), and what
//! a node knows of everything under it, so a filtered search skips whole subtrees.
//!
//! A leaf's [`Summary`] is 28 bytes: status, ownership, the services offered and those with free
//! places (a bit each), and the `updated_at` of the newest free figure and of the first [`TIMES`]
//! free ones (in service order). What it cannot settle (a free figure past the first four, a timestamp
//! outside `u32`, a service listed twice) the filter hands to the facility itself (`Verdict::Maybe`).
//! A [`NodeSummary`] (12 bytes, with a bit per kind) is the union of its leaves': it may say "maybe" where no leaf would,
//! never "no" where one would pass. Writes only widen it (see `Packed::set_summary`).

use crate::model::{Facility, FacilityKind, FacilityStatus, Ownership, ServiceKind};

/// How many free figures' timestamps a leaf keeps (the first ones, in service order).
pub const TIMES: usize = 4;

/// Leaf flags.
pub const OPEN: u8 = 1;
/// Closed for good: never offered to families, whatever the filters.
pub const CLOSED: u8 = 2;
/// Every free figure's timestamp fits a `u32` and each service is listed once: `newest_free` and
/// `free_at` can be trusted.
pub const EXACT: u8 = 4;
/// A tombstone: the facility moved (it is in the delta now) or is gone.
pub const DEAD: u8 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub kind: FacilityKind,
    pub flags: u8,
    /// Bit per [`Ownership`]; 0 when the source did not say.
    pub ownership: u8,
    /// Bit per [`ServiceKind`] offered, and offered with free places.
    pub offered: u16,
    pub free: u16,
    /// Newest `updated_at` among the free figures (when `EXACT`).
    pub newest_free: u32,
    /// `updated_at` of the i-th free service in service order, for i < [`TIMES`] (when `EXACT`).
    pub free_at: [u32; TIMES],
}

impl Summary {
    pub fn of(f: &Facility) -> Self {
        let mut s = Summary {
            kind: f.kind,
            flags: EXACT,
            ownership: f.ownership.map_or(0, ownership_bit),
            offered: 0,
            free: 0,
            newest_free: 0,
            free_at: [0; TIMES],
        };
        if f.status == FacilityStatus::Open {
            s.flags |= OPEN;
        }
        if f.status == FacilityStatus::Closed {
            s.flags |= CLOSED;
        }
        for c in &f.services {
            let bit = service_bit(c.service);
            if s.offered & bit != 0 {
                // Listed twice: which figure counts is the facility's business (the bits stay a union).
                s.flags &= !EXACT;
            }
            s.offered |= bit;
            if c.has_free_places() {
                s.free |= bit;
            }
        }
        for c in f.services.iter().filter(|c| c.has_free_places()) {
            let Ok(t) = u32::try_from(c.updated_at) else {
                s.flags &= !EXACT;
                continue;
            };
            s.newest_free = s.newest_free.max(t);
            if let Some(at) = s.free_at.get_mut(rank(s.free, c.service)) {
                *at = t;
            }
        }
        s
    }

    pub fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// The free figure's timestamp of `service` if this summary keeps it.
    pub fn free_updated(&self, service: ServiceKind) -> Option<u32> {
        if !self.is(EXACT) || self.free & service_bit(service) == 0 {
            return None;
        }
        self.free_at.get(rank(self.free, service)).copied()
    }
}

/// Position of `service` among the set bits of `bits` (0 for the lowest).
fn rank(bits: u16, service: ServiceKind) -> usize {
    (bits & (service_bit(service) - 1)).count_ones() as usize
}

/// Node flags: some leaf below is not closed (nor a tombstone); some leaf below is open.
pub const ANY_LIVE: u8 = 1;
pub const ANY_OPEN: u8 = 2;

/// The union of the summaries below a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeSummary {
    pub flags: u8,
    pub ownership: u8,
    /// Bit per kind index.
    pub kinds: u8,
    pub offered: u16,
    pub free: u16,
    /// Newest free figure below (`u32::MAX` when some leaf's timestamps are not exact).
    pub newest_free: u32,
}

impl NodeSummary {
    /// Widen to cover `s` as well.
    pub fn add(&mut self, s: &Summary) {
        if !s.is(CLOSED) && !s.is(DEAD) {
            self.flags |= ANY_LIVE;
        }
        if s.is(OPEN) {
            self.flags |= ANY_OPEN;
        }
        self.ownership |= s.ownership;
        self.kinds |= 1 << s.kind.index();
        self.offered |= s.offered;
        self.free |= s.free;
        let newest = if s.is(EXACT) { s.newest_free } else { u32::MAX };
        self.newest_free = self.newest_free.max(newest);
    }

    pub fn merge(&mut self, other: &NodeSummary) {
        self.flags |= other.flags;
        self.ownership |= other.ownership;
        self.kinds |= other.kinds;
        self.offered |= other.offered;
        self.free |= other.free;
        self.newest_free = self.newest_free.max(other.newest_free);
    }

    /// True when `other` adds nothing to this one.
    pub fn covers(&self, s: &Summary) -> bool {
        let mut widened = *self;
        widened.add(s);
        widened == *self
    }
}

/// One slot per service kind: derived, so a new kind cannot outgrow the table.
pub const SERVICES: usize = <ServiceKind as strum::EnumCount>::COUNT;
// The bit sets hold one bit per service, per ownership and (in the filter) per kind.
const _: () = assert!(SERVICES <= 16);
const _: () = assert!(<Ownership as strum::EnumCount>::COUNT <= 8);
const _: () = assert!(<FacilityKind as strum::EnumCount>::COUNT <= 8);

pub(super) fn service_bit(s: ServiceKind) -> u16 {
    1 << (s as u16)
}

pub(super) fn ownership_bit(o: Ownership) -> u8 {
    1 << (o as u8)
}
