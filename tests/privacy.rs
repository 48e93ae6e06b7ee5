//! A family's position is personal: after searches by point, by place name and by page, nothing the
//! server writes to its log holds the point or the text searched for (at the default level and at debug).

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{BIN, TestDb, workspace_root};

// A distinctive point and place text, so any trace of them in the log is found.
const LAT: &str = "34.713579";
const LNG: &str = "113.642468";
const TEXT: &str = "淮河社区东门";

async fn searches_leave_no_trace(level: &str) {
    let db = TestDb::new();
    let mut child = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--database-url", &db.url])
        .env("RUST_LOG", level)
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read the log from the start: a full pipe would stop the server.
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        let _ = stderr.read_to_string(&mut all);
        all
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = String::new();
        let mut buf = [0u8; 256];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            if let Some(line) = seen.lines().find_map(|l| l.strip_prefix("listening on ")) {
                let _ = tx.send(line.to_string());
                break;
            }
        }
    });
    let base = rx.recv_timeout(Duration::from_secs(60)).expect("server address");
    for path in [
        format!("/api/nearest?lat={LAT}&lng={LNG}&kind=kindergarten"),
        format!("/api/nearest?lat={LAT}&lng=not-a-number"),
        format!("/search?lat={LAT}&lng={LNG}"),
        format!("/api/places?q={TEXT}"),
        format!("/search?q={TEXT}"),
    ] {
        let res = common::client().get(format!("{base}{path}")).send().await.expect("request");
        assert!(res.status().as_u16() < 500, "{path}");
    }
    // Stop the server so that everything it logged is read.
    let _ = child.kill();
    let _ = child.wait();
    let log = reader.join().expect("log");
    assert!(!log.trim().is_empty() || level == "warn", "the server logged at {level}");
    for secret in [LAT, LNG, TEXT, "34.71357", "113.64246"] {
        assert!(!log.contains(secret), "the log at {level} holds `{secret}`:\n{log}");
    }
}

#[tokio::test]
async fn searches_leave_no_trace_in_the_log() {
    searches_leave_no_trace("info").await;
    searches_leave_no_trace("debug").await;
}
