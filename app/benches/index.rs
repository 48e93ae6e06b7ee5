//! The spatial index at 1e4 / 1e5 / 1e6 facilities: 10 nearest with filters (criterion, plus p50/p99
//! over many single queries), a full rebuild, and resident memory per facility.
//! `cargo bench -p app --features ssr --bench index`; `cargo test -p app --features ssr --benches` is the smoke run.

use std::hint::black_box;
use std::time::{Duration, Instant};

use app::model::{FacilityKind, ServiceKind};
use app::ssr::generate::{HENAN_BBOX, synthetic};
use app::ssr::index::{FacilityIndex, Filter};
use criterion::{BenchmarkId, Criterion};

const NOW: i64 = 1_800_000_000;

/// Random query points over the same box, with a mix of the filters families use.
struct Query {
    lat: f64,
    lng: f64,
    filter: Filter,
}

fn queries(n: usize, seed: u64) -> Vec<Query> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (min_lat, min_lng, max_lat, max_lng) = HENAN_BBOX;
    (0..n)
        .map(|i| {
            let kind = FacilityKind::ALL[rng.usize(0..7)];
            let filter = match i % 4 {
                0 => Filter::any().kinds(&[kind]),
                1 => Filter::any()
                    .kinds(&[kind])
                    .service(ServiceKind::typical_for(kind).first().copied())
                    .available(true, NOW),
                2 => {
                    Filter::any().kinds(&[FacilityKind::Kindergarten, FacilityKind::PrimarySchool]).available(true, NOW)
                }
                _ => Filter::any().available(true, NOW),
            };
            Query {
                lat: min_lat + rng.f64() * (max_lat - min_lat),
                lng: min_lng + rng.f64() * (max_lng - min_lng),
                filter,
            }
        })
        .collect()
}

fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// p50/p99 of single queries, rebuild time and memory, printed as one line per size.
fn report(count: usize, samples: usize) {
    // Memory: grow an index facility by facility (no big temporary vector) and watch the RSS.
    let before = rss_bytes();
    let index = FacilityIndex::build(Vec::new());
    for chunk_start in (0..count).step_by(10_000) {
        let n = (count - chunk_start).min(10_000);
        for mut f in synthetic(n, chunk_start as u64 + 7, HENAN_BBOX, NOW) {
            f.id = format!("m-{chunk_start}-{}", f.id);
            index.upsert(f);
        }
    }
    let after = rss_bytes();
    let per_facility = before.zip(after).map(|(b, a)| a.saturating_sub(b) as f64 / count as f64);
    drop(index);

    let facilities = synthetic(count, 1, HENAN_BBOX, NOW);
    let started = Instant::now();
    let index = FacilityIndex::build(facilities);
    let rebuild = started.elapsed();

    let qs = queries(samples, 2);
    let mut out = Vec::with_capacity(10);
    for q in qs.iter().take(samples / 10) {
        index.nearest_into(q.lat, q.lng, &q.filter, 10, None, &mut out);
    }
    let time = |filter: Option<&Filter>| {
        let mut out = Vec::with_capacity(10);
        let mut times: Vec<Duration> = qs
            .iter()
            .map(|q| {
                let f = filter.unwrap_or(&q.filter);
                let t = Instant::now();
                index.nearest_into(black_box(q.lat), black_box(q.lng), f, 10, None, &mut out);
                black_box(&out);
                t.elapsed()
            })
            .collect();
        times.sort();
        times
    };
    let times = time(None);
    let unfiltered = time(Some(&Filter::any()));
    println!(
        "index n={count}: nearest-10 p50 {:.2} µs, p99 {:.2} µs ({samples} queries; unfiltered p50 {:.2} µs, p99 {:.2} µs); rebuild {:.0} ms; memory {} B/facility",
        percentile(&times, 0.50).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        percentile(&unfiltered, 0.50).as_secs_f64() * 1e6,
        percentile(&unfiltered, 0.99).as_secs_f64() * 1e6,
        rebuild.as_secs_f64() * 1e3,
        per_facility.map_or("n/a".to_string(), |b| format!("{b:.0}")),
    );
}

fn criterion_benches(c: &mut Criterion, sizes: &[usize]) {
    let mut group = c.benchmark_group("nearest_10");
    for &n in sizes {
        let index = FacilityIndex::build(synthetic(n, 1, HENAN_BBOX, NOW));
        let qs = queries(1024, 3);
        let mut out = Vec::with_capacity(10);
        let mut i = 0usize;
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let q = &qs[i % qs.len()];
                i += 1;
                index.nearest_into(q.lat, q.lng, &q.filter, 10, None, &mut out);
                black_box(&out);
            })
        });
    }
    group.finish();
}

fn main() {
    // `cargo bench` passes --bench; anything else (cargo test --benches) is a quick smoke run.
    let full = std::env::args().any(|a| a == "--bench");
    // CAREMAP_BENCH_SIZES=1000000 measures one size only.
    let chosen: Vec<usize> = std::env::var("CAREMAP_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_default();
    let sizes: &[usize] = if !chosen.is_empty() {
        &chosen
    } else if full {
        &[10_000, 100_000, 1_000_000]
    } else {
        &[1_000]
    };
    let samples = if full { 200_000 } else { 500 };
    for &n in sizes {
        report(n, samples);
    }
    let mut c = if full {
        Criterion::default().configure_from_args()
    } else {
        Criterion::default()
            .configure_from_args()
            .sample_size(10)
            .warm_up_time(Duration::from_millis(10))
            .measurement_time(Duration::from_millis(50))
    };
    criterion_benches(&mut c, sizes);
    c.final_summary();
}
