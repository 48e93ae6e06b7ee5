//! `caremap backup` under write load and `caremap restore` into a new file: the copy is consistent
//! (every figure's version matches the changes recorded for it) and the restored database holds
//! exactly the backup's rows, table by table.

mod common;

use std::time::{Duration, Instant};

use common::{PASSWORD, TestDb, TestServer, add_user, caremap, create_token};
use serde_json::json;
use sqlx::sqlite::SqlitePoolOptions;

// Sample day-care centres (data/sample): each offers day care, meals and bathing.
const FACILITIES: [&str; 2] = ["dc-410103013004", "dc-410103001003"];

#[tokio::test]
async fn backup_under_write_load_restores_table_for_table() {
    let db = TestDb::new();
    if db.is_postgres() {
        let (code, _, stderr) = caremap(&["backup", "--out", "/tmp/never.db", "--database-url", &db.url]);
        assert_ne!(code, 0);
        assert!(stderr.contains("pg_dump"), "{stderr}");
        return;
    }
    drop(TestServer::start(&db, &[]));
    add_user(&db, "li", "facility_manager", &FACILITIES, PASSWORD);
    let token = create_token(&db, "li");
    let server = TestServer::start(&db, &["--scan-every", "1h"]);

    // Writers: ±1 on every service of two facilities until told to stop.
    let stop = Instant::now() + Duration::from_secs(3);
    let mut writers = Vec::new();
    for (w, facility) in FACILITIES.iter().cycle().take(4).enumerate() {
        let (url, token) = (server.url(&format!("/api/facilities/{facility}/capacity")), token.clone());
        writers.push(tokio::spawn(async move {
            let mut done = 0u32;
            let mut step = if w % 2 == 0 { 1 } else { -1 };
            while Instant::now() < stop {
                for service in ["day_care", "meals", "bathing"] {
                    let res = common::client()
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&json!({"service": service, "delta": step}))
                        .send()
                        .await
                        .expect("request");
                    match res.status().as_u16() {
                        200 => done += 1,
                        422 => step = -step, // at a bound: turn round
                        other => panic!("unexpected {other}"),
                    }
                }
            }
            done
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let out = db.dir().join("backup.db");
    let args: Vec<String> =
        ["backup", "--out", out.to_str().expect("path"), "--database-url", &db.url].map(str::to_string).into();
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        caremap(&args)
    })
    .await
    .expect("backup");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("backed up"), "{stdout}");
    let mut changes = 0;
    for w in writers {
        changes += w.await.expect("writer");
    }
    assert!(changes > 20, "the backup ran under load ({changes} changes)");

    // Consistent: each figure's version is one more per change recorded for it (none half-copied).
    let pool =
        SqlitePoolOptions::new().connect(&format!("sqlite://{}?mode=ro", out.display())).await.expect("open backup");
    let figures: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT facility_id, service, version FROM service_capacity")
            .fetch_all(&pool)
            .await
            .expect("figures");
    let mut moved = 0;
    for (facility, service, version) in &figures {
        let recorded: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE facility_id = $1 AND service = $2 AND via <> 'sample' \
             AND field IN ('available', 'maximum', 'confirmed')",
        )
        .bind(facility)
        .bind(service)
        .fetch_one(&pool)
        .await
        .expect("count");
        assert_eq!(version - 1, recorded, "{facility} {service}");
        moved += recorded;
    }
    assert!(moved > 0, "the backup holds some of the changes made under load");
    println!("backup: {changes} changes acknowledged during the run, {moved} of them in the backup");
    pool.close().await;

    // A second backup to the same file is refused; so is a restore over an existing database.
    let (code, _, stderr) = caremap(&["backup", "--out", out.to_str().expect("path"), "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(stderr.contains("exists"), "{stderr}");
    let (code, _, stderr) = caremap(&["restore", out.to_str().expect("path"), "--database-url", &db.url]);
    assert_ne!(code, 0, "the live database is not overwritten");
    assert!(stderr.contains("--force"), "{stderr}");

    // Restore into a new file: the same rows in every table.
    let restored = db.dir().join("restored.db");
    let url = format!("sqlite://{}", restored.display());
    let (code, stdout, stderr) = caremap(&["restore", out.to_str().expect("path"), "--database-url", &url]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("restored"), "{stdout}");
    let (a, b) = (common::dump_sqlite(&out).await, common::dump_sqlite(&restored).await);
    assert!(a.iter().any(|(t, rows)| t == "audit_log" && !rows.is_empty()));
    assert_eq!(
        a.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        b.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>()
    );
    for ((table, rows_a), (_, rows_b)) in a.iter().zip(&b) {
        assert_eq!(rows_a, rows_b, "table {table}");
    }
    // The live server went on serving throughout.
    let (status, body) = common::get_json(&server.url("/health")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}
