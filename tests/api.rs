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
    assert!(!results(&body).is_empty(), "the sample has fresh free meals nearby: {body}");
    for r in results(&body) {
        let meals =
            r["services"].as_array().expect("services").iter().find(|s| s["service"] == "meals").expect("offers meals");
        assert!(meals["available"].as_i64().expect("n") > 0, "{r}");
        let age = now - meals["updated_at"].as_i64().expect("t");
        assert!(age <= r["stale_after_s"].as_i64().expect("limit"), "stale figure counted as free: {r}");
    }

    let (_, body) = get_json(&server.url(&format!("{base}&radius_m=800&limit=100"))).await;
    assert!(!results(&body).is_empty());
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

/// `/api/nearest` is written from per-facility JSON fragments (server/src/api/nearest.rs), not by serde from
/// the typed answer as the server function did: without `fields=` the bytes must be exactly what the server
/// function wrote — serde_json of the `NearestResponse` of the same hits — whatever the filters and the text;
/// the same with each facility's JSON kept in memory (`--keep-json`), which answers the same bytes.
#[tokio::test]
async fn nearest_answers_are_byte_for_byte_the_typed_answer() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let kept = TestServer::start(&db, &["--api-rate", "0", "--keep-json"]);
    let queries = [
        format!("lat={LAT}&lng={LNG}&limit=15"),
        format!("lat={LAT}&lng={LNG}&limit=100"),
        format!("lat={LAT}&lng={LNG}&kind=holiday_care&limit=100"),
        format!("lat={LAT}&lng={LNG}&service=meals&available=true&limit=50"),
        format!("lat={LAT}&lng={LNG}&kind=kindergarten&kind=nursery&limit=100"),
        format!("lat={LAT}&lng={LNG}&fields="),
        format!("lat={LAT}&lng={LNG}&limit=30&fields=id,name,kind,lat,lng,distance_m,services"),
        "lat=34.7&lng=113.6&crs=gcj02&audience=elder&limit=100".to_string(),
        "lat=34.7&lng=113.6&radius_m=1".to_string(),
    ];
    for query in queries {
        let mut answers = Vec::new();
        for server in [&server, &kept] {
            let text = typed_nearest(server, &query).await;
            if query.contains("limit=100") && !query.contains("radius_m") {
                assert!(results(&json(&text)).len() > 5, "{query}: {text}");
            }
            answers.push(text);
        }
        // The same hits, fields and figures (`as_of` may differ by a second).
        assert_eq!(json(&answers[0])["results"], json(&answers[1])["results"], "{query}");
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("json")
}

/// `/api/nearest?{query}`'s body; without `fields=`, checked byte for byte against serde's writing of the
/// typed answer it parses to.
async fn typed_nearest(server: &TestServer, query: &str) -> String {
    let res = common::client().get(server.url(&format!("/api/nearest?{query}"))).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 200, "{query}");
    assert_eq!(res.headers()["content-type"], "application/json", "{query}");
    let text = res.text().await.expect("body");
    if !query.contains("fields=") || query.contains("fields=&") || query.ends_with("fields=") {
        let typed: app::model::NearestResponse =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{query}: not a NearestResponse: {e}"));
        assert_eq!(text, serde_json::to_string(&typed).expect("json"), "{query}");
    }
    text
}

/// With `--keep-json`, each facility's kept JSON follows every write: a figure changed on that server
/// (its capacity path), and a figure changed on another server on the same database, which this one
/// takes from the change log (its reload path). Each answer is the facility as `/api/facility` has it.
#[tokio::test]
async fn kept_json_follows_every_write() {
    const MINE: &str = "dc-410103013004";
    let (db, kept) = common::with_accounts(
        &[("mgr", "facility_manager", &[MINE])],
        &["--api-rate", "0"],
        &["--api-rate", "0", "--keep-json"],
    );
    let other = TestServer::start(&db, &["--api-rate", "0"]);
    let token = common::create_token(&db, "mgr");
    let query = format!("lat={LAT}&lng={LNG}&kind=elderly_daycare&limit=100");
    let mine = |text: &str| -> Value {
        let body = json(text);
        let found = results(&body).iter().find(|r| r["id"] == MINE).cloned();
        found.unwrap_or_else(|| panic!("{MINE} among the answers: {text}"))
    };
    let meals = |result: &Value| -> Value {
        let services = result["services"].as_array().cloned().unwrap_or_default();
        services.into_iter().find(|s| s["service"] == "meals").unwrap_or(Value::Null)
    };
    let before = meals(&mine(&typed_nearest(&kept, &query).await));
    let available = before["available"].as_i64().expect("a meals figure");
    let mut delta = if available > 0 { -1 } else { 1 };
    for (via, label) in [(&kept, "this server"), (&other, "another server")] {
        let (status, body, _) = common::token_change(via, &token, MINE, "meals", delta).await;
        assert_eq!(status, 200, "{label}: {body}");
        let want = common::figure(via, MINE, "meals").await;
        assert_ne!(want["version"], before["version"], "{label}");
        let followed = common::eventually(std::time::Duration::from_secs(10), || async {
            meals(&mine(&typed_nearest(&kept, &query).await)) == want
        })
        .await;
        let got = meals(&mine(&typed_nearest(&kept, &query).await));
        assert!(followed, "{label}: the kept answer says {got}, the facility {want}");
        delta = -delta;
    }
}

