//! The packed tree: a static R-tree of every facility in flat arrays, built in one sort and one pass.
//!
//! Entries (the point as a 3-D unit vector kept in exact `f64`s, the slot and the [`Summary`]: 56
//! bytes) are stored in curve order (see `order`); every run of [`FANOUT`] of them is a leaf node,
//! every run of FANOUT nodes a node of the level above, up to one root. A node is its bounding box
//! (`f32`, rounded outward, so the box distance is never more than the distance of any point inside:
//! pruning stays exact) and its [`NodeSummary`] and, for a node over entries, where each kind's run of them starts (44 bytes, ≈ 3 per facility); nodes of one level
//! lie side by side, so a node's children are one contiguous run, read as one stream: no pointers.
//!
//! One tree for all kinds, not one per kind: a search for several kinds (or all) then descends one
//! tree instead of seven (at 1e6, ≈ 9 nodes opened instead of ≈ 42), and a search for one kind
//! skips the subtrees without it by the kind bits of the node summaries.
//!
//! Why not a crate: geo-index 0.4 (its Hilbert `RTree`) and static_aabb2d_index 2.1 index 2-D boxes
//! only; geo-index's `neighbors_with_callbacks` hands the box distance callback a 2-D box but not
//! the node, so a per-node summary could not be consulted, and a planar 2-D lower bound is not exact
//! on the sphere (an exact spherical bound for a lng/lat box needs trigonometry per child). The 3-D
//! packed_spatial_index is young (33 releases in its first year) and exposes neither node summaries
//! nor ties by slot. The structure is small (this file and `order`); the property tests check every
//! search against brute force.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::KINDS;
use super::filter::{Filter, Verdict};
use super::leaf::distance_2;
use super::search::Best;
use super::summary::{DEAD, NodeSummary, Summary};

pub(super) const FANOUT: usize = 16;

/// Below this many items a parallel step stays on the calling thread (splitting costs more).
pub(super) const PAR_MIN: usize = 16_384;

/// One facility in the tree (and as the builder takes it).
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub point: [f64; 3],
    pub slot: u32,
    pub summary: Summary,
}

/// A node: its box, [min x, y, z, max x, y, z], and the union of the summaries below; for a node over
/// entries (whose entries are sorted by kind), where each kind's entries start.
#[derive(Debug, Clone, Copy)]
struct Node {
    bbox: [f32; 6],
    summary: NodeSummary,
    first: [u8; KINDS],
}

pub(super) struct Packed {
    entries: Vec<Entry>,
    /// Every node: the nodes over the entries first, the root last.
    nodes: Vec<Node>,
    /// Where each level starts in `nodes` (level 0 = the nodes over the entries), and the end.
    levels: Vec<u32>,
    tombstones: usize,
}

impl Default for Packed {
    fn default() -> Self {
        Packed { entries: Vec::new(), nodes: Vec::new(), levels: vec![0], tombstones: 0 }
    }
}

impl Packed {
    pub fn build(entries: Vec<Entry>) -> Self {
        let points: Vec<[f64; 3]> = entries.iter().map(|e| e.point).collect();
        let order = super::order::curve_order(&points);
        drop(points);
        let mut sorted = Vec::with_capacity(order.len());
        order.par_iter().with_min_len(PAR_MIN).map(|&i| entries[i as usize]).collect_into_vec(&mut sorted);
        drop(entries);
        let tombstones = sorted.iter().filter(|e| e.summary.is(DEAD)).count();
        let mut tree = Packed { entries: sorted, tombstones, ..Packed::default() };
        tree.build_nodes();
        tree
    }

    fn build_nodes(&mut self) {
        let n = self.entries.len();
        if n == 0 {
            return;
        }
        let mut count = n.div_ceil(FANOUT);
        let (mut total, mut c) = (0, count);
        loop {
            total += c;
            if c == 1 {
                break;
            }
            c = c.div_ceil(FANOUT);
        }
        // The nodes over the entries, on every core (each is its own run of entries).
        self.nodes.reserve_exact(total);
        let leaves = self.entries.par_chunks_mut(FANOUT).with_min_len(PAR_MIN / FANOUT).map(|chunk| {
            // By kind within the node (the box is the same), so a search for some kinds reads only theirs.
            chunk.sort_by_key(|e| e.summary.kind);
            let mut first = [0u8; KINDS];
            for e in chunk.iter() {
                for f in &mut first[e.summary.kind.index() + 1..] {
                    *f += 1;
                }
            }
            let mut lo = [f64::INFINITY; 3];
            let mut hi = [f64::NEG_INFINITY; 3];
            let mut summary = NodeSummary::default();
            for e in chunk.iter() {
                for a in 0..3 {
                    lo[a] = lo[a].min(e.point[a]);
                    hi[a] = hi[a].max(e.point[a]);
                }
                summary.add(&e.summary);
            }
            let bbox = [down(lo[0]), down(lo[1]), down(lo[2]), up(hi[0]), up(hi[1]), up(hi[2])];
            Node { bbox, summary, first }
        });
        self.nodes.par_extend(leaves);
        let mut start = 0;
        while count > 1 {
            self.levels.push((start + count) as u32);
            for first in (start..start + count).step_by(FANOUT) {
                let end = (first + FANOUT).min(start + count);
                let mut bbox = [
                    f32::INFINITY,
                    f32::INFINITY,
                    f32::INFINITY,
                    f32::NEG_INFINITY,
                    f32::NEG_INFINITY,
                    f32::NEG_INFINITY,
                ];
                let mut summary = NodeSummary::default();
                for child in &self.nodes[first..end] {
                    for a in 0..3 {
                        bbox[a] = bbox[a].min(child.bbox[a]);
                        bbox[a + 3] = bbox[a + 3].max(child.bbox[a + 3]);
                    }
                    summary.merge(&child.summary);
                }
                self.nodes.push(Node { bbox, summary, first: [0; KINDS] });
            }
            start += count;
            count = count.div_ceil(FANOUT);
        }
        self.levels.push((start + count) as u32);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entries that are not tombstones.
    pub fn live(&self) -> usize {
        self.len() - self.tombstones
    }

    pub fn tombstones(&self) -> usize {
        self.tombstones
    }

    pub fn entry(&self, at: usize) -> &Entry {
        &self.entries[at]
    }

    /// Replace a leaf's summary; the nodes above are widened to cover it (never narrowed: a node
    /// summary only has to be a superset).
    pub fn set_summary(&mut self, at: usize, summary: Summary) {
        self.entries[at].summary = summary;
        let mut node = at / FANOUT;
        for level in 0..self.levels.len() - 1 {
            let n = &mut self.nodes[self.levels[level] as usize + node].summary;
            if n.covers(&summary) {
                break;
            }
            n.add(&summary);
            node /= FANOUT;
        }
    }

    /// Make an entry a tombstone: it is skipped from now on (its facility moved or is gone).
    pub fn kill(&mut self, at: usize) {
        let summary = &mut self.entries[at].summary;
        if !summary.is(DEAD) {
            summary.flags |= DEAD;
            self.tombstones += 1;
        }
    }

    /// Every entry that is not a tombstone, with its position.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> + '_ {
        self.entries.iter().enumerate().filter(|(_, e)| !e.summary.is(DEAD))
    }

