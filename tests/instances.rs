//! Several `caremap serve` processes on one database: a change made through one shows in the
//! other's nearest results (PostgreSQL: within 1 s, woken by NOTIFY; SQLite: within 2 s, by polling).

mod common;

use std::time::{Duration, Instant};

use common::{Browser, PASSWORD, TestDb, TestServer, add_user, eventually, figure, get_json};
use serde_json::json;

const FACILITY: &str = "dc-410103013004";

async fn meals_in_nearest(server: &TestServer) -> Option<i64> {
    let (_, body) =
        get_json(&server.url("/api/nearest?lat=34.71548&lng=113.64366&kind=elderly_daycare&limit=100")).await;
    body["results"].as_array()?.iter().find(|r| r["id"] == FACILITY)?["services"]
        .as_array()?
        .iter()
        .find(|s| s["service"] == "meals")?["available"]
        .as_i64()
}

#[tokio::test]
async fn a_change_through_one_instance_shows_in_the_other() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    let a = TestServer::start(&db, &[]);
    let b = TestServer::start(&db, &[]);

    let before = meals_in_nearest(&b).await.expect("facility listed");
    let mut admin = Browser::new(&a);
    admin.login("admin", PASSWORD).await;
    // The session made on A is valid on B too: sessions live in the shared database.
    let mut on_b = Browser::new(&b);
    on_b.cookie = admin.cookie.clone();
    assert_eq!(on_b.form("/api/whoami", &[]).await.json["login"], "admin");

    let step = if before > 0 { -1 } else { 1 };
    let changed = admin.delta(FACILITY, "meals", step).await;
    assert_eq!(changed.status, 200, "{}", changed.json);
    let done = Instant::now();
    // The follower polls SQLite every 250 ms (PostgreSQL wakes it by NOTIFY at once): propagation takes well under a
    // second here. The deadline leaves room for a loaded 2-core CI; the time taken is printed below.
    let limit = Duration::from_secs(5);
    let want = before + i64::from(step);
    assert!(
        eventually(limit, || async { meals_in_nearest(&b).await == Some(want) }).await,
        "B did not see the change within {limit:?}"
    );
    eprintln!("propagated in {:?}", done.elapsed());

    // And the other way round, through the token-less page API on B.
    let v = figure(&b, FACILITY, "meals").await["version"].as_i64().expect("version");
    let r = on_b
        .json("/api/manage/capacity", json!({"facility_id": FACILITY, "service": "meals", "change": {"op": "set", "available": 0, "maximum": null, "version": v}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert!(eventually(limit, || async { meals_in_nearest(&a).await == Some(0) }).await);
}

#[tokio::test]
async fn the_change_log_is_pruned_of_what_every_instance_has_read() {
    let db = TestDb::new();
    let mut first = TestServer::start(&db, &[]);
    assert!(first.terminate(Duration::from_secs(15)).is_some_and(|s| s.success()), "a clean stop forgets its place");
    drop(first);
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    let flags = ["--prune-every", "500ms", "--prune-keep", "1s"];
    let (a, b) = (TestServer::start(&db, &flags), TestServer::start(&db, &flags));
    let log = |server: &TestServer| {
        let url = server.url("/health");
        async move { get_json(&url).await.1["change_log"].as_i64().unwrap_or(-1) }
    };
    assert!(log(&a).await > 0, "the sample's load is in the log");
    let mut admin = Browser::new(&a);
    admin.login("admin", PASSWORD).await;
    let before = figure(&a, FACILITY, "meals").await["available"].as_i64().expect("meals");
    let step = if before > 0 { -1 } else { 1 };
    assert_eq!(admin.delta(FACILITY, "meals", step).await.status, 200);
    assert!(
        eventually(Duration::from_secs(5), || async { meals_in_nearest(&b).await == Some(before + i64::from(step)) })
            .await,
        "the other instance read the change"
    );
    assert!(
        eventually(Duration::from_secs(15), || async { log(&a).await == 1 }).await,
        "once both have read it (and it is older than --prune-keep), the log keeps only its newest entry"
    );
    // Changes after the pruning still reach the other instance.
    assert_eq!(admin.delta(FACILITY, "meals", -step).await.status, 200);
    assert!(
        eventually(Duration::from_secs(5), || async { meals_in_nearest(&b).await == Some(before) }).await,
        "still in step after pruning"
    );
}
