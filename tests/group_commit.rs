//! Group commit of capacity changes (`Store::change_capacity`), on the store itself: changes queued
//! together are written in one transaction, yet each is checked and answered on its own — refused ones
//! (no such service, out of bounds, stale version) change nothing and leave the others alone; the same
//! figure changed twice sees the first change; a batch whose commit fails fails every change in it and
//! the writer goes on; closing the store writes what was queued first. SQLite, and PostgreSQL when
//! `CAREMAP_TEST_POSTGRES` is set.
//!
//! Changes are made "at once" with `join_all` on the test's single-threaded runtime: every one is queued
//! before the writer task runs, so they form one batch — which the order of their audit rows shows (a
//! batch writes its rows in (facility, service) order, whatever order they came in).

mod common;

use app::model::{CapacityChange, Facility, ServiceCapacity, ServiceKind};
use app::ssr::generate::{HENAN_BBOX, synthetic};
use app::ssr::store::{Actor, CapacityError, Store};
use common::TestDb;
use futures::future::join_all;

const NOW: i64 = 1_800_000_000;

fn actor() -> Actor {
    Actor { user_id: None, login: "test".into(), via: "api" }
}

async fn store_with(db: &TestDb, count: usize) -> (Store, Vec<Facility>) {
    let store = Store::connect(&db.url).await.expect("open the store");
    let generated = synthetic(count, 7, HENAN_BBOX, NOW - 3600);
    store.upsert_facilities(&generated).await.expect("load facilities");
    // As stored (versions start at 1), in id order; those with two services or more, each with room.
    let mut facilities = Vec::new();
    for f in &generated {
        let f = store.facility(&f.id).await.expect("read").expect("stored");
        if f.services.len() >= 2 && f.services.iter().all(|s| s.maximum >= 4) {
            facilities.push(f);
        }
    }
    facilities.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(facilities.len() >= 3, "enough facilities with two services or more");
    (store, facilities)
}

/// The audit rows of `facility` (all of them, oldest first): (service, field, old, new).
async fn audit(db: &TestDb, facility: &str) -> Vec<(String, String, String, String)> {
    db.rows(&format!(
        "SELECT COALESCE(service, ''), field, COALESCE(old_value, ''), COALESCE(new_value, '') FROM audit_log \
             WHERE facility_id = '{facility}' ORDER BY id"
    ))
    .await
    .into_iter()
    .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()))
    .collect()
}

/// The change-log rows of `facility`.
async fn logged(db: &TestDb, facility: &str) -> usize {
    db.rows(&format!("SELECT facility_id FROM change_log WHERE facility_id = '{facility}'")).await.len()
}

fn absent_service(f: &Facility) -> ServiceKind {
    *ServiceKind::ALL.iter().find(|k| f.service(**k).is_none()).expect("a service the facility lacks")
}

type Change = (String, ServiceKind, CapacityChange);

/// Make `changes` at once (one batch).
async fn at_once(store: &Store, changes: &[Change]) -> Vec<Result<ServiceCapacity, CapacityError>> {
    let actor = actor();
    join_all(changes.iter().map(|(f, s, c)| store.change_capacity(f, *s, *c, &actor, NOW))).await
}

