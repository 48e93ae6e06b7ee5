//! The in-memory spatial index of every facility, kept in step with every write.
//!
//! Points are unit vectors on the sphere: the straight-line (chord) distance between two of them
//! grows strictly with the great-circle distance, so a Euclidean nearest-first order is exactly the
//! haversine order, at any scale, with no projection error.
//!
//! Two parts:
//! - the packed tree (`packed`): static, in flat arrays, built by `build` and by merges; each entry
//!   carries a compact summary of its facility and each node the union of those below it, with a bit
//!   per kind (`summary`), so most filters are settled, and whole subtrees skipped, without
//!   following the pointer to a facility;
//! - the delta (`leaf`): an rstar R*-tree per kind of the facilities written since (new ones, and
//!   ones that moved or changed kind), while the packed entry they left becomes a tombstone. A change
//!   that keeps the place and kind (a capacity figure, a status) is written into the summary where
//!   it lives.
//!
//! A search walks the wanted kinds' delta trees and then the packed tree, into one list of the k
//! best (ties broken by slot). When the delta and the tombstones together pass `MERGE_MIN` plus
//! 1/`MERGE_SHARE` of the packed size, a background thread folds them into new packed trees (`merge`):
//! searches never wait for it, writes only for the two short moments it copies and installs.
//!
//! Slots: each facility has a slot for as long as it exists (`slots`, `at`); a per-slot side value
//! is one more `Vec` indexed by slot, written where every write ends (`Inner::touched`): the kept JSON
//! of each facility (`json`, when `keep_json` turned it on) is one.

mod bbox;
mod filter;
mod ids;
mod leaf;
mod memory;
mod merge;
mod nearest;
mod order;
mod packed;
mod search;
mod sphere;
mod summary;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use parking_lot::{Mutex, RwLock};

pub use filter::Filter;
use ids::Ids;
use leaf::{Leaf, Tree};
pub use memory::IndexMemory;
pub use nearest::Hits;
use packed::{Entry, Packed};
pub use sphere::{chord_to_metres, metres_to_chord, unit_vector};
use summary::Summary;

use crate::model::{Facility, ServiceCapacity, ServiceKind};
use crate::ssr::fragment::Fragment;

/// A hit: the facility as it was when found, and its distance in metres.
pub type Hit = (Arc<Facility>, f64);

pub struct FacilityIndex {
    shared: Arc<Shared>,
}

struct Shared {
    inner: RwLock<Inner>,
    /// Held by the merge under way.
    merging: Mutex<()>,
    /// A background merge is scheduled or running.
    busy: AtomicBool,
}

const KINDS: usize = <crate::model::FacilityKind as strum::EnumCount>::COUNT;

/// A merge starts when delta entries plus tombstones reach `MERGE_MIN + packed / MERGE_SHARE`.
const MERGE_MIN: usize = 1024;
const MERGE_SHARE: usize = 64;

/// `Inner::at` for a free slot, and for a facility in the delta; otherwise its packed position.
const NOWHERE: u32 = u32::MAX;
const IN_DELTA: u32 = u32::MAX - 1;

struct Inner {
    packed: Packed,
    delta: [Tree; KINDS],
    slots: Vec<Option<Arc<Facility>>>,
    /// Where each slot's facility is (see `NOWHERE`, `IN_DELTA`).
    at: Vec<u32>,
    ids: Ids,
    free: Vec<u32>,
    /// Slots written while a merge is building (`None` when none is).
    dirty: Option<Vec<u32>>,
    /// Each slot's facility pre-serialised for `/api/nearest`, when kept (`keep_json`; `None`: not kept).
    /// A slot whose record could not be serialised has none, and is serialised per answer instead.
    json: Option<Vec<Option<Fragment>>>,
}

/// Where a slot's facility is in the packed tree, if it is there.
fn packed_place(at: u32) -> Option<usize> {
    (at < IN_DELTA).then_some(at as usize)
}

/// Where each slot is in `packed`, for `slots` slots.
fn places(packed: &Packed, slots: usize) -> Vec<u32> {
    let mut at = vec![NOWHERE; slots];
    for (position, slot) in packed.slots() {
        at[slot as usize] = position as u32;
    }
    at
}

/// Below this a build stays on one thread (spawning costs more than it saves).
const PARALLEL_FROM: usize = 20_000;

fn entry_of(slot: usize, f: &Facility) -> Entry {
    Entry { point: unit_vector(f.lat, f.lng), slot: slot as u32, summary: Summary::of(f) }
}

