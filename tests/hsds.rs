//! HSDS out: every endpoint from a real server, each object validated against the vendored Open
//! Referral schemas; pagination, filters, 400s and 404s; and the CLI round trip export → import into
//! an empty database → export, byte for byte (SQLite, or PostgreSQL when CAREMAP_TEST_POSTGRES is set).

mod common;

#[path = "../app/src/ssr/hsds/conformance.rs"]
mod conformance;

use std::collections::HashSet;

use common::{TestDb, TestServer, caremap, get_json, workspace_root};
use conformance::{Conformance, schema_dir};
use serde_json::Value;

const FILES: [(&str, &str); 3] = [
    ("organizations.json", "organization"),
    ("services.json", "service"),
    ("service_at_locations.json", "service_at_location"),
];

fn schemas() -> Conformance {
    Conformance::load(&schema_dir(env!("CARGO_MANIFEST_DIR")))
}

/// Every item of a list, walking its pages; checks each page's wrapper and items.
async fn walk(server: &TestServer, check: &Conformance, path: &str, what: &str, per_page: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let (status, body) = get_json(&server.url(&format!("{path}?per_page={per_page}&page={page}"))).await;
        assert_eq!(status, 200, "{path} page {page}: {body}");
        check.page(what, &body).unwrap_or_else(|e| panic!("{path} page {page}: {e}"));
        assert_eq!(body["page_number"], page);
        assert_eq!(body["first_page"], page == 1);
        let contents = body["contents"].as_array().expect("contents").clone();
        assert_eq!(body["size"], contents.len());
        let last = body["last_page"].as_bool().expect("last_page");
        assert_eq!(last, page == body["total_pages"].as_u64().expect("total_pages") as usize);
        if !last {
            assert_eq!(contents.len(), per_page, "a page before the last is full");
        }
        items.extend(contents);
        if last {
            assert_eq!(items.len() as u64, body["total_items"].as_u64().expect("total_items"));
            return items;
        }
        page += 1;
    }
}

#[tokio::test]
async fn every_endpoint_serves_valid_hsds() {
    let db = TestDb::new();
    // It reads every object one by one: far more than a client's rate allows.
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let check = schemas();

    let (status, about) = get_json(&server.url("/hsds/")).await;
    assert_eq!(status, 200);
    assert_eq!(about["version"], "3.1");
    for key in ["profile", "openapi_url"] {
        assert!(about[key].as_str().is_some_and(|u| u.starts_with("https://")), "{key}: {about}");
    }

    for (path, what) in [
        ("/hsds/services", "service"),
        ("/hsds/organizations", "organization"),
        ("/hsds/service_at_locations", "service_at_location"),
    ] {
        let items = walk(&server, &check, path, what, 97).await;
        assert!(items.len() > 100, "{path}: the sample has many ({})", items.len());
        let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().expect("id")).collect();
        assert_eq!(ids.len(), items.len(), "{path}: ids are unique across pages");
        for item in &items {
            let id = item["id"].as_str().expect("id");
            let (status, one) = get_json(&server.url(&format!("{path}/{id}"))).await;
            assert_eq!(status, 200, "{path}/{id}");
            check.object(what, &one).unwrap_or_else(|e| panic!("{path}/{id}: {e}"));
            assert_eq!(&one, item, "{path}/{id} is the object the list shows");
        }
    }

    // The capacities carry the figures the CareMap API shows.
    let (_, services) = get_json(&server.url("/hsds/services?per_page=1")).await;
    let service = &services["contents"][0];
    let facility_id = service["service_at_locations"][0]["location"]["external_identifier"].as_str().expect("id");
    let (_, facility) = get_json(&server.url(&format!("/api/facility?id={facility_id}"))).await;
    let kind = service["caremap_service"].as_str().expect("kind");
    let figure = facility["facility"]["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["service"] == kind)
        .expect("figure");
    assert_eq!(service["capacities"][0]["available"], figure["available"]);
    assert_eq!(service["capacities"][0]["maximum"], figure["maximum"]);
}

