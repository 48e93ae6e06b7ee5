//! `http-floor`: the floor `scripts/bench-http` measures `/api/nearest` against — the least any server could
//! do for that URL on this machine. A bare axum handler (no middleware) reads the query shapes of
//! tests/bench/nearest.lua, asks the same index (loaded from the same database, CareMap's own code) and
//! answers with a response body built once at start: a real answer of the typical size (the median of
//! answers to that query mix), so the bytes on the wire match CareMap's. Whatever CareMap does beyond it
//! (validation, the JSON of each hit, the middleware stack) is the gap the benchmark shows.
//!
//! A program of its own, built beside `caremap` by `cargo build -p server` (the same profile, the same
//! compiled index) but never part of it: nothing in production can reach it.
//!
//! `http-floor --database-url sqlite://bench.db [--addr 127.0.0.1:0]`; prints `body <bytes>` and then
//! `listening on http://…` as `caremap serve` does.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use app::model::{FacilityKind, NearestQuery, StaleAfter};
use app::ssr::index::{FacilityIndex, Filter};
use app::ssr::store::Store;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::Parser;

/// The allocator `caremap` uses (server/src/main.rs): the floor differs from it only in what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "The bare HTTP floor of scripts/bench-http (not part of CareMap)")]
struct Args {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
}

struct Floor {
    index: FacilityIndex,
    /// CareMap's default (`caremap serve` without `--stale-after`), for the same filters.
    stale_after: StaleAfter,
    body: Bytes,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The runtime `caremap` uses (server/src/main.rs).
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("http-floor: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("http-floor: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::connect(&args.database_url).await?;
    let index = FacilityIndex::build(store.load_all().await?);
    store.close().await;
    let stale_after = StaleAfter::default();
    let body = typical_answer(&index, stale_after)?;
    println!("body {}", body.len());
    let floor = Arc::new(Floor { index, stale_after, body: Bytes::from(body) });
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, Router::new().route("/api/nearest", get(nearest)).with_state(floor)).await?;
    Ok(())
}

/// The kinds tests/bench/nearest.lua cycles through (keep the two in step).
const KINDS: [FacilityKind; 5] = [
    FacilityKind::ElderlyDaycare,
    FacilityKind::Kindergarten,
    FacilityKind::PrimarySchool,
    FacilityKind::NursingHome,
    FacilityKind::HolidayCare,
];

/// The median-sized real answer (CareMap's documented shape) to 1,001 queries of the wrk script's mix:
/// random points over its box, each kind in turn, `available=true` every other time, 10 results.
fn typical_answer(index: &FacilityIndex, stale_after: StaleAfter) -> Result<Vec<u8>, serde_json::Error> {
    // A fixed sequence of points, the same every run.
    let mut rng = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
    let mut answers = Vec::new();
    for i in 0..1001 {
        let mut q = NearestQuery::new(31.4 + rng.f64() * 4.9, 110.4 + rng.f64() * 6.2);
        q.kinds = vec![KINDS[i % KINDS.len()]];
        q.available = i % 2 == 0;
        q.limit = 10;
        let answer = app::ssr::nearest::answer(index, stale_after, &q);
        answers.push(serde_json::to_vec(&answer)?);
    }
    answers.sort_by_key(Vec::len);
    Ok(answers.swap_remove(answers.len() / 2))
}

/// `lat`, `lng`, `kind`, `limit`, `available` as the wrk script sends them (nothing validated beyond
/// parsing); the index is asked as CareMap asks it; the answer is the body built at start.
async fn nearest(State(floor): State<Arc<Floor>>, RawQuery(query): RawQuery) -> Response {
    let mut q = NearestQuery::new(0.0, 0.0);
    for (k, v) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match &*k {
            "lat" => q.lat = v.parse().unwrap_or(0.0),
            "lng" => q.lng = v.parse().unwrap_or(0.0),
            "kind" => q.kinds = FacilityKind::parse(&v).into_iter().collect(),
            "limit" => q.limit = v.parse().unwrap_or(10),
            "available" => q.available = v == "true",
            _ => {}
        }
    }
    let filter = Filter::from_query(&q, floor.stale_after, app::clock::now());
    let hits = floor.index.nearest(q.lat, q.lng, &filter, usize::from(q.limit), q.radius_m);
    std::hint::black_box(hits);
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], floor.body.clone()).into_response()
}
