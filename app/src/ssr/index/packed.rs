//! The packed tree: a static R-tree of every facility in flat arrays, built in one sort and one pass.
//!
//! Entries (the point as a 3-D unit vector kept in exact `f64`s, the slot and the [`Summary`]: 56
//! bytes) are stored in curve order (see `order`); every run of [`LEAF`] of them is a leaf node,
//! every run of [`FANOUT`] nodes a node of the level above, up to one root. A node is its bounding
//! box (`f32`, rounded outward, so the box distance is never more than the distance of any point
//! inside: pruning stays exact) and its [`NodeSummary`] and, for a node over entries, where each
//! kind's run of them starts; nodes of one level lie side by side, so a node's children are one
//! contiguous run, read as one stream: no pointers.
//!
//! Each of those is its own array (points apart from slots and summaries, boxes apart from node
//! summaries): a search is bound by memory, not arithmetic (perf at 1e6: most of its time on the first
//! load of a leaf's points or a node's children), and it reads a slot, a summary or a node summary only
//! for what is near enough to count, so what it reads first is as small as it can be.
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
use super::bbox::{self, Bbox, box_distance_2};
use super::filter::{Filter, Verdict};
use super::leaf::distance_2;
use super::search::Best;
use super::summary::{DEAD, NodeSummary, Summary};

pub(super) const LEAF: usize = 16;
/// Children per node above the leaves (measured at 1e6: 8 beats 16 and 4).
pub(super) const FANOUT: usize = 8;

/// Below this many items a parallel step stays on the calling thread (splitting costs more).
pub(super) const PAR_MIN: usize = 16_384;

/// One facility in the tree (and as the builder takes it).
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub point: [f64; 3],
    pub slot: u32,
    pub summary: Summary,
}

/// What an entry holds besides its point.
#[derive(Debug, Clone, Copy)]
struct Info {
    slot: u32,
    summary: Summary,
}

#[derive(Default)]
pub(super) struct Packed {
    /// Each entry's point, in curve order (by kind within each leaf).
    points: Vec<[f64; 3]>,
    /// Each entry's slot and summary, in the same order.
    infos: Vec<Info>,
    /// Every node's box: the nodes over the entries first, the root last.
    boxes: Vec<Bbox>,
    /// Every node's summary, in the same order.
    summaries: Vec<NodeSummary>,
    /// For each node over entries (whose entries are sorted by kind), where each kind's entries start.
    firsts: Vec<[u8; KINDS]>,
    /// Where each level starts in the nodes (level 0 = the nodes over the entries), and the end; empty
    /// for an empty tree.
    levels: Vec<u32>,
    tombstones: usize,
}

impl Packed {
    pub fn build(entries: Vec<Entry>) -> Self {
        let mut order = super::order::curve_order(&entries, |e| e.point);
        // By kind within each leaf (the box is the same), so a search for some kinds reads only theirs;
        // the kinds copied out first, so the sort's random reads stay in a byte per entry.
        let mut kinds = Vec::with_capacity(entries.len());
        entries.par_iter().with_min_len(PAR_MIN).map(|e| e.summary.kind).collect_into_vec(&mut kinds);
        order
            .par_chunks_mut(LEAF)
            .with_min_len(PAR_MIN / LEAF)
            .for_each(|leaf| leaf.sort_by_key(|&i| kinds[i as usize]));
        drop(kinds);
        let mut tree = Packed::default();
        order
            .par_iter()
            .with_min_len(PAR_MIN)
            .map(|&i| {
                let e = &entries[i as usize];
                (e.point, Info { slot: e.slot, summary: e.summary })
            })
            .unzip_into_vecs(&mut tree.points, &mut tree.infos);
        drop(entries);
        tree.tombstones = tree.infos.iter().filter(|e| e.summary.is(DEAD)).count();
        tree.build_nodes();
        tree
    }