/// `fields=` (comma-separated and/or repeated): only those top-level fields of each result, in a result's
/// order, each as in the full answer; an unknown one is a 400 naming `fields` in the visitor's language.
#[tokio::test]
async fn nearest_fields_trim_each_result() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let base = format!("/api/nearest?lat={LAT}&lng={LNG}&limit=20&kind=elderly_daycare,kindergarten");
    let (status, full) = get_json(&server.url(&base)).await;
    assert_eq!(status, 200, "{full}");
    let phone = ["id", "name", "kind", "lat", "lng", "distance_m", "services"];
    for spelling in [
        "fields=id,name,kind,lat,lng,distance_m,services",
        "fields=services,distance_m&fields=lng,lat&fields=kind,name,id",
        "fields=id&fields=name&fields=kind&fields=lat&fields=lng&fields=distance_m&fields=services&fields=id",
        "fields=%20id%2Cname,kind,lat,,lng,distance_m,services",
    ] {
        let (status, body) = get_json(&server.url(&format!("{base}&{spelling}"))).await;
        assert_eq!(status, 200, "{spelling}: {body}");
        for key in ["as_of", "lat", "lng"] {
            assert!(body[key].is_number(), "{spelling}: the answer keeps {key}");
        }
        assert_eq!(results(&body).len(), results(&full).len(), "{spelling}");
        for (short, long) in results(&body).iter().zip(results(&full)) {
            let keys: Vec<&str> = short.as_object().expect("object").keys().map(String::as_str).collect();
            let mut want = phone.to_vec();
            want.sort_unstable();
            assert_eq!(keys, want, "{spelling}");
            for key in phone {
                assert_eq!(short[key], long[key], "{spelling}: {key}");
            }
        }
    }
    // In a result's order, whatever order they were asked in; and much less to send.
    let (_, text) = get_text(&server.url(&format!("{base}&fields=services,id,distance_m"))).await;
    let first = text.split("},{").next().expect("a result");
    let at = |k: &str| first.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} in {first}"));
    assert!(at("distance_m") < at("id") && at("id") < at("services"), "{first}");
    let (_, whole) = get_text(&server.url(&base)).await;
    let (_, ids) = get_text(&server.url(&format!("{base}&fields=id,distance_m"))).await;
    assert!(ids.len() * 4 < whole.len(), "{} bytes against {}", ids.len(), whole.len());

    for (language, words) in [(None, "不认识的结果字段"), (Some("en"), "unknown result field")] {
        for bad in ["fields=id,nope", "fields=id&fields=nope", "fields=services.available"] {
            let mut req = common::client().get(server.url(&format!("{base}&{bad}")));
            if let Some(l) = language {
                req = req.header("accept-language", l);
            }
            let res = req.send().await.expect("request");
            assert_eq!(res.status().as_u16(), 400, "{bad}");
            let body: Value = res.json().await.expect("json");
            assert_eq!(body["error"], "bad_request", "{bad}: {body}");
            assert_eq!(body["field"], "fields", "{bad}: {body}");
            assert_eq!(body["code"], "err_unknown_result_field", "{bad}: {body}");
            let message = body["message"].as_str().expect("message");
            assert!(
                message.contains(words) && (message.contains("nope") || message.contains("services.")),
                "{message}"
            );
        }
    }
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

