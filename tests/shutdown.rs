//! Graceful shutdown: SIGTERM ends the live streams, lets a change in flight finish (stored and
//! acknowledged) or refuses it (nothing stored), and the process exits 0 promptly.

mod common;

use std::time::{Duration, Instant};

use common::{PASSWORD, TestDb, TestServer, add_user, create_token, figure};
use serde_json::json;

const MINE: &str = "dc-410103013004";

#[tokio::test]
async fn sigterm_drains_and_exits_cleanly() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    add_user(&db, "li", "facility_manager", &[MINE], PASSWORD);
    let token = create_token(&db, "li");
    for round in 0..3 {
        let mut server = TestServer::start(&db, &["--scan-every", "1h"]);
        let before = figure(&server, MINE, "meals").await;
        let (available, maximum) = (before["available"].as_i64().unwrap_or(0), before["maximum"].as_i64().unwrap_or(0));
        let step = if available < maximum { 1 } else { -1 };
        let mut live = common::client().get(server.url(&format!("/api/live?ids={MINE}"))).send().await.expect("live");
        assert_eq!(live.status().as_u16(), 200);

        // A change on its way while the signal arrives (a little later each round).
        let url = server.url(&format!("/api/facilities/{MINE}/capacity"));
        let change = tokio::spawn({
            let token = token.clone();
            async move {
                let res = common::client()
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"service": "meals", "delta": step}))
                    .send()
                    .await;
                match res {
                    Ok(r) => Some(r.status().as_u16()),
                    Err(_) => None,
                }
            }
        });
        tokio::time::sleep(Duration::from_millis(round * 5)).await;
        let started = Instant::now();
        let status = tokio::task::spawn_blocking(move || {
            let status = server.terminate(Duration::from_secs(15));
            (status, server)
        })
        .await
        .expect("terminate");
        let (status, server) = status;
        assert!(status.is_some_and(|s| s.success()), "round {round}: exit {status:?}");
        assert!(started.elapsed() < Duration::from_secs(12), "drained within the bound");

        // The live stream was ended by the server, not left hanging.
        let ended = tokio::time::timeout(Duration::from_secs(3), async {
            loop {
                match live.chunk().await {
                    Ok(Some(_)) => continue,
                    _ => return true,
                }
            }
        })
        .await;
        assert_eq!(ended, Ok(true), "the live stream ended");

        let answer = change.await.expect("change task");
        drop(server);
        let restarted = TestServer::start(&db, &["--scan-every", "1h"]);
        let after = figure(&restarted, MINE, "meals").await["available"].as_i64();
        match answer {
            Some(200) => assert_eq!(after, Some(available + step), "round {round}: acknowledged, so stored"),
            other => assert_eq!(after, Some(available), "round {round}: refused ({other:?}), so nothing stored"),
        }
    }
}
