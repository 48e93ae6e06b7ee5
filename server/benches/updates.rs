//! Durable capacity updates per second: many writers doing ±1 through `Store::change_capacity` (the path
//! the manager page and the API use: checked, versioned, audited, change-logged, acknowledged after its
//! commit) on SQLite (WAL, synchronous NORMAL and FULL) and, when `CAREMAP_BENCH_POSTGRES` names a server
//! (scripts/pg), on PostgreSQL. Beside each, the floor: as many bare single-row `UPDATE`s in autocommit,
//! from as many writers, on the same database and pool settings.
//! `cargo bench -p server --bench updates`; `cargo test -p server --benches` is the smoke run.
//!
//! Besides the prose, lines for scripts (`scripts/bench` collects them), per store (`sqlite`: WAL with
//! synchronous=NORMAL, the default; `sqlite_full`; `postgres`):
//!   `ratio updates_<store> <floor> <CareMap> <CareMap ÷ floor> updates/s >=1.0`
//!   `figure updates_<store> <CareMap> updates/s <target>` (`>=10000` SQLite, `>=5000` PostgreSQL, else `-`)
//! Higher is better in both: the target of the ratio is that group commit, with every check, audit row
//! and change-log row, does at least as many durable updates per second as the bare statements.

use std::time::Instant;

use app::model::{CapacityChange, ServiceKind};
use app::ssr::generate::{HENAN_BBOX, synthetic};
use app::ssr::store::{Actor, Store, StoreOptions};

const WRITERS: usize = 16;

type Targets = Vec<(String, ServiceKind)>;

/// 2,000 facilities; each one's first service with room to move is a target.
async fn load(store: &Store) -> Targets {
    let facilities = synthetic(2_000, 9, HENAN_BBOX, app::clock::now());
    store.upsert_facilities(&facilities).await.expect("load facilities");
    facilities
        .iter()
        .filter_map(|f| f.services.iter().find(|s| s.maximum > 0).map(|s| (f.id.clone(), s.service)))
        .collect()
}

/// Run `per_writer` updates on each of [`WRITERS`] tasks; `update` says whether one was written.
/// Returns (updates written, updates per second).
async fn writers<F, Fut>(targets: &Targets, per_writer: usize, update: F) -> (usize, f64)
where
    F: Fn(String, ServiceKind, i32) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (targets, update) = (targets.clone(), update.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(w as u64);
            let mut written = 0usize;
            for _ in 0..per_writer {
                let (id, service) = &targets[rng.usize(0..targets.len())];
                // Up or down; the other way when that would leave the bounds, so every update is a real write.
                let delta = if rng.bool() { 1 } else { -1 };
                if update(id.clone(), *service, delta).await || update(id.clone(), *service, -delta).await {
                    written += 1;
                }
            }
            written
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("writer");
    }
    (total, total as f64 / started.elapsed().as_secs_f64())
}

/// The floor: one bare `UPDATE` per update, each its own (autocommit) transaction, on the store's pool.
async fn floor(store: &Store, targets: &Targets, per_writer: usize) -> (usize, f64) {
    const SQL: &str =
        "UPDATE service_capacity SET available = maximum - available WHERE facility_id = $1 AND service = $2";
    match store {
        Store::Sqlite(pool) => {
            let pool = pool.clone();
            writers(targets, per_writer, move |id, service, _| {
                let pool = pool.clone();
                async move { sqlx::query(SQL).bind(id).bind(service.as_str()).execute(&pool).await.is_ok() }
            })
            .await
        }
        Store::Postgres(pool) => {
            let pool = pool.clone();
            writers(targets, per_writer, move |id, service, _| {
                let pool = pool.clone();
                async move { sqlx::query(SQL).bind(id).bind(service.as_str()).execute(&pool).await.is_ok() }
            })
            .await
        }
    }
}

/// CareMap: ±1 through `Store::change_capacity`.
async fn caremap(store: &Store, targets: &Targets, per_writer: usize) -> (usize, f64) {
    let store = store.clone();
    writers(targets, per_writer, move |id, service, delta| {
        let store = store.clone();
        async move {
            let actor = Actor { user_id: None, login: "bench".into(), via: "api" };
            let change = CapacityChange::Delta { delta };
            store.change_capacity(&id, service, change, &actor, app::clock::now()).await.is_ok()
        }
    })
    .await
}

/// How many rows `table` has (to check that every update was audited and change-logged).
async fn count(store: &Store, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match store {
        Store::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.expect("count"),
        Store::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.expect("count"),
    }
}

async fn run(name: &str, label: &str, store: Store, per_writer: usize, target: &str) {
    let targets = load(&store).await;
    let (floor_n, floor_rate) = floor(&store, &targets, per_writer).await;
    let (audit_before, log_before) = (count(&store, "audit_log").await, count(&store, "change_log").await);
    let (n, rate) = caremap(&store, &targets, per_writer).await;
    let (audit, log) =
        (count(&store, "audit_log").await - audit_before, count(&store, "change_log").await - log_before);
    assert_eq!((audit, log), (n as i64, n as i64), "{label}: one audit row and one change-log row per update");
    store.close().await;
    let ratio = rate / floor_rate;
    println!(
        "updates {label}: CareMap {n} in {:.2} s = {rate:.0}/s; floor (bare autocommit UPDATEs) {floor_n} = \
         {floor_rate:.0}/s; CareMap ÷ floor = {ratio:.2} ({WRITERS} writers)",
        n as f64 / rate
    );
    println!("ratio updates_{name} {floor_rate:.0} {rate:.0} {ratio:.2} updates/s >=1.0");
    println!("figure updates_{name} {rate:.0} updates/s {target}");
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let per_writer = if full { 2_000 } else { 20 };
    let sqlite = [("sqlite", "sqlite wal+normal", false, ">=10000"), ("sqlite_full", "sqlite wal+full", true, "-")];
    for (name, label, sync, target) in sqlite {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let store = Store::connect_with(&url, StoreOptions { sqlite_full_sync: sync }).await.expect("sqlite");
        run(name, label, store, per_writer, target).await;
    }
    if let Ok(base) = std::env::var("CAREMAP_BENCH_POSTGRES") {
        let db = format!("caremap_bench_{}", std::process::id());
        let admin = format!("{base}/postgres");
        let status =
            std::process::Command::new("psql").args([&admin, "-q", "-c", &format!("CREATE DATABASE {db}")]).status();
        if status.is_ok_and(|s| s.success()) {
            let store = Store::connect(&format!("{base}/{db}")).await.expect("postgres");
            run("postgres", "postgres", store, per_writer, ">=5000").await;
            let _ = std::process::Command::new("psql")
                .args([&admin, "-q", "-c", &format!("DROP DATABASE {db} WITH (FORCE)")])
                .status();
        } else {
            println!("updates postgres: could not create a database on {base}");
        }
    }
}
