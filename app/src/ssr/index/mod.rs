//! The in-memory spatial index of every facility, kept in step with every write.
//!
//! One R*-tree per facility kind (a kind filter then never walks other kinds' points). Points are
//! unit vectors on the sphere: the straight-line (chord) distance between two of them grows strictly
//! with the great-circle distance, so the trees' Euclidean nearest-first order is exactly the
//! haversine order, at any scale, with no projection error.

mod filter;
mod sphere;

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;
use rstar::RTree;
use rstar::primitives::GeomWithData;

pub use filter::Filter;
pub use sphere::{chord_to_metres, metres_to_chord, unit_vector};

use crate::model::{Facility, FacilityKind, ServiceCapacity, ServiceKind};

type Entry = GeomWithData<[f64; 3], u32>;

/// A hit: the facility as it was when found, and its distance in metres.
pub type Hit = (Arc<Facility>, f64);

pub struct FacilityIndex {
    inner: RwLock<Inner>,
}

#[derive(Default)]
struct Inner {
    trees: [RTree<Entry>; 7],
    slots: Vec<Option<Arc<Facility>>>,
    by_id: HashMap<String, u32>,
    free: Vec<u32>,
}

impl FacilityIndex {
    pub fn build(facilities: Vec<Facility>) -> Self {
        let mut inner = Inner::default();
        let mut per_kind: [Vec<Entry>; 7] = Default::default();
        for f in facilities {
            let slot = inner.slots.len() as u32;
            per_kind[f.kind.index()].push(GeomWithData::new(unit_vector(f.lat, f.lng), slot));
            inner.by_id.insert(f.id.clone(), slot);
            inner.slots.push(Some(Arc::new(f)));
        }
        for (tree, entries) in inner.trees.iter_mut().zip(per_kind) {
            *tree = RTree::bulk_load(entries);
        }
        FacilityIndex { inner: RwLock::new(inner) }
    }

    pub fn len(&self) -> usize {
        self.inner.read().by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, id: &str) -> Option<Arc<Facility>> {
        let inner = self.inner.read();
        inner.by_id.get(id).and_then(|&slot| inner.slots[slot as usize].clone())
    }

    /// Every facility (for coverage reports and exports); order unspecified.
    pub fn all(&self) -> Vec<Arc<Facility>> {
        self.inner.read().slots.iter().flatten().cloned().collect()
    }

    /// Insert or replace a facility; moves it in the tree if its place or kind changed.
    /// A service figure already newer (higher version) than the incoming one is kept: a reload read
    /// just before a concurrent update must not roll that update back.
    pub fn upsert(&self, mut f: Facility) {
        let mut inner = self.inner.write();
        let point = unit_vector(f.lat, f.lng);
        if let Some(&slot) = inner.by_id.get(&f.id) {
            let old = inner.slots[slot as usize].clone();
            if let Some(old) = old {
                for s in &mut f.services {
                    if let Some(current) = old.service(s.service).filter(|c| c.version > s.version) {
                        *s = current.clone();
                    }
                }
                let old_point = unit_vector(old.lat, old.lng);
                if old.kind != f.kind || old_point != point {
                    inner.trees[old.kind.index()].remove(&GeomWithData::new(old_point, slot));
                    inner.trees[f.kind.index()].insert(GeomWithData::new(point, slot));
                }
            }
            inner.slots[slot as usize] = Some(Arc::new(f));
            return;
        }
        let slot = match inner.free.pop() {
            Some(slot) => slot,
            None => {
                inner.slots.push(None);
                (inner.slots.len() - 1) as u32
            }
        };
        inner.trees[f.kind.index()].insert(GeomWithData::new(point, slot));
        inner.by_id.insert(f.id.clone(), slot);
        inner.slots[slot as usize] = Some(Arc::new(f));
    }

    pub fn remove(&self, id: &str) -> bool {
        let mut inner = self.inner.write();
        let Some(slot) = inner.by_id.remove(id) else {
            return false;
        };
        if let Some(old) = inner.slots[slot as usize].take() {
            inner.trees[old.kind.index()].remove(&GeomWithData::new(unit_vector(old.lat, old.lng), slot));
        }
        inner.free.push(slot);
        true
    }

    /// Replace one service's figure (after the database accepted it). Returns false if unknown.
    pub fn set_capacity(&self, facility_id: &str, capacity: ServiceCapacity) -> bool {
        let mut inner = self.inner.write();
        let Some(&slot) = inner.by_id.get(facility_id) else {
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
        true
    }

    pub fn capacity(&self, facility_id: &str, service: ServiceKind) -> Option<ServiceCapacity> {
        self.get(facility_id).and_then(|f| f.service(service).cloned())
    }

    /// The `limit` nearest facilities that pass `filter`, nearest first.
    pub fn nearest(&self, lat: f64, lng: f64, filter: &Filter, limit: usize, radius_m: Option<f64>) -> Vec<Hit> {
        let mut out = Vec::with_capacity(limit);
        self.nearest_into(lat, lng, filter, limit, radius_m, &mut out);
        out
    }

    /// As [`nearest`](Self::nearest), reusing the caller's buffer (the benchmark's hot loop).
    pub fn nearest_into(
        &self,
        lat: f64,
        lng: f64,
        filter: &Filter,
        limit: usize,
        radius_m: Option<f64>,
        out: &mut Vec<Hit>,
    ) {
        out.clear();
        if limit == 0 {
            return;
        }
        let query = unit_vector(lat, lng);
        let max_d2 = radius_m.map(|r| metres_to_chord(r).powi(2)).unwrap_or(f64::INFINITY);
        let inner = self.inner.read();
        // Candidates: (squared chord, slot), at most `limit` per kind, then merged.
        let mut candidates: Vec<(f64, u32)> = Vec::with_capacity(limit);
        for kind in FacilityKind::ALL {
            if !filter.wants_kind(kind) {
                continue;
            }
            let mut taken = 0usize;
            for (entry, d2) in inner.trees[kind.index()].nearest_neighbor_iter_with_distance_2(&query) {
                if d2 > max_d2 {
                    break;
                }
                let Some(f) = inner.slots[entry.data as usize].as_deref() else {
                    continue;
                };
                if filter.matches(f) {
                    candidates.push((d2, entry.data));
                    taken += 1;
                    if taken == limit {
                        break;
                    }
                }
            }
        }
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        candidates.truncate(limit);
        out.extend(
            candidates
                .into_iter()
                .filter_map(|(d2, slot)| inner.slots[slot as usize].clone().map(|f| (f, chord_to_metres(d2.sqrt())))),
        );
    }
}

#[cfg(test)]
mod tests;