impl FacilityIndex {
    pub fn build(facilities: Vec<Facility>) -> Self {
        use rayon::prelude::*;
        let mut shared = Vec::with_capacity(facilities.len());
        if facilities.len() >= PARALLEL_FROM {
            // Not `collect`: it could reuse the records' buffer (≈ 500 B a facility) for 8-byte pointers.
            facilities.into_par_iter().map(Arc::new).collect_into_vec(&mut shared);
        } else {
            shared.extend(facilities.into_iter().map(Arc::new));
        }
        Self::build_shared(shared)
    }

    /// Build from records already in their `Arc`s (a snapshot decodes straight into them, and a rebuild
    /// from the records in memory shares them): nothing is moved or copied, only pointed to.
    pub fn build_shared(facilities: Vec<Arc<Facility>>) -> Self {
        use rayon::prelude::*;
        let n = facilities.len();
        assert!(n < order::MAX_POINTS - 2, "the index holds fewer than 2^29 facilities");
        let mut ids = Ids::new();
        let (mut entries, mut hashes) = (Vec::with_capacity(n), Vec::with_capacity(n));
        if n >= PARALLEL_FROM {
            // Points, summaries and id hashes on every core, each written once where it belongs; the
            // packed tree sorts in parallel itself.
            facilities
                .par_iter()
                .enumerate()
                .map(|(i, f)| (entry_of(i, f), ids.hash_id(&f.id)))
                .unzip_into_vecs(&mut entries, &mut hashes);
        } else {
            (entries, hashes) =
                facilities.iter().enumerate().map(|(i, f)| (entry_of(i, f), ids.hash_id(&f.id))).unzip();
        }
        let (packed, same_hash) = if n >= PARALLEL_FROM {
            let (packed, same_hash) = rayon::join(|| Packed::build(entries), || ids.build(&hashes));
            (packed, same_hash)
        } else {
            (Packed::build(entries), ids.build(&hashes))
        };
        let at = places(&packed, n);
        let slots: Vec<Option<Arc<Facility>>> = facilities.into_iter().map(Some).collect();
        let shadowed = ids.settle(same_hash, &slots);
        let mut inner =
            Inner { packed, delta: Default::default(), slots, at, ids, free: Vec::new(), dirty: None, json: None };
        // An id given twice: the last one counts, as a reload's upserts would leave it.
        for slot in shadowed {
            inner.detach(slot);
            inner.slots[slot as usize] = None;
            inner.free.push(slot);
        }
        FacilityIndex {
            shared: Arc::new(Shared {
                inner: RwLock::new(inner),
                merging: Mutex::new(()),
                busy: AtomicBool::new(false),
            }),
        }
    }

    pub fn len(&self) -> usize {
        self.shared.inner.read().ids.len()
    }

    /// From now on keep each facility's JSON beside it, written again with each write to it
    /// (`/api/nearest` then copies it instead of serialising the record per answer): ~730 B more per
    /// facility, measured in BENCHMARKS.md. Serialises every facility now, on every core.
    pub fn keep_json(&self) {
        use rayon::prelude::*;
        let mut inner = self.shared.inner.write();
        let json = inner.slots.par_iter().map(|s| s.as_deref().and_then(|f| Fragment::of(f).ok())).collect();
        inner.json = Some(json);
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, id: &str) -> Option<Arc<Facility>> {
        let inner = self.shared.inner.read();
        inner.ids.get(id, &inner.slots).and_then(|slot| inner.slots[slot as usize].clone())
    }

    /// Every facility (for coverage reports and exports); order unspecified.
    pub fn all(&self) -> Vec<Arc<Facility>> {
        self.shared.inner.read().slots.iter().flatten().cloned().collect()
    }

    /// Insert or replace a facility; moves it in the index if its place or kind changed.
    /// A service figure already newer (higher version) than the incoming one is kept: a reload read
    /// just before a concurrent update must not roll that update back.
    pub fn upsert(&self, mut f: Facility) {
        let mut inner = self.shared.inner.write();
        let point = unit_vector(f.lat, f.lng);
        let slot = match inner.ids.get(&f.id, &inner.slots) {
            Some(slot) => {
                if let Some(old) = inner.slots[slot as usize].clone() {
                    for s in &mut f.services {
                        if let Some(current) = old.service(s.service).filter(|c| c.version > s.version) {
                            *s = current.clone();
                        }
                    }
                    if old.kind != f.kind || unit_vector(old.lat, old.lng) != point {
                        inner.detach(slot);
                        inner.put_in_delta(point, slot, &f);
                    } else {
                        inner.refresh(slot, &f);
                    }
                }
                inner.slots[slot as usize] = Some(Arc::new(f));
                slot
            }
            None => {
                let slot = match inner.free.pop() {
                    Some(slot) => slot,
                    None => {
                        inner.slots.push(None);
                        inner.at.push(NOWHERE);
                        (inner.slots.len() - 1) as u32
                    }
                };
                inner.put_in_delta(point, slot, &f);
                let id = f.id.clone();
                inner.slots[slot as usize] = Some(Arc::new(f));
                let Inner { ids, slots, .. } = &mut *inner;
                ids.insert(&id, slot, slots);
                slot
            }
        };
        inner.touched(slot);
        let merge = inner.needs_merge();
        drop(inner);
        if merge {
            self.merge_in_background();
        }
    }

