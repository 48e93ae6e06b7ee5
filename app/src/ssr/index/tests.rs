use proptest::prelude::*;

use super::filter::Verdict;
use super::*;
use crate::geodesy::haversine_m;
use crate::model::{FacilityKind, FacilityStatus, NearestQuery, OpeningHours, StaleAfter};

pub(super) fn facility(id: usize, kind: FacilityKind, lat: f64, lng: f64, free: i32) -> Facility {
    Facility {
        id: format!("f{id}"),
        name: format!("F{id}"),
        kind,
        ownership: None,
        status: FacilityStatus::Open,
        subdistrict_code: None,
        community_code: None,
        parent_id: None,
        address: String::new(),
        phone: String::new(),
        lat,
        lng,
        location_basis: crate::model::LocationBasis::Surveyed,
        hours: OpeningHours::default(),
        ages: None,
        grades: None,
        sessions: Vec::new(),
        services: vec![ServiceCapacity {
            service: ServiceKind::Meals,
            available: free,
            maximum: 10,
            updated_at: 0,
            version: 1,
        }],
        fees: None,
        accessibility: None,
        details: Default::default(),
        sample: false,
    }
}

/// The slot the index gave `id` (ties between equal distances are broken by slot).
pub(super) fn slot_of(index: &FacilityIndex, id: &str) -> u32 {
    let inner = index.shared.inner.read();
    inner.ids.get(id, &inner.slots).expect("a facility the index holds")
}

/// Brute force in the index's own terms: every facility that passes, by squared chord between unit
/// vectors (the one `distance_2`), ties by slot; the ids in order, with their distances in metres.
pub(super) fn brute_force<'a>(
    index: &FacilityIndex,
    all: impl IntoIterator<Item = &'a Facility>,
    (lat, lng): (f64, f64),
    filter: &Filter,
    limit: usize,
    radius: Option<f64>,
) -> Vec<(String, f64)> {
    let q = unit_vector(lat, lng);
    let max_d2 = radius.map_or(f64::INFINITY, |r| metres_to_chord(r).powi(2));
    let mut d: Vec<(f64, u32, String)> = all
        .into_iter()
        .filter(|f| filter.wants_kind(f.kind) && filter.matches(f))
        .map(|f| (leaf::distance_2(&unit_vector(f.lat, f.lng), &q), slot_of(index, &f.id), f.id.clone()))
        .filter(|(d2, _, _)| *d2 <= max_d2)
        .collect();
    d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    d.truncate(limit);
    d.into_iter().map(|(d2, _, id)| (id, chord_to_metres(d2.sqrt()))).collect()
}

/// The index's answer in the same terms.
pub(super) fn answer(
    index: &FacilityIndex,
    (lat, lng): (f64, f64),
    filter: &Filter,
    limit: usize,
    radius: Option<f64>,
) -> Vec<(String, f64)> {
    index.nearest(lat, lng, filter, limit, radius).into_iter().map(|(f, d)| (f.id.clone(), d)).collect()
}

/// Mostly around Zhengzhou, some anywhere on Earth (poles and the antimeridian included), and some on
/// a handful of shared points, for ties.
pub(super) fn arb_point() -> impl Strategy<Value = (f64, f64)> {
    let local = (34.5f64..34.9, 113.4f64..113.8);
    let global = (-90.0f64..=90.0, -180.0f64..=180.0);
    let shared = prop::sample::select(vec![(34.7, 113.6), (34.7, 113.6001), (90.0, 0.0), (0.0, 180.0), (0.0, -180.0)]);
    prop_oneof![6 => local, 2 => global, 2 => shared]
}

