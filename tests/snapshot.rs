//! Start-up snapshots (`app/src/ssr/snapshot`): a real `caremap serve` on a real SQLite file, whose
//! snapshot sits beside it (`<db file>.snapshot`). Written at a graceful shutdown; used at the next start
//! only when it fits the database, and then brought up to date from the change log before the first
//! answer; otherwise (missing, damaged, another database's, or a log pruned past it) ignored with a
//! warning, and the facilities are loaded from the database. Every case checks what the server answers,
//! and the server's log says which way it started (so a test cannot pass by never using a snapshot).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{TestDb, TestServer, caremap, eventually, get_json};

const FROM_SNAPSHOT: &str = "index built from the snapshot";
const NOT_USED: &str = "snapshot not used";

/// A server started with its info-level log kept, to learn how it started.
struct Server {
    server: TestServer,
    log: PathBuf,
}

impl Server {
    fn start(db: &TestDb, extra: &[&str]) -> Server {
        let log = db.dir().join(format!("serve-{}.log", fastrand::u32(..)));
        let args: Vec<&str> = ["--no-sample"].into_iter().chain(extra.iter().copied()).collect();
        Server { server: TestServer::start_with_info_log(db, &args, &log), log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The facility's name as the server answers it, or the status when it has none.
    async fn name(&self, id: &str) -> Result<String, u16> {
        let (status, body) = get_json(&self.server.url(&format!("/api/facility?id={id}"))).await;
        match body["facility"]["name"].as_str() {
            Some(name) if status == 200 => Ok(name.to_string()),
            _ => Err(status),
        }
    }

    /// SIGTERM, as a service manager stops it; the log once it has exited.
    fn stop(mut self) -> String {
        let status = self.server.terminate(Duration::from_secs(60));
        assert!(status.is_some_and(|s| s.success()), "exit {status:?}: {}", self.log());
        self.log()
    }
}

fn db_file(db: &TestDb) -> PathBuf {
    PathBuf::from(db.url.trim_start_matches("sqlite://"))
}

fn snapshot_of(db: &TestDb) -> PathBuf {
    PathBuf::from(format!("{}.snapshot", db_file(db).display()))
}

/// Import facilities `(id, name)` with `caremap import`, a process of its own (as an operator would).
fn import(db: &TestDb, facilities: &[(&str, &str)]) {
    let mut csv = String::from(
        "id,name,kind,lng,lat,address,phone,services,ownership,status,subdistrict_code,community_code,parent_id,\
         hours,age_min,age_max,grade_min,grade_max,fees,accessibility,sessions,location_basis,details,sample\n",
    );
    for (i, (id, name)) in facilities.iter().enumerate() {
        let lng = 113.60 + i as f64 * 0.001;
        csv.push_str(&format!(
            "{id},{name},kindergarten,{lng:.6},34.720000,,,preschool_place:5/20,public,open,,,,,,,,,,,,surveyed,,false\n"
        ));
    }
    let file = db.dir().join(format!("import-{}.csv", fastrand::u32(..)));
    std::fs::write(&file, csv).expect("write csv");
    let (code, _, stderr) = caremap(&["import", &file.display().to_string(), "--database-url", &db.url]);
    assert_eq!(code, 0, "import: {stderr}");
}

/// A database of three facilities, served once and stopped: its snapshot is written.
async fn served_once(db: &TestDb) -> PathBuf {
    import(db, &[("k-1", "甲园"), ("k-2", "乙园"), ("k-3", "丙园")]);
    let server = Server::start(db, &[]);
    assert_eq!(server.name("k-1").await, Ok("甲园".into()));
    let log = server.stop();
    assert!(log.contains("no snapshot yet"), "{log}");
    let snapshot = snapshot_of(db);
    assert!(snapshot.is_file(), "a snapshot is written at shutdown: {log}");
    snapshot
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".tmp"))
        .collect()
}

#[tokio::test]
async fn without_a_snapshot_the_database_is_loaded_and_one_is_written_at_shutdown() {
    let db = TestDb::sqlite();
    let snapshot = served_once(&db).await;
    assert_eq!(leftovers(db.dir()), Vec::<String>::new(), "only the renamed file is left");
    let written = std::fs::metadata(&snapshot).expect("snapshot").modified().expect("mtime");

    // Used at the next start, with nothing to replay; not rewritten at shutdown when nothing changed.
    let server = Server::start(&db, &[]);
    assert_eq!(server.name("k-2").await, Ok("乙园".into()));
    assert_eq!(server.name("k-9").await, Err(404));
    let log = server.stop();
    assert!(log.contains(FROM_SNAPSHOT), "{log}");
    assert!(!log.contains("snapshot written"), "{log}");
    assert_eq!(std::fs::metadata(&snapshot).expect("snapshot").modified().expect("mtime"), written);

    // --no-snapshot neither reads nor writes one.
    std::fs::remove_file(&snapshot).expect("remove");
    let server = Server::start(&db, &["--no-snapshot"]);
    assert_eq!(server.name("k-3").await, Ok("丙园".into()));
    let log = server.stop();
    assert!(!log.contains("snapshot"), "{log}");
    assert!(!snapshot.exists());
}

