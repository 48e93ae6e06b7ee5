//! Population, access (2SFCA) and site suggestions end to end: `caremap population import`, then
//! `/api/admin/access` and `/api/admin/suggest` on a real server, with their authorisation; and the
//! sample population on a fresh server.

mod common;

use app::geodesy::wgs84_to_gcj02;
use common::{Browser, PASSWORD, TestDb, TestServer, add_user, caremap, get_json};
use serde_json::Value;

const HEAD: &str = "community_code,lat,lng,age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus,age_80_plus";
// Three communities of 淮河路街道 (reference data); A and B are given points (WGS-84) far apart
// inside the district: 长江路's and 嵩山路's approximate centroids. C has none: its approximate point.
const A: &str = "410103001001";
const B: &str = "410103001003";
const C: &str = "410103001004";
const A_AT: (f64, f64) = (34.71548, 113.64366);
const B_AT: (f64, f64) = (34.69875, 113.61733);
// 0.0009° of latitude north of A (≈ 100 m): the one day-care centre, 30 places.
const FACILITIES: &str = "id,name,kind,lng,lat,address,phone,services\n\
    f1,测试日间照料中心,elderly_daycare,113.64366,34.71638,,,day_care:0/30";

fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

fn write(db: &TestDb, name: &str, text: &str) -> String {
    let path = db.dir().join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

fn row<'a>(body: &'a Value, code: &str) -> &'a Value {
    body["communities"].as_array().and_then(|a| a.iter().find(|r| r["code"] == code)).expect("community row")
}