#[tokio::test]
async fn a_batch_checks_each_change_on_its_own() {
    let db = TestDb::new();
    let (store, facilities) = store_with(&db, 60).await;
    let (a, b, c) = (&facilities[0], &facilities[1], &facilities[2]);
    let (a0, a1, b0, c0) = (&a.services[0], &a.services[1], &b.services[0], &c.services[0]);
    let set = |available, maximum, version| CapacityChange::Set { available, maximum, version };
    // Arrival order is not (facility, service) order: c first.
    let changes: Vec<Change> = vec![
        (c.id.clone(), c0.service, set(Some(0), None, c0.version)),
        (a.id.clone(), a0.service, CapacityChange::Delta { delta: a0.maximum + 1 - a0.available }),
        (a.id.clone(), a1.service, CapacityChange::Delta { delta: if a1.available > 0 { -1 } else { 1 } }),
        (a.id.clone(), absent_service(a), CapacityChange::Delta { delta: 1 }),
        (b.id.clone(), b0.service, set(Some(1), Some(b0.maximum + 5), b0.version - 1)),
        ("no-such-facility".into(), a0.service, CapacityChange::Confirm),
        (b.id.clone(), b.services[1].service, CapacityChange::Confirm),
    ];
    let out = at_once(&store, &changes).await;

    // The exact edit of c: written, versioned.
    let c_new = out[0].as_ref().expect("c's exact edit");
    assert_eq!((c_new.available, c_new.maximum, c_new.version), (0, c0.maximum, c0.version + 1));
    // Above a0's maximum: refused with the figure as it is.
    assert!(
        matches!(&out[1], Err(CapacityError::OutOfBounds(now)) if now.version == a0.version && now.available == a0.available),
        "{:?}",
        out[1]
    );
    let a1_new = out[2].as_ref().expect("a1's ±1");
    assert_eq!(a1_new.version, a1.version + 1);
    assert!(matches!(out[3], Err(CapacityError::NoSuchService)), "{:?}", out[3]);
    // A stale exact edit: refused with the current figure, nothing of it written.
    assert!(
        matches!(&out[4], Err(CapacityError::Stale(now)) if now.version == b0.version && now.maximum == b0.maximum),
        "{:?}",
        out[4]
    );
    assert!(matches!(out[5], Err(CapacityError::NoSuchService)), "{:?}", out[5]);
    let b1_new = out[6].as_ref().expect("b1's confirmation");
    assert_eq!(
        (b1_new.available, b1_new.updated_at, b1_new.version),
        (b.services[1].available, NOW, b.services[1].version + 1)
    );

    // What is stored is what was answered, and refused changes left no trace.
    assert_eq!(store.capacity(&a.id, a0.service).await.expect("read").map(|s| s.version), Some(a0.version));
    assert_eq!(store.capacity(&b.id, b0.service).await.expect("read").map(|s| s.version), Some(b0.version));
    assert_eq!(store.capacity(&c.id, c0.service).await.expect("read").as_ref(), Some(c_new));
    assert_eq!(store.capacity(&a.id, a1.service).await.expect("read").as_ref(), Some(a1_new));
    let a1_name = a1.service.as_str().to_string();
    assert_eq!(
        audit(&db, &a.id).await,
        vec![(a1_name, "available".into(), a1.available.to_string(), a1_new.available.to_string())]
    );
    assert_eq!(
        audit(&db, &b.id).await,
        vec![(
            b.services[1].service.as_str().into(),
            "confirmed".into(),
            b.services[1].updated_at.to_string(),
            NOW.to_string()
        )]
    );
    assert_eq!(audit(&db, &c.id).await.len(), 1, "c: one row (`available`, or `confirmed` if it was 0)");
    // One change-log row per change made (the upsert wrote one per facility before).
    assert_eq!((logged(&db, &a.id).await, logged(&db, &b.id).await, logged(&db, &c.id).await), (2, 2, 2));

    // One batch: its audit rows are in (facility, service) order, not arrival order (c came first).
    let order = db.rows("SELECT facility_id FROM audit_log ORDER BY id").await;
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "the changes were written as one batch");
    store.close().await;
}

#[tokio::test]
async fn a_batch_of_deltas_goes_set_wise_and_says_why_each_refused_one_was() {
    // Only ±n on distinct figures: the batch PostgreSQL writes in one statement, SQLite in one per round.
    let db = TestDb::new();
    let (store, facilities) = store_with(&db, 60).await;
    let f: Vec<&Facility> = facilities.iter().take(5).collect();
    let first = |k: usize| f[k].services[0].clone();
    let down = |s: &ServiceCapacity| if s.available > 0 { -1 } else { 1 };
    let changes: Vec<Change> = vec![
        (f[0].id.clone(), first(0).service, CapacityChange::Delta { delta: down(&first(0)) }),
        (f[1].id.clone(), first(1).service, CapacityChange::Delta { delta: -(first(1).available + 1) }),
        (f[2].id.clone(), absent_service(f[2]), CapacityChange::Delta { delta: 1 }),
        (f[3].id.clone(), first(3).service, CapacityChange::Delta { delta: i32::MAX }),
        ("no-such-facility".into(), first(0).service, CapacityChange::Delta { delta: 1 }),
        (f[4].id.clone(), first(4).service, CapacityChange::Delta { delta: first(4).maximum - first(4).available }),
    ];
    let out = at_once(&store, &changes).await;
    let a = out[0].as_ref().expect("f0 written");
    assert_eq!((a.available, a.version), (first(0).available + down(&first(0)), first(0).version + 1));
    assert!(matches!(&out[1], Err(CapacityError::OutOfBounds(c)) if *c == first(1)), "{:?}", out[1]);
    assert!(matches!(out[2], Err(CapacityError::NoSuchService)), "{:?}", out[2]);
    assert!(matches!(&out[3], Err(CapacityError::OutOfBounds(c)) if *c == first(3)), "a huge delta: {:?}", out[3]);
    assert!(matches!(out[4], Err(CapacityError::NoSuchService)), "{:?}", out[4]);
    let full = out[5].as_ref().expect("f4 filled up");
    assert_eq!((full.available, full.version), (first(4).maximum, first(4).version + 1));
    for (k, written) in [(0, a), (4, full)] {
        let service = first(k).service.as_str().to_string();
        let trail = vec![(service, "available".into(), first(k).available.to_string(), written.available.to_string())];
        let trail = if first(k).available == written.available { Vec::new() } else { trail };
        assert_eq!(audit(&db, &f[k].id).await, trail, "f{k}");
        assert_eq!(logged(&db, &f[k].id).await, 1 + trail.len(), "f{k}: the upsert's change-log row, and this one");
    }
    for k in [1, 3] {
        assert_eq!(store.capacity(&f[k].id, first(k).service).await.expect("read"), Some(first(k)), "f{k} untouched");
        assert!(audit(&db, &f[k].id).await.is_empty());
        assert_eq!(logged(&db, &f[k].id).await, 1);
    }
    store.close().await;
}

