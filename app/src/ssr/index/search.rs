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
    /// What [`bound`](Self::bound) answers, kept up to date by `reset` and `insert` (it is asked for
    /// every entry a search looks at).
    bound: f64,
    pub items: Vec<(f64, u32)>,
}

impl Default for Best {
    fn default() -> Self {
        Best { limit: 1, max_d2: f64::INFINITY, bound: f64::INFINITY, items: Vec::new() }
    }
}

impl Best {
    /// Empty, for a search of `limit` (≥ 1) within `max_d2`.
    pub fn reset(&mut self, limit: usize, max_d2: f64) {
        self.limit = limit.max(1);
        self.max_d2 = max_d2;
        self.bound = max_d2;
        self.items.clear();
    }

    /// Nothing farther than this can still enter.
    #[inline]
    pub fn bound(&self) -> f64 {
        self.bound
    }

    /// Whether (d2, slot) would enter.
    #[inline]
    pub fn fits(&self, d2: f64, slot: u32) -> bool {
        if d2 < self.bound {
            return true;
        }
        d2 <= self.max_d2 && (self.items.len() < self.limit || lt((d2, slot), self.items[self.limit - 1]))
    }

    /// Add (d2, slot), which [`fits`](Self::fits): one step of an insertion sort (k is small).
    #[inline]
    pub fn insert(&mut self, d2: f64, slot: u32) {
        debug_assert!(self.fits(d2, slot));
        let key = (d2, slot);
        if self.items.len() == self.limit {
            self.items.pop();
        }
        self.items.push(key);
        let mut at = self.items.len() - 1;
        while at > 0 && lt(key, self.items[at - 1]) {
            self.items[at] = self.items[at - 1];
            at -= 1;
        }
        self.items[at] = key;
        if self.items.len() == self.limit {
            self.bound = self.items[self.limit - 1].0.min(self.max_d2);
        }
    }
}

#[inline]
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

#[cfg(test)]
mod tests {
    use super::Best;

    /// Inserting every candidate that fits, in any order, leaves the k smallest (distance, slot) pairs,
    /// sorted, and `bound` is the k-th distance once k are held.
    #[test]
    fn best_keeps_the_k_smallest_in_order_with_ties_by_slot() {
        let candidates = [(4.0, 9), (1.0, 7), (4.0, 2), (9.0, 1), (1.0, 3), (0.5, 8), (4.0, 5), (2.0, 6)];
        let mut best = Best::default();
        best.reset(4, 5.0);
        assert_eq!(best.bound(), 5.0);
        for (d2, slot) in candidates {
            if best.fits(d2, slot) {
                best.insert(d2, slot);
            }
        }
        assert_eq!(best.items, [(0.5, 8), (1.0, 3), (1.0, 7), (2.0, 6)]);
        assert_eq!(best.bound(), 2.0);
        // At the bound, a lower slot still enters and a higher one does not.
        assert!(best.fits(2.0, 5) && !best.fits(2.0, 7) && !best.fits(2.5, 0));

        // Fewer than k within the limit: everything within it, nothing beyond.
        best.reset(10, 4.0);
        for (d2, slot) in candidates {
            if best.fits(d2, slot) {
                best.insert(d2, slot);
            }
        }
        assert_eq!(best.items, [(0.5, 8), (1.0, 3), (1.0, 7), (2.0, 6), (4.0, 2), (4.0, 5), (4.0, 9)]);
        assert_eq!(best.bound(), 4.0);
    }
}
