//! The limits that protect the service, each set low and then crossed: the public API's rate per
//! client (429 with Retry-After), live streams in all and per client (503, and the place given back
//! when a stream closes), requests at once (503 at once, not a queue), the time per request, and
//! the request body's size.

mod common;

use std::net::IpAddr;
use std::time::Duration;

use common::{TestDb, TestServer};
use serde_json::Value;

/// A client whose connections come from `ip` (any 127.x address is this machine).
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder().local_address(IpAddr::from(ip)).timeout(Duration::from_secs(30)).build().expect("client")
}

#[tokio::test]
async fn the_public_api_has_a_rate_per_client() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "2", "--api-burst", "5"]);
    let url = server.url("/api/places?q=huaihe");
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..12 {
        let res = common::client().get(&url).send().await.expect("request");
        statuses.push(res.status().as_u16());
        if res.status().as_u16() == 429 {
            retry_after = res.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse::<u32>().ok());
            let body: Value = res.json().await.expect("json");
            assert_eq!(body["error"], "too_many_requests", "{body}");
        }
    }
    assert_eq!(&statuses[..5], &[200; 5], "the burst passes: {statuses:?}");
    assert!(statuses[5..].contains(&429), "then the rate applies: {statuses:?}");
    assert!(retry_after.is_some_and(|s| s >= 1), "with Retry-After");
    // Another client is not held back by the first; pages are not rate limited.
    let other = client_from([127, 0, 0, 2]).get(&url).send().await.expect("request");
    assert_eq!(other.status().as_u16(), 200);
    let page = common::client().get(server.url("/")).send().await.expect("page");
    assert_eq!(page.status().as_u16(), 200);
    // Off with 0.
    drop(server);
    let open = TestServer::start(&db, &["--api-rate", "0"]);
    for _ in 0..30 {
        let res = common::client().get(open.url("/api/places?q=huaihe")).send().await.expect("request");
        assert_eq!(res.status().as_u16(), 200);
    }
}

#[tokio::test]
async fn live_streams_are_capped_in_all_and_per_client() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--max-live", "3", "--max-live-per-client", "2"]);
    let url = server.url("/api/live");
    let (a, b) = (client_from([127, 0, 0, 1]), client_from([127, 0, 0, 3]));
    let a1 = a.get(&url).send().await.expect("stream");
    let a2 = a.get(&url).send().await.expect("stream");
    assert_eq!((a1.status().as_u16(), a2.status().as_u16()), (200, 200));
    let a3 = a.get(&url).send().await.expect("stream");
    assert_eq!(a3.status().as_u16(), 503, "a third from one client");
    let body: Value = a3.json().await.expect("json");
    assert_eq!(body["error"], "unavailable");
    let b1 = b.get(&url).send().await.expect("stream");
    assert_eq!(b1.status().as_u16(), 200, "another client's first");
    let b2 = b.get(&url).send().await.expect("stream");
    assert_eq!(b2.status().as_u16(), 503, "over the total");
    // Closing a stream gives its place back.
    drop(a1);
    let back = common::eventually(Duration::from_secs(5), || {
        let (b, url) = (b.clone(), url.clone());
        async move { b.get(&url).send().await.is_ok_and(|r| r.status().as_u16() == 200) }
    })
    .await;
    assert!(back, "a closed stream's place is free again");
    drop((a2, b1));
}

#[tokio::test]
async fn too_many_at_once_are_shed_and_slow_requests_stopped() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--max-concurrent", "1", "--api-rate", "0"]);
    let url = server.url("/search?lat=34.71548&lng=113.64366&limit=100");
    let answers = futures::future::join_all((0..40).map(|_| {
        let url = url.clone();
        async move { common::client().get(url).send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
    }))
    .await;
    assert!(answers.iter().all(|s| *s == 200 || *s == 503), "{answers:?}");
    assert!(answers.contains(&503), "shed at once: {answers:?}");
    assert!(answers.contains(&200), "while serving: {answers:?}");
    drop(server);

    let slow = TestServer::start(&db, &["--request-timeout", "1ms"]);
    let res = common::client().get(slow.url("/search?lat=34.71548&lng=113.64366")).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 503, "stopped when it took too long");
    let live = common::client().get(slow.url("/api/live")).send().await.expect("stream");
    assert_eq!(live.status().as_u16(), 200, "live streams are not timed out");
}

#[tokio::test]
async fn request_bodies_have_a_size_limit() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--max-body-mb", "1"]);
    let big = "x".repeat(2 << 20);
    let res = common::client()
        .post(server.url("/api/report"))
        .header("origin", server.base.clone())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("facility_id=dc-410103013004&kind=full&note={big}"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 413);
    let small = common::client()
        .post(server.url("/api/report"))
        .header("origin", server.base.clone())
        .form(&[("facility_id", "dc-410103013004"), ("kind", "full"), ("note", "满了")])
        .send()
        .await
        .expect("request");
    assert_eq!(small.status().as_u16(), 200);
}

