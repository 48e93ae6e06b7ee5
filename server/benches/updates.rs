//! Durable capacity updates per second: many writers doing ±1 through the same transaction the
//! manager page and the API use, on SQLite (WAL, synchronous NORMAL and FULL) and, when
//! `CAREMAP_BENCH_POSTGRES` names a server (scripts/pg), on PostgreSQL.
//! `cargo bench -p server --bench updates`; `cargo test -p server --benches` is the smoke run.

use std::time::Instant;

use app::model::{CapacityChange, ServiceKind};
use app::ssr::generate::{HENAN_BBOX, synthetic};
use app::ssr::store::{Actor, Store, StoreOptions};

const WRITERS: usize = 16;

async fn run(label: &str, store: Store, per_writer: usize) {
    let facilities = synthetic(2_000, 9, HENAN_BBOX, app::clock::now());
    store.upsert_facilities(&facilities).await.expect("load facilities");
    let targets: Vec<(String, ServiceKind)> =
        facilities.iter().filter_map(|f| f.services.first().map(|s| (f.id.clone(), s.service))).collect();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (store, targets) = (store.clone(), targets.clone());
        tasks.push(tokio::spawn(async move {
            let actor = Actor { user_id: None, login: "bench".into(), via: "api" };
            let mut rng = fastrand::Rng::with_seed(w as u64);
            let mut done = 0usize;
            for _ in 0..per_writer {
                let (id, service) = &targets[rng.usize(0..targets.len())];
                // Up when possible, else down: stay within bounds so every update is a real write.
                let delta = if rng.bool() { 1 } else { -1 };
                let ok = store
                    .change_capacity(id, *service, CapacityChange::Delta { delta }, &actor, app::clock::now())
                    .await;
                if ok.is_err() {
                    let _ = store
                        .change_capacity(
                            id,
                            *service,
                            CapacityChange::Delta { delta: -delta },
                            &actor,
                            app::clock::now(),
                        )
                        .await;
                }
                done += 1;
            }
            done
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("writer");
    }
    let secs = started.elapsed().as_secs_f64();
    println!("updates {label}: {total} committed in {secs:.2} s = {:.0}/s ({WRITERS} writers)", total as f64 / secs);
    store.close().await;
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let per_writer = if full { 2_000 } else { 20 };
    for (label, sync) in [("sqlite wal+normal", false), ("sqlite wal+full", true)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let store = Store::connect_with(&url, StoreOptions { sqlite_full_sync: sync }).await.expect("sqlite");
        run(label, store, per_writer).await;
    }
    if let Ok(base) = std::env::var("CAREMAP_BENCH_POSTGRES") {
        let name = format!("caremap_bench_{}", std::process::id());
        let admin = format!("{base}/postgres");
        let status =
            std::process::Command::new("psql").args([&admin, "-q", "-c", &format!("CREATE DATABASE {name}")]).status();
        if status.is_ok_and(|s| s.success()) {
            let store = Store::connect(&format!("{base}/{name}")).await.expect("postgres");
            run("postgres", store, per_writer).await;
            let _ = std::process::Command::new("psql")
                .args([&admin, "-q", "-c", &format!("DROP DATABASE {name} WITH (FORCE)")])
                .status();
        } else {
            println!("updates postgres: could not create a database on {base}");
        }
    }
}
