//! Folding the delta and the tombstones into freshly packed trees.
//!
//! When: a write that leaves the delta entries plus tombstones at `MERGE_MIN + packed / MERGE_SHARE`
//! or more (≈ 16,600 at 1e6) starts a merge on a background thread. Why there and then: most writes
//! (capacity figures, statuses) change a summary in place and never grow the delta; moves, new
//! facilities and removals are rare, except during an import, when they come by the thousand. A
//! merge at 1e6 costs ≈ 100 ms of CPU, which belongs on the second core and not in a writer's
//! request (nor, under the write lock, in every search's path); the share keeps the total merge
//! work of an import of n facilities near MERGE_SHARE · n entry copies, and the delta small
//! enough that searching it stays a fraction of a microsecond.
//!
//! How, without stopping searches: (1) under the write lock, start recording which slots are
//! written; downgraded to a read lock, copy the live entries (packed leaves that are not tombstones,
//! and delta leaves); (2) with no lock held, build the new packed tree; (3) under the write lock,
//! install them, empty the delta, and replay the slots written meanwhile: a slot whose facility is
//! still where the copy had it gets its summary refreshed, any other is tombstoned in the new trees
//! and goes to the new delta. A reload builds a whole new index instead (`FacilityIndex::build`).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use parking_lot::RwLockWriteGuard;

use super::packed::{Entry, Packed};
use super::summary::Summary;
use super::{FacilityIndex, IN_DELTA, Inner, NOWHERE, Shared, packed_place, places, unit_vector};

impl FacilityIndex {
    /// Fold the delta and the tombstones into the packed trees now, on this thread (after any merge
    /// under way). Searches go on meanwhile; for tests, benchmarks and tools.
    pub fn merge(&self) {
        let _merging = self.shared.merging.lock();
        self.shared.merge_locked();
    }

    /// Start a merge on a background thread, unless one is scheduled or running.
    pub(super) fn merge_in_background(&self) {
        if self.shared.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        let shared = Arc::clone(&self.shared);
        let spawned = std::thread::Builder::new().name("index-merge".into()).spawn(move || {
            loop {
                {
                    let _merging = shared.merging.lock();
                    while shared.inner.read().needs_merge() {
                        shared.merge_locked();
                    }
                }
                shared.busy.store(false, Ordering::Release);
                // A write may have passed the threshold after the last check and seen `busy`.
                if !shared.inner.read().needs_merge() || shared.busy.swap(true, Ordering::AcqRel) {
                    break;
                }
            }
        });
        if spawned.is_err() {
            // No thread to be had: the next write that passes the threshold tries again.
            self.shared.busy.store(false, Ordering::Release);
        }
    }

    /// Whether a background merge is scheduled or running (tests wait for it).
    #[cfg(test)]
    pub(super) fn merging(&self) -> bool {
        self.shared.busy.load(Ordering::Acquire)
    }
}

/// What a merge copied: the live entries and the number of slots at the time.
pub(super) struct Snapshot {
    entries: Vec<Entry>,
    slots: usize,
}

impl Shared {
    /// One merge; the caller holds `merging`.
    fn merge_locked(&self) {
        let snapshot = self.merge_start();
        self.merge_finish(snapshot);
    }

    /// Start recording writes and copy the live entries (searches go on meanwhile).
    pub(super) fn merge_start(&self) -> Snapshot {
        let mut inner = self.inner.write();
        inner.dirty = Some(Vec::new());
        let inner = RwLockWriteGuard::downgrade(inner);
        Snapshot { entries: inner.snapshot(), slots: inner.slots.len() }
    }

    /// Build the new packed trees with no lock held, then install them.
    pub(super) fn merge_finish(&self, snapshot: Snapshot) {
        let packed = Packed::build(snapshot.entries);
        let at = places(&packed, snapshot.slots);
        self.inner.write().install(packed, at);
    }
}

impl Inner {
    /// Every live entry: packed leaves that are not tombstones, and the delta's leaves.
    fn snapshot(&self) -> Vec<Entry> {
        let len = self.packed.live() + self.delta.iter().map(|t| t.size()).sum::<usize>();
        let mut entries = Vec::with_capacity(len);
        entries.extend(self.packed.entries().map(|(_, e)| e));
        for tree in &self.delta {
            entries.extend(tree.iter().map(|l| Entry { point: l.point, slot: l.slot, summary: l.summary }));
        }
        entries
    }

    /// Put the new packed trees in place, with an empty delta, and replay the writes made since the
    /// snapshot (see the module comment).
    fn install(&mut self, packed: Packed, mut at: Vec<u32>) {
        let mut dirty = self.dirty.take().unwrap_or_default();
        self.packed = packed;
        self.delta = Default::default();
        at.resize(self.slots.len(), NOWHERE);
        self.at = at;
        dirty.sort_unstable();
        dirty.dedup();
        for slot in dirty {
            let current = self.slots[slot as usize].clone();
            let place = packed_place(self.at[slot as usize]);
            if let (Some(f), Some(position)) = (&current, place)
                && f.kind == self.packed.entry(position).summary.kind
                && unit_vector(f.lat, f.lng) == self.packed.entry(position).point
            {
                self.packed.set_summary(position, Summary::of(f));
                continue;
            }
            if let Some(position) = place {
                self.packed.kill(position);
            }
            self.at[slot as usize] = NOWHERE;
            if let Some(f) = current {
                self.put_in_delta(unit_vector(f.lat, f.lng), slot, &f);
                debug_assert_eq!(self.at[slot as usize], IN_DELTA);
            }
        }
    }
}
