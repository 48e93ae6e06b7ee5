//! The index after writes, against a model of what it should hold: delta only, packed only, both mixed
//! (moves, kind and status changes, capacity figures, removals, new facilities, slots reused), after
//! a merge, with writes made while a merge builds, and with merges started by the threshold.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::tests::{answer, arb_point, arb_query, arb_varied, brute_force, facility};
use super::*;
use crate::model::{FacilityKind, FacilityStatus, NearestQuery, StaleAfter};

#[derive(Debug, Clone)]
enum Write {
    Capacity {
        i: usize,
        service: usize,
        available: i32,
        updated_at: i64,
        version: i64,
    },
    Move {
        i: usize,
        to: (f64, f64),
    },
    Kind {
        i: usize,
        kind: usize,
    },
    Status {
        i: usize,
        status: usize,
    },
    /// The same record again (a reload), with older versions of its figures: they must not win.
    Reload {
        i: usize,
    },
    Remove {
        i: usize,
    },
    Add {
        at: (f64, f64),
        kind: usize,
        free: i32,
    },
}

fn arb_write() -> impl Strategy<Value = Write> {
    let i = 0usize..400;
    prop_oneof![
        3 => (i.clone(), 0usize..11, 0i32..3, 0i64..4 * 24 * 3600, 0i64..4).prop_map(|(i, service, available, updated_at, version)| {
            Write::Capacity { i, service, available, updated_at, version }
        }),
        2 => (i.clone(), arb_point()).prop_map(|(i, to)| Write::Move { i, to }),
        1 => (i.clone(), 0usize..8).prop_map(|(i, kind)| Write::Kind { i, kind }),
        1 => (i.clone(), 0usize..3).prop_map(|(i, status)| Write::Status { i, status }),
        1 => i.clone().prop_map(|i| Write::Reload { i }),
        2 => i.prop_map(|i| Write::Remove { i }),
        2 => (arb_point(), 0usize..8, 0i32..3).prop_map(|(at, kind, free)| Write::Add { at, kind, free }),
    ]
}

/// What the index should hold, by id; `ever` names every id given so far (removed ones included, so
/// writes to unknown ids are tried too).
struct Model {
    facilities: BTreeMap<String, Facility>,
    ever: Vec<String>,
}

impl Model {
    fn new(all: &[Facility]) -> Self {
        Model {
            facilities: all.iter().map(|f| (f.id.clone(), f.clone())).collect(),
            ever: all.iter().map(|f| f.id.clone()).collect(),
        }
    }

    fn pick(&self, i: usize) -> Option<String> {
        (!self.ever.is_empty()).then(|| self.ever[i % self.ever.len()].clone())
    }

    /// Upsert on the index and in the model (figures already newer in the model win).
    fn upsert(&mut self, index: &FacilityIndex, f: Facility) {
        let mut kept = f.clone();
        if let Some(old) = self.facilities.get(&f.id) {
            for s in &mut kept.services {
                if let Some(current) = old.service(s.service).filter(|c| c.version > s.version) {
                    *s = current.clone();
                }
            }
        }
        self.facilities.insert(f.id.clone(), kept);
        index.upsert(f);
    }

    fn apply(&mut self, index: &FacilityIndex, w: &Write) {
        let existing = |m: &Self, i: usize| m.pick(i).and_then(|id| m.facilities.get(&id).cloned());
        match *w {
            Write::Capacity { i, service, available, updated_at, version } => {
                let Some(id) = self.pick(i) else { return };
                let cap =
                    ServiceCapacity { service: ServiceKind::ALL[service], available, maximum: 3, updated_at, version };
                let known = index.set_capacity(&id, cap.clone());
                assert_eq!(known, self.facilities.contains_key(&id));
                if let Some(f) = self.facilities.get_mut(&id) {
                    match f.service_mut(cap.service) {
                        Some(e) if e.version > cap.version => {}
                        Some(e) => *e = cap,
                        None => {
                            f.services.push(cap);
                            f.services.sort_by_key(|s| s.service);
                        }
                    }
                }
            }
            Write::Move { i, to } => {
                if let Some(mut f) = existing(self, i) {
                    (f.lat, f.lng) = to;
                    self.upsert(index, f);
                }
            }
            Write::Kind { i, kind } => {
                if let Some(mut f) = existing(self, i) {
                    f.kind = FacilityKind::ALL[kind];
                    self.upsert(index, f);
                }
            }
            Write::Status { i, status } => {
                if let Some(mut f) = existing(self, i) {
                    f.status = FacilityStatus::ALL[status];
                    self.upsert(index, f);
                }
            }
            Write::Reload { i } => {
                if let Some(mut f) = existing(self, i) {
                    for s in &mut f.services {
                        s.version = 0;
                        s.available = 2 - s.available.min(2);
                    }
                    self.upsert(index, f);
                }
            }
            Write::Remove { i } => {
                let Some(id) = self.pick(i) else { return };
                assert_eq!(index.remove(&id), self.facilities.remove(&id).is_some());
            }
            Write::Add { at, kind, free } => {
                let n = 10_000 + self.ever.len();
                let f = facility(n, FacilityKind::ALL[kind], at.0, at.1, free);
                self.ever.push(f.id.clone());
                self.upsert(index, f);
            }
        }
    }

