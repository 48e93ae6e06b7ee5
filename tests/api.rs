//! The public HTTP contract, against a real server with the sample data.

mod common;

use common::{TestDb, TestServer, get_json, get_text};
use serde_json::Value;

// 长江路街道's approximate centroid (WGS-84): well inside the district.
const LAT: f64 = 34.71548;
const LNG: f64 = 113.64366;

fn results(body: &Value) -> &Vec<Value> {
    body["results"].as_array().expect("results array")
}

fn haversine(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((lng2 - lng1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

#[tokio::test]
async fn nearest_contract() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);

    let (status, body) = get_json(&server.url(&format!("/api/nearest?lat={LAT}&lng={LNG}&limit=15"))).await;
    assert_eq!(status, 200, "{body}");
    let list = results(&body);
    assert_eq!(list.len(), 15);
    let mut last = 0.0;
    for r in list {
        for key in ["id", "name", "kind", "lat", "lng", "distance_m", "services"] {
            assert!(!r[key].is_null(), "missing {key} in {r}");
        }
        let d = r["distance_m"].as_f64().expect("distance");
        assert!(d >= last, "not nearest first: {d} after {last}");
        last = d;
        // distance_m is the great-circle distance to the WGS-84 point returned.
        let (lat, lng) = (r["lat"].as_f64().expect("lat"), r["lng"].as_f64().expect("lng"));
        assert!((haversine(LAT, LNG, lat, lng) - d).abs() <= 1.0, "{r}");
        for s in r["services"].as_array().expect("services") {
            for key in ["service", "available", "maximum", "updated_at"] {
                assert!(!s[key].is_null(), "service lacks {key}: {s}");
            }
        }
    }
}

#[tokio::test]
async fn filters_kind_service_available_radius() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let base = format!("/api/nearest?lat={LAT}&lng={LNG}");

    let (_, body) = get_json(&server.url(&format!("{base}&kind=kindergarten,primary_school&limit=30"))).await;
    let list = results(&body);
    assert!(!list.is_empty());
    assert!(list.iter().all(|r| r["kind"] == "kindergarten" || r["kind"] == "primary_school"), "{body}");

    let (_, body) = get_json(&server.url(&format!("{base}&service=meals&available=true&limit=50"))).await;
    let now = body["as_of"].as_i64().expect("as_of");
    for r in results(&body) {
        let meals =
            r["services"].as_array().expect("services").iter().find(|s| s["service"] == "meals").expect("offers meals");
        assert!(meals["available"].as_i64().expect("n") > 0, "{r}");
        let age = now - meals["updated_at"].as_i64().expect("t");
        assert!(age <= r["stale_after_s"].as_i64().expect("limit"), "stale figure counted as free: {r}");
    }

    let (_, body) = get_json(&server.url(&format!("{base}&radius_m=800&limit=100"))).await;
    assert!(results(&body).iter().all(|r| r["distance_m"].as_f64().expect("d") <= 800.0));
    let (_, wider) = get_json(&server.url(&format!("{base}&radius_m=3000&limit=100"))).await;
    assert!(results(&wider).len() > results(&body).len());
}

#[tokio::test]
async fn query_point_in_gcj02_or_bd09_is_converted() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let (_, body) = get_json(&server.url(&format!("/api/nearest?lat={LAT}&lng={LNG}&limit=1"))).await;
    let first = &results(&body)[0];
    let (lat, lng) = (first["lat"].as_f64().expect("lat"), first["lng"].as_f64().expect("lng"));
    // The same facility's position as Amap and Baidu would give it.
    let (g_lng, g_lat) = app::geodesy::wgs84_to_gcj02(lng, lat);
    let (b_lng, b_lat) = app::geodesy::gcj02_to_bd09(g_lng, g_lat);
    for (crs, x, y) in [("gcj02", g_lng, g_lat), ("bd09", b_lng, b_lat)] {
        let (status, body) = get_json(&server.url(&format!("/api/nearest?lat={y}&lng={x}&crs={crs}&limit=1"))).await;
        assert_eq!(status, 200);
        let hit = &results(&body)[0];
        assert_eq!(hit["id"], first["id"], "{crs}");
        assert!(hit["distance_m"].as_f64().expect("d") <= 1.0, "{crs}: {hit}");
    }
}