fn arb_facilities() -> impl Strategy<Value = Vec<Facility>> {
    prop::collection::vec((arb_point(), 0usize..8, 0i32..3), 0..300).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, ((lat, lng), k, free))| facility(i, FacilityKind::ALL[k], lat, lng, free))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The packed trees alone (a fresh build): the same facilities in the same order as brute force.
    #[test]
    fn index_matches_brute_force(
        all in arb_facilities(),
        (qlat, qlng) in arb_point(),
        kinds in prop::collection::vec(0usize..8, 0..3),
        available in any::<bool>(),
        limit in 1usize..30,
        radius in prop::option::of(100.0f64..50_000.0),
    ) {
        let kinds: Vec<FacilityKind> = kinds.into_iter().map(|k| FacilityKind::ALL[k]).collect();
        // `now` = 0 and figures updated at 0: all fresh.
        let filter = Filter::any().kinds(&kinds).available(available, 0);
        let index = FacilityIndex::build(all.clone());
        let got = answer(&index, (qlat, qlng), &filter, limit, radius);
        prop_assert_eq!(got, brute_force(&index, &all, (qlat, qlng), &filter, limit, radius));
    }
}

#[test]
fn writes_keep_the_index_in_step() {
    let index = FacilityIndex::build(vec![
        facility(1, FacilityKind::Kindergarten, 34.70, 113.60, 1),
        facility(2, FacilityKind::Kindergarten, 34.80, 113.70, 1),
    ]);
    let near = |index: &FacilityIndex| -> Vec<String> {
        index.nearest(34.70, 113.60, &Filter::any(), 10, None).into_iter().map(|(f, _)| f.id.clone()).collect()
    };
    assert_eq!(near(&index), ["f1", "f2"]);

    // Move f2 next to the query point: it must now come first.
    index.upsert(facility(2, FacilityKind::Kindergarten, 34.70, 113.60001, 1));
    assert_eq!(near(&index)[0], "f1");
    assert_eq!(near(&index)[1], "f2");
    assert!(index.nearest(34.70, 113.60, &Filter::any(), 10, Some(10.0)).len() == 2);

    // Change f1's kind: a kindergarten search no longer finds it.
    index.upsert(facility(1, FacilityKind::NursingHome, 34.70, 113.60, 1));
    let kg = index.nearest(34.70, 113.60, &Filter::any().kinds(&[FacilityKind::Kindergarten]), 10, None);
    assert_eq!(kg.iter().map(|(f, _)| f.id.as_str()).collect::<Vec<_>>(), ["f2"]);

    // Removal frees the slot; a new facility reuses it.
    assert!(index.remove("f1"));
    assert!(!index.remove("f1"));
    index.upsert(facility(3, FacilityKind::NursingHome, 34.71, 113.61, 0));
    assert_eq!(index.len(), 2);
    assert_eq!(near(&index), ["f2", "f3"]);
}

#[test]
fn an_id_given_twice_keeps_the_last() {
    let index = FacilityIndex::build(vec![
        facility(1, FacilityKind::Kindergarten, 34.70, 113.60, 1),
        facility(2, FacilityKind::Kindergarten, 34.71, 113.60, 1),
        facility(1, FacilityKind::NursingHome, 34.72, 113.60, 1),
    ]);
    assert_eq!(index.len(), 2);
    assert_eq!(index.all().len(), 2);
    assert_eq!(index.get("f1").map(|f| f.kind), Some(FacilityKind::NursingHome));
    let near = answer(&index, (34.70, 113.60), &Filter::any(), 10, None);
    assert_eq!(near.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["f2", "f1"]);
}

/// Large enough for the parallel build (ids hashed on every core, records moved into `Arc`s in
/// parallel): the same answers as brute force.
#[test]
fn a_parallel_build_matches_brute_force() {
    let all = crate::ssr::generate::synthetic(PARALLEL_FROM + 1000, 3, (34.5, 113.4, 34.9, 113.8), 1000);
    let index = FacilityIndex::build(all.clone());
    assert_eq!(index.len(), all.len());
    let mut rng = fastrand::Rng::with_seed(4);
    for i in 0..20 {
        let at = (34.5 + rng.f64() * 0.4, 113.4 + rng.f64() * 0.4);
        let filter = Filter::any().kinds(&[FacilityKind::ALL[i % 8]]).available(i % 2 == 0, 1000);
        assert_eq!(answer(&index, at, &filter, 10, None), brute_force(&index, &all, at, &filter, 10, None));
    }
}