    /// Bytes held (capacities).
    pub fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.entries.capacity() * size_of::<Entry>()
            + self.nodes.capacity() * size_of::<Node>()
            + self.levels.capacity() * size_of::<u32>()
    }
}

/// Largest `f32` not above `x`, smallest not below: boxes rounded outward.
fn down(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) > x { r.next_down() } else { r }
}

fn up(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) < x { r.next_up() } else { r }
}

/// Squared distance from `q` to the box: for any point p inside it, each axis' gap is at most
/// |p − q| (rounding is monotonic), so this never exceeds `distance_2(p, q)` as computed.
#[inline]
fn box_distance_2(b: &[f32; 6], q: &[f64; 3]) -> f64 {
    let mut d = 0.0;
    for a in 0..3 {
        let (lo, hi) = (f64::from(b[a]), f64::from(b[a + 3]));
        let g = if q[a] < lo {
            lo - q[a]
        } else if q[a] > hi {
            q[a] - hi
        } else {
            0.0
        };
        d += g * g;
    }
    d
}

/// A node waiting to be opened, nearest first (BinaryHeap is a max-heap, hence reversed); `at` is
/// level << 32 | index within the level (one word: written and read whole).
#[derive(Debug, Clone, Copy)]
pub(super) struct Pending {
    d2: f64,
    at: u64,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pending {}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> Ordering {
        other.d2.total_cmp(&self.d2)
    }
}

/// Best-first k-nearest, adding to `best` (which may already hold the delta's candidates). A node
/// is opened only if its box could still hold one of the k best and its summary does not rule the
/// filter out; an entry's summary settles most filters, `maybe` (the facility itself, by slot) the
/// rest.
pub(super) fn k_nearest(
    tree: &Packed,
    filter: &Filter,
    query: &[f64; 3],
    best: &mut Best,
    heap: &mut BinaryHeap<Pending>,
    mut maybe: impl FnMut(u32) -> bool,
) {
    heap.clear();
    let Some(top) = tree.levels.len().checked_sub(2) else { return };
    let root = &tree.nodes[tree.levels[top] as usize];
    if !filter.node_may_pass(&root.summary) {
        return;
    }
    let d2 = box_distance_2(&root.bbox, query);
    if d2 <= best.bound() {
        heap.push(Pending { d2, at: (top as u64) << 32 });
    }
    while let Some(Pending { d2, at }) = heap.pop() {
        if d2 > best.bound() {
            break;
        }
        let (level, first) = ((at >> 32) as usize, (at as u32) as usize * FANOUT);
        if level == 0 {
            let entries = &tree.entries[first..(first + FANOUT).min(tree.entries.len())];
            let node = &tree.nodes[first / FANOUT];
            let mut scan = |run: &[Entry]| {
                for e in run {
                    let d2 = distance_2(&e.point, query);
                    if !best.fits(d2, e.slot) {
                        continue;
                    }
                    let ok = match filter.quick(&e.summary) {
                        Verdict::Yes => true,
                        Verdict::No => false,
                        Verdict::Maybe => maybe(e.slot),
                    };
                    if ok {
                        best.insert(d2, e.slot);
                    }
                }
            };
            if filter.kind_mask() == 0 {
                scan(entries);
            } else {
                // Only the runs of the wanted kinds.
                let mut kinds = node.summary.kinds & filter.kind_mask();
                while kinds != 0 {
                    let k = kinds.trailing_zeros() as usize;
                    let start = usize::from(node.first[k]);
                    let end = node.first.get(k + 1).map_or(entries.len(), |&e| usize::from(e));
                    scan(&entries[start..end]);
                    kinds &= kinds - 1;
                }
            }
        } else {
            let below = level - 1;
            let start = tree.levels[below] as usize;
            let end = (start + first + FANOUT).min(tree.levels[below + 1] as usize);
            let bound = best.bound();
            for (i, node) in tree.nodes[start + first..end].iter().enumerate() {
                if !filter.node_may_pass(&node.summary) {
                    continue;
                }
                let d2 = box_distance_2(&node.bbox, query);
                if d2 <= bound {
                    heap.push(Pending { d2, at: ((below as u64) << 32) | (first + i) as u64 });
                }
            }
        }
    }
}