#[tokio::test]
async fn filters_and_refusals() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &[]);
    let (_, all) = get_json(&server.url("/hsds/organizations?per_page=1000")).await;
    let total = all["total_items"].as_u64().expect("total");
    let name = all["contents"][5]["name"].as_str().expect("name").to_string();

    let (status, found) = get_json(&server.url(&format!("/hsds/organizations?search={}", common_encode(&name)))).await;
    assert_eq!(status, 200);
    let hits = found["contents"].as_array().expect("contents");
    assert!(!hits.is_empty() && (hits.len() as u64) < total, "{} of {total}", hits.len());
    assert!(hits.iter().all(|o| o["name"].as_str().is_some_and(|n| n.contains(&name))));

    let (_, future) = get_json(&server.url("/hsds/services?modified_after=2199-01-01T00:00:00%2B08:00")).await;
    assert_eq!((future["total_items"].as_u64(), future["empty"].as_bool()), (Some(0), Some(true)));
    let (_, past) = get_json(&server.url("/hsds/services?modified_after=2000-01-01")).await;
    let (_, every) = get_json(&server.url("/hsds/services")).await;
    assert!(past["total_items"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(past["total_items"], every["total_items"]);

    for (query, field) in [
        ("page=0", "page"),
        ("page=two", "page"),
        ("per_page=0", "per_page"),
        ("per_page=5000", "per_page"),
        ("modified_after=last-week", "modified_after"),
    ] {
        for path in ["/hsds/services", "/hsds/organizations", "/hsds/service_at_locations"] {
            let (status, body) = get_json(&server.url(&format!("{path}?{query}"))).await;
            assert_eq!(status, 400, "{path}?{query}: {body}");
            assert_eq!((body["error"].as_str(), body["field"].as_str()), (Some("bad_request"), Some(field)));
        }
    }
    for path in [
        "/hsds/services/00000000-0000-0000-0000-000000000000",
        "/hsds/organizations/not-a-uuid",
        "/hsds/service_at_locations/00000000-0000-0000-0000-000000000000",
    ] {
        let (status, body) = get_json(&server.url(path)).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["error"], "not_found");
    }
}

fn common_encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn export(db: &TestDb, dir: &std::path::Path) -> Vec<String> {
    let dir_arg = dir.display().to_string();
    let (code, out, err) = caremap(&["export", "--format", "hsds", &dir_arg, "--database-url", &db.url]);
    assert_eq!(code, 0, "{out}{err}");
    FILES.iter().map(|(name, _)| std::fs::read_to_string(dir.join(name)).expect("exported file")).collect()
}

#[tokio::test]
async fn export_import_export_round_trip_is_identical() {
    let source = TestDb::new();
    let sample = workspace_root().join("data/sample/facilities.geojson").display().to_string();
    let (code, out, err) = caremap(&["import", &sample, "--database-url", &source.url]);
    assert_eq!(code, 0, "the GeoJSON import still works: {out}{err}");
    let first_dir = source.dir().join("hsds-1");
    let first = export(&source, &first_dir);

    let check = schemas();
    for ((name, what), text) in FILES.iter().zip(&first) {
        let objects: Vec<Value> = serde_json::from_str(text).expect("a JSON array");
        assert!(objects.len() > 100, "{name}: {} objects", objects.len());
        for o in &objects {
            check.object(what, o).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    let empty = TestDb::new();
    let dir_arg = first_dir.display().to_string();
    let (code, out, err) = caremap(&["import", "--format", "hsds", &dir_arg, "--database-url", &empty.url]);
    assert_eq!(code, 0, "{out}{err}");
    let second = export(&empty, &empty.dir().join("hsds-2"));
    for (((name, _), a), b) in FILES.iter().zip(&first).zip(&second) {
        assert!(a == b, "{name} differs after export → import → export");
    }

    // The API on the imported database serves the very objects the files hold.
    let server = TestServer::start(&empty, &["--no-sample"]);
    let services: Vec<Value> = serde_json::from_str(&first[1]).expect("services");
    for s in services.iter().step_by(25) {
        let (status, one) = get_json(&server.url(&format!("/hsds/services/{}", s["id"].as_str().expect("id")))).await;
        assert_eq!(status, 200);
        assert_eq!(&one, s);
    }
}

#[tokio::test]
async fn a_bad_export_is_refused_with_its_reason() {
    let db = TestDb::new();
    let dir = db.dir().join("broken");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("organizations.json"),
        r#"[{"id":"x","name":"n","description":"d","locations":[{"id":"l","location_type":"physical"}]}]"#,
    )
    .expect("write");
    std::fs::write(dir.join("services.json"), "[]").expect("write");
    let dir_arg = dir.display().to_string();
    let (code, _, err) = caremap(&["import", "--format", "hsds", &dir_arg, "--database-url", &db.url]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("external_identifier"), "{err}");
    let (code, _, err) = caremap(&[
        "import",
        "--format",
        "hsds",
        &db.dir().join("missing").display().to_string(),
        "--database-url",
        &db.url,
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("organizations.json"), "{err}");
}