#[tokio::test]
async fn the_same_figure_twice_in_a_batch_sees_the_first_change() {
    let db = TestDb::new();
    let (store, facilities) = store_with(&db, 60).await;
    let f = &facilities[0];
    let s = f.services[0].clone();
    // Room for exactly two more.
    let start = store
        .change_capacity(
            &f.id,
            s.service,
            CapacityChange::Set { available: Some(s.maximum - 2), maximum: None, version: s.version },
            &actor(),
            NOW,
        )
        .await
        .expect("start");
    let v = start.version;
    let set = |available, version| CapacityChange::Set { available: Some(available), maximum: None, version };
    let changes: Vec<Change> = [
        CapacityChange::Delta { delta: 1 },
        // Based on the version before the first change: stale once it is made.
        set(0, v),
        CapacityChange::Delta { delta: 1 },
        // No room left after the two.
        CapacityChange::Delta { delta: 1 },
        // Based on the version the two made: current.
        set(1, v + 2),
        CapacityChange::Delta { delta: -1 },
    ]
    .into_iter()
    .map(|c| (f.id.clone(), s.service, c))
    .collect();
    let out = at_once(&store, &changes).await;
    let figures: Vec<(i32, i64)> =
        out.iter().filter_map(|o| o.as_ref().ok()).map(|c| (c.available, c.version)).collect();
    assert_eq!(figures, vec![(s.maximum - 1, v + 1), (s.maximum, v + 2), (1, v + 3), (0, v + 4)], "{out:?}");
    assert!(matches!(&out[1], Err(CapacityError::Stale(now)) if now.version == v + 1), "{:?}", out[1]);
    assert!(
        matches!(&out[3], Err(CapacityError::OutOfBounds(now)) if now.version == v + 2 && now.available == s.maximum),
        "{:?}",
        out[3]
    );
    let stored = store.capacity(&f.id, s.service).await.expect("read").expect("figure");
    assert_eq!((stored.available, stored.version), (0, v + 4));
    // The audit trail chains: each row starts where the one before ended.
    let trail: Vec<(String, String)> =
        audit(&db, &f.id).await.into_iter().filter(|r| r.1 == "available").map(|r| (r.2, r.3)).collect();
    let m = s.maximum;
    let want = [(s.available, m - 2), (m - 2, m - 1), (m - 1, m), (m, 1), (1, 0)];
    let want: Vec<(String, String)> =
        want.iter().filter(|(a, b)| a != b).map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(trail, want);
    store.close().await;
}

