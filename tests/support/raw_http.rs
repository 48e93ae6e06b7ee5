//! A raw HTTP/1.1 client: requests written byte for byte, so that what a client library would normalise
//! (`..`, `%2e%2e`, invalid UTF-8) reaches the server as sent.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
    pub took: Duration,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 || b.len() < eol + 2 + size {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[(eol + 4 + size).min(b.len())..];
    }
    out
}

/// Send `method target` with `headers` and `body` as bytes; the whole answer within 20 s, or the test fails.
pub async fn raw(base: &str, method: &str, target: &[u8], headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let host = base.trim_start_matches("http://");
    let mut req = format!("{method} ").into_bytes();
    req.extend_from_slice(target);
    req.extend_from_slice(format!(" HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n").as_bytes());
    for (k, v) in headers {
        req.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    if !body.is_empty() || method == "POST" {
        req.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    req.extend_from_slice(b"\r\n");
    req.extend_from_slice(body);
    let start = Instant::now();
    let what = format!("{method} {}", String::from_utf8_lossy(&target[..target.len().min(120)]));
    let exchange = async {
        let mut s = tokio::net::TcpStream::connect(host).await.expect("connect");
        // The server may answer (e.g. 413) and close before reading a huge body: a failed write is fine.
        let _ = s.write_all(&req).await;
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer).await;
        answer
    };
    let answer = tokio::time::timeout(Duration::from_secs(20), exchange)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer within 20 s"));
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("{what}: no answer"));
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    let rest = &answer[split + 4..];
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    let body = if chunked { dechunk(rest) } else { rest.to_vec() };
    Reply { status, head, body, took: start.elapsed() }
}