    pub fn remove(&self, id: &str) -> bool {
        let mut inner = self.shared.inner.write();
        let Inner { ids, slots, .. } = &mut *inner;
        let Some(slot) = ids.remove(id, slots) else {
            return false;
        };
        inner.detach(slot);
        inner.slots[slot as usize] = None;
        inner.free.push(slot);
        inner.touched(slot);
        let merge = inner.needs_merge();
        drop(inner);
        if merge {
            self.merge_in_background();
        }
        true
    }

    /// Replace one service's figure (after the database accepted it). Returns false if unknown.
    pub fn set_capacity(&self, facility_id: &str, capacity: ServiceCapacity) -> bool {
        let mut inner = self.shared.inner.write();
        let Some(slot) = inner.ids.get(facility_id, &inner.slots) else {
            return false;
        };
        let Some(arc) = inner.slots[slot as usize].as_mut() else {
            return false;
        };
        let f = Arc::make_mut(arc);
        match f.service_mut(capacity.service) {
            // Never move a figure backwards (two writers' notifications can arrive out of order).
            Some(existing) if existing.version > capacity.version => {}
            Some(existing) => *existing = capacity,
            None => {
                f.services.push(capacity);
                f.services.sort_by_key(|s| s.service);
            }
        }
        let f = Arc::clone(arc);
        inner.refresh(slot, &f);
        inner.touched(slot);
        true
    }

    pub fn capacity(&self, facility_id: &str, service: ServiceKind) -> Option<ServiceCapacity> {
        self.get(facility_id).and_then(|f| f.service(service).cloned())
    }
}

impl Inner {
    /// Take a slot's facility out of wherever it is (a packed leaf becomes a tombstone).
    fn detach(&mut self, slot: u32) {
        let at = std::mem::replace(&mut self.at[slot as usize], NOWHERE);
        if let Some(position) = packed_place(at) {
            self.packed.kill(position);
        } else if at == IN_DELTA
            && let Some(old) = self.slots[slot as usize].as_deref()
        {
            self.delta[old.kind.index()].remove(&Leaf::new(unit_vector(old.lat, old.lng), slot, old));
        }
    }

    fn put_in_delta(&mut self, point: [f64; 3], slot: u32, f: &Facility) {
        self.delta[f.kind.index()].insert(Leaf::new(point, slot, f));
        self.at[slot as usize] = IN_DELTA;
    }

    /// Bring a slot's summary in step with its facility (same kind and place).
    fn refresh(&mut self, slot: u32, f: &Facility) {
        let summary = Summary::of(f);
        let at = self.at[slot as usize];
        if let Some(position) = packed_place(at) {
            self.packed.set_summary(position, summary);
        } else if at == IN_DELTA {
            let point = unit_vector(f.lat, f.lng);
            if let Some(leaf) = self.delta[f.kind.index()].locate_all_at_point_mut(&point).find(|l| l.slot == slot) {
                leaf.summary = summary;
            }
        }
    }

    /// Note a write to a slot (every write path ends here): for the merge under way, if any, and in
    /// the kept JSON, if kept.
    fn touched(&mut self, slot: u32) {
        if let Some(dirty) = &mut self.dirty {
            dirty.push(slot);
        }
        if let Some(json) = &mut self.json {
            let s = slot as usize;
            if json.len() <= s {
                json.resize_with(s + 1, || None);
            }
            json[s] = self.slots[s].as_deref().and_then(|f| Fragment::of(f).ok());
        }
    }

    /// Delta entries plus tombstones: what a merge would clear.
    fn pressure(&self) -> usize {
        self.delta.iter().map(|t| t.size()).sum::<usize>() + self.packed.tombstones()
    }

    fn needs_merge(&self) -> bool {
        self.pressure() >= MERGE_MIN + self.packed.live() / MERGE_SHARE
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_writes;
