//! The k best found so far (shared by the delta's walk and the packed trees' walk), and the
//! best-first k-nearest walk over the delta's R*-trees.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rstar::{ParentNode, RTreeNode};

use super::leaf::{Leaf, Tree, distance_2};

/// Up to `limit` (squared chord, slot) pairs within `max_d2`, nearest first, ties by slot.
pub(super) struct Best {
    limit: usize,
    max_d2: f64,
    pub items: Vec<(f64, u32)>,
}

impl Best {
    pub fn new() -> Self {
        Best { limit: 1, max_d2: f64::INFINITY, items: Vec::with_capacity(16) }
    }

    /// Empty, for a search of `limit` (≥ 1) within `max_d2`.
    pub fn reset(&mut self, limit: usize, max_d2: f64) {
        self.limit = limit.max(1);
        self.max_d2 = max_d2;
        self.items.clear();
    }

    /// Nothing farther than this can still enter.
    #[inline]
    pub fn bound(&self) -> f64 {
        if self.items.len() == self.limit { self.items[self.limit - 1].0.min(self.max_d2) } else { self.max_d2 }
    }

    /// Whether (d2, slot) would enter.
    #[inline]
    pub fn fits(&self, d2: f64, slot: u32) -> bool {
        d2 <= self.max_d2 && (self.items.len() < self.limit || lt((d2, slot), self.items[self.limit - 1]))
    }

    pub fn insert(&mut self, d2: f64, slot: u32) {
        let key = (d2, slot);
        let at = self.items.partition_point(|&b| lt(b, key));
        self.items.insert(at, key);
        self.items.truncate(self.limit);
    }
}

fn lt(a: (f64, u32), b: (f64, u32)) -> bool {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)) == Ordering::Less
}

/// A delta node waiting to be opened, ordered nearest first (BinaryHeap is a max-heap, hence reversed).
struct Pending<'a> {
    d2: f64,
    node: &'a ParentNode<Leaf>,
}

impl PartialEq for Pending<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.d2.total_cmp(&other.d2) == Ordering::Equal
    }
}

impl Eq for Pending<'_> {}

impl PartialOrd for Pending<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pending<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other.d2.total_cmp(&self.d2)
    }
}

/// Adds to `best` the leaves of the delta trees that `accept` lets through, visiting only nodes
/// that could still hold one of the k best.
pub(super) fn delta_k_nearest<'a>(
    trees: impl Iterator<Item = &'a Tree>,
    query: &[f64; 3],
    best: &mut Best,
    mut accept: impl FnMut(&Leaf) -> bool,
) {
    let mut heap = BinaryHeap::new();
    for tree in trees.filter(|t| t.size() > 0) {
        let root = tree.root();
        heap.push(Pending { d2: root.envelope().distance_2(query), node: root });
    }
    while let Some(Pending { d2, node }) = heap.pop() {
        if d2 > best.bound() {
            break;
        }
        for child in node.children() {
            match child {
                RTreeNode::Leaf(leaf) => {
                    let d2 = distance_2(&leaf.point, query);
                    if best.fits(d2, leaf.slot) && accept(leaf) {
                        best.insert(d2, leaf.slot);
                    }
                }
                RTreeNode::Parent(parent) => {
                    let d2 = parent.envelope().distance_2(query);
                    if d2 <= best.bound() {
                        heap.push(Pending { d2, node: parent });
                    }
                }
            }
        }
    }
}
