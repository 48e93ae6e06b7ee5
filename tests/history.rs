//! The store's reads of the audit trail that the work-item scanner relies on: when each full figure's
//! free places last changed (`Store::last_available_change`), asked for a large set at once. SQLite, and
//! PostgreSQL when `CAREMAP_TEST_POSTGRES` is set.

mod common;

use app::model::{CapacityChange, ServiceKind};
use app::ssr::generate::{HENAN_BBOX, synthetic};
use app::ssr::store::{Actor, Store};
use common::TestDb;

const NOW: i64 = 1_800_000_000;

/// Only changes of the free places count, the newest one per figure; figures not asked about, other
/// fields, and figures with no recorded change are left out.
#[tokio::test]
async fn the_newest_change_of_each_asked_figure_counts() {
    let db = TestDb::new();
    let store = Store::connect(&db.url).await.expect("open the store");
    let generated = synthetic(40, 3, HENAN_BBOX, NOW - 3600);
    store.upsert_facilities(&generated).await.expect("load facilities");
    let f = generated
        .iter()
        .find(|f| {
            f.services.len() >= 2 && f.services[0].available >= 1 && f.services[0].available < f.services[0].maximum
        })
        .expect("a facility with two services, the first neither empty nor full");
    let other = generated.iter().find(|g| g.id != f.id).expect("another facility");
    let (s1, s2) = (f.services[0].service, f.services[1].service);
    let actor = Actor { user_id: None, login: "test".into(), via: "api" };
    for (at, delta) in [(NOW - 100, -1), (NOW, 1)] {
        let change = CapacityChange::Delta { delta };
        store.change_capacity(&f.id, s1, change, &actor, at).await.expect("change the free places");
    }
    // Another field of the same figure, later: not a change of the free places.
    db.rows(&format!(
        "INSERT INTO audit_log (at, login, via, facility_id, service, field, old_value, new_value) \
         VALUES ({}, 'test', 'api', '{}', '{}', 'maximum', '1', '2')",
        NOW + 50,
        f.id,
        s1.as_str()
    ))
    .await;

    let asked = [(f.id.as_str(), s1), (f.id.as_str(), s2), (other.id.as_str(), s1), ("no-such", s1)];
    let last = store.last_available_change(&asked).await.expect("read the trail");
    assert_eq!(last.len(), 1, "{last:?}");
    assert_eq!(last.get(&(f.id.clone(), s1)), Some(&NOW));
    // Not asked about: not answered, though its trail has changes.
    assert!(store.last_available_change(&[(f.id.as_str(), s2)]).await.expect("read").is_empty());
    store.close().await;
}

/// Thousands of figures at once (more than one batch of the query), each with its own answer.
#[tokio::test]
async fn thousands_of_figures_are_answered_each_on_its_own() {
    let db = TestDb::new();
    let store = Store::connect(&db.url).await.expect("open the store");
    let n = 2500;
    let (meals, care) = (ServiceKind::Meals, ServiceKind::DayCare);
    let mut values = Vec::new();
    for i in 0..n {
        values.push(format!("({i}, 'test', 'api', 'bulk-{i}', '{}', 'available', '0', '1')", meals.as_str()));
        // The same facility's other service, newer: asked about for odd facilities only.
        values.push(format!("({}, 'test', 'api', 'bulk-{i}', '{}', 'available', '0', '1')", i + n, care.as_str()));
    }
    for part in values.chunks(500) {
        db.rows(&format!(
            "INSERT INTO audit_log (at, login, via, facility_id, service, field, old_value, new_value) VALUES {}",
            part.join(", ")
        ))
        .await;
    }
    let ids: Vec<String> = (0..n).map(|i| format!("bulk-{i}")).collect();
    let mut asked: Vec<(&str, ServiceKind)> = ids.iter().map(|id| (id.as_str(), meals)).collect();
    asked.extend(ids.iter().skip(1).step_by(2).map(|id| (id.as_str(), care)));
    let last = store.last_available_change(&asked).await.expect("read the trail");
    assert_eq!(last.len(), n as usize + n as usize / 2);
    for i in 0..n {
        assert_eq!(last.get(&(format!("bulk-{i}"), meals)), Some(&i64::from(i)));
        let want = (i % 2 == 1).then_some(i64::from(i + n));
        assert_eq!(last.get(&(format!("bulk-{i}"), care)).copied(), want, "bulk-{i}");
    }
    store.close().await;
}