/// Several services at once (issue 9, item 5): `service=a,b` and a repeated `service=` both mean all of them;
/// with `available=true` each must have free places.
#[tokio::test]
async fn several_services_at_once() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let base = format!("/api/nearest?lat={LAT}&lng={LNG}&limit=100&available=true");
    let ids = |body: &Value| -> Vec<String> {
        results(body).iter().filter_map(|r| r["id"].as_str().map(String::from)).collect()
    };
    let (status, comma) = get_json(&server.url(&format!("{base}&service=day_care,meals"))).await;
    assert_eq!(status, 200, "{comma}");
    let (_, repeated) = get_json(&server.url(&format!("{base}&service=day_care&service=meals"))).await;
    let (_, meals) = get_json(&server.url(&format!("{base}&service=meals"))).await;
    assert!(!ids(&comma).is_empty() && ids(&comma) == ids(&repeated), "both spellings mean the same");
    assert!(ids(&comma).len() < ids(&meals).len(), "fewer than meals alone");
    for r in results(&comma) {
        for service in ["day_care", "meals"] {
            let free = r["services"].as_array().is_some_and(|s| {
                s.iter().any(|c| c["service"] == service && c["available"].as_i64().is_some_and(|a| a > 0))
            });
            assert!(free, "{service} free at {}", r["id"]);
        }
    }
    let (status, body) = get_json(&server.url(&format!("{base}&service=meals,spa"))).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("service")), "{body}");
    // The page: checkboxes send the list; each card shows each asked-for service.
    let (_, html) =
        get_text(&server.url(&format!("/search?lat={LAT}&lng={LNG}&available=true&service=day_care&service=meals")))
            .await;
    assert!(
        html.contains("name=\"service\" value=\"meals\" checked")
            && html.contains("name=\"service\" value=\"day_care\" checked")
    );
    let cards = html.matches("class=\"result\"").count();
    assert!(cards > 0);
    assert_eq!(html.matches("class=\"focus\">助餐：空").count(), cards);
    assert_eq!(html.matches("class=\"focus\">日间照料：空").count(), cards);
}

/// The home page's two place controls each send which one was used; the results search around that one and
/// say so (issue 9, item 1: a subdistrict touched before typing a place used to win).
#[tokio::test]
async fn the_place_control_used_is_the_one_searched_and_named() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let (_, home) = get_text(&server.url("/")).await;
    assert!(home.contains("name=\"by\" value=\"q\"") && home.contains("name=\"by\" value=\"near\""), "{home}");
    let heading = |html: &str| {
        // The page's heading names the place: `<h1 class="page-title where">`.
        let start = html.find("where\"><strong>").unwrap_or_else(|| panic!("no heading in {html}"));
        html[start..].split("</h1>").next().unwrap_or_default().to_string()
    };
    let both = "q=%E6%B7%AE%E6%B2%B3%E7%A4%BE%E5%8C%BA&near=410103013"; // q=淮河社区, near=长江路街道
    let (_, typed) = get_text(&server.url(&format!("/search?{both}&by=q"))).await;
    assert!(heading(&typed).contains("淮河社区") && !heading(&typed).contains("长江路"), "{}", heading(&typed));
    let (_, picked) = get_text(&server.url(&format!("/search?{both}&by=near"))).await;
    assert!(heading(&picked).contains("长江路街道") && !heading(&picked).contains("淮河"), "{}", heading(&picked));
    let (_, old_link) = get_text(&server.url("/search?near=410103013")).await;
    assert!(heading(&old_link).contains("长江路街道"), "a subdistrict alone keeps its meaning");
}

/// "Only with free places" for one kind means that kind's main service on the page, and each card says which
/// (issue 9, item 4); the API keeps its documented meaning (free places in any service).
#[tokio::test]
async fn free_places_for_one_kind_mean_its_main_service_on_the_page() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let query = format!("lat={LAT}&lng={LNG}&kind=elderly_daycare&available=true&limit=50");
    let (_, any) = get_json(&server.url(&format!("/api/nearest?{query}"))).await;
    let day_care_free = |r: &Value| {
        r["services"].as_array().is_some_and(|s| {
            s.iter().any(|c| c["service"] == "day_care" && c["available"].as_i64().is_some_and(|a| a > 0))
        })
    };
    let only_meals: Vec<&str> =
        results(&any).iter().filter(|r| !day_care_free(r)).filter_map(|r| r["id"].as_str()).collect();
    assert!(!only_meals.is_empty(), "the sample has day-care centres with free places in other services only");

    let (status, html) = get_text(&server.url(&format!("/search?{query}"))).await;
    assert_eq!(status, 200);
    let cards = html.matches("class=\"result\"").count();
    assert!(cards > 0, "some centres have day care free");
    assert_eq!(
        html.matches("class=\"focus\">日间照料：空 ").count(),
        cards,
        "every card names the service and its figure"
    );
    for id in only_meals {
        assert!(!html.contains(&format!("data-id=\"{id}\"")), "{id}: day care is full, only other services are free");
    }
    // The form shows the service it used; a service chosen explicitly stays as chosen.
    assert!(html.contains("name=\"service\" value=\"day_care\" checked"), "the filter form shows day care");
    let (_, html) = get_text(&server.url(&format!("/search?{query}&service=meals"))).await;
    assert!(html.contains("class=\"focus\">助餐："));
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

