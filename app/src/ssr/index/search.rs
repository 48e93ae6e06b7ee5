//! Best-first k-nearest search over several R*-trees at once (one per wanted kind), pruned by the
//! k-th best distance found so far. rstar's own iterator would visit every node it pushes and
//! allocate per step; this visits only nodes that could still hold one of the k best.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rstar::{ParentNode, RTreeNode};

use super::leaf::{Leaf, Tree, distance_2};

/// A node waiting to be opened, ordered nearest first (BinaryHeap is a max-heap, hence reversed).
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

/// Fills `best` with up to `limit` (squared chord, slot) pairs, nearest first (ties by slot), of
/// leaves within `max_d2` that `accept` lets through.
pub(super) fn k_nearest<'a>(
    trees: impl Iterator<Item = &'a Tree>,
    query: &[f64; 3],
    limit: usize,
    max_d2: f64,
    mut accept: impl FnMut(&Leaf) -> bool,
    best: &mut Vec<(f64, u32)>,
) {
    best.clear();
    if limit == 0 {
        return;
    }
    let mut heap = BinaryHeap::with_capacity(64);
    for tree in trees.filter(|t| t.size() > 0) {
        let root = tree.root();
        heap.push(Pending { d2: root.envelope().distance_2(query), node: root });
    }
    let bound = |best: &Vec<(f64, u32)>| if best.len() == limit { best[limit - 1].0.min(max_d2) } else { max_d2 };
    while let Some(Pending { d2, node }) = heap.pop() {
        if d2 > bound(best) {
            break;
        }
        for child in node.children() {
            match child {
                RTreeNode::Leaf(leaf) => {
                    let d2 = distance_2(&leaf.point, query);
                    let key = (d2, leaf.slot);
                    let fits = d2 <= max_d2 && (best.len() < limit || lt(key, best[limit - 1]));
                    if fits && accept(leaf) {
                        let at = best.partition_point(|&b| lt(b, key));
                        best.insert(at, key);
                        best.truncate(limit);
                    }
                }
                RTreeNode::Parent(parent) => {
                    let d2 = parent.envelope().distance_2(query);
                    if d2 <= bound(best) {
                        heap.push(Pending { d2, node: parent });
                    }
                }
            }
        }
    }
}

fn lt(a: (f64, u32), b: (f64, u32)) -> bool {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)) == Ordering::Less
}
