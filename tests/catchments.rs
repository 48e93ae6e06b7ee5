//! School catchments (划片): `caremap catchments import` (validation, all or nothing, --replace, CRS),
//! `GET /api/catchment` (its contract), the made-up sample year, and two instances seeing a re-import
//! within 1 s (PostgreSQL: woken by NOTIFY; SQLite: by polling every 250 ms).

mod common;

use std::time::{Duration, Instant};

use common::{TestDb, TestServer, caremap, eventually, get_json};
use serde_json::{Value, json};

const MIDDLE: &str = "ms-410103001";
const PRIMARY: &str = "ps-410103001-0";
const OTHER: &str = "ps-410103003-0";

fn write(db: &TestDb, name: &str, text: &str) -> String {
    let path = db.dir().join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

/// A square of `d` degrees with its south-west corner at (lng, lat), as a feature for `school`.
fn square(school: &str, lng: f64, lat: f64, d: f64) -> Value {
    json!({"type": "Feature", "properties": {"school_id": school}, "geometry": {"type": "Polygon",
        "coordinates": [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]]}})
}

fn collection(features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

async fn ids_at(server: &TestServer, lat: f64, lng: f64, year: i32) -> Vec<String> {
    let (status, body) = get_json(&server.url(&format!("/api/catchment?lat={lat}&lng={lng}&year={year}"))).await;
    assert_eq!(status, 200, "{body}");
    body["schools"]
        .as_array()
        .map_or(Vec::new(), |a| a.iter().filter_map(|s| s["id"].as_str().map(String::from)).collect())
}

#[tokio::test]
async fn the_api_answers_with_the_sample_year() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let (_, school) = get_json(&server.url(&format!("/api/facility?id={MIDDLE}"))).await;
    let (lat, lng) =
        (school["facility"]["lat"].as_f64().expect("lat"), school["facility"]["lng"].as_f64().expect("lng"));

    // At the school itself: the latest year (the sample's 2026), this school by its shape, 0 m away.
    let (status, body) = get_json(&server.url(&format!("/api/catchment?lat={lat}&lng={lng}"))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["year"], 2026);
    assert!(body.get("message").is_none(), "{body}");
    let schools = body["schools"].as_array().expect("schools");
    let me = schools.iter().find(|s| s["id"] == MIDDLE).expect("the school's own catchment holds it");
    assert_eq!(
        (me["kind"].as_str(), me["basis"].as_str(), me["distance_m"].as_u64()),
        (Some("middle_school"), Some("polygon"), Some(0))
    );
    for field in ["name", "lat", "lng", "services", "stale_after_s"] {
        assert!(me.get(field).is_some(), "{field} missing: {me}");
    }
    let distances: Vec<u64> = schools.iter().filter_map(|s| s["distance_m"].as_u64()).collect();
    assert_eq!(distances.len(), schools.len());
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "nearest first: {distances:?}");

    // The same point given in GCJ-02 (shifted ≈ 500 m by hand-checked vectors in the unit tests) is the same answer.
    let (glng, glat) = app::geodesy::wgs84_to_gcj02(lng, lat);
    let (_, body) = get_json(&server.url(&format!("/api/catchment?lat={glat}&lng={glng}&crs=gcj02"))).await;
    assert!(
        body["schools"].as_array().expect("schools").iter().any(|s| s["id"] == MIDDLE && s["distance_m"] == 0),
        "{body}"
    );

    // Far from every catchment (Beijing): an empty list and a message saying why.
    let (status, body) = get_json(&server.url("/api/catchment?lat=39.915&lng=116.404")).await;
    assert_eq!((status, body["year"].as_i64(), body["schools"].as_array().map(Vec::len)), (200, Some(2026), Some(0)));
    assert!(body["message"].as_str().is_some_and(|m| m.contains("2026")), "{body}");
    // A year with no data: empty, saying so.
    let (status, body) = get_json(&server.url(&format!("/api/catchment?lat={lat}&lng={lng}&year=2031"))).await;
    assert_eq!((status, body["year"].as_i64(), body["schools"].as_array().map(Vec::len)), (200, Some(2031), Some(0)));
    assert!(body["message"].as_str().is_some_and(|m| m.contains("2031")), "{body}");

    for (query, field) in [
        ("lng=113.6", "lat"),
        ("lat=34.7", "lng"),
        ("lat=north&lng=113.6", "lat"),
        ("lat=34.7&lng=113.6&crs=mars", "crs"),
        ("lat=34.7&lng=113.6&year=next", "year"),
        ("lat=34.7&lng=113.6&year=1999", "year"),
    ] {
        let (status, body) = get_json(&server.url(&format!("/api/catchment?{query}"))).await;
        assert_eq!(
            (status, body["error"].as_str(), body["field"].as_str()),
            (400, Some("bad_request"), Some(field)),
            "{query}: {body}"
        );
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn import_validates_replaces_and_converts() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    let (lng, lat) = (113.60, 34.70);
    let bad = write(
        &db,
        "bad.geojson",
        &collection(vec![
            square(PRIMARY, lng, lat, 0.01),
            square("kg-410103001-0", lng, lat, 0.01),
            square("no-such-school", lng, lat, 0.01),
        ]),
    );
    let (code, _, stderr) = caremap(&["catchments", "import", &bad, "--year", "2027", "--database-url", &db.url]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("第 2 个要素") && stderr.contains("不是小学或初中"), "{stderr}");
    assert!(stderr.contains("第 3 个要素") && stderr.contains("未知学校“no-such-school”"), "{stderr}");
    assert!(stderr.contains("nothing imported"), "{stderr}");
    let server = TestServer::start(&db, &[]);
    assert!(ids_at(&server, lat + 0.005, lng + 0.005, 2027).await.is_empty(), "nothing was imported");
    drop(server);

    let (code, stdout, stderr) = caremap(&[
        "catchments",
        "import",
        &bad,
        "--year",
        "2027",
        "--skip-invalid",
        "--source-url",
        "https://jyj.example/2027",
        "--database-url",
        &db.url,
    ]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stdout.contains("imported 1 shape(s)"), "{stdout}");
    // Importing the school again without --replace is refused: it would double its catchment.
    let good = write(&db, "good.geojson", &collection(vec![square(PRIMARY, lng + 0.05, lat, 0.01)]));
    let (code, _, stderr) = caremap(&["catchments", "import", &good, "--year", "2027", "--database-url", &db.url]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--replace"), "{stderr}");
    let server = TestServer::start(&db, &[]);
    assert_eq!(ids_at(&server, lat + 0.005, lng + 0.005, 2027).await, [PRIMARY]);
    drop(server);

    // Another school of the same year, imported separately: a later --replace of PRIMARY leaves it alone.
    let other = write(&db, "other.geojson", &collection(vec![square(OTHER, lng + 0.1, lat, 0.01)]));
    let (code, _, stderr) = caremap(&["catchments", "import", &other, "--year", "2027", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    // --replace: the old shape goes, the new one (given in GCJ-02) comes.
    let (glng, glat) = app::geodesy::wgs84_to_gcj02(lng + 0.05, lat);
    let shifted = write(&db, "gcj.geojson", &collection(vec![square(PRIMARY, glng, glat, 0.01)]));
    let (code, _, stderr) = caremap(&[
        "catchments",
        "import",
        &shifted,
        "--year",
        "2027",
        "--crs",
        "gcj02",
        "--replace",
        "--database-url",
        &db.url,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let server = TestServer::start(&db, &[]);
    assert!(ids_at(&server, lat + 0.005, lng + 0.005, 2027).await.is_empty(), "the old shape is gone");
    assert_eq!(ids_at(&server, lat + 0.005, lng + 0.055, 2027).await, [PRIMARY], "the new shape, back in WGS-84");
    assert_eq!(ids_at(&server, lat + 0.005, lng + 0.105, 2027).await, [OTHER], "the other school is untouched");
    // 2 m inside the south-west corner in WGS-84 terms is inside: the conversion is exact to well below that.
    assert_eq!(ids_at(&server, lat + 0.00002, lng + 0.05002, 2027).await, [PRIMARY]);
    assert!(ids_at(&server, lat - 0.00002, lng + 0.05002, 2027).await.is_empty());

    // A list-based catchment: the community's point answers by `community`.
    let list = write(&db, "list.csv", "school_id,community_code\nps-410103001-0,410103001001\nps-410103001-0,123\n");
    let (code, _, stderr) = caremap(&["catchments", "import", &list, "--year", "2028", "--database-url", &db.url]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("第 3 行") && stderr.contains("未知社区代码“123”"), "{stderr}");
}

#[tokio::test]
async fn a_reimport_shows_in_the_other_instance() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    let a = TestServer::start(&db, &[]);
    let b = TestServer::start(&db, &[]);
    let limit = Duration::from_secs(1);
    let (lng, lat) = (113.60, 34.70);
    let (plat, plng) = (lat + 0.005, lng + 0.005);
    assert!(ids_at(&b, plat, plng, 2029).await.is_empty());

    let first = write(&db, "first.geojson", &collection(vec![square(PRIMARY, lng, lat, 0.01)]));
    let (code, _, stderr) = caremap(&["catchments", "import", &first, "--year", "2029", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    let done = Instant::now();
    assert!(
        eventually(limit, || async { ids_at(&b, plat, plng, 2029).await == [PRIMARY] }).await,
        "B did not see the import within {limit:?}"
    );
    eprintln!("import propagated in {:?}", done.elapsed());

    // Re-import elsewhere, replacing: both instances stop answering at the old place.
    let moved = write(&db, "moved.geojson", &collection(vec![square(PRIMARY, lng + 0.05, lat, 0.01)]));
    let (code, _, stderr) =
        caremap(&["catchments", "import", &moved, "--year", "2029", "--replace", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    let done = Instant::now();
    for server in [&b, &a] {
        assert!(
            eventually(limit, || async {
                ids_at(server, plat, plng, 2029).await.is_empty()
                    && ids_at(server, plat, plng + 0.05, 2029).await == [PRIMARY]
            })
            .await,
            "the re-import did not show within {limit:?}"
        );
    }
    eprintln!("re-import propagated in {:?}", done.elapsed());
}