#[test]
fn capacity_changes_are_seen_by_the_filter_at_once() {
    let index = FacilityIndex::build(vec![facility(1, FacilityKind::ElderlyDaycare, 34.70, 113.60, 0)]);
    let free = Filter::any().available(true, 100);
    assert!(index.nearest(34.7, 113.6, &free, 5, None).is_empty());
    let cap = ServiceCapacity { service: ServiceKind::Meals, available: 3, maximum: 10, updated_at: 100, version: 2 };
    assert!(index.set_capacity("f1", cap.clone()));
    assert_eq!(index.nearest(34.7, 113.6, &free, 5, None).len(), 1);
    // An older version arriving late does not overwrite the newer figure.
    let older = ServiceCapacity { available: 0, version: 1, ..cap };
    index.set_capacity("f1", older);
    assert_eq!(index.capacity("f1", ServiceKind::Meals).map(|c| c.available), Some(3));
    assert!(!index.set_capacity(
        "nope",
        ServiceCapacity { service: ServiceKind::Meals, available: 1, maximum: 1, updated_at: 0, version: 1 }
    ));
}

#[test]
fn stale_figures_do_not_count_as_free_unless_asked() {
    let mut f = facility(1, FacilityKind::ElderlyDaycare, 34.70, 113.60, 5);
    f.services[0].updated_at = 0;
    let index = FacilityIndex::build(vec![f]);
    let now = 2 * 24 * 3600;
    let mut q = NearestQuery::new(34.7, 113.6);
    q.available = true;
    let strict = Filter::from_query(&q, StaleAfter::default(), now);
    assert!(index.nearest(34.7, 113.6, &strict, 5, None).is_empty());
    q.include_stale = true;
    let lenient = Filter::from_query(&q, StaleAfter::default(), now);
    assert_eq!(index.nearest(34.7, 113.6, &lenient, 5, None).len(), 1);
}

#[test]
fn chord_and_haversine_agree() {
    let (a, b) = (unit_vector(34.70, 113.60), unit_vector(34.75, 113.66));
    let chord = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
    assert!((chord_to_metres(chord) - haversine_m(34.70, 113.60, 34.75, 113.66)).abs() < 1e-6);
    assert!((chord_to_metres(metres_to_chord(1234.5)) - 1234.5).abs() < 1e-6);
}

/// Facilities with several services of mixed freshness, ownership and status, for the filters the
/// leaf summary tries to settle on its own.
pub(super) fn arb_varied() -> impl Strategy<Value = Vec<Facility>> {
    // Timestamps now and then outside a `u32`, and up to seven services (more free figures than a
    // leaf summary keeps the timestamps of).
    let updated = prop_oneof![8 => 0i64..4 * 24 * 3600, 1 => -100i64..0, 1 => Just(i64::from(u32::MAX) + 5)];
    let service = (0usize..11, 0i32..3, updated);
    let one = (arb_point(), 0usize..8, prop::collection::vec(service, 0..7), 0usize..5, 0usize..3);
    prop::collection::vec(one, 0..200).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, ((lat, lng), k, services, own, status))| {
                let mut f = facility(i, FacilityKind::ALL[k], lat, lng, 0);
                f.services = services
                    .into_iter()
                    .map(|(s, available, updated_at)| ServiceCapacity {
                        service: ServiceKind::ALL[s],
                        available,
                        maximum: 3,
                        updated_at,
                        version: 1,
                    })
                    .collect();
                f.services.sort_by_key(|s| s.service);
                // Now and then a service listed twice, which the summary leaves to the facility.
                if i % 8 != 0 {
                    f.services.dedup_by_key(|s| s.service);
                }
                f.ownership = crate::model::Ownership::ALL.get(own).copied();
                f.status = FacilityStatus::ALL[status];
                // Some register records, varied by the facility's index.
                f.details = crate::model::Details {
                    rating: (i % 3 != 0).then_some((i % 5) as u8 + 1),
                    medical: Some(crate::model::MedicalCare::ALL[i % 3]),
                    ltc_insurance: Some(i % 2 == 0),
                    beds_nursing: (i % 4 != 0).then_some((i % 7) as u32),
                    inclusive_since: (i % 5 == 0).then_some(2020),
                    ..crate::model::Details::default()
                }
                .into();
                f
            })
            .collect()
    })
}

