//! A bounded soak: mixed load on loopback — searches, page renders, capacity updates, live-stream
//! subscribers connecting and dropping — for `SOAK_SECONDS` (30 in CI; `scripts/soak MINUTES` for
//! longer). It must see no errors, and the server's memory (the median of samples every 0.5 s) may grow at
//! most 10 % from the first half of the run after warm-up to the second.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::{PASSWORD, TestDb, TestServer, add_user, create_token};
use parking_lot::Mutex;
use serde_json::json;

const MINE: &str = "dc-410103013004";

#[derive(Default)]
struct Tally {
    requests: AtomicU64,
    errors: Mutex<Vec<String>>,
    latencies_us: Mutex<Vec<u64>>,
}

impl Tally {
    fn record(&self, what: &str, started: Instant, ok: Result<u16, String>) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.latencies_us.lock().push(started.elapsed().as_micros() as u64);
        match ok {
            Ok(s) if s < 400 => {}
            Ok(s) => self.errors.lock().push(format!("{what}: {s}")),
            Err(e) => self.errors.lock().push(format!("{what}: {e}")),
        }
    }
}

#[tokio::test]
async fn mixed_load_without_errors_or_growth() {
    let seconds: u64 = std::env::var("SOAK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    add_user(&db, "li", "facility_manager", &[MINE], PASSWORD);
    let token = create_token(&db, "li");
    let server = TestServer::start(&db, &["--api-rate", "0", "--scan-every", "5s"]);
    let base = server.base.clone();
    let tally = Arc::new(Tally::default());
    let warm_up = Duration::from_secs((seconds / 5).clamp(3, 60));
    let end = Instant::now() + Duration::from_secs(seconds);

    let mut tasks = Vec::new();
    // Families: searches and result pages around the district.
    for worker in 0..4u64 {
        let (base, tally) = (base.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let client = common::client();
            let mut rng = fastrand::Rng::with_seed(worker);
            while Instant::now() < end {
                let (lat, lng) = (34.66 + rng.f64() * 0.1, 113.57 + rng.f64() * 0.1);
                let path = if rng.bool() {
                    format!("/api/nearest?lat={lat:.4}&lng={lng:.4}&limit=10")
                } else {
                    format!("/search?lat={lat:.4}&lng={lng:.4}&kind=elderly_daycare")
                };
                let started = Instant::now();
                let res = client.get(format!("{base}{path}")).send().await;
                tally.record("search", started, res.map(|r| r.status().as_u16()).map_err(|e| e.to_string()));
            }
        }));
    }
    // A manager: ±1 on meals.
    {
        let (base, tally, token) = (base.clone(), tally.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let client = common::client();
            let mut step = 1;
            while Instant::now() < end {
                let started = Instant::now();
                let res = client
                    .post(format!("{base}/api/facilities/{MINE}/capacity"))
                    .bearer_auth(&token)
                    .json(&json!({"service": "meals", "delta": step}))
                    .send()
                    .await;
                let status = res.map(|r| r.status().as_u16()).map_err(|e| e.to_string());
                // At a bound the figure is refused (422): turn round; that is not an error.
                if status == Ok(422) {
                    step = -step;
                    continue;
                }
                tally.record("update", started, status);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    // Pages that follow a facility: subscribe, read a little, drop.
    {
        let (base, tally) = (base.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let client = common::client();
            while Instant::now() < end {
                let started = Instant::now();
                match client.get(format!("{base}/api/live?ids={MINE}")).send().await {
                    Ok(mut res) => {
                        tally.record("live", started, Ok(res.status().as_u16()));
                        let _ = tokio::time::timeout(Duration::from_millis(300), res.chunk()).await;
                    }
                    Err(e) => tally.record("live", started, Err(e.to_string())),
                }
            }
        }));
    }

    // The server's RSS every half second after warm-up. One sample moves by ±10 % under this load (the
    // allocator's and SQLite's caches fill and drain; a step of ~8 MB that then stays was seen once in a
    // while), so a first and a last sample compared alone failed now and then with nothing leaking. A leak
    // raises the level the RSS sits at: the median of the run's second half is compared with the first's.
    tokio::time::sleep(warm_up).await;
    let mut samples = Vec::new();
    while Instant::now() < end {
        samples.push(server.rss_kib().expect("rss"));
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    for t in tasks {
        t.await.expect("load task");
    }
    samples.push(server.rss_kib().expect("rss"));
    assert!(samples.len() >= 4, "{} RSS samples", samples.len());
    let (first, second) = samples.split_at(samples.len() / 2);
    let median = |s: &[u64]| {
        let mut s = s.to_vec();
        s.sort_unstable();
        s[s.len() / 2]
    };
    let (rss_start, rss_end) = (median(first), median(second));
    let errors = tally.errors.lock().clone();
    let mut lat = tally.latencies_us.lock().clone();
    lat.sort_unstable();
    let p99 = lat.get(lat.len() * 99 / 100).copied().unwrap_or(0);
    let requests = tally.requests.load(Ordering::Relaxed);
    println!(
        "soak: {seconds} s, {requests} requests, {} errors, p99 {:.1} ms, median RSS {} -> {} KiB (halves after {} s warm-up)",
        errors.len(),
        p99 as f64 / 1000.0,
        rss_start,
        rss_end,
        warm_up.as_secs()
    );
    assert!(requests > seconds * 20, "the load ran ({requests} requests)");
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), errors.first());
    assert!(
        rss_end * 10 <= rss_start * 11,
        "memory grew more than 10 %: {rss_start} -> {rss_end} KiB (samples: {samples:?})"
    );
}