/// Many callers at once on a few figures, on several threads: more batches than one and, on PostgreSQL,
/// batches in flight together. No change is lost or applied out of turn: each figure's audit rows
/// chain (each one's old value is the one before's new), its version counts its changes and its
/// figure is where they took it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_to_a_figure_are_each_applied_once_in_turn() {
    const CALLERS: usize = 16;
    const EACH: usize = 40;
    let db = TestDb::new();
    let (store, facilities) = store_with(&db, 60).await;
    let targets: Vec<(String, ServiceCapacity)> =
        facilities.iter().take(3).map(|f| (f.id.clone(), f.services[0].clone())).collect();
    let mut callers = Vec::new();
    for c in 0..CALLERS {
        let (store, targets) = (store.clone(), targets.clone());
        callers.push(tokio::spawn(async move {
            let actor = actor();
            // Per target: the sum of the deltas written, and how many were.
            let mut written = vec![(0i32, 0i64); targets.len()];
            for k in 0..EACH {
                let t = (c + k) % targets.len();
                let (id, figure) = &targets[t];
                let delta = if (c + k / 3) % 2 == 0 { 1 } else { -1 };
                match store.change_capacity(id, figure.service, CapacityChange::Delta { delta }, &actor, NOW).await {
                    Ok(_) => {
                        written[t].0 += delta;
                        written[t].1 += 1;
                    }
                    Err(CapacityError::OutOfBounds(_)) => {}
                    Err(e) => panic!("change {c}/{k}: {e}"),
                }
            }
            written
        }));
    }
    let mut written = vec![(0i32, 0i64); targets.len()];
    for caller in callers {
        for (t, (sum, n)) in caller.await.expect("caller").into_iter().enumerate() {
            written[t].0 += sum;
            written[t].1 += n;
        }
    }
    for ((id, before), (sum, n)) in targets.iter().zip(written) {
        assert!(n > 0, "{id}: some changes were written");
        let after = store.capacity(id, before.service).await.expect("read").expect("figure");
        assert_eq!((after.available, after.version), (before.available + sum, before.version + n), "{id}");
        let rows: Vec<_> = audit(&db, id).await.into_iter().filter(|r| r.0 == before.service.as_str()).collect();
        assert_eq!(rows.len() as i64, n, "{id}: one audit row per change written");
        let mut last = before.available.to_string();
        for (_, field, old, new) in &rows {
            assert_eq!((field.as_str(), old), ("available", &last), "{id}: each change saw the one before");
            last = new.clone();
        }
        assert_eq!(last, after.available.to_string(), "{id}");
    }
    store.close().await;
}

#[tokio::test]
async fn a_failed_commit_fails_the_whole_batch_and_the_writer_goes_on() {
    let db = TestDb::new();
    let (store, facilities) = store_with(&db, 60).await;
    let (good, bad) = (&facilities[0], &facilities[1]);
    // Any change to `bad` breaks a deferred constraint, which is checked at COMMIT.
    if db.is_postgres() {
        for sql in [
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END; $$ LANGUAGE plpgsql",
            &format!(
                "CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON change_log DEFERRABLE INITIALLY DEFERRED \
                 FOR EACH ROW WHEN (NEW.facility_id = '{}') EXECUTE FUNCTION refuse()",
                bad.id
            ),
        ] {
            db.rows(sql).await;
        }
    } else {
        for sql in [
            "CREATE TABLE refuse (ref TEXT REFERENCES facility (id) DEFERRABLE INITIALLY DEFERRED)",
            &format!(
                "CREATE TRIGGER refuse AFTER INSERT ON change_log WHEN NEW.facility_id = '{}' \
                 BEGIN INSERT INTO refuse VALUES ('no such facility'); END",
                bad.id
            ),
        ] {
            db.rows(sql).await;
        }
    }
    let (g, b) = (&good.services[0], &bad.services[0]);
    let confirm = |f: &Facility, s: &ServiceCapacity| (f.id.clone(), s.service, CapacityChange::Confirm);
    let out = at_once(&store, &[confirm(good, g), confirm(bad, b), confirm(good, &good.services[1])]).await;
    assert!(out.iter().all(|o| matches!(o, Err(CapacityError::Db(_)))), "every change of the batch failed: {out:?}");
    assert_eq!(store.capacity(&good.id, g.service).await.expect("read").map(|s| s.version), Some(g.version));
    assert!(audit(&db, &good.id).await.is_empty(), "nothing of the batch was written");

    // The next batch, without the bad change, is written.
    let out = at_once(&store, &[confirm(good, g)]).await;
    assert_eq!(out[0].as_ref().map(|c| c.version).ok(), Some(g.version + 1), "{out:?}");
    store.close().await;
}

#[tokio::test]
async fn closing_writes_what_was_queued_then_refuses() {
    let db = TestDb::new();
    let (store, facilities) = store_with(&db, 60).await;
    let actor = actor();
    let changes = facilities
        .iter()
        .take(20)
        .map(|f| store.change_capacity(&f.id, f.services[0].service, CapacityChange::Confirm, &actor, NOW));
    // Queued first, then the close: it returns once they are written and answered.
    let (out, ()) = futures::join!(join_all(changes), store.close());
    assert!(out.iter().all(Result::is_ok), "{out:?}");
    let f = &facilities[0];
    let late = store.change_capacity(&f.id, f.services[0].service, CapacityChange::Confirm, &actor, NOW).await;
    assert!(matches!(late, Err(CapacityError::Db(sqlx::Error::PoolClosed))), "{late:?}");

    let store = Store::connect(&db.url).await.expect("reopen");
    for f in facilities.iter().take(20) {
        let stored = store.capacity(&f.id, f.services[0].service).await.expect("read").expect("figure");
        assert_eq!((stored.updated_at, stored.version), (NOW, f.services[0].version + 1));
    }
    store.close().await;
}
