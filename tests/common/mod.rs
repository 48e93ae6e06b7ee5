//! Test helpers: a real `caremap serve` process on 127.0.0.1 with its own database.
#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_caremap");

/// The database for a test: a fresh SQLite file, or — when `CAREMAP_TEST_POSTGRES` names a server
/// (e.g. `postgres://caremap@127.0.0.1:54329`, see scripts/pg) — a fresh PostgreSQL database on it.
pub struct TestDb {
    pub url: String,
    postgres: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

static NEXT_DB: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Run one statement with `psql` against the server's maintenance database.
fn psql(base: &str, sql: &str) {
    let out = Command::new("psql")
        .args([&format!("{base}/postgres"), "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .output()
        .expect("run psql");
    assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var("CAREMAP_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) {
            Some(base) => {
                let name = format!(
                    "caremap_t{}_{}",
                    std::process::id(),
                    NEXT_DB.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                );
                psql(&base, &format!("CREATE DATABASE {name}"));
                TestDb { url: format!("{base}/{name}"), postgres: Some((base, name)), _dir: dir }
            }
            None => {
                let url = format!("sqlite://{}", dir.path().join("caremap.db").display());
                TestDb { url, postgres: None, _dir: dir }
            }
        }
    }

    /// A fresh SQLite file whatever `CAREMAP_TEST_POSTGRES` says (for tests of SQLite itself).
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("caremap.db").display());
        TestDb { url, postgres: None, _dir: dir }
    }

