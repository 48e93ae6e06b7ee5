//! Searching: the k nearest facilities that pass a filter, handed to the caller under the read lock
//! (`nearest_with`) or as cloned `Arc`s (`nearest`).

use std::cell::RefCell;
use std::collections::BinaryHeap;
use std::sync::Arc;

use super::filter::{Filter, Verdict};
use super::leaf::Leaf;
use super::search::{self, Best};
use super::sphere::{chord_to_metres, metres_to_chord, unit_vector};
use super::{FacilityIndex, Hit, Inner, packed};
use crate::model::{Facility, FacilityKind};
use crate::ssr::fragment::Fragment;

thread_local! {
    /// Each thread's search buffers, kept between searches.
    static SCRATCH: RefCell<(Best, BinaryHeap<packed::Pending>)> = RefCell::default();
}

impl FacilityIndex {
    /// The `limit` nearest facilities that pass `filter`, nearest first, each record's `Arc` cloned.
    pub fn nearest(&self, lat: f64, lng: f64, filter: &Filter, limit: usize, radius_m: Option<f64>) -> Vec<Hit> {
        self.nearest_with(lat, lng, filter, limit, radius_m, |hits| {
            // Read each hit's record first: these plain loads wait for their cache misses together,
            // where the locked increments of the clones below would wait for them one after another.
            let touched = hits.clone().fold(0, |n, (f, _)| n ^ Arc::strong_count(f));
            std::hint::black_box(touched);
            hits.map(|(f, d)| (Arc::clone(f), d)).collect()
        })
    }

    /// The `limit` nearest facilities that pass `filter`, nearest first, handed to `visit` as they lie
    /// in the index, under its read lock: nothing is cloned and no count is touched (`/api/nearest`
    /// writes its JSON straight from them). Writers wait while `visit` runs: keep it short, and do not
    /// use this index in it (a read lock taken again behind a waiting writer would never be granted).
    pub fn nearest_with<R>(
        &self,
        lat: f64,
        lng: f64,
        filter: &Filter,
        limit: usize,
        radius_m: Option<f64>,
        visit: impl FnOnce(Hits<'_>) -> R,
    ) -> R {
        let query = unit_vector(lat, lng);
        let max_d2 = radius_m.map(|r| metres_to_chord(r).powi(2)).unwrap_or(f64::INFINITY);
        let inner = self.shared.inner.read();
        // Taken out for the search, so a `visit` that searches another index finds its own (empty) buffers.
        let (mut best, mut heap) = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        best.reset(limit, max_d2);
        if limit > 0 {
            inner.search(&query, filter, &mut best, &mut heap);
        }
        let answer = visit(Hits { items: best.items.iter(), slots: &inner.slots, json: inner.json.as_deref() });
        drop(inner);
        SCRATCH.with(|s| *s.borrow_mut() = (best, heap));
        answer
    }
}

/// The hits of one search, nearest first: each facility's record and its distance in metres.
#[derive(Clone)]
pub struct Hits<'a> {
    items: std::slice::Iter<'a, (f64, u32)>,
    slots: &'a [Option<Arc<Facility>>],
    json: Option<&'a [Option<Fragment>]>,
}

impl<'a> Hits<'a> {
    /// Whether the index keeps each facility's JSON (`FacilityIndex::keep_json`).
    pub fn json_kept(&self) -> bool {
        self.json.is_some()
    }

    /// Each hit with its kept JSON, if the index keeps it for that facility.
    pub fn with_json(self) -> impl Iterator<Item = (&'a Arc<Facility>, Option<&'a Fragment>, f64)> + Clone {
        let (slots, json) = (self.slots, self.json);
        self.items.filter_map(move |item| {
            let (f, d) = hit(slots, item)?;
            let kept = json.and_then(|j| j.get(item.1 as usize)).and_then(Option::as_ref);
            Some((f, kept, d))
        })
    }
}

/// One of the k best as the caller gets it: the record in its slot and the distance in metres. Every hit's
/// slot is filled: the search and the walk over its hits hold the same read lock.
fn hit<'a>(slots: &'a [Option<Arc<Facility>>], &(d2, slot): &(f64, u32)) -> Option<(&'a Arc<Facility>, f64)> {
    slots[slot as usize].as_ref().map(|f| (f, chord_to_metres(d2.sqrt())))
}

impl<'a> Iterator for Hits<'a> {
    type Item = (&'a Arc<Facility>, f64);

    fn next(&mut self) -> Option<Self::Item> {
        let slots = self.slots;
        self.items.by_ref().find_map(|item| hit(slots, item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.items.len()))
    }
}

impl Inner {
    /// The k best for `query` into `best` (already reset): the delta's trees of the wanted kinds, then
    /// the packed tree.
    fn search(&self, query: &[f64; 3], filter: &Filter, best: &mut Best, heap: &mut BinaryHeap<packed::Pending>) {
        let maybe = |slot: u32| self.slots[slot as usize].as_deref().is_some_and(|f| filter.matches(f));
        let kinds = FacilityKind::ALL.into_iter().filter(|k| filter.wants_kind(*k));
        search::delta_k_nearest(kinds.map(|k| &self.delta[k.index()]), query, best, |leaf: &Leaf| {
            match filter.quick(&leaf.summary) {
                Verdict::Yes => true,
                Verdict::No => false,
                Verdict::Maybe => maybe(leaf.slot),
            }
        });
        packed::k_nearest(&self.packed, filter, query, best, heap, maybe);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::facility;
    use super::*;

    /// `nearest_with` hands over the same hits as `nearest`, and a visit that searches another index
    /// (on this thread, whose search buffers are taken out meanwhile) gets its own answer and leaves
    /// the first one alone.
    #[test]
    fn nearest_with_matches_nearest_and_may_search_again() {
        let all: Vec<Facility> =
            (0..200).map(|i| facility(i, FacilityKind::ALL[i % 7], 34.6 + i as f64 * 1e-3, 113.6, 1)).collect();
        let index = FacilityIndex::build(all.clone());
        let other = FacilityIndex::build(all);
        let filter = Filter::any().kinds(&[FacilityKind::Kindergarten]);
        let ids = |hits: &[Hit]| hits.iter().map(|(f, d)| (f.id.clone(), *d)).collect::<Vec<_>>();
        let want = ids(&index.nearest(34.65, 113.6, &filter, 5, None));
        let inner_want = ids(&other.nearest(34.6, 113.6, &Filter::any(), 3, None));
        assert_eq!(want.len(), 5);
        let (got, inner) = index.nearest_with(34.65, 113.6, &filter, 5, None, |hits| {
            let inner = ids(&other.nearest(34.6, 113.6, &Filter::any(), 3, None));
            (hits.map(|(f, d)| (f.id.clone(), d)).collect::<Vec<_>>(), inner)
        });
        assert_eq!(got, want);
        assert_eq!(inner, inner_want);
    }
}
