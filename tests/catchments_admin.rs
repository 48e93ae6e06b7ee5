//! District admins and catchments: the upload route (`POST /admin/catchments/upload`, multipart) is
//! authorised like the server functions, refuses bad files with the one JSON error (nothing imported),
//! imports good ones at once; `/admin/catchments` shows the year's problems; a school's page and the
//! search page show catchments.

mod common;

use common::{Browser, PASSWORD, TestDb, TestServer, add_user, client, get_json, get_text};
use serde_json::{Value, json};

const PRIMARY: &str = "ps-410103001-0";
const BOUNDARY: &str = "caremapBoundary7MA4YWxkTrZu0gW";

/// A multipart body as a browser's form sends it (file first, then the fields).
fn multipart(filename: &str, file: &str, fields: &[(&str, &str)]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{file}\r\n"
    );
    for (name, value) in fields {
        body.push_str(&format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body.into_bytes()
}

async fn upload(server: &TestServer, cookie: Option<&str>, body: Vec<u8>) -> (u16, Value) {
    let mut req = client()
        .post(server.url("/admin/catchments/upload"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("origin", server.base.clone())
        .body(body);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.expect("upload");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn square_file(school: &str, lng: f64, lat: f64) -> String {
    json!({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"school_id": school},
        "geometry": {"type": "Polygon", "coordinates": [[[lng, lat], [lng + 0.01, lat], [lng + 0.01, lat + 0.01], [lng, lat + 0.01], [lng, lat]]]}}]})
    .to_string()
}

async fn ids_at(server: &TestServer, lat: f64, lng: f64, year: i32) -> Vec<String> {
    let (_, body) = get_json(&server.url(&format!("/api/catchment?lat={lat}&lng={lng}&year={year}"))).await;
    body["schools"]
        .as_array()
        .map_or(Vec::new(), |a| a.iter().filter_map(|s| s["id"].as_str().map(String::from)).collect())
}

fn client_no_redirect() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// A page as the holder of `cookie` sees it.
async fn page_as(server: &TestServer, cookie: Option<&str>, path: &str) -> String {
    let mut req = client().get(server.url(path));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.expect("page").text().await.expect("body")
}

#[tokio::test]
async fn admins_upload_and_review_catchments() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    add_user(&db, "manager", "facility_manager", &[PRIMARY], PASSWORD);
    let server = TestServer::start(&db, &[]);
    let good = square_file(PRIMARY, 113.60, 34.70);
    let fields = [("year", "2027"), ("crs", "wgs84"), ("source_url", "https://jyj.example/2027")];

    let (status, body) = upload(&server, None, multipart("c.geojson", &good, &fields)).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("unauthorized")), "{body}");
    let mut manager = Browser::new(&server);
    manager.login("manager", PASSWORD).await;
    let (status, _) = upload(&server, manager.cookie.as_deref(), multipart("c.geojson", &good, &fields)).await;
    assert_eq!(status, 403);

    let mut admin = Browser::new(&server);
    assert_eq!(admin.login("admin", PASSWORD).await.status, 200);
    let cookie = admin.cookie.clone();
    let bad = square_file("kg-410103001-0", 113.60, 34.70);
    let (status, body) = upload(&server, cookie.as_deref(), multipart("c.geojson", &bad, &fields)).await;
    assert_eq!(
        (status, body["error"].as_str(), body["field"].as_str()),
        (400, Some("bad_request"), Some("file")),
        "{body}"
    );
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("第 1 个要素") && m.contains("不是小学或初中")),
        "{body}"
    );
    let (status, body) = upload(&server, cookie.as_deref(), multipart("c.geojson", &good, &[("year", "1800")])).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("year")), "{body}");
    let (status, body) = upload(&server, cookie.as_deref(), multipart("c.txt", &good, &fields)).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("file")), "{body}");
    assert!(ids_at(&server, 34.705, 113.605, 2027).await.is_empty(), "nothing imported by refused uploads");

    let (status, body) = upload(&server, cookie.as_deref(), multipart("c.geojson", &good, &fields)).await;
    assert_eq!((status, body["shapes"].as_u64(), body["schools"].as_u64()), (200, Some(1), Some(1)), "{body}");
    assert_eq!(ids_at(&server, 34.705, 113.605, 2027).await, [PRIMARY], "this instance answers at once");
    // The same school again without `replace` would double it: refused, naming the flag.
    let (status, body) = upload(&server, cookie.as_deref(), multipart("c.geojson", &good, &fields)).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("replace")), "{body}");

    // The review page: 2027 has one primary catchment, no middle one: every community lacks a middle school.
    let page = page_as(&server, cookie.as_deref(), "/admin/catchments?year=2027").await;
    assert!(page.contains("class=\"catchment-problems\"") && page.contains("data-year=\"2027\""), "{page}");
    assert!(page.contains("https://jyj.example/2027"), "the notice is linked");
    assert!(page.contains("(176)") || page.contains("（176）"), "176 communities in no middle catchment");
    assert!(page.contains("enctype=\"multipart/form-data\""), "the upload form");
    // Not multipart at all: the one JSON error, naming the file.
    let res = client()
        .post(server.url("/admin/catchments/upload"))
        .header("origin", server.base.clone())
        .header("cookie", cookie.clone().unwrap_or_default())
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 400);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["field"], "file", "{body}");

    // A browser's form post goes back to the page, which says what was imported.
    let other = square_file("ps-410103003-0", 113.70, 34.70);
    let res = client_no_redirect()
        .post(server.url("/admin/catchments/upload"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("origin", server.base.clone())
        .header("accept", "text/html")
        .header("cookie", cookie.clone().unwrap_or_default())
        .body(multipart("other.geojson", &other, &[("year", "2027")]))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 303);
    let to = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(to, "/admin/catchments?year=2027&shapes=1&lists=0&schools=1");
    let page = page_as(&server, cookie.as_deref(), &to).await;
    assert!(page.contains("已导入：1 个范围、0 个社区，共 1 所学校。"), "the page says what was imported");

    let (_, anonymous) = get_text(&server.url("/admin/catchments")).await;
    assert!(!anonymous.contains("class=\"catchment-problems\""), "only admins see the review");
}

#[tokio::test]
async fn school_and_search_pages_show_the_sample_catchments() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let (_, page) = get_text(&server.url(&format!("/facility/{PRIMARY}"))).await;
    assert!(
        page.contains("class=\"catchment-school\"") && page.contains("class=\"catchment-map\""),
        "map on the school's page"
    );
    assert!(page.contains("class=\"catchment-communities\""), "communities in words");
    let (_, school) = get_json(&server.url(&format!("/api/facility?id={PRIMARY}"))).await;
    let (lat, lng) =
        (school["facility"]["lat"].as_f64().expect("lat"), school["facility"]["lng"].as_f64().expect("lng"));
    let (_, search) = get_text(&server.url(&format!("/search?lat={lat}&lng={lng}&kind=primary_school"))).await;
    assert!(
        search.contains("class=\"catchment-card\"") && search.contains("class=\"catchment-mark\""),
        "card and marks for a school search"
    );
    let (_, elders) = get_text(&server.url(&format!("/search?lat={lat}&lng={lng}&kind=elderly_daycare"))).await;
    assert!(!elders.contains("class=\"catchment-card\""), "no card when the search has no schools");
}