#[tokio::test]
async fn family_filters_through_the_api() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let base = format!("/api/nearest?lat={LAT}&lng={LNG}&limit=100");

    // Open now (Asia/Shanghai): every result is open by its own hours at the answer's time.
    let (status, body) = get_json(&server.url(&format!("{base}&open_now=true"))).await;
    assert_eq!(status, 200);
    let (weekday, minute) = app::calendar::shanghai_weekday_minute(body["as_of"].as_i64().expect("as_of"));
    assert!(!results(&body).is_empty(), "some are open at any hour (24/7 nursing homes)");
    for r in results(&body) {
        let hours = app::model::OpeningHours::parse(r["hours"].as_str().unwrap_or("")).expect("hours");
        assert!(hours.is_open_at(weekday, minute), "{} is closed now: {}", r["id"], r["hours"]);
    }
    let (_, homes) = get_json(&server.url(&format!("{base}&kind=nursing_home&open_now=true"))).await;
    assert!(!results(&homes).is_empty(), "24/7 nursing homes are always open");

    // One search for three generations, or one of them.
    let (_, elder) = get_json(&server.url(&format!("{base}&audience=elder"))).await;
    assert!(!results(&elder).is_empty());
    assert!(
        results(&elder)
            .iter()
            .all(|r| ["elderly_center", "elderly_daycare", "nursing_home"].contains(&r["kind"].as_str().unwrap_or("")))
    );
    // A child's grade: schools and holiday sessions that take it; elder care is unaffected.
    let (_, grade) = get_json(&server.url(&format!("{base}&grade=8"))).await;
    for r in results(&grade) {
        match r["kind"].as_str().unwrap_or("") {
            "primary_school" | "kindergarten" => panic!("grade 8 is not taken by {}", r["id"]),
            _ => {}
        }
    }
    assert!(results(&grade).iter().any(|r| r["kind"] == "middle_school"));
    assert!(results(&grade).iter().any(|r| r["kind"] == "elderly_daycare"));
    let (_, public) =
        get_json(&server.url(&format!("{base}&ownership=public,inclusive_private&kind=kindergarten"))).await;
    assert!(results(&public).iter().all(|r| r["ownership"] == "public" || r["ownership"] == "inclusive_private"));
    assert!(!results(&public).is_empty());
}

#[tokio::test]
async fn places_facilities_settings_reports_coverage() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let (status, places) = get_json(&server.url("/api/places?q=huaihelu")).await;
    assert_eq!(status, 200);
    assert_eq!(places[0]["name"], "淮河路街道");
    let (status, body) = get_json(&server.url("/api/places?q=")).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("q")));

    let (status, list) = get_json(&server.url("/api/facilities?ids=ec-410103001,nope,hc-410103013")).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().map(Vec::len), Some(2), "unknown ids are left out");
    let many = (0..11).map(|i| format!("x{i}")).collect::<Vec<_>>().join(",");
    assert_eq!(get_json(&server.url(&format!("/api/facilities?ids={many}"))).await.0, 400);

    // Settings: a cookie, and back to the page — never to another site.
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let res = no_redirects
        .get(server.url("/settings?lang=en&back=%2Fsearch%3Fnear%3D410103013"))
        .send()
        .await
        .expect("settings");
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/search?near=410103013");
    assert!(res.headers()["set-cookie"].to_str().expect("cookie").starts_with("caremap_lang=en;"));
    let res = no_redirects.get(server.url("/settings?elder=1&back=%2F%2Fevil.example")).send().await.expect("settings");
    assert_eq!(res.headers()["location"], "/");
    assert_eq!(
        no_redirects.get(server.url("/settings?lang=fr")).send().await.expect("settings").status().as_u16(),
        400
    );

    // Reports: checked, rate limited per address.
    let report = |facility: &'static str, kind: &'static str| {
        let url = server.url("/api/report");
        let origin = server.base.clone();
        async move {
            let res = common::client()
                .post(url)
                .header("origin", origin)
                .form(&[("facility_id", facility), ("kind", kind), ("note", "")])
                .send()
                .await
                .expect("report");
            res.status().as_u16()
        }
    };
    assert_eq!(report("no-such", "full").await, 404);
    assert_eq!(report("ec-410103001", "closed").await, 400);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(report("ec-410103001", "full").await);
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429]);

    // Coverage is for district staff.
    let res = common::client()
        .post(server.url("/api/admin/coverage"))
        .header("origin", server.base.clone())
        .send()
        .await
        .expect("coverage");
    assert_eq!(res.status().as_u16(), 401);
}