    /// A fresh database on the PostgreSQL server at `base` (a test's own server, e.g. one it stops and starts).
    pub fn on_postgres(base: &str) -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let name =
            format!("caremap_o{}_{}", std::process::id(), NEXT_DB.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        psql(base, &format!("CREATE DATABASE {name}"));
        TestDb { url: format!("{base}/{name}"), postgres: Some((base.to_string(), name)), _dir: dir }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// A scratch folder for the test's files.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    /// Cut every connection to this database, as a network failure or a database restart would.
    pub fn cut_connections(&self) {
        let (base, name) = self.postgres.as_ref().expect("only PostgreSQL connections can be cut");
        psql(base, &format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"));
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.postgres {
            let _ = Command::new("psql")
                .args([
                    &format!("{base}/postgres"),
                    "-q",
                    "-c",
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ])
                .output();
        }
    }
}

pub struct TestServer {
    pub base: String,
    child: Child,
}

impl TestServer {
    /// Start `caremap serve` on a free port; `extra` are more flags (e.g. `--no-sample`).
    pub fn start(db: &TestDb, extra: &[&str]) -> TestServer {
        TestServer::start_with_log(db, extra, Stdio::inherit())
    }

    /// [`TestServer::start`] with the server's log (standard error) sent to `log`, e.g. a file.
    pub fn start_with_log(db: &TestDb, extra: &[&str], log: impl Into<Stdio>) -> TestServer {
        TestServer::spawn(db, extra, "warn", log)
    }

    /// [`TestServer::start`] logging from the info level, uncoloured, to the file `log` (to read how it
    /// started).
    pub fn start_with_info_log(db: &TestDb, extra: &[&str], log: &Path) -> TestServer {
        TestServer::spawn(db, extra, "info", std::fs::File::create(log).expect("log file"))
    }

    fn spawn(db: &TestDb, extra: &[&str], level: &str, log: impl Into<Stdio>) -> TestServer {
        let mut child = Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--database-url", &db.url])
            .args(extra)
            .env("RUST_LOG", level)
            .env("NO_COLOR", "1")
            .current_dir(workspace_root())
            .stdout(Stdio::piped())
            .stderr(log)
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

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The server's resident memory now, in KiB (Linux: /proc).
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse().ok())
    }

    /// Send SIGTERM and wait at most `timeout` for the process to exit: its exit status, or `None`.
    pub fn terminate(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
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

/// The password of every test account.
pub const PASSWORD: &str = "correct horse battery";

/// A database with the sample facilities and these accounts, `(login, role, facilities)`, each with
/// [`PASSWORD`]; and a server started on it with `args`. The first start (with `first_args`) migrates and
/// loads the sample, so that the accounts' facility assignments refer to real rows.
pub fn with_accounts(accounts: &[(&str, &str, &[&str])], first_args: &[&str], args: &[&str]) -> (TestDb, TestServer) {
    let db = TestDb::new();
    drop(TestServer::start(&db, first_args));
    for (login, role, facilities) in accounts {
        add_user(&db, login, role, facilities, PASSWORD);
    }
    let server = TestServer::start(&db, args);
    (db, server)
}

/// ±`delta` on one service's figure of a facility through the token API: (status, body, time taken).
pub async fn token_change(
    server: &TestServer,
    token: &str,
    facility: &str,
    service: &str,
    delta: i32,
) -> (u16, serde_json::Value, Duration) {
    let started = Instant::now();
    let res = client()
        .post(server.url(&format!("/api/facilities/{facility}/capacity")))
        .bearer_auth(token)
        .json(&serde_json::json!({"service": service, "delta": delta}))
        .send()
        .await
        .expect("an answer: not a hang, not a dropped connection");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null), started.elapsed())
}

/// `caremap user add` with the password on standard input, as an operator would script it.
pub fn add_user(db: &TestDb, login: &str, role: &str, facilities: &[&str], password: &str) {
    use std::io::Write;
    let mut args = vec!["user", "add", "--login", login, "--role", role, "--database-url", &db.url];
    for f in facilities {
        args.extend(["--facility", f]);
    }
    let mut child = Command::new(BIN)
        .args(&args)
        .current_dir(workspace_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn user add");
    child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("password");
    let out = child.wait_with_output().expect("user add");
    assert!(out.status.success(), "user add failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// `caremap token create`; returns the token printed once.
pub fn create_token(db: &TestDb, login: &str) -> String {
    let (code, stdout, stderr) =
        caremap(&["token", "create", "--login", login, "--label", "test", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    stdout.trim().to_string()
}

/// A browser-like client: keeps the session cookie and sends this server's Origin, as CareMap's own
/// pages do when they call server functions.
pub struct Browser {
    pub base: String,
    pub cookie: Option<String>,
    pub origin: Option<String>,
    client: reqwest::Client,
}

pub struct Answer {
    pub status: u16,
    pub set_cookie: Vec<String>,
    pub json: serde_json::Value,
}

impl Browser {
    pub fn new(server: &TestServer) -> Browser {
        Browser { base: server.base.clone(), cookie: None, origin: Some(server.base.clone()), client: client() }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Answer {
        let mut req = req;
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c.clone());
        }
        if let Some(o) = &self.origin {
            req = req.header("origin", o.clone());
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let set_cookie: Vec<String> =
            res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect();
        if let Some(c) = set_cookie.iter().find(|c| c.starts_with("caremap_session=")) {
            self.cookie = Some(c.split(';').next().unwrap_or_default().to_string());
        }
        let json = res.json().await.unwrap_or(serde_json::Value::Null);
        Answer { status, set_cookie, json }
    }

    /// A server function with form-encoded arguments.
    pub async fn form(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let req = self.client.post(format!("{}{path}", self.base)).form(fields);
        self.send(req).await
    }

    /// A GET with the session cookie (server functions read with `GetUrl`, e.g. `/api/admin/access?…`).
    pub async fn get(&mut self, path_and_query: &str) -> Answer {
        let req = self.client.get(format!("{}{path_and_query}", self.base));
        self.send(req).await
    }

    /// A server function with JSON arguments.
    pub async fn json(&mut self, path: &str, body: serde_json::Value) -> Answer {
        let req = self.client.post(format!("{}{path}", self.base)).json(&body);
        self.send(req).await
    }

    pub async fn login(&mut self, login: &str, password: &str) -> Answer {
        self.form("/api/login", &[("login", login), ("password", password)]).await
    }

    /// ±n on one service through the manager page's server function.
    pub async fn delta(&mut self, facility: &str, service: &str, delta: i32) -> Answer {
        self.json(
            "/api/manage/capacity",
            serde_json::json!({"facility_id": facility, "service": service, "change": {"op": "delta", "delta": delta}}),
        )
        .await
    }
}

/// One service's figure as the public API shows it.
pub async fn figure(server: &TestServer, facility: &str, service: &str) -> serde_json::Value {
    let (status, body) = get_json(&server.url(&format!("/api/facility?id={facility}"))).await;
    assert_eq!(status, 200, "{body}");
    body["facility"]["services"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["service"] == service).cloned())
        .unwrap_or(serde_json::Value::Null)
}

impl TestDb {
    /// The rows of one query on this database, every column read as text (write `CAST(… AS TEXT)` for
    /// numbers): the same call on SQLite and PostgreSQL.
    pub async fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        use sqlx::Row;
        if self.is_postgres() {
            let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&self.url).await.expect("open");
            let out = sqlx::query(sql).fetch_all(&pool).await.expect("query");
            pool.close().await;
            out.iter().map(|r| (0..r.len()).map(|i| r.get::<String, _>(i)).collect()).collect()
        } else {
            let pool =
                sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect(&self.url).await.expect("open");
            let out = sqlx::query(sql).fetch_all(&pool).await.expect("query");
            pool.close().await;
            out.iter().map(|r| (0..r.len()).map(|i| r.get::<String, _>(i)).collect()).collect()
        }
    }

    /// Every table's rows as text, in a stable order: on SQLite as [`dump_sqlite`] reads a file; on
    /// PostgreSQL each row cast to text. Two dumps compare equal when nothing changed.
    pub async fn dump(&self) -> Vec<(String, Vec<String>)> {
        if !self.is_postgres() {
            return dump_sqlite(Path::new(self.url.trim_start_matches("sqlite://"))).await;
        }
        let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&self.url).await.expect("open");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables \
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
        )
        .fetch_all(&pool)
        .await
        .expect("tables");
        let mut out = Vec::new();
        for t in tables {
            let mut rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT r::text FROM {t} r")).fetch_all(&pool).await.expect("rows");
            rows.sort();
            out.push((t, rows));
        }
        pool.close().await;
        out
    }
}

/// Every table's rows of a SQLite file (opened read-only), as text, in a stable order: `(table, rows)`.
pub async fn dump_sqlite(path: &Path) -> Vec<(String, Vec<String>)> {
    use sqlx::Row;
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .expect("open");
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .fetch_all(&pool)
        .await
        .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let columns: Vec<String> = sqlx::query(&format!("PRAGMA table_info(\"{t}\")"))
            .fetch_all(&pool)
            .await
            .expect("columns")
            .iter()
            .map(|r| r.get::<String, _>("name"))
            .collect();
        let text = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
        let mut rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {text} FROM \"{t}\"")).fetch_all(&pool).await.expect("rows");
        rows.sort();
        out.push((t, rows));
    }
    pool.close().await;
    out
}