#[tokio::test]
async fn bad_parameters_get_400_naming_the_field() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let cases = [
        ("lng=113.6", "lat"),
        ("lat=abc&lng=113.6", "lat"),
        ("lat=NaN&lng=113.6", "lat"),
        ("lat=34.7&lng=inf", "lng"),
        ("lat=91&lng=113.6", "lat"),
        ("lat=34.7&lng=200", "lng"),
        ("lat=34.7&lng=113.6&crs=mercator", "crs"),
        ("lat=34.7&lng=113.6&kind=hospital", "kind"),
        ("lat=34.7&lng=113.6&service=massage", "service"),
        ("lat=34.7&lng=113.6&limit=100000", "limit"),
        ("lat=34.7&lng=113.6&limit=-1", "limit"),
        ("lat=34.7&lng=113.6&radius_m=0", "radius_m"),
        ("lat=34.7&lng=113.6&available=perhaps", "available"),
    ];
    for (query, field) in cases {
        let (status, body) = get_json(&server.url(&format!("/api/nearest?{query}"))).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["error"], "bad_request", "{query}: {body}");
        assert_eq!(body["field"], field, "{query}: {body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // The cap is there and the maximum itself is fine.
    let (status, body) = get_json(&server.url("/api/nearest?lat=34.7&lng=113.6&limit=100")).await;
    assert_eq!(status, 200);
    assert_eq!(results(&body).len(), 100);
}

#[tokio::test]
async fn pages_render_results_without_javascript() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let (status, html) = get_text(&server.url("/")).await;
    assert_eq!(status, 200);
    assert!(html.contains("使用我的位置") && html.contains("示例数据"), "home page");

    let (_, body) = get_json(&server.url(&format!("/api/nearest?lat={LAT}&lng={LNG}&kind=kindergarten&limit=5"))).await;
    let names: Vec<String> = results(&body).iter().map(|r| r["name"].as_str().expect("name").to_string()).collect();
    let (status, html) = get_text(&server.url(&format!("/search?lat={LAT}&lng={LNG}&kind=kindergarten&limit=5"))).await;
    assert_eq!(status, 200);
    let positions: Vec<usize> =
        names.iter().map(|n| html.find(n.as_str()).unwrap_or_else(|| panic!("{n} not in page"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "results in API order");

    // A plain HTML form names a subdistrict and repeats `kind`.
    let (status, html) = get_text(&server.url("/search?kind=elderly_daycare&kind=nursing_home&near=410103013")).await;
    assert_eq!(status, 200);
    assert!(html.contains("class=\"result\""), "form search shows results");
    assert!(!html.contains("k-kindergarten\">"), "kinds filtered");

    let id = results(&body)[0]["id"].as_str().expect("id").to_string();
    let (status, html) = get_text(&server.url(&format!("/facility/{id}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains(&names[0]) && html.contains("tel:") && html.contains("uri.amap.com"));

    let (status, _) = get_text(&server.url("/facility/no-such-place")).await;
    assert_eq!(status, 404);
    let (status, _) = get_text(&server.url("/nowhere")).await;
    assert_eq!(status, 404);
    let (status, html) = get_text(&server.url("/search?lat=999&lng=1")).await;
    assert_eq!(status, 400);
    assert!(html.contains("lat"));
}

#[tokio::test]
async fn health_reports_the_store_and_index() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let (status, body) = get_json(&server.url("/health")).await;
    assert_eq!(status, 200);
    assert_eq!(body["database"], if db.is_postgres() { "postgres" } else { "sqlite" });
    assert!(body["facilities"].as_u64().expect("n") >= 150);
    assert_eq!(body["facilities"], body["stored"]);
}