#[tokio::test]
async fn population_import_access_and_suggestions() {
    let db = TestDb::new();
    let facilities = write(&db, "f.csv", FACILITIES);
    let (code, _, err) = caremap(&["import", &facilities, "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    add_user(&db, "li", "facility_manager", &["f1"], PASSWORD);
    let server = TestServer::start(&db, &["--no-sample"]);
    let mut admin = Browser::new(&server);
    assert_eq!(admin.login("admin", PASSWORD).await.status, 200);

    // Nothing imported yet: the answer says so rather than listing zeros.
    let r = admin.get("/api/admin/access?service=day_care").await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(
        (r.json["population_loaded"].as_bool(), r.json["communities"].as_array().map(Vec::len)),
        (Some(false), Some(0))
    );

    // A bad file: every bad row named by line, exit 1, nothing imported.
    let bad = write(
        &db,
        "bad.csv",
        &format!("{HEAD}\n{A},,,1,2,3,4,300,20\n410103999999,,,1,2,3,4,5,6\n{B},,,1,2,3,4,10,11\n"),
    );
    let (code, _, err) = caremap(&["population", "import", &bad, "--database-url", &db.url]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("第 3 行") && err.contains("未知社区代码“410103999999”"), "{err}");
    assert!(err.contains("第 4 行") && err.contains("age_80_plus 11 多于 age_60_plus 10"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    let r = admin.get("/api/admin/access?service=day_care").await;
    assert_eq!(r.json["population_loaded"], false, "the good row of a bad file is not imported either");

    // A good file, with its points in GCJ-02 (as copied from Amap): stored as WGS-84.
    let gcj = |(lat, lng): (f64, f64)| {
        let (x, y) = wgs84_to_gcj02(lng, lat);
        (y, x)
    };
    let ((a_lat, a_lng), (b_lat, b_lng)) = (gcj(A_AT), gcj(B_AT));
    let good = write(
        &db,
        "good.csv",
        &format!(
            "{HEAD}\n{A},{a_lat},{a_lng},10,20,30,40,300,50\n{B},{b_lat},{b_lng},5,5,5,5,500,90\n{C},,,0,0,0,0,0,0\n"
        ),
    );
    let (code, out, err) = caremap(&["population", "import", &good, "--crs", "gcj02", "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 communities"), "{out}");

    // Day care: 60+, 300 m. f1 reaches only A (≈100 m): R = 30 / 300 = 0.1, so A's score is 0.1;
    // B (≈3 km away) and C (no residents) score 0. Worst first: B (0, 500 people), C (0, 0), A.
    let r = admin.get("/api/admin/access?service=day_care").await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!((r.json["service"].as_str(), r.json["radius_m"].as_u64()), (Some("day_care"), Some(300)));
    assert_eq!(r.json["population_loaded"], true);
    let order: Vec<&str> =
        r.json["communities"].as_array().expect("list").iter().filter_map(|c| c["code"].as_str()).collect();
    assert_eq!(order, [B, C, A]);
    let a = row(&r.json, A);
    for key in ["code", "name", "subdistrict_code", "lat", "lng", "population", "score", "nearest_m"] {
        assert!(!a[key].is_null(), "missing {key}: {a}");
    }
    assert_eq!((a["name"].as_str(), a["population"].as_u64()), (Some("淮河社区"), Some(300)));
    assert!((a["score"].as_f64().expect("score") - 0.1).abs() < 1e-9, "{a}");
    assert!((99..=102).contains(&a["nearest_m"].as_u64().expect("nearest")), "{a}");
    let a_at = (a["lat"].as_f64().expect("lat"), a["lng"].as_f64().expect("lng"));
    assert!(haversine(a_at, A_AT) < 1.0, "GCJ-02 converted back to WGS-84: {a}");
    let b = row(&r.json, B);
    assert_eq!((b["score"].as_f64(), b["population"].as_u64()), (Some(0.0), Some(500)));
    assert!(b["nearest_m"].as_u64().expect("nearest") > 3000, "{b}");

    // A wider radius: f1 reaches A and B, R = 30 / (300 + 500) = 0.0375 for both.
    let r = admin.get("/api/admin/access?service=day_care&radius_m=5000").await;
    assert_eq!(r.json["radius_m"], 5000);
    for code in [A, B] {
        assert!((row(&r.json, code)["score"].as_f64().expect("score") - 0.0375).abs() < 1e-9, "{}", r.json);
    }

    // Residential beds count only the 80+: A 50, B 90.
    let r = admin.get("/api/admin/access?service=residential_bed").await;
    assert_eq!((row(&r.json, A)["population"].as_u64(), row(&r.json, B)["population"].as_u64()), (Some(50), Some(90)));

    // Suggestions: only B is unserved with residents; one site brings its 500 in, then nothing more.
    let r = admin.get("/api/admin/suggest?service=day_care&n=3").await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!((r.json["service"].as_str(), r.json["radius_m"].as_u64()), (Some("day_care"), Some(300)));
    let list = r.json["suggestions"].as_array().expect("suggestions");
    assert_eq!(list.len(), 1, "{}", r.json);
    assert_eq!(list[0]["added_population"], 500);
    assert_eq!(list[0]["communities"], serde_json::json!([B]));
    let site = (list[0]["lat"].as_f64().expect("lat"), list[0]["lng"].as_f64().expect("lng"));
    assert!(haversine(site, A_AT) > 300.0 && haversine(site, B_AT) <= 300.0, "{site:?}");

    // Bad parameters are named.
    for (query, field) in [
        ("/api/admin/access?service=massage", "service"),
        ("/api/admin/access", "service"),
        ("/api/admin/access?service=meals&radius_m=0", "radius_m"),
        ("/api/admin/suggest?service=meals&n=21", "n"),
        ("/api/admin/suggest?radius_m=300", "service"),
    ] {
        let r = admin.get(query).await;
        assert_eq!((r.status, r.json["field"].as_str()), (400, Some(field)), "{query}: {}", r.json);
    }

    // District admins only: anonymous 401, a facility manager 403.
    for path in ["/api/admin/access?service=day_care", "/api/admin/suggest?service=day_care"] {
        let (status, _) = get_json(&server.url(path)).await;
        assert_eq!(status, 401, "{path}");
        let mut li = Browser::new(&server);
        assert_eq!(li.login("li", PASSWORD).await.status, 200);
        assert_eq!(li.get(path).await.status, 403, "{path}");
    }

    // A second bad file leaves the good figures in place.
    let (code, _, _) = caremap(&["population", "import", &bad, "--database-url", &db.url]);
    assert_eq!(code, 1);
    let r = admin.get("/api/admin/access?service=day_care").await;
    assert_eq!(r.json["communities"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn a_fresh_server_loads_the_sample_population() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    let server = TestServer::start(&db, &[]);
    let mut admin = Browser::new(&server);
    assert_eq!(admin.login("admin", PASSWORD).await.status, 200);

    let r = admin.get("/api/admin/access?service=day_care").await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(
        (r.json["population_loaded"].as_bool(), r.json["population_sample"].as_bool()),
        (Some(true), Some(true))
    );
    let list = r.json["communities"].as_array().expect("communities");
    assert_eq!(list.len(), 176);
    // Day care counts the 60+: the sample sums to the census's 135,710.
    assert_eq!(list.iter().filter_map(|c| c["population"].as_u64()).sum::<u64>(), 135_710);
    let scores: Vec<f64> = list.iter().filter_map(|c| c["score"].as_f64()).collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "worst served first");
    assert!(!r.json["facilities"].as_array().expect("facilities").is_empty());

    let r = admin.get("/api/admin/suggest?service=day_care").await;
    assert_eq!(r.status, 200, "{}", r.json);
    let list = r.json["suggestions"].as_array().expect("suggestions");
    assert!(!list.is_empty() && list.len() <= 5, "{}", r.json);
    let added: Vec<u64> = list.iter().filter_map(|s| s["added_population"].as_u64()).collect();
    assert!(added.windows(2).all(|w| w[0] >= w[1]) && added[0] > 0, "greedy gains never grow: {added:?}");
}