#[tokio::test]
async fn malformed_json_bodies_are_a_plain_400() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    // JSON server functions of the manager and admin pages, and the work-item step (form-encoded).
    for path in ["/api/manage/capacity", "/api/manage/info", "/api/admin/create-account"] {
        for body in ["{", "null", "[]", "{\"facility_id\":1}", "\u{0}"] {
            let res = common::client()
                .post(server.url(path))
                .header("content-type", "application/json")
                .header("origin", server.base.clone())
                .body(body)
                .send()
                .await
                .expect("request");
            let status = res.status().as_u16();
            let json: Value = res.json().await.unwrap_or(Value::Null);
            assert_eq!(status, 400, "{path} with {body:?}: {json}");
            assert_eq!(json["error"], "bad_request", "{path} with {body:?}: {json}");
            let message = json["message"].as_str().unwrap_or("");
            assert!(!message.contains("struct") && !message.contains("expected"), "no serde internals: {message}");
        }
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    for path in ["/", "/api/nearest?lat=34.7&lng=113.6", "/api/nearest?lat=x", "/pkg/none.js", "/no-such-page"] {
        let res = common::client().get(server.url(path)).send().await.expect("request");
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
        let csp = h["content-security-policy"].to_str().expect("ascii");
        // Pages get the full policy (see `pages_run_under_a_nonce_policy`); every other answer only this.
        if path == "/" || path == "/no-such-page" {
            assert!(csp.contains("'nonce-") && csp.ends_with("frame-ancestors 'none'"), "{path}: {csp}");
        } else {
            assert_eq!(csp, "frame-ancestors 'none'", "{path}");
        }
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(h.get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
    }
    drop(server);
    let secure = TestServer::start(&db, &["--secure-cookies"]);
    let res = common::client().get(secure.url("/")).send().await.expect("request");
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000");
}

/// The nonce a page's policy names, after checking that the policy allows no inline script but its own.
fn page_nonce(path: &str, csp: &str) -> String {
    let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src ")).expect("script-src");
    assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"), "{path}: {script_src}");
    assert!(csp.contains("default-src 'self'") && csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"));
    let nonce = script_src.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce");
    assert!(nonce.len() >= 22, "{path}: at least 128 bits: {nonce}");
    assert!(csp.contains(&format!("style-src 'self' 'nonce-{nonce}'")), "{path}: {csp}");
    nonce.to_string()
}

#[tokio::test]
async fn pages_run_under_a_nonce_policy() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--tiles", "osm"]);
    let mut nonces = Vec::new();
    for path in ["/", "/", "/search?lat=34.7155&lng=113.6437", "/facility/dc-410103013004", "/admin", "/nowhere"] {
        let res = common::client().get(server.url(path)).send().await.expect("request");
        let csp = res.headers()["content-security-policy"].to_str().expect("ascii").to_string();
        let nonce = page_nonce(path, &csp);
        assert!(csp.contains("img-src 'self' data: https://tile.openstreetmap.org;"), "{path}: the tiles' host: {csp}");
        let html = res.text().await.expect("body");
        // Every inline script and style element the page has carries this response's nonce.
        let mut scripts = 0;
        for tag in ["<script", "<style"] {
            for (at, _) in html.match_indices(tag) {
                let open = &html[at..at + html[at..].find('>').expect("tag end")];
                assert!(open.contains(&format!("nonce=\"{nonce}\"")), "{path}: {open}");
                scripts += 1;
            }
        }
        assert!(scripts >= 3, "{path}: the shell's style, boot script and islands loader");
        nonces.push(nonce);
    }
    let mut distinct = nonces.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), nonces.len(), "a fresh nonce per response: {nonces:?}");
    // Without tiles the images stay our own.
    drop(server);
    let plain = TestServer::start(&db, &["--tiles", "none"]);
    let res = common::client().get(plain.url("/")).send().await.expect("request");
    let csp = res.headers()["content-security-policy"].to_str().expect("ascii");
    assert!(csp.contains("img-src 'self' data:;"), "{csp}");
}
