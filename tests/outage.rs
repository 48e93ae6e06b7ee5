//! A PostgreSQL outage under load: while the database is stopped, reads keep answering from the
//! index, writes fail fast with a clear 503 JSON error (never hang, never report success), `/health`
//! says what is wrong; when it is back, everything works again without a restart. Runs against a
//! PostgreSQL server of its own (started and stopped with scripts/pg), in the PostgreSQL test step.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{PASSWORD, TestDb, TestServer, add_user, create_token, eventually, workspace_root};
use serde_json::Value;

const MINE: &str = "dc-410103013004";
const PORT: &str = "54361";

fn pg(cmd: &str, dir: &Path) -> String {
    let out = Command::new(workspace_root().join("scripts/pg"))
        .args([cmd, dir.to_str().expect("dir"), PORT])
        .output()
        .expect("scripts/pg");
    assert!(out.status.success(), "scripts/pg {cmd}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// ±delta on the meals figure through the token API: (status, body, time taken).
async fn change(server: &TestServer, token: &str, delta: i32) -> (u16, Value, Duration) {
    common::token_change(server, token, MINE, "meals", delta).await
}

#[tokio::test]
async fn a_database_outage_is_survived() {
    let dir = tempfile::tempdir().expect("dir").keep();
    let base = pg("start", &dir);
    let db = TestDb::on_postgres(&base);
    drop(TestServer::start(&db, &[]));
    add_user(&db, "li", "facility_manager", &[MINE], PASSWORD);
    let token = create_token(&db, "li");
    let server = TestServer::start(&db, &["--scan-every", "1h"]);
    let nearest = server.url("/api/nearest?lat=34.71548&lng=113.64366&kind=elderly_daycare");
    let (status, before) = common::get_json(&server.url(&format!("/api/facility?id={MINE}"))).await;
    assert_eq!(status, 200);
    let meals = |f: &Value| {
        f["facility"]["services"].as_array().and_then(|s| s.iter().find(|s| s["service"] == "meals").cloned())
    };
    let available = meals(&before).and_then(|m| m["available"].as_i64()).expect("meals");
    let step = if available > 0 { -1 } else { 1 };
    assert_eq!(change(&server, &token, step).await.0, 200);

    pg("stop", &dir);
    for _ in 0..3 {
        let (status, body) = common::get_json(&nearest).await;
        assert_eq!(status, 200, "reads answer from the index: {body}");
        assert!(body["results"].as_array().is_some_and(|r| !r.is_empty()));
        let (status, body, took) = change(&server, &token, step).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["error"], "unavailable");
        assert!(took < Duration::from_secs(6), "failed fast ({took:?})");
    }
    let (status, health) = common::get_json(&server.url("/health")).await;
    assert_eq!(status, 503, "{health}");
    assert_eq!(health["status"], "database unreachable");

    pg("start", &dir);
    let back = eventually(Duration::from_secs(20), || async { change(&server, &token, -step).await.0 == 200 }).await;
    assert!(back, "writes work again without a restart");
    let (status, after) = common::get_json(&server.url(&format!("/api/facility?id={MINE}"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        meals(&after).and_then(|m| m["available"].as_i64()),
        Some(available),
        "+step then −step: refusals changed nothing"
    );
    assert_eq!(common::get_json(&server.url("/health")).await.0, 200);
    drop(server);
    drop(db);
    pg("stop", &dir);
    let _ = std::fs::remove_dir_all(&dir);
}
