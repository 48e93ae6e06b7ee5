//! What a tree leaf carries: the point, the facility's slot, and a summary of the facility that
//! settles most filters without following the pointer to the facility itself. At city scale that
//! pointer is a cache miss per candidate, which is most of the cost of a filtered search.

use rstar::{AABB, PointDistance, RStarInsertionStrategy, RTree, RTreeObject, RTreeParams};

use crate::model::{Facility, FacilityKind, FacilityStatus, Ownership, ServiceKind};

pub(super) type Tree = RTree<Leaf, Params>;

/// Wider nodes than rstar's default of 6: fewer levels and longer contiguous child arrays suit
/// nearest-neighbour walks over a tree much larger than the CPU cache.
pub(super) struct Params;

impl RTreeParams for Params {
    const MIN_SIZE: usize = 5;
    const MAX_SIZE: usize = 12;
    const REINSERTION_COUNT: usize = 4;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Leaf {
    pub point: [f64; 3],
    pub slot: u32,
    pub summary: Summary,
}

impl Leaf {
    pub fn new(point: [f64; 3], slot: u32, f: &Facility) -> Self {
        Leaf { point, slot, summary: Summary::of(f) }
    }
}

/// A leaf is the same leaf whatever its summary says: removal finds it by point and slot.
impl PartialEq for Leaf {
    fn eq(&self, other: &Self) -> bool {
        self.slot == other.slot && self.point == other.point
    }
}

impl RTreeObject for Leaf {
    type Envelope = AABB<[f64; 3]>;

    fn envelope(&self) -> Self::Envelope {
        AABB::from_point(self.point)
    }
}

impl PointDistance for Leaf {
    fn distance_2(&self, p: &[f64; 3]) -> f64 {
        distance_2(&self.point, p)
    }

    fn contains_point(&self, p: &[f64; 3]) -> bool {
        self.point == *p
    }
}

pub(super) fn distance_2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// The parts of a facility that the common filters (kind, open, ownership, service, free places,
/// freshness) read, packed next to the point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub kind: FacilityKind,
    pub open: bool,
    /// Closed for good: never offered to families, whatever the filters.
    pub closed: bool,
    /// Bit per [`Ownership`]; 0 when the source did not say.
    pub ownership: u8,
    /// Bit per [`ServiceKind`] offered, and offered with free places.
    pub offered: u16,
    pub free: u16,
    /// Newest `updated_at` among the services with free places.
    pub newest_free: i64,
    /// Each free service's `updated_at` (indexed by service), when all of them fit in a `u32`;
    /// otherwise `exact` is false and the facility itself is asked.
    pub free_updated: [u32; SERVICES],
    pub exact: bool,
}

impl Summary {
    pub fn of(f: &Facility) -> Self {
        let mut s = Summary {
            kind: f.kind,
            open: f.status == FacilityStatus::Open,
            closed: f.status == FacilityStatus::Closed,
            ownership: f.ownership.map_or(0, ownership_bit),
            offered: 0,
            free: 0,
            newest_free: i64::MIN,
            free_updated: [0; SERVICES],
            exact: true,
        };
        for c in &f.services {
            s.offered |= service_bit(c.service);
            if c.has_free_places() {
                s.free |= service_bit(c.service);
                s.newest_free = s.newest_free.max(c.updated_at);
                match u32::try_from(c.updated_at) {
                    Ok(t) => s.free_updated[c.service as usize] = t,
                    Err(_) => s.exact = false,
                }
            }
        }
        s
    }
}

/// One slot per service kind: derived, so a new kind cannot outgrow the table.
pub const SERVICES: usize = <ServiceKind as strum::EnumCount>::COUNT;
// The bit sets below hold one bit per service, per ownership and (in the filter) per kind.
const _: () = assert!(SERVICES <= 16);
const _: () = assert!(<Ownership as strum::EnumCount>::COUNT <= 8);
const _: () = assert!(<FacilityKind as strum::EnumCount>::COUNT <= 8);

pub(super) fn service_bit(s: ServiceKind) -> u16 {
    1 << (s as u16)
}

pub(super) fn ownership_bit(o: Ownership) -> u8 {
    1 << (o as u8)
}
