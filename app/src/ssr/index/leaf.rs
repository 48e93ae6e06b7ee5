//! The delta: an rstar R*-tree per kind holding the facilities written since the packed trees were
//! built (new ones, and ones that moved or changed kind). Each leaf carries the point, the slot and
//! the same [`Summary`] the packed leaves carry.

use rstar::{AABB, PointDistance, RStarInsertionStrategy, RTree, RTreeObject, RTreeParams};

use super::summary::Summary;
use crate::model::Facility;

pub(super) type Tree = RTree<Leaf, Params>;

/// Wider nodes than rstar's default of 6: fewer levels for a nearest-neighbour walk.
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

/// Squared chord between two unit vectors. Every distance the index compares (packed leaves, delta
/// leaves, the brute-force reference of the tests) is computed by this one function, axis by axis in
/// this order, so equal points give bit-equal distances and ties are broken by slot alone.
pub(super) fn distance_2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (x, y, z) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    x * x + y * y + z * z
}
