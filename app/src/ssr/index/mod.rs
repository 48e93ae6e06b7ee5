//! The in-memory spatial index of every facility, kept in step with every write.
//!
//! One R*-tree per facility kind (a kind filter then never walks other kinds' points). Points are
//! unit vectors on the sphere: the straight-line (chord) distance between two of them grows strictly
//! with the great-circle distance, so the trees' Euclidean nearest-first order is exactly the
//! haversine order, at any scale, with no projection error. Each leaf carries a summary of its
//! facility so the common filters are settled inside the tree (see `leaf`).

mod filter;
mod leaf;
mod search;
mod sphere;

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;

pub use filter::Filter;
use filter::Verdict;
use leaf::{Leaf, Tree};
pub use sphere::{chord_to_metres, metres_to_chord, unit_vector};

use crate::model::{Facility, FacilityKind, ServiceCapacity, ServiceKind};

/// A hit: the facility as it was when found, and its distance in metres.
pub type Hit = (Arc<Facility>, f64);

pub struct FacilityIndex {
    inner: RwLock<Inner>,
}

const KINDS: usize = <crate::model::FacilityKind as strum::EnumCount>::COUNT;

#[derive(Default)]
struct Inner {
    /// One tree per facility kind.
    trees: [Tree; KINDS],
    slots: Vec<Option<Arc<Facility>>>,
    by_id: HashMap<String, u32>,
    free: Vec<u32>,
}

impl FacilityIndex {
    pub fn build(facilities: Vec<Facility>) -> Self {
        let mut per_kind: [Vec<Leaf>; KINDS] = Default::default();
        for (slot, f) in facilities.iter().enumerate() {
            per_kind[f.kind.index()].push(Leaf::new(unit_vector(f.lat, f.lng), slot as u32, f));
        }
        // The trees and the id map do not depend on each other: build them on two cores.
        let (trees, slots, by_id) = std::thread::scope(|scope| {
            let trees = scope.spawn(|| per_kind.map(Tree::bulk_load_with_params));
            let mut by_id = HashMap::with_capacity(facilities.len());
            let slots: Vec<_> = facilities
                .into_iter()
                .enumerate()
                .map(|(slot, f)| {
                    by_id.insert(f.id.clone(), slot as u32);
                    Some(Arc::new(f))
                })
                .collect();
            let trees = trees.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (trees, slots, by_id)
        });
        FacilityIndex { inner: RwLock::new(Inner { trees, slots, by_id, free: Vec::new() }) }
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
            if let Some(old) = inner.slots[slot as usize].clone() {
                for s in &mut f.services {
                    if let Some(current) = old.service(s.service).filter(|c| c.version > s.version) {
                        *s = current.clone();
                    }
                }
                let old_point = unit_vector(old.lat, old.lng);
                if old.kind != f.kind || old_point != point {
                    inner.trees[old.kind.index()].remove(&Leaf::new(old_point, slot, &old));
                    inner.trees[f.kind.index()].insert(Leaf::new(point, slot, &f));
                } else {
                    inner.refresh_leaf(slot, &f);
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
        inner.trees[f.kind.index()].insert(Leaf::new(point, slot, &f));
        inner.by_id.insert(f.id.clone(), slot);
        inner.slots[slot as usize] = Some(Arc::new(f));
    }

    pub fn remove(&self, id: &str) -> bool {
        let mut inner = self.inner.write();
        let Some(slot) = inner.by_id.remove(id) else {
            return false;
        };
        if let Some(old) = inner.slots[slot as usize].take() {
            inner.trees[old.kind.index()].remove(&Leaf::new(unit_vector(old.lat, old.lng), slot, &old));
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
        let f = Arc::clone(arc);
        inner.refresh_leaf(slot, &f);
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
        let trees = FacilityKind::ALL.into_iter().filter(|k| filter.wants_kind(*k)).map(|k| &inner.trees[k.index()]);
        let accept = |leaf: &Leaf| match filter.quick(&leaf.summary) {
            Verdict::Yes => true,
            Verdict::No => false,
            Verdict::Maybe => inner.slots[leaf.slot as usize].as_deref().is_some_and(|f| filter.matches(f)),
        };
        let mut best = Vec::with_capacity(limit + 1);
        search::k_nearest(trees, &query, limit, max_d2, accept, &mut best);
        out.extend(
            best.into_iter()
                .filter_map(|(d2, slot)| inner.slots[slot as usize].clone().map(|f| (f, chord_to_metres(d2.sqrt())))),
        );
    }
}

impl Inner {
    /// Bring a leaf's summary in step with its facility (same kind and place).
    fn refresh_leaf(&mut self, slot: u32, f: &Facility) {
        let summary = leaf::Summary::of(f);
        let point = unit_vector(f.lat, f.lng);
        if let Some(leaf) = self.trees[f.kind.index()].locate_all_at_point_mut(&point).find(|l| l.slot == slot) {
            leaf.summary = summary;
        }
    }
}

#[cfg(test)]
mod tests;
