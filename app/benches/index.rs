//! The spatial index at 1e4 / 1e5 / 1e6 facilities against floors measured in the same run on the
//! same points: (a) a plain, unfiltered 2-D `rstar::RTree` of (lng, lat), 10 nearest by
//! `nearest_neighbor_iter`; (b) geo-index's packed Hilbert `RTree`, 10 nearest by `neighbors`;
//! (c) brute force (up to 1e4 facilities; also the correctness reference: CareMap's answers must be
//! the same facilities in the same order). CareMap answers the family filter mix (p50/p99 over many
//! single queries, criterion's mean too); also measured: a full rebuild from records in memory, and
//! the index's memory apart from the records (from its structures), plus the RSS growth.
//!
//! `cargo bench -p app --features ssr --bench index` (`CAREMAP_BENCH_SIZES=1000000` for one size);
//! `cargo test -p app --features ssr --benches` is the smoke run.
//!
//! Besides the human-readable table, lines for scripts (whitespace-separated, one fact each):
//!   `metric <name> <facilities> <value> <unit>`
//!   `ratio <name> <facilities> <floor> <caremap> <caremap/floor>`
//! where the ratios' floor is the plain rstar tree's (unfiltered) figure for the same percentile.

use std::hint::black_box;

/// The server's allocator (server/src/main.rs), so the rebuild's and the searches' figures are the
/// ones a server would see: a rebuild's time depends on how the allocator hands back fresh memory
/// (its first touch is a page fault), and the floors run on the same allocator in the same process.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::{Duration, Instant};

use app::model::{Facility, FacilityKind, ServiceKind};
use app::ssr::generate::{HENAN_BBOX, synthetic};
use app::ssr::index::{FacilityIndex, Filter, unit_vector};
use criterion::{BenchmarkId, Criterion};
use geo_index::rtree::sort::HilbertSort;
use geo_index::rtree::{RTreeBuilder, RTreeIndex};

const NOW: i64 = 1_800_000_000;
const K: usize = 10;

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

/// p50 and p99 in microseconds of `run` over every query (each timed on its own).
fn time_each(qs: &[Query], mut run: impl FnMut(&Query)) -> (f64, f64) {
    let mut times: Vec<Duration> = qs
        .iter()
        .map(|q| {
            let t = Instant::now();
            run(q);
            t.elapsed()
        })
        .collect();
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e6;
    (at(0.50), at(0.99))
}

/// Brute force, in the index's own terms: squared chord between unit vectors, ties by slot (the
/// facility's position in the build input).
fn brute_force(all: &[Facility], points: &[[f64; 3]], q: &Query) -> Vec<usize> {
    let p = unit_vector(q.lat, q.lng);
    let mut d: Vec<(f64, usize)> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| q.filter.wants_kind(all[*i].kind) && q.filter.matches(&all[*i]))
        .map(|(i, a)| {
            let (x, y, z) = (a[0] - p[0], a[1] - p[1], a[2] - p[2]);
            (x * x + y * y + z * z, i)
        })
        .collect();
    let k = K.min(d.len());
    if k > 0 {
        d.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    }
    d.truncate(k);
    d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    d.into_iter().map(|(_, i)| i).collect()
}

fn metric(name: &str, n: usize, value: f64, unit: &str) {
    println!("metric {name} {n} {value:.3} {unit}");
}