    fn build_nodes(&mut self) {
        let n = self.points.len();
        if n == 0 {
            return;
        }
        let mut count = n.div_ceil(LEAF);
        let (mut total, mut c) = (0, count);
        loop {
            total += c;
            if c == 1 {
                break;
            }
            c = c.div_ceil(FANOUT);
        }
        // The nodes over the entries, on every core (each is its own run of entries).
        let mut leaves = Vec::with_capacity(count);
        self.points
            .par_chunks(LEAF)
            .zip(self.infos.par_chunks(LEAF))
            .with_min_len(PAR_MIN / LEAF)
            .map(|(points, infos)| {
                let mut first = [0u8; KINDS];
                let mut summary = NodeSummary::default();
                for e in infos {
                    for f in &mut first[e.summary.kind.index() + 1..] {
                        *f += 1;
                    }
                    summary.add(&e.summary);
                }
                (bbox::around(points), summary, first)
            })
            .collect_into_vec(&mut leaves);
        self.boxes.reserve_exact(total);
        self.summaries.reserve_exact(total);
        self.firsts.reserve_exact(count);
        for (bbox, summary, first) in leaves {
            self.boxes.push(bbox);
            self.summaries.push(summary);
            self.firsts.push(first);
        }
        let mut start = 0;
        self.levels.push(0);
        while count > 1 {
            self.levels.push((start + count) as u32);
            for first in (start..start + count).step_by(FANOUT) {
                let end = (first + FANOUT).min(start + count);
                let mut bbox = bbox::EMPTY;
                let mut summary = NodeSummary::default();
                for child in first..end {
                    bbox::widen(&mut bbox, &self.boxes[child]);
                    summary.merge(&self.summaries[child]);
                }
                self.boxes.push(bbox);
                self.summaries.push(summary);
            }
            start += count;
            count = count.div_ceil(FANOUT);
        }
        self.levels.push((start + count) as u32);
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Entries that are not tombstones.
    pub fn live(&self) -> usize {
        self.len() - self.tombstones
    }

    pub fn tombstones(&self) -> usize {
        self.tombstones
    }

    pub fn entry(&self, at: usize) -> Entry {
        let Info { slot, summary } = self.infos[at];
        Entry { point: self.points[at], slot, summary }
    }

    /// Replace a leaf's summary; the nodes above are widened to cover it (never narrowed: a node
    /// summary only has to be a superset).
    pub fn set_summary(&mut self, at: usize, summary: Summary) {
        self.infos[at].summary = summary;
        let mut node = at / LEAF;
        for level in 0..self.levels.len() - 1 {
            let n = &mut self.summaries[self.levels[level] as usize + node];
            if n.covers(&summary) {
                break;
            }
            n.add(&summary);
            node /= FANOUT;
        }
    }

    /// Make an entry a tombstone: it is skipped from now on (its facility moved or is gone).
    pub fn kill(&mut self, at: usize) {
        let summary = &mut self.infos[at].summary;
        if !summary.is(DEAD) {
            summary.flags |= DEAD;
            self.tombstones += 1;
        }
    }

    /// The slot of every entry that is not a tombstone, with its position.
    pub fn slots(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.infos.iter().enumerate().filter(|(_, e)| !e.summary.is(DEAD)).map(|(at, e)| (at, e.slot))
    }

    /// Every entry that is not a tombstone, with its position.
    pub fn entries(&self) -> impl Iterator<Item = (usize, Entry)> + '_ {
        self.slots().map(|(at, _)| (at, self.entry(at)))
    }

    /// Bytes held (capacities).
    pub fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.points.capacity() * size_of::<[f64; 3]>()
            + self.infos.capacity() * size_of::<Info>()
            + self.boxes.capacity() * size_of::<Bbox>()
            + self.summaries.capacity() * size_of::<NodeSummary>()
            + self.firsts.capacity() * size_of::<[u8; KINDS]>()
            + self.levels.capacity() * size_of::<u32>()
    }

    /// The children of node `index` of `level` (≥ 1): their indices in the level below and boxes.
    fn children(&self, level: usize, index: usize) -> impl Iterator<Item = (usize, &Bbox)> + '_ {
        let below = self.levels[level - 1] as usize;
        let first = index * FANOUT;
        let end = (below + first + FANOUT).min(self.levels[level] as usize);
        self.boxes[below + first..end].iter().enumerate().map(move |(i, b)| (first + i, b))
    }

    /// The summary of node `index` of `level`.
    fn summary(&self, level: usize, index: usize) -> &NodeSummary {
        &self.summaries[self.levels[level] as usize + index]
    }

    /// Add to `best` the entries of leaf node `index` that pass `filter`.
    fn scan_leaf(
        &self,
        index: usize,
        filter: &Filter,
        query: &[f64; 3],
        best: &mut Best,
        maybe: &mut impl FnMut(u32) -> bool,
    ) {
        let base = index * LEAF;
        let len = LEAF.min(self.len() - base);
        let mut scan = |from: usize, to: usize| {
            for at in base + from..base + to {
                let d2 = distance_2(&self.points[at], query);
                if d2 > best.bound() {
                    continue;
                }
                let Info { slot, summary } = &self.infos[at];
                if !best.fits(d2, *slot) {
                    continue;
                }
                let ok = match filter.quick(summary) {
                    Verdict::Yes => true,
                    Verdict::No => false,
                    Verdict::Maybe => maybe(*slot),
                };
                if ok {
                    best.insert(d2, *slot);
                }
            }
        };
        if filter.kind_mask() == 0 {
            scan(0, len);
        } else {
            // Only the runs of the wanted kinds.
            let first = &self.firsts[index];
            let mut kinds = self.summaries[index].kinds & filter.kind_mask();
            while kinds != 0 {
                let k = kinds.trailing_zeros() as usize;
                let end = first.get(k + 1).map_or(len, |&e| usize::from(e));
                scan(usize::from(first[k]), end);
                kinds &= kinds - 1;
            }
        }
    }
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
    if !filter.node_may_pass(tree.summary(top, 0)) {
        return;
    }
    let d2 = box_distance_2(&tree.boxes[tree.levels[top] as usize], query);
    if d2 <= best.bound() {
        heap.push(Pending { d2, at: (top as u64) << 32 });
    }
    while let Some(Pending { d2, at }) = heap.pop() {
        if d2 > best.bound() {
            break;
        }
        let (level, index) = ((at >> 32) as usize, (at as u32) as usize);
        if level == 0 {
            tree.scan_leaf(index, filter, query, best, &mut maybe);
            continue;
        }
        let bound = best.bound();
        for (i, bbox) in tree.children(level, index) {
            let d2 = box_distance_2(bbox, query);
            if d2 <= bound && filter.node_may_pass(tree.summary(level - 1, i)) {
                heap.push(Pending { d2, at: (((level - 1) as u64) << 32) | i as u64 });
            }
        }
    }
}
