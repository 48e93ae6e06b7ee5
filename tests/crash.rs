//! Nothing acknowledged is ever lost: writers set exact figures through the token API while the
//! server is killed with SIGKILL at a random moment; after a restart on the same database every
//! change answered 200 is there (same version and figure), and no figure exists that no request
//! asked for. Several rounds; SQLite, and PostgreSQL when `CAREMAP_TEST_POSTGRES` is set.
//!
//! The second test loads group commit: many writers doing ±1 on a few figures at once (so one batch
//! often holds the same figure twice), killed mid-load; every ±1 answered 200 must be in the figure's
//! audit trail, which must account for every version the figure went through.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{TestDb, TestServer, add_user, create_token, get_json};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";
const SERVICES: [&str; 3] = ["day_care", "meals", "bathing"];
const ROUNDS: usize = 3;

/// What one (facility, service) pair's writer knows: the last acknowledged figure, and the request
/// in flight (if any) when the server died.
#[derive(Debug, Clone, Default)]
struct Pair {
    facility: String,
    service: String,
    acked: (i64, i64),
    in_flight: Option<(i64, i64)>,
    changes: u32,
}

async fn figure(base: &str, facility: &str, service: &str) -> Option<(i64, i64, i64)> {
    let (_, body) = get_json(&format!("{base}/api/facility?id={facility}")).await;
    let s = body["facility"]["services"].as_array()?.iter().find(|s| s["service"] == service)?.clone();
    Some((s["version"].as_i64()?, s["available"].as_i64()?, s["maximum"].as_i64()?))
}