#[tokio::test]
async fn a_stale_snapshot_is_brought_up_to_date_before_the_first_answer() {
    let db = TestDb::sqlite();
    served_once(&db).await;
    // While no server runs: another process renames one facility and adds one.
    import(&db, &[("k-1", "甲园（新址）"), ("k-4", "丁园")]);

    let server = Server::start(&db, &[]);
    // The first answers already: nothing waits for the follower's poll.
    assert_eq!(server.name("k-1").await, Ok("甲园（新址）".into()));
    assert_eq!(server.name("k-4").await, Ok("丁园".into()));
    assert_eq!(server.name("k-2").await, Ok("乙园".into()));
    let log = server.stop();
    assert!(log.contains(FROM_SNAPSHOT), "{log}");
    assert!(log.contains("snapshot written"), "changes were replayed, so a new one is written: {log}");

    // Again, from the snapshot that shutdown wrote.
    import(&db, &[("k-2", "乙园二部")]);
    let server = Server::start(&db, &[]);
    assert_eq!(server.name("k-2").await, Ok("乙园二部".into()));
    assert_eq!(server.name("k-1").await, Ok("甲园（新址）".into()));
    assert!(server.stop().contains(FROM_SNAPSHOT));
}

#[tokio::test]
async fn a_damaged_snapshot_is_ignored_with_a_warning() {
    let db = TestDb::sqlite();
    let snapshot = served_once(&db).await;
    // After it was written the database moved on: were the damaged file used, k-1's old name would show.
    import(&db, &[("k-1", "甲园（新址）")]);
    let good = std::fs::read(&snapshot).expect("snapshot");
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("one byte flipped", flipped, "checksum mismatch"),
        ("cut short", good[..good.len() - 3].to_vec(), "cut short"),
        ("cut inside the header", good[..12].to_vec(), "no header"),
        ("another format", [&good[..8], &99u32.to_le_bytes(), &good[12..]].concat(), "format 99"),
    ];
    for (what, bytes, reason) in cases {
        std::fs::write(&snapshot, bytes).expect("damage");
        let server = Server::start(&db, &[]);
        assert_eq!(server.name("k-1").await, Ok("甲园（新址）".into()), "{what}");
        assert_eq!(server.name("k-3").await, Ok("丙园".into()), "{what}");
        let log = server.stop();
        assert!(log.contains(NOT_USED) && log.contains(reason), "{what}: {log}");
        assert!(!log.contains(FROM_SNAPSHOT), "{what}: {log}");
        // The shutdown wrote a sound one again.
        let server = Server::start(&db, &[]);
        assert_eq!(server.name("k-1").await, Ok("甲园（新址）".into()), "{what}");
        assert!(server.stop().contains(FROM_SNAPSHOT), "{what}");
    }
}

#[tokio::test]
async fn another_databases_snapshot_is_ignored() {
    // Two databases with the same history of changes (same count, same positions), different names.
    let a = TestDb::sqlite();
    let b = TestDb::sqlite();
    let from_a = served_once(&a).await;
    import(&b, &[("k-1", "另一个甲园"), ("k-2", "另一个乙园"), ("k-3", "另一个丙园")]);
    std::fs::copy(&from_a, snapshot_of(&b)).expect("copy");
    // Also given by --snapshot, as on PostgreSQL.
    let elsewhere = b.dir().join("elsewhere.snapshot");
    std::fs::copy(&from_a, &elsewhere).expect("copy");

    for extra in [vec![], vec!["--snapshot".to_string(), elsewhere.display().to_string()]] {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let server = Server::start(&b, &extra);
        assert_eq!(server.name("k-1").await, Ok("另一个甲园".into()));
        let log = server.stop();
        assert!(log.contains(NOT_USED) && log.contains("another database"), "{log}");
        assert!(!log.contains(FROM_SNAPSHOT), "{log}");
    }
    assert!(std::fs::read(&elsewhere).expect("rewritten") != std::fs::read(&from_a).expect("a's"));
}

#[tokio::test]
async fn a_snapshot_whose_changes_were_pruned_is_ignored() {
    let db = TestDb::sqlite();
    served_once(&db).await;
    import(&db, &[("k-1", "甲园（新址）")]);
    // Another server (writing no snapshot of its own) reads the change and prunes the log once it is older
    // than a second: of everything but its newest entry (the change), the snapshot's position included.
    let pruner = Server::start(&db, &["--no-snapshot", "--prune-every", "300ms", "--prune-keep", "1s"]);
    let pool = sqlx::SqlitePool::connect(&db.url).await.expect("open");
    let pruned = eventually(Duration::from_secs(20), || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM change_log").fetch_one(&pool).await.ok() == Some(1)
    })
    .await;
    pool.close().await;
    assert!(pruned, "the pruner pruned the log to its newest entry: {}", pruner.log());
    pruner.stop();

    let server = Server::start(&db, &[]);
    assert_eq!(server.name("k-1").await, Ok("甲园（新址）".into()));
    let log = server.stop();
    assert!(log.contains(NOT_USED) && log.contains("pruned"), "{log}");
    assert!(!log.contains(FROM_SNAPSHOT), "{log}");
    // The snapshot that server wrote at its stop is at the log's newest entry, which pruning keeps: a quiet
    // database's next start uses it (with an emptied log its position was 0, and every start refused it).
    let server = Server::start(&db, &[]);
    assert_eq!(server.name("k-1").await, Ok("甲园（新址）".into()));
    assert!(server.stop().contains(FROM_SNAPSHOT));
}