/// Write `bytes` to a new connection one byte at a time, `every` apart, until the server closes it;
/// returns how long that took and how many bytes went (or `None` if still open after `give_up`).
async fn trickle(addr: &str, bytes: &[u8], every: Duration, give_up: Duration) -> Option<(Duration, usize)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let started = std::time::Instant::now();
    let mut sent = 0;
    let mut buf = [0u8; 1024];
    while started.elapsed() < give_up {
        if let Some(b) = bytes.get(sent) {
            if stream.write_all(&[*b]).await.is_err() {
                return Some((started.elapsed(), sent));
            }
            sent += 1;
        }
        // Closed (EOF or reset) while waiting for the next byte's turn?
        match tokio::time::timeout(every, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return Some((started.elapsed(), sent)),
            Ok(Ok(n)) => panic!("an answer to an unfinished request: {:?}", String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
    }
    None
}

#[tokio::test]
async fn slow_or_silent_clients_are_cut_off_and_request_heads_have_a_size_limit() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--header-timeout", "2s"]);
    let addr = server.base.trim_start_matches("http://").to_string();
    // Headers one byte a second (a "slowloris"): cut off at the 2 s limit, not when they would end.
    let request = b"GET /health HTTP/1.1\r\nHost: caremap\r\nUser-Agent: slow\r\n\r\n";
    let slow = trickle(&addr, request, Duration::from_secs(1), Duration::from_secs(20)).await;
    let (slow_took, sent) = slow.expect("the slow client was disconnected");
    assert!(slow_took >= Duration::from_millis(1500) && slow_took < Duration::from_secs(5), "{slow_took:?}");
    assert!(sent < request.len(), "before its headers were complete ({sent} of {} bytes)", request.len());
    // A connection that sends nothing at all is closed too.
    let silent = trickle(&addr, b"", Duration::from_millis(200), Duration::from_secs(20)).await;
    let (silent_took, _) = silent.expect("the silent client was disconnected");
    assert!(silent_took < Duration::from_secs(5), "{silent_took:?}");
    eprintln!(
        "header timeout 2 s: a byte a second cut off after {slow_took:?} ({sent} bytes); silence after {silent_took:?}"
    );

    // A 100 KiB header: 431 (over the default 64 KiB); 10 KiB is fine. The server is still there.
    let big = common::client().get(server.url("/health")).header("x-padding", "a".repeat(100 << 10)).send().await;
    match big {
        Ok(res) => assert_eq!(res.status().as_u16(), 431),
        Err(e) => panic!("expected a 431, got {e}"),
    }
    let fine = common::client().get(server.url("/health")).header("x-padding", "a".repeat(10 << 10)).send().await;
    assert_eq!(fine.expect("request").status().as_u16(), 200);
    drop(server);
    let small = TestServer::start(&db, &["--max-header-kb", "8"]);
    let res = common::client().get(small.url("/health")).header("x-padding", "a".repeat(10 << 10)).send().await;
    assert_eq!(res.expect("request").status().as_u16(), 431, "--max-header-kb is the limit");
    drop(small);
    // Bad values stop the server at start-up, naming the flag.
    for (flag, value) in [("--max-header-kb", "4"), ("--header-timeout", "soon")] {
        let (code, _, stderr) =
            common::caremap(&["serve", "--addr", "127.0.0.1:0", "--database-url", &db.url, flag, value]);
        assert_ne!(code, 0, "{flag} {value}");
        assert!(stderr.contains(flag.trim_start_matches('-')), "{flag} {value}: {stderr}");
    }
}

/// Rate limits and throttles count visitors, not the proxy in front — and only a trusted proxy's header is
/// believed (issue 14, item 6). Both setups: no proxy configured, and a proxy on 127.0.0.1.
#[tokio::test]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    let db = TestDb::new();
    let statuses = |server: &TestServer, from: [u8; 4], forwarded: Vec<&'static str>| {
        let url = server.url("/api/places?q=huaihe");
        async move {
            let mut out = Vec::new();
            for xff in forwarded {
                let res = client_from(from).get(&url).header("x-forwarded-for", xff).send().await.expect("request");
                out.push(res.status().as_u16());
            }
            out
        }
    };
    // No proxy configured: a header names nobody; one socket is one client whatever it claims.
    let direct = TestServer::start(&db, &["--api-rate", "1", "--api-burst", "2"]);
    let spoofed = statuses(&direct, [127, 0, 0, 3], vec!["198.51.100.1", "198.51.100.2", "198.51.100.3"]).await;
    assert_eq!(spoofed, [200, 200, 429], "a claimed address does not buy a new bucket");
    drop(direct);

    // Behind a proxy on 127.0.0.1: each visitor it reports has their own rate; anyone else is their socket.
    let proxied = TestServer::start(
        &db,
        &[
            "--api-rate",
            "1",
            "--api-burst",
            "2",
            "--client-ip-header",
            "x-forwarded-for",
            "--trusted-proxy",
            "127.0.0.1",
        ],
    );
    let a = statuses(&proxied, [127, 0, 0, 1], vec!["203.0.113.10"; 3]).await;
    assert_eq!(a, [200, 200, 429], "visitor A runs out");
    let b = statuses(&proxied, [127, 0, 0, 1], vec!["203.0.113.11"; 2]).await;
    assert_eq!(b, [200, 200], "visitor B, through the same proxy, is not held back by A");
    let untrusted = statuses(&proxied, [127, 0, 0, 4], vec!["203.0.113.12", "203.0.113.13", "203.0.113.14"]).await;
    assert_eq!(untrusted, [200, 200, 429], "not the proxy: its header is ignored");
    drop(proxied);

    // A header without a proxy to believe, or a proxy that is not an address, stops the server at once.
    for bad in [
        &["--client-ip-header", "x-real-ip"][..],
        &["--client-ip-header", "x-forwarded-for", "--trusted-proxy", "gateway"],
    ] {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0", "--database-url", &db.url];
        args.extend_from_slice(bad);
        let (code, _, err) = common::caremap(&args);
        assert_ne!(code, 0);
        assert!(err.contains("--trusted-proxy"), "{err}");
    }
}