/// Four day-care centres of the sample data, managed by `li`, and li's API token.
async fn managed(db: &TestDb) -> (Vec<String>, String) {
    let first = TestServer::start(db, &[]);
    let (_, near) = get_json(&first.url("/api/nearest?lat=34.71548&lng=113.64366&kind=elderly_daycare&limit=4")).await;
    let facilities: Vec<String> = near["results"]
        .as_array()
        .map(|r| r.iter().filter_map(|f| f["id"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    assert_eq!(facilities.len(), 4);
    drop(first);
    let ids: Vec<&str> = facilities.iter().map(String::as_str).collect();
    add_user(db, "li", "facility_manager", &ids, PASSWORD);
    let token = create_token(db, "li");
    (facilities, token)
}

#[tokio::test]
async fn acknowledged_changes_survive_kill_9() {
    let db = TestDb::new();
    let (facilities, token) = managed(&db).await;

    let mut total = 0;
    for round in 0..ROUNDS {
        let server = TestServer::start(&db, &["--scan-every", "1h"]);
        let mut pairs = Vec::new();
        for f in &facilities {
            for s in SERVICES {
                let (version, available, maximum) = figure(&server.base, f, s).await.expect("figure");
                assert!(maximum > 0);
                pairs.push(Arc::new(Mutex::new(Pair {
                    facility: f.clone(),
                    service: s.to_string(),
                    acked: (version, available),
                    ..Pair::default()
                })));
            }
        }
        // One writer per facility, each owning its three pairs.
        let mut writers = Vec::new();
        for (w, mine) in pairs.chunks(SERVICES.len()).enumerate() {
            let (mine, base, token) = (mine.to_vec(), server.base.clone(), token.clone());
            writers.push(tokio::spawn(async move {
                let mut rng = fastrand::Rng::with_seed((round * 10 + w) as u64);
                let client = common::client();
                loop {
                    for pair in &mine {
                        let (facility, service, (version, _)) = {
                            let p = pair.lock().expect("pair");
                            (p.facility.clone(), p.service.clone(), p.acked)
                        };
                        let want = rng.i64(0..=5);
                        pair.lock().expect("pair").in_flight = Some((version + 1, want));
                        let sent = client
                            .post(format!("{base}/api/facilities/{facility}/capacity"))
                            .bearer_auth(&token)
                            .json(&json!({"service": service, "available": want, "version": version}))
                            .send()
                            .await;
                        let Ok(res) = sent else { return };
                        let status = res.status().as_u16();
                        let Ok(body) = res.json::<Value>().await else { return };
                        let mut p = pair.lock().expect("pair");
                        match status {
                            200 => {
                                let got =
                                    (body["version"].as_i64().unwrap_or(-1), body["available"].as_i64().unwrap_or(-1));
                                assert_eq!(got, (version + 1, want), "{body}");
                                p.acked = got;
                                p.changes += 1;
                            }
                            // Above this figure's maximum: refused, nothing changed.
                            422 => assert_eq!(body["current"]["version"].as_i64(), Some(version), "{body}"),
                            other => panic!("unexpected {other}: {body}"),
                        }
                        p.in_flight = None;
                    }
                }
            }));
        }
        let life = 300 + fastrand::u64(0..900);
        tokio::time::sleep(Duration::from_millis(life)).await;
        drop(server); // SIGKILL, mid-write
        for w in writers {
            w.await.expect("writer ended without a failed assertion");
        }

        let server = TestServer::start(&db, &["--scan-every", "1h"]);
        for pair in &pairs {
            let p = pair.lock().expect("pair").clone();
            let (version, available, _) = figure(&server.base, &p.facility, &p.service).await.expect("figure");
            let stored = (version, available);
            assert!(
                stored == p.acked || Some(stored) == p.in_flight,
                "round {round}: {} {} is {stored:?}; acknowledged {:?}, in flight {:?}",
                p.facility,
                p.service,
                p.acked,
                p.in_flight
            );
            total += p.changes;
        }
        drop(server);
    }
    assert!(total > 50, "the writers got changes acknowledged before each kill ({total})");
    println!("kill -9: {ROUNDS} rounds, {total} acknowledged changes verified");
}

/// The newest audit row's id (as text: 0 when none).
async fn last_audit(db: &TestDb) -> String {
    db.rows("SELECT CAST(COALESCE(MAX(id), 0) AS TEXT) FROM audit_log").await.remove(0).remove(0)
}

const WRITERS: usize = 24;

#[tokio::test]
async fn acknowledged_deltas_survive_kill_9_with_their_audit_rows() {
    let db = TestDb::new();
    let (facilities, token) = managed(&db).await;
    let mut total = 0;
    for round in 0..2u64 {
        let server = TestServer::start(&db, &["--scan-every", "1h"]);
        // (facility, service) → (version, available, maximum) before the round.
        let mut start = Vec::new();
        for f in &facilities {
            for s in SERVICES {
                start.push(((f.clone(), s.to_string()), figure(&server.base, f, s).await.expect("figure")));
            }
        }
        let since = last_audit(&db).await;
        // Every ±1 answered 200: (pair index, version, available).
        let acked: Arc<Mutex<Vec<(usize, i64, i64)>>> = Arc::default();
        let mut writers = Vec::new();
        for w in 0..WRITERS {
            let (base, token, acked) = (server.base.clone(), token.clone(), acked.clone());
            let pairs: Vec<(String, String)> = start.iter().map(|(p, _)| p.clone()).collect();
            writers.push(tokio::spawn(async move {
                let mut rng = fastrand::Rng::with_seed(round * 100 + w as u64);
                let client = common::client();
                loop {
                    let i = rng.usize(0..pairs.len());
                    let (facility, service) = &pairs[i];
                    let delta = if rng.bool() { 1 } else { -1 };
                    let sent = client
                        .post(format!("{base}/api/facilities/{facility}/capacity"))
                        .bearer_auth(&token)
                        .json(&json!({"service": service, "delta": delta}))
                        .send()
                        .await;
                    let Ok(res) = sent else { return };
                    let status = res.status().as_u16();
                    let Ok(body) = res.json::<Value>().await else { return };
                    match status {
                        200 => {
                            let got = (body["version"].as_i64(), body["available"].as_i64());
                            let (Some(version), Some(available)) = got else { panic!("{body}") };
                            acked.lock().expect("acked").push((i, version, available));
                        }
                        // Past 0 or the maximum: refused, nothing changed.
                        422 => {}
                        other => panic!("unexpected {other}: {body}"),
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(400 + fastrand::u64(0..600))).await;
        drop(server); // SIGKILL, mid-load
        for w in writers {
            w.await.expect("writer ended without a failed assertion");
        }
        let acked = acked.lock().expect("acked").clone();

        let server = TestServer::start(&db, &["--scan-every", "1h"]);
        for (i, ((facility, service), (v0, a0, _))) in start.iter().enumerate() {
            let (version, available, _) = figure(&server.base, facility, service).await.expect("figure");
            // The figure's audit trail this round: one `available` row per version it went through.
            let trail: Vec<(i64, i64, String)> = db
                .rows(&format!(
                    "SELECT old_value, new_value, field || ' ' || login || ' ' || via FROM audit_log \
                     WHERE id > {since} AND facility_id = '{facility}' AND service = '{service}' ORDER BY id"
                ))
                .await
                .into_iter()
                .map(|r| (r[0].parse().expect("old"), r[1].parse().expect("new"), r[2].clone()))
                .collect();
            let at = format!("round {round}: {facility} {service}");
            assert_eq!(trail.len() as i64, version - v0, "{at}: one audit row per version");
            let mut figure_then = *a0;
            for (old, new, what) in &trail {
                assert_eq!(what, "available li api", "{at}");
                assert_eq!((*old, (new - old).abs()), (figure_then, 1), "{at}: the trail is unbroken, ±1 a step");
                figure_then = *new;
            }
            assert_eq!(figure_then, available, "{at}: the trail ends at the stored figure");
            for &(_, v, a) in acked.iter().filter(|(p, _, _)| *p == i) {
                assert!(v > *v0 && v <= version, "{at}: acknowledged version {v} lost (stored {version})");
                assert_eq!(trail[(v - v0 - 1) as usize].1, a, "{at}: version {v} was acknowledged as {a}");
            }
            let mut versions: Vec<i64> = acked.iter().filter(|(p, _, _)| *p == i).map(|(_, v, _)| *v).collect();
            let n = versions.len();
            versions.sort_unstable();
            versions.dedup();
            assert_eq!(versions.len(), n, "{at}: each version acknowledged once");
        }
        drop(server);
        total += acked.len();
    }
    assert!(total > 100, "the writers got changes acknowledged before each kill ({total})");
    println!("kill -9 under group commit: 2 rounds, {total} acknowledged ±1 verified with their audit rows");
}
