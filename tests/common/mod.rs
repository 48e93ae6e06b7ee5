//! Test helpers: a real `caremap serve` process on 127.0.0.1 with its own database.
#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_caremap");

/// The database for a test: a fresh SQLite file, or (when `CAREMAP_TEST_POSTGRES` names a server)
/// a fresh PostgreSQL database on it.
pub struct TestDb {
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("caremap.db").display());
        TestDb { url, _dir: dir }
    }

    pub fn dir(&self) -> &Path {
        self._dir.path()
    }
}

pub struct TestServer {
    pub base: String,
    child: Child,
}

impl TestServer {
    /// Start `caremap serve` on a free port; `extra` are more flags (e.g. `--no-sample`).
    pub fn start(db: &TestDb, extra: &[&str]) -> TestServer {
        let mut child = Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--database-url", &db.url])
            .args(extra)
            .env("RUST_LOG", "warn")
            .current_dir(workspace_root())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn caremap serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let base = rx.recv_timeout(Duration::from_secs(60)).expect("server printed its address within 60 s");
        TestServer { base, child }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("client")
}

pub async fn get_json(url: &str) -> (u16, serde_json::Value) {
    let res = client().get(url).send().await.expect("request");
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or(serde_json::Value::Null);
    (status, body)
}

pub async fn get_text(url: &str) -> (u16, String) {
    let res = client().get(url).send().await.expect("request");
    (res.status().as_u16(), res.text().await.expect("body"))
}

/// Poll `check` until it returns true or `timeout` passes; returns whether it did.
pub async fn eventually<F, Fut>(timeout: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Run `caremap` with `args`; returns (exit code, stdout, stderr).
pub fn caremap(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).current_dir(workspace_root()).output().expect("run caremap");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
