use proptest::prelude::*;

use super::*;
use crate::geodesy::haversine_m;
use crate::model::{FacilityStatus, NearestQuery, OpeningHours, StaleAfter};

fn facility(id: usize, kind: FacilityKind, lat: f64, lng: f64, free: i32) -> Facility {
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

fn brute_force(all: &[Facility], lat: f64, lng: f64, filter: &Filter, limit: usize, radius: Option<f64>) -> Vec<f64> {
    let mut d: Vec<f64> = all
        .iter()
        .filter(|f| filter.wants_kind(f.kind) && filter.matches(f))
        .map(|f| haversine_m(lat, lng, f.lat, f.lng))
        .filter(|d| radius.is_none_or(|r| *d <= r))
        .collect();
    d.sort_by(f64::total_cmp);
    d.truncate(limit);
    d
}

fn arb_facilities() -> impl Strategy<Value = Vec<Facility>> {
    // Mostly around Zhengzhou, some anywhere on Earth (poles and the antimeridian included).
    let local = (34.5f64..34.9, 113.4f64..113.8);
    let global = (-90.0f64..=90.0, -180.0f64..=180.0);
    let point = prop_oneof![4 => local, 1 => global];
    prop::collection::vec((point, 0usize..7, 0i32..3), 0..300).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, ((lat, lng), k, free))| facility(i, FacilityKind::ALL[k], lat, lng, free))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn index_matches_brute_force(
        all in arb_facilities(),
        qlat in -90.0f64..=90.0,
        qlng in -180.0f64..=180.0,
        near in any::<bool>(),
        kinds in prop::collection::vec(0usize..7, 0..3),
        available in any::<bool>(),
        limit in 1usize..30,
        radius in prop::option::of(100.0f64..50_000.0),
    ) {
        let (qlat, qlng) = if near { (34.5 + (qlat + 90.0) / 180.0 * 0.4, 113.4 + (qlng + 180.0) / 360.0 * 0.4) } else { (qlat, qlng) };
        let kinds: Vec<FacilityKind> = kinds.into_iter().map(|k| FacilityKind::ALL[k]).collect();
        // `now` = 0 and figures updated at 0: all fresh.
        let filter = Filter::any().kinds(&kinds).available(available, 0);
        let index = FacilityIndex::build(all.clone());
        let got: Vec<f64> = index.nearest(qlat, qlng, &filter, limit, radius).into_iter().map(|(_, d)| d).collect();
        let want = brute_force(&all, qlat, qlng, &filter, limit, radius);
        prop_assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            prop_assert!((g - w).abs() < 1e-3, "got {} want {}", g, w);
        }
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
fn arb_varied() -> impl Strategy<Value = Vec<Facility>> {
    let service = (0usize..10, 0i32..3, 0i64..4 * 24 * 3600);
    let one = ((34.5f64..34.9, 113.4f64..113.8), 0usize..7, prop::collection::vec(service, 0..4), 0usize..5, 0usize..3);
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
                f.services.dedup_by_key(|s| s.service);
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
                };
                f
            })
            .collect()
    })
}

fn arb_query() -> impl Strategy<Value = NearestQuery> {
    (
        prop::option::of(0usize..10),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(0usize..4, 0..2),
        prop::option::of(0u8..12),
        any::<bool>(),
        (0u8..4, prop::option::of(1u8..=5), any::<bool>()),
    )
        .prop_map(
            |(service, available, include_stale, ownership, age, open_now, (record, min_rating, inclusive))| {
                let mut q = NearestQuery::new(34.7, 113.6);
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
        for f in &all {
            let full = filter.matches(f);
            match filter.quick(&leaf::Summary::of(f)) {
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
        let got: Vec<f64> = index.nearest(34.7, 113.6, &filter, limit, None).into_iter().map(|(_, d)| d).collect();
        let want = brute_force(&all, 34.7, 113.6, &filter, limit, None);
        prop_assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            prop_assert!((g - w).abs() < 1e-3, "got {} want {}", g, w);
        }
    }
}