/// Timings, rebuild and memory for one size, printed as a small table and as `metric` / `ratio` lines.
fn report(count: usize, samples: usize, full: bool) {
    // Memory by RSS: grow an index facility by facility (no big temporary vector) and watch the RSS.
    // CAREMAP_BENCH_QUICK=1 skips it and the repeated rebuilds (for profiling the searches).
    let quick = std::env::var_os("CAREMAP_BENCH_QUICK").is_some();
    let before = rss_bytes();
    let count_rss = if quick { 0 } else { count };
    let index = FacilityIndex::build(Vec::new());
    for chunk_start in (0..count_rss).step_by(10_000) {
        let n = (count_rss - chunk_start).min(10_000);
        for mut f in synthetic(n, chunk_start as u64 + 7, HENAN_BBOX, NOW) {
            f.id = format!("m-{chunk_start}-{}", f.id);
            index.upsert(f);
        }
    }
    index.merge();
    let after = rss_bytes();
    let rss_per_facility = before.zip(after).filter(|_| !quick).map(|(b, a)| a.saturating_sub(b) as f64 / count as f64);
    drop(index);

    // Rebuild from records in memory (in their `Arc`s, as a server holds them): the median of three.
    let facilities = synthetic(count, 1, HENAN_BBOX, NOW);
    let shared: Vec<std::sync::Arc<Facility>> = facilities.iter().cloned().map(std::sync::Arc::new).collect();
    let mut rebuilds = Vec::new();
    for _ in 0..if full && !quick { 3 } else { 1 } {
        let copy = shared.clone();
        let started = Instant::now();
        let index = FacilityIndex::build_shared(copy);
        rebuilds.push(started.elapsed().as_secs_f64() * 1e3);
        drop(index);
    }
    let each: Vec<String> = rebuilds.iter().map(|r| format!("{r:.0}")).collect();
    rebuilds.sort_by(f64::total_cmp);
    let rebuild = rebuilds[rebuilds.len() / 2];
    drop(shared);
    // What a build from records not yet shared pays first (a load from the database): moving them into
    // their `Arc`s.
    let copy = facilities.clone();
    let started = Instant::now();
    let arcs: Vec<std::sync::Arc<Facility>> = copy.into_iter().map(std::sync::Arc::new).collect();
    let records_only = started.elapsed().as_secs_f64() * 1e3;
    drop(arcs);
    let index = FacilityIndex::build(facilities.clone());
    let memory = index.memory();

    // The floors, on the same points (lng, lat as planar).
    let planar: Vec<[f64; 2]> = facilities.iter().map(|f| [f.lng, f.lat]).collect();
    let plain = rstar::RTree::bulk_load(planar.clone());
    let mut builder = RTreeBuilder::<f64>::new(planar.len() as u32);
    for p in &planar {
        builder.add(p[0], p[1], p[0], p[1]);
    }
    let packed = builder.finish::<HilbertSort>();

    let qs = queries(samples, 2);
    let warm = &qs[..samples / 10];
    let mut near: Vec<[f64; 2]> = Vec::with_capacity(K);
    let mut rstar_run = |q: &Query| {
        near.clear();
        near.extend(plain.nearest_neighbor_iter(&[q.lng, q.lat]).take(K).copied());
        black_box(&near);
    };
    warm.iter().for_each(&mut rstar_run);
    let floor = time_each(&qs, &mut rstar_run);
    let geo_run = |q: &Query| {
        black_box(packed.neighbors(q.lng, q.lat, Some(K), None));
    };
    warm.iter().for_each(geo_run);
    let geo = time_each(&qs, geo_run);
    // The index's answer, as the floors give theirs: the k best as they lie in it (a pointer to each
    // record and its distance; the floors copy out their stored points), records not read.
    let mut found: Vec<(*const Facility, f64)> = Vec::with_capacity(K);
    let mut search = |q: &Query, filter: &Filter| {
        found.clear();
        index.nearest_with(black_box(q.lat), black_box(q.lng), filter, K, None, |hits| {
            found.extend(hits.map(|(f, d)| (std::sync::Arc::as_ptr(f), d)))
        });
        black_box(&found);
    };
    warm.iter().for_each(|q| search(q, &q.filter));
    let caremap = time_each(&qs, |q| search(q, &q.filter));
    let any = Filter::any();
    let unfiltered = time_each(&qs, |q| search(q, &any));
    // And as `nearest` hands them to a caller that keeps them: each record's `Arc` cloned (a cache
    // miss per record at this size, and a locked increment).
    let cloned_run = |q: &Query| {
        black_box(index.nearest(black_box(q.lat), black_box(q.lng), &q.filter, K, None));
    };
    warm.iter().for_each(cloned_run);
    let cloned = time_each(&qs, cloned_run);

    // Brute force: the correctness reference (same facilities, same order) and floor (c).
    let brute = (count <= 10_000).then(|| {
        let points: Vec<[f64; 3]> = facilities.iter().map(|f| unit_vector(f.lat, f.lng)).collect();
        let slot_of: std::collections::HashMap<&str, usize> =
            facilities.iter().enumerate().map(|(i, f)| (f.id.as_str(), i)).collect();
        let checked = &qs[..qs.len().min(if full { 20_000 } else { 200 })];
        for q in checked {
            let want = brute_force(&facilities, &points, q);
            let got: Vec<usize> =
                index.nearest(q.lat, q.lng, &q.filter, K, None).iter().map(|(f, _)| slot_of[f.id.as_str()]).collect();
            assert_eq!(got, want, "CareMap and brute force differ at {}, {}", q.lat, q.lng);
        }
        time_each(checked, |q| {
            black_box(brute_force(&facilities, &points, q));
        })
    });

    let per = |b: usize| b as f64 / count as f64;
    println!(
        "index n={count}: CareMap (filter mix) p50 {:.2} µs, p99 {:.2} µs; unfiltered p50 {:.2} µs, p99 {:.2} µs; \
         records' Arcs cloned (filter mix) p50 {:.2} µs, p99 {:.2} µs; \
         floor rstar 2-D p50 {:.2} µs, p99 {:.2} µs; geo-index p50 {:.2} µs, p99 {:.2} µs{}; \
         rebuild {:.0} ms (median of {} ms; records into Arcs alone {:.0} ms); index {:.1} B/facility, records {:.1} B/facility, RSS growth {} B/facility ({samples} queries)",
        caremap.0,
        caremap.1,
        unfiltered.0,
        unfiltered.1,
        cloned.0,
        cloned.1,
        floor.0,
        floor.1,
        geo.0,
        geo.1,
        brute.map_or(String::new(), |b| format!(
            "; brute force p50 {:.1} µs, p99 {:.1} µs (answers identical)",
            b.0, b.1
        )),
        rebuild,
        each.join(", "),
        records_only,
        per(memory.index_bytes),
        per(memory.record_bytes),
        rss_per_facility.map_or("n/a".to_string(), |b| format!("{b:.0}")),
    );
    metric("floor_rstar_p50", count, floor.0, "us");
    metric("floor_rstar_p99", count, floor.1, "us");
    metric("floor_geo_index_p50", count, geo.0, "us");
    metric("floor_geo_index_p99", count, geo.1, "us");
    if let Some(b) = brute {
        metric("floor_brute_force_p50", count, b.0, "us");
        metric("floor_brute_force_p99", count, b.1, "us");
    }
    metric("index_p50", count, caremap.0, "us");
    metric("index_p99", count, caremap.1, "us");
    metric("index_unfiltered_p50", count, unfiltered.0, "us");
    metric("index_unfiltered_p99", count, unfiltered.1, "us");
    metric("index_arcs_cloned_p50", count, cloned.0, "us");
    metric("index_arcs_cloned_p99", count, cloned.1, "us");
    metric("rebuild", count, rebuild, "ms");
    metric("rebuild_records_into_arcs", count, records_only, "ms");
    metric("index_bytes_per_facility", count, per(memory.index_bytes), "B");
    metric("record_bytes_per_facility", count, per(memory.record_bytes), "B");
    // What `--keep-json` adds (after the timed searches: keeping it does not change a search).
    let started = Instant::now();
    index.keep_json();
    metric("keep_json", count, started.elapsed().as_secs_f64() * 1e3, "ms");
    metric("kept_json_bytes_per_facility", count, per(index.memory().json_bytes), "B");
    if let Some(b) = rss_per_facility {
        metric("rss_growth_per_facility", count, b, "B");
    }
    for (name, f, c) in [
        ("index_p50", floor.0, caremap.0),
        ("index_p99", floor.1, caremap.1),
        ("index_unfiltered_p50", floor.0, unfiltered.0),
        ("index_unfiltered_p99", floor.1, unfiltered.1),
        ("index_arcs_cloned_p50", floor.0, cloned.0),
        ("index_arcs_cloned_p99", floor.1, cloned.1),
    ] {
        println!("ratio {name} {count} {f:.3} {c:.3} {:.2}", c / f);
    }
}

fn criterion_benches(c: &mut Criterion, sizes: &[usize]) {
    let mut group = c.benchmark_group("nearest_10");
    for &n in sizes {
        let index = FacilityIndex::build(synthetic(n, 1, HENAN_BBOX, NOW));
        let qs = queries(1024, 3);
        let mut i = 0usize;
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let q = &qs[i % qs.len()];
                i += 1;
                index.nearest_with(q.lat, q.lng, &q.filter, K, None, |hits| black_box(hits.count()));
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
        report(n, samples, full);
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
