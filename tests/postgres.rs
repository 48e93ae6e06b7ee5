//! PostgreSQL only: an instance that loses its database connections reconnects and catches up
//! without a restart. (Run by scripts/test against a throwaway cluster.)

mod common;

use std::time::Duration;

use common::{Browser, PASSWORD, TestDb, TestServer, add_user, eventually, figure};

const FACILITY: &str = "dc-410103013004";

#[tokio::test]
async fn instances_reconnect_and_catch_up_after_losing_the_database() {
    let db = TestDb::new();
    assert!(db.is_postgres(), "set CAREMAP_TEST_POSTGRES (scripts/pg start DIR prints it)");
    drop(TestServer::start(&db, &[]));
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    let a = TestServer::start(&db, &[]);
    let b = TestServer::start(&db, &[]);
    let mut admin = Browser::new(&a);
    admin.login("admin", PASSWORD).await;

    // Every connection of both instances (pools and LISTEN) is cut, as by a database restart.
    db.cut_connections();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // A's next request reconnects its pool; the change goes to the log.
    let before = figure(&a, FACILITY, "meals").await["available"].as_i64().expect("available");
    let step = if before > 0 { -1 } else { 1 };
    // No error for the user: the pool tests connections before handing them out and replaces dead ones.
    let changed = admin.delta(FACILITY, "meals", step).await;
    assert_eq!(changed.status, 200, "{}", changed.json);
    let want = before + i64::from(step);

    // B, without a restart, catches up (its listener reconnects; its poll reads the log meanwhile).
    assert!(
        eventually(Duration::from_secs(5), || async {
            figure(&b, FACILITY, "meals").await["available"].as_i64() == Some(want)
        })
        .await,
        "B did not catch up after the connection loss"
    );
    let (status, _) = common::get_json(&b.url("/health")).await;
    assert_eq!(status, 200);
}