pub(super) fn arb_query() -> impl Strategy<Value = NearestQuery> {
    (
        prop::option::of(0usize..11),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(0usize..4, 0..2),
        prop::option::of(0u8..12),
        any::<bool>(),
        (0u8..4, prop::option::of(1u8..=5), any::<bool>()),
        prop::collection::vec(0usize..8, 0..3),
    )
        .prop_map(
            |(service, available, include_stale, ownership, age, open_now, (record, min_rating, inclusive), kinds)| {
                let mut q = NearestQuery::new(34.7, 113.6);
                q.kinds = kinds.into_iter().map(|k| FacilityKind::ALL[k]).collect();
                // One service, or (now and then) two together.
                q.services = service.map(|s| ServiceKind::ALL[s]).into_iter().collect();
                if let Some(s) = service.filter(|s| s % 3 == 0) {
                    q.services.push(ServiceKind::ALL[(s + 1) % ServiceKind::ALL.len()]);
                }
                q.available = available;
                q.include_stale = include_stale;
                q.ownership = ownership.into_iter().map(|o| crate::model::Ownership::ALL[o]).collect();
                q.age = age;
                q.open_now = open_now;
                // Now and then the register record's filters, which only the facility can settle.
                if record == 0 {
                    q.record = crate::model::RecordFilter {
                        medical: min_rating.is_some_and(|r| r % 2 == 0),
                        ltc: min_rating.is_some_and(|r| r > 3),
                        nursing_beds: inclusive,
                        min_rating,
                        inclusive,
                    };
                }
                q
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the summary settles, it settles the way the full check would.
    #[test]
    fn summary_verdicts_agree_with_the_full_check(all in arb_varied(), q in arb_query(), now in 0i64..5 * 24 * 3600) {
        let filter = Filter::from_query(&q, StaleAfter::default(), now);
        let passes = |f: &Facility| filter.wants_kind(f.kind) && filter.matches(f);
        // A node over any group of facilities (one kind, or all kinds) must let a search in if one passes.
        let groups = FacilityKind::ALL.map(|kind| all.iter().filter(|f| f.kind == kind).collect::<Vec<_>>());
        for group in groups.iter().chain([&all.iter().collect::<Vec<_>>()]) {
            let mut node = summary::NodeSummary::default();
            group.iter().for_each(|f| node.add(&summary::Summary::of(f)));
            if group.iter().any(|f| passes(f)) {
                prop_assert!(filter.node_may_pass(&node), "node summary {:?} shut out a match", node);
            }
        }
        for f in &all {
            let full = passes(f);
            match filter.quick(&summary::Summary::of(f)) {
                Verdict::Yes => prop_assert!(full, "summary said yes, facility says no: {:?}", f),
                Verdict::No => prop_assert!(!full, "summary said no, facility says yes: {:?}", f),
                Verdict::Maybe => {}
            }
        }
    }

    /// The same search as brute force with every filter in play, before and after capacity changes.
    #[test]
    fn filtered_search_matches_brute_force(
        mut all in arb_varied(),
        q in arb_query(),
        now in 0i64..5 * 24 * 3600,
        limit in 1usize..15,
        changes in prop::collection::vec((0usize..200, 0usize..10, 0i32..3, 0i64..4 * 24 * 3600), 0..20),
    ) {
        let filter = Filter::from_query(&q, StaleAfter::default(), now);
        let index = FacilityIndex::build(all.clone());
        for (i, s, available, updated_at) in changes {
            let Some(f) = all.get_mut(i) else { continue };
            let cap = ServiceCapacity { service: ServiceKind::ALL[s], available, maximum: 3, updated_at, version: 2 };
            prop_assert!(index.set_capacity(&f.id, cap.clone()));
            match f.service_mut(cap.service) {
                Some(existing) => *existing = cap,
                None => {
                    f.services.push(cap);
                    f.services.sort_by_key(|s| s.service);
                }
            }
        }
        let got = answer(&index, (34.7, 113.6), &filter, limit, None);
        prop_assert_eq!(got, brute_force(&index, &all, (34.7, 113.6), &filter, limit, None));
    }
}