    /// The index holds exactly the model's facilities, and answers `queries` as brute force over them.
    fn check(&self, index: &FacilityIndex, queries: &[(NearestQuery, i64, usize)]) -> Result<(), TestCaseError> {
        prop_assert_eq!(index.len(), self.facilities.len());
        prop_assert_eq!(index.all().len(), self.facilities.len());
        for (id, f) in &self.facilities {
            let held = index.get(id);
            prop_assert_eq!(held.as_deref(), Some(f));
        }
        // The kept JSON, when kept: each facility's as it is now, none for a free slot.
        let inner = index.shared.inner.read();
        if let Some(json) = &inner.json {
            for (id, f) in &self.facilities {
                let slot = inner.ids.get(id, &inner.slots).map(|s| s as usize);
                let kept = slot.and_then(|s| json.get(s)).and_then(Option::as_ref);
                prop_assert_eq!(kept, Some(&Fragment::of(f).expect("json")), "{}", id);
            }
            for (s, _) in inner.slots.iter().enumerate().filter(|(_, f)| f.is_none()) {
                prop_assert!(json.get(s).is_none_or(Option::is_none), "free slot {} keeps JSON", s);
            }
        }
        drop(inner);
        for (q, now, limit) in queries {
            let filter = Filter::from_query(q, StaleAfter::default(), *now);
            let at = (q.lat, q.lng);
            let want = brute_force(index, self.facilities.values(), at, &filter, *limit, q.radius_m);
            prop_assert_eq!(answer(index, at, &filter, *limit, q.radius_m), want, "query {:?}", q);
        }
        Ok(())
    }
}

fn arb_queries() -> impl Strategy<Value = Vec<(NearestQuery, i64, usize)>> {
    let one = (arb_query(), arb_point(), prop::option::of(100.0f64..50_000.0), 0i64..5 * 24 * 3600, 1usize..15);
    prop::collection::vec(one, 1..4).prop_map(|v| {
        v.into_iter()
            .map(|(mut q, (lat, lng), radius, now, limit)| {
                (q.lat, q.lng, q.radius_m) = (lat, lng, radius);
                (q, now, limit)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Packed only (a build), or delta only (every facility upserted into an empty index); then
    /// mixed after writes with no merge; then after a merge; then mixed again.
    #[test]
    fn writes_and_merges_match_brute_force(
        all in arb_varied(),
        from_empty in any::<bool>(),
        keep_json in any::<bool>(),
        writes in prop::collection::vec(arb_write(), 0..60),
        more in prop::collection::vec(arb_write(), 0..20),
        queries in arb_queries(),
    ) {
        let index = if from_empty { FacilityIndex::build(Vec::new()) } else { FacilityIndex::build(all.clone()) };
        let mut model = Model::new(&all);
        if from_empty {
            all.iter().for_each(|f| index.upsert(f.clone()));
            prop_assert_eq!(index.shared.inner.read().packed.len(), 0);
        }
        if keep_json {
            index.keep_json();
        }
        model.check(&index, &queries)?;
        for w in &writes {
            model.apply(&index, w);
        }
        model.check(&index, &queries)?;
        index.merge();
        {
            let inner = index.shared.inner.read();
            prop_assert_eq!(inner.pressure(), 0);
        }
        model.check(&index, &queries)?;
        for w in &more {
            model.apply(&index, w);
        }
        model.check(&index, &queries)?;
    }

    /// Writes made while a merge builds are replayed onto the new packed trees.
    #[test]
    fn writes_during_a_merge_are_replayed(
        all in arb_varied(),
        before in prop::collection::vec(arb_write(), 0..30),
        during in prop::collection::vec(arb_write(), 0..30),
        queries in arb_queries(),
    ) {
        let index = FacilityIndex::build(all.clone());
        index.keep_json();
        let mut model = Model::new(&all);
        for w in &before {
            model.apply(&index, w);
        }
        let snapshot = index.shared.merge_start();
        for w in &during {
            model.apply(&index, w);
        }
        model.check(&index, &queries)?;
        index.shared.merge_finish(snapshot);
        prop_assert!(index.shared.inner.read().dirty.is_none());
        model.check(&index, &queries)?;
    }
}

/// Enough moves and new facilities pass the threshold: a background merge folds them in while
/// another thread searches, and the answers stay those of brute force.
#[test]
fn the_threshold_starts_a_background_merge() {
    let mut rng = fastrand::Rng::with_seed(9);
    let mut point = || (34.5 + rng.f64() * 0.4, 113.4 + rng.f64() * 0.4);
    let all: Vec<Facility> = (0..3000)
        .map(|i| {
            let (lat, lng) = point();
            facility(i, FacilityKind::ALL[i % 8], lat, lng, (i % 3) as i32)
        })
        .collect();
    let index = Arc::new(FacilityIndex::build(all.clone()));
    let mut model = Model::new(&all);
    let searching = {
        let index = Arc::clone(&index);
        std::thread::spawn(move || {
            for i in 0..20_000 {
                let hits = index.nearest(34.7, 113.6, &Filter::any(), 10, None);
                assert!(hits.len() == 10 || i < 10, "{} hits", hits.len());
            }
        })
    };
    let mut merged = false;
    for i in 0..4000 {
        let (lat, lng) = point();
        let w = if i % 2 == 0 {
            Write::Move { i, to: (lat, lng) }
        } else {
            Write::Add { at: (lat, lng), kind: i % 8, free: 1 }
        };
        model.apply(&index, &w);
        merged |= index.merging();
    }
    searching.join().expect("the searching thread");
    let started = std::time::Instant::now();
    while index.merging() {
        assert!(started.elapsed().as_secs() < 60, "the merge never ended");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(merged, "4000 moves and additions should pass the threshold");
    assert!(!index.shared.inner.read().needs_merge());
    let queries: Vec<_> = (0..20)
        .map(|i| {
            let (lat, lng) = point();
            let mut q = NearestQuery::new(lat, lng);
            q.available = i % 2 == 0;
            (q, 0, 10)
        })
        .collect();
    model.check(&index, &queries).expect("answers after the merge");
}
