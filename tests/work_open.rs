//! The scanner's opening and closing of work items at scale (`Store::open_work_items`,
//! `resolve_work_items`): many at once, a few hundred to a transaction, each opened or closed once with
//! its one event, those already active (or already closed) left as they are. SQLite, and PostgreSQL when
//! `CAREMAP_TEST_POSTGRES` is set.

mod common;

use app::model::{Responsible, ServiceKind, WorkKind};
use app::ssr::generate::{HENAN_BBOX, synthetic};
use app::ssr::store::{Actor, NewWorkItem, Store};
use common::TestDb;

const NOW: i64 = 1_800_000_000;

fn stale(n: usize) -> NewWorkItem {
    NewWorkItem {
        kind: WorkKind::StaleFigure,
        responsible: Responsible::Managers,
        facility_id: Some(format!("syn-{n}")),
        subject: format!("设施 {n}"),
        subdistrict_code: None,
        community_code: None,
        service: Some(ServiceKind::Meals),
        detail: String::new(),
        due_at: NOW + 86_400,
        open_key: format!("stale_figure:syn-{n}:meals"),
    }
}

async fn count(db: &TestDb, sql: &str) -> usize {
    db.rows(sql).await[0][0].parse().expect("a count")
}

/// 1,000 problems (several batches), 150 of them already active: 850 opened, each once, each with one
/// event; asked again, none. Every item carries its problem's fields. Then 600 of them closed.
#[tokio::test]
async fn many_problems_open_and_close_once_each_in_batches() {
    let db = TestDb::new();
    let store = Store::connect(&db.url).await.expect("open the store");
    let facilities = synthetic(1000, 5, HENAN_BBOX, NOW - 3600);
    store.upsert_facilities(&facilities).await.expect("load facilities");
    let all: Vec<NewWorkItem> = (0..1000).map(stale).collect();
    let first: Vec<NewWorkItem> = all.iter().step_by(6).take(150).cloned().collect();
    assert_eq!(store.open_work_items(&first, NOW - 60).await.expect("open"), 150);
    assert_eq!(store.open_work_items(&all, NOW).await.expect("open"), 850);
    assert_eq!(store.open_work_items(&all, NOW + 60).await.expect("open"), 0, "already active");

    let mut keys = store.active_work_keys(WorkKind::StaleFigure).await.expect("keys");
    keys.sort();
    let mut want: Vec<String> = all.iter().map(|p| p.open_key.clone()).collect();
    want.sort();
    assert_eq!(keys, want);
    assert_eq!(count(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM work_item_event").await, 1000, "one event each");
    let opened_late =
        count(&db, &format!("SELECT CAST(COUNT(*) AS TEXT) FROM work_item WHERE created_at = {NOW}")).await;
    assert_eq!(opened_late, 850, "the active ones kept their first opening");
    let row = db
        .rows(
            "SELECT facility_id, subject, service, responsible, CAST(due_at AS TEXT) FROM work_item \
             WHERE open_key = 'stale_figure:syn-999:meals'",
        )
        .await;
    let due = (NOW + 86_400).to_string();
    assert_eq!(row, vec![vec!["syn-999".to_string(), "设施 999".into(), "meals".into(), "managers".into(), due]]);

    // Their problems gone: 600 closed (several batches), each once, with its event; a key with no active
    // item, or one already closed, closes nothing.
    let system = Actor { user_id: None, login: "system".into(), via: "system" };
    let mut gone: Vec<String> = all[..600].iter().map(|p| p.open_key.clone()).collect();
    gone.push("stale_figure:no-such:meals".into());
    let note = app::model::system_note::PROBLEM_GONE;
    assert_eq!(store.resolve_work_items(&gone, note, &system, NOW + 120).await.expect("resolve"), 600);
    assert_eq!(store.resolve_work_items(&gone, note, &system, NOW + 180).await.expect("resolve"), 0);
    assert_eq!(store.active_work_keys(WorkKind::StaleFigure).await.expect("keys").len(), 400);
    assert_eq!(count(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM work_item_event").await, 1600);
    let resolved = "SELECT CAST(COUNT(*) AS TEXT) FROM work_item WHERE state = 'resolved' AND open_key IS NULL";
    assert_eq!(count(&db, resolved).await, 600);
    store.close().await;
}
