//! Limits that keep the service up for everyone: a per-client rate on the public read API (429 with
//! `Retry-After`), caps on live streams (in all and per client), a cap on requests being worked on at
//! once that sheds the rest with 503 instead of queueing without bound, a time limit per request,
//! and a size limit on request bodies; and, applied by the HTTP server itself (`commands/serve.rs`),
//! a time and a size limit on a request's line and headers. Each is configurable (see `caremap serve --help`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use app::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use parking_lot::Mutex;
use tokio::sync::Semaphore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests per second per client address on the public read API; 0 turns the limit off.
    pub api_per_second: u32,
    pub api_burst: u32,
    pub max_live: usize,
    pub max_live_per_client: usize,
    pub max_concurrent: usize,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// The longest a client may take to send a request's line and headers (then the connection closes).
    pub header_timeout: Duration,
    /// The largest request line and headers, in bytes (431 over it); at least 8 KiB.
    pub max_header_bytes: usize,
}

impl Default for Limits {
    /// A family's phone makes a few requests a second at most; an office behind one address many
    /// more, hence the burst. Live streams: one per open page.
    fn default() -> Self {
        Limits {
            api_per_second: 20,
            api_burst: 200,
            max_live: 2000,
            max_live_per_client: 10,
            max_concurrent: 256,
            request_timeout: Duration::from_secs(30),
            max_body_bytes: 16 << 20,
            header_timeout: Duration::from_secs(10),
            max_header_bytes: 64 << 10,
        }
    }
}

/// The limits' running state, shared by the middleware.
pub struct Gate {
    limits: Limits,
    api: Option<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
    live: Mutex<(usize, HashMap<IpAddr, usize>)>,
    working: Arc<Semaphore>,
}

impl Gate {
    pub fn new(limits: Limits) -> Arc<Gate> {
        let api = NonZeroU32::new(limits.api_per_second).map(|rate| {
            let burst = NonZeroU32::new(limits.api_burst).unwrap_or(rate);
            RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        Arc::new(Gate {
            limits,
            api,
            clock: DefaultClock::default(),
            live: Mutex::new((0, HashMap::new())),
            working: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Forget idle clients' rate state (called now and then).
    pub fn tidy(&self) {
        if let Some(api) = &self.api {
            api.retain_recent();
        }
    }
}

fn client(req: &Request) -> Option<IpAddr> {
    req.extensions().get::<app::ssr::client_addr::ClientAddr>().and_then(|c| c.0)
}

/// The public read API: what families' pages and other systems read, without signing in.
fn is_public_read(method: &Method, path: &str) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
        && ((path.starts_with("/api/")
            && !path.starts_with("/api/admin/")
            && !path.starts_with("/api/manage/")
            && path != "/api/live")
            || path == "/hsds"
            || path.starts_with("/hsds/"))
}

fn unavailable(message: app::message::Message) -> Response {
    let mut res = AppError::Unavailable { message }.into_response();
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

/// Rate, concurrency and time limits on every request; live streams are counted on their own.
pub async fn gate(State(gate): State<Arc<Gate>>, req: Request, next: Next) -> Response {
    let ip = client(&req);
    if let (Some(api), Some(ip)) = (&gate.api, ip)
        && is_public_read(req.method(), req.uri().path())
        && let Err(not_until) = api.check_key(&ip)
    {
        let wait = not_until.wait_time_from(gate.clock.now()).as_secs().max(1) as u32;
        let mut res = AppError::TooManyRequests { retry_after_s: wait }.into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return res;
    }
    if req.uri().path() == "/api/live" {
        return live(&gate, ip, req, next).await;
    }
    let Ok(_working) = gate.working.clone().try_acquire_owned() else {
        return unavailable(app::msg!(err_busy));
    };
    match tokio::time::timeout(gate.limits.request_timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => unavailable(app::msg!(err_timeout)),
    }
}

/// A live stream holds its place until the client goes away (or the server shuts down).
async fn live(gate: &Arc<Gate>, ip: Option<IpAddr>, req: Request, next: Next) -> Response {
    let key = ip.unwrap_or(IpAddr::from([0, 0, 0, 0]));
    {
        let mut live = gate.live.lock();
        let mine = live.1.get(&key).copied().unwrap_or(0);
        if live.0 >= gate.limits.max_live {
            return unavailable(app::msg!(err_live_full));
        }
        if mine >= gate.limits.max_live_per_client {
            return unavailable(app::msg!(err_live_per_address));
        }
        live.0 += 1;
        *live.1.entry(key).or_default() += 1;
    }
    let release = Release { gate: gate.clone(), key };
    let (parts, body) = next.run(req).await.into_parts();
    // The place is given back when the body (the stream) is dropped.
    let body = body.into_data_stream().map(move |chunk| {
        let _hold = &release;
        chunk
    });
    Response::from_parts(parts, Body::from_stream(body))
}

struct Release {
    gate: Arc<Gate>,
    key: IpAddr,
}

impl Drop for Release {
    fn drop(&mut self) {
        let mut live = self.gate.live.lock();
        live.0 = live.0.saturating_sub(1);
        if let Some(n) = live.1.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                live.1.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_reads_are_the_open_api() {
        assert!(is_public_read(&Method::GET, "/api/nearest"));
        assert!(is_public_read(&Method::GET, "/hsds/services"));
        assert!(!is_public_read(&Method::POST, "/api/report"));
        assert!(!is_public_read(&Method::GET, "/api/admin/plan"));
        assert!(!is_public_read(&Method::GET, "/api/live"));
        assert!(!is_public_read(&Method::GET, "/search"));
    }
}
