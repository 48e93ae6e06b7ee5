//! The `caremap` command line: import validation, the all-or-nothing rule, CRS conversion on
//! import, and a running server picking up an import made by another process.

mod common;

use std::time::Duration;

use common::{TestDb, TestServer, caremap, eventually, get_json};

const HEADER: &str = "id,name,kind,lng,lat,address,phone,services";

fn write(db: &TestDb, name: &str, text: &str) -> String {
    let path = db.dir().join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

async fn ids_near(server: &TestServer, lat: f64, lng: f64) -> Vec<String> {
    let (_, body) = get_json(&server.url(&format!("/api/nearest?lat={lat}&lng={lng}&limit=100"))).await;
    body["results"]
        .as_array()
        .map(|a| a.iter().map(|r| r["id"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn bad_rows_import_nothing_and_are_each_reported() {
    let db = TestDb::new();
    let file = write(
        &db,
        "mixed.csv",
        &format!(
            "{HEADER}\n\
             good-1,好的,kindergarten,113.63,34.72,,,preschool_place:3/10\n\
             bad-1,坏的,hospital,113.63,34.72,,,\n\
             bad-2,坏的,kindergarten,113.63,34.72,,,preschool_place:11/10\n"
        ),
    );
    let (code, _, stderr) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("第 3 行") && stderr.contains("未知类型“hospital”"), "{stderr}");
    assert!(stderr.contains("第 4 行") && stderr.contains("多于总数"), "{stderr}");
    assert!(stderr.contains("nothing imported"), "{stderr}");

    let server = TestServer::start(&db, &["--no-sample"]);
    assert!(ids_near(&server, 34.72, 113.63).await.is_empty(), "nothing was imported");
    drop(server);

    let (code, stdout, stderr) = caremap(&["import", &file, "--skip-invalid", "--database-url", &db.url]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stdout.contains("imported 1 facility"), "{stdout}");
    assert!(stderr.contains("第 3 行") && stderr.contains("第 4 行"), "{stderr}");
    let server = TestServer::start(&db, &["--no-sample"]);
    assert_eq!(ids_near(&server, 34.72, 113.63).await, ["good-1"]);
}

/// A file of many chunks streams through one transaction: a bad row at the very end still leaves nothing
/// (the chunks before it were written, then rolled back), and a spreadsheet's byte-order mark is not part of
/// the header.
#[tokio::test]
async fn a_long_file_is_still_all_or_nothing() {
    let db = TestDb::new();
    let rows = 1_234; // More than two of the writer's 500-row chunks.
    let mut text = format!("\u{feff}{HEADER}\n");
    for i in 0..rows {
        let lng = 113.60 + f64::from(i % 50) * 0.001;
        let lat = 34.70 + f64::from(i / 50) * 0.001;
        text.push_str(&format!("kg-{i},幼儿园{i},kindergarten,{lng:.4},{lat:.4},,,preschool_place:3/10\n"));
    }
    let good = text.clone();
    text.push_str("kg-bad,坏的,kindergarten,113.63,34.72,,,preschool_place:11/10\n");
    let file = write(&db, "long.csv", &text);
    let (code, _, stderr) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&format!("第 {} 行", rows + 2)) && stderr.contains("多于总数"), "{stderr}");
    let server = TestServer::start(&db, &["--no-sample"]);
    let (_, health) = get_json(&server.url("/health")).await;
    assert_eq!(health["stored"], 0, "a bad last row leaves nothing: {health}");
    drop(server);

    let file = write(&db, "long.csv", &good);
    let (code, stdout, stderr) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("imported {rows} facilities")), "{stdout}");
    let server = TestServer::start(&db, &["--no-sample"]);
    let (_, health) = get_json(&server.url("/health")).await;
    assert_eq!((health["stored"].as_i64(), health["facilities"].as_i64()), (Some(1_234), Some(1_234)), "{health}");
    assert_eq!(ids_near(&server, 34.70, 113.60).await.first().map(String::as_str), Some("kg-0"));
}

#[tokio::test]
async fn gcj02_import_round_trips_to_wgs84() {
    let db = TestDb::new();
    let (lat, lng) = (34.7201, 113.6312);
    let (g_lng, g_lat) = app::geodesy::wgs84_to_gcj02(lng, lat);
    let features = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{g_lng},{g_lat}]}},
        "properties":{{"id":"gj-1","name":"高德坐标的托管点","kind":"holiday_care","address":"某路1号","phone":"0371-60000000",
        "services":[{{"service":"holiday_care","available":4,"maximum":30}}]}}}}]}}"#
    );
    let file = write(&db, "amap.geojson", &features);
    let (code, _, stderr) = caremap(&["import", &file, "--crs", "gcj02", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");

    let server = TestServer::start(&db, &["--no-sample"]);
    let (_, body) = get_json(&server.url(&format!("/api/nearest?lat={lat}&lng={lng}"))).await;
    let hit = &body["results"][0];
    assert_eq!(hit["id"], "gj-1");
    let d = app::geodesy::haversine_m(lat, lng, hit["lat"].as_f64().expect("lat"), hit["lng"].as_f64().expect("lng"));
    assert!(d < 0.5, "stored {d} m from the true WGS-84 point");
    assert_eq!(hit["services"][0]["available"], 4);

    // Upsert by id: importing again with new figures replaces, not duplicates.
    let file = write(&db, "again.geojson", &features.replace("\"available\":4", "\"available\":9"));
    let (code, _, stderr) = caremap(&["import", &file, "--crs", "gcj02", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        eventually(Duration::from_secs(5), || async {
            let (_, body) = get_json(&server.url(&format!("/api/nearest?lat={lat}&lng={lng}"))).await;
            body["results"].as_array().map(Vec::len) == Some(1) && body["results"][0]["services"][0]["available"] == 9
        })
        .await,
        "the running server sees the re-import"
    );
}

#[tokio::test]
async fn file_level_problems_are_clear() {
    let db = TestDb::new();
    let (code, _, stderr) = caremap(&["import", "/nonexistent/x.csv", "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(stderr.contains("/nonexistent/x.csv"), "{stderr}");
    let file = write(&db, "x.pdf", "whatever");
    let (code, _, stderr) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(stderr.contains(".csv") && stderr.contains(".xlsx"), "{stderr}");
    // A spreadsheet that is not one is refused whole (registers: tests/registers.rs).
    let file = write(&db, "x.xlsx", "whatever");
    let (code, _, stderr) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(stderr.contains("不是可读取的电子表格"), "{stderr}");
    // CareMap's own CSV (it has coordinates columns) missing a required column.
    let file = write(&db, "short.csv", "id,name,lng,lat\n1,x,113.6,34.7\n");
    let (code, _, stderr) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(stderr.contains("表头缺少列"), "{stderr}");
    let (code, _, stderr) = caremap(&["serve", "--database-url", "mysql://x", "--addr", "127.0.0.1:0"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
    let (code, _, stderr) = caremap(&["serve", "--stale-after", "spa=1h", "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(stderr.contains("spa"), "{stderr}");
}

#[test]
fn generate_reproduces_the_committed_sample() {
    let (code, stdout, stderr) = caremap(&["generate", "--preset", "erqi"]);
    assert_eq!(code, 0, "{stderr}");
    let committed =
        std::fs::read_to_string(common::workspace_root().join("data/sample/facilities.geojson")).expect("sample");
    assert!(
        stdout == committed,
        "`caremap generate --preset erqi` no longer reproduces data/sample/facilities.geojson"
    );
}
