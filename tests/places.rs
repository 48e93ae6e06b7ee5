//! The gazetteer's compounds and roads: `caremap places import` (validation, all or nothing, CRS per line,
//! --replace), then `/api/places` and `/search` on two instances of one database (the import is logged;
//! SQLite followers poll, PostgreSQL ones are woken by NOTIFY), and the made-up sample on first start.

mod common;

use std::time::Duration;

use common::{TestDb, TestServer, caremap, eventually, get_json, get_text};
use serde_json::Value;

fn write(db: &TestDb, name: &str, text: &str) -> String {
    let path = db.dir().join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

async fn places(server: &TestServer, q: &str) -> Vec<Value> {
    let url = server.url(&format!("/api/places?q={}", app::url_query::url_encode(q)));
    let (status, body) = get_json(&url).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().cloned().unwrap_or_default()
}

async fn first_name(server: &TestServer, q: &str) -> Option<String> {
    places(server, q).await.first().and_then(|p| p["name"].as_str().map(String::from))
}

#[tokio::test]
async fn an_imported_compound_is_found_and_searched_around_on_every_instance() {
    let db = TestDb::new();
    let a = TestServer::start(&db, &[]);
    let b = TestServer::start(&db, &[]);

    // The made-up sample, loaded beside the sample facilities, says it is made up.
    let sample = places(&a, "示例百合花园").await;
    assert_eq!(sample[0]["kind"], "compound", "{sample:?}");
    assert!(sample[0]["context"].as_str().is_some_and(|c| c.contains("示例数据")), "{sample:?}");

    // Not known yet: the search page says what can be searched and offers the location and a subdistrict.
    assert!(places(&a, "绿城百合").await.is_empty());
    let (status, page) = get_text(&a.url(&format!("/search?q={}", app::url_query::url_encode("绿城百合")))).await;
    assert_eq!(status, 200);
    for want in ["没有找到", "已导入的小区", "使用我的位置", "name=\"near\"", "淮河路街道"] {
        assert!(page.contains(want), "{want} missing from the no-place answer");
    }

    // A bad file: every bad line named, nothing imported.
    let bad = write(
        &db,
        "bad.csv",
        "name,lat,lng,crs,community_code\n绿城百合,34.7295,113.6275,,\n北京某小区,39.915,116.404,,\n绿城百合,34.73,113.63,,\n某路,34.7295,113.6275,,12\n",
    );
    let (code, _, err) = caremap(&["places", "import", &bad, "--database-url", &db.url]);
    assert_eq!(code, 1, "{err}");
    for want in [
        "第 3 行（编号 北京某小区）：",
        "在二七区外",
        "第 4 行（编号 绿城百合）：名称重复（第 2 行已有）",
        "第 5 行（编号 某路）：未知社区代码",
        "3 bad line(s); nothing imported",
    ] {
        assert!(err.contains(want), "{want} missing: {err}");
    }
    assert!(places(&a, "绿城百合").await.is_empty());

    // A good one, the compound given in GCJ-02 on its line, the road in the flag's WGS-84.
    let (glng, glat) = app::geodesy::wgs84_to_gcj02(113.6275, 34.7295);
    let good = write(
        &db,
        "good.csv",
        &format!(
            "name,lat,lng,crs,community_code\n绿城百合,{glat},{glng},gcj02,410103001001\n建中街,34.7342,113.6426,,\n"
        ),
    );
    let (code, out, err) = caremap(&["places", "import", &good, "--crs", "wgs84", "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 compound(s) and 1 road(s)"), "{out}");
    let limit = Duration::from_secs(5);
    for server in [&a, &b] {
        assert!(
            eventually(limit, || async { first_name(server, "绿城百合").await.as_deref() == Some("绿城百合") }).await,
            "an instance did not learn of the import within {limit:?}"
        );
        let hit = &places(server, "lcbh").await[0];
        assert_eq!((hit["name"].as_str(), hit["kind"].as_str()), (Some("绿城百合"), Some("compound")));
        let (lat, lng) = (hit["lat"].as_f64().unwrap_or_default(), hit["lng"].as_f64().unwrap_or_default());
        assert!((lat - 34.7295).abs() < 1e-5 && (lng - 113.6275).abs() < 1e-5, "stored in WGS-84: {hit}");
        assert_eq!(hit["context"], "淮河社区 · 淮河路街道");
        let road = &places(server, "建中街225号").await[0];
        assert_eq!((road["name"].as_str(), road["kind"].as_str()), (Some("建中街"), Some("road")), "{road}");
    }

    // The search page searches around it.
    let (status, page) = get_text(&b.url(&format!("/search?q={}", app::url_query::url_encode("绿城百合")))).await;
    assert_eq!(status, 200);
    assert!(page.contains("「绿城百合」附近"), "searched around the compound");
    assert!(!page.contains("没有找到这个地点"));

    // --replace: the gazetteer becomes the file (the sample and the compound go).
    let only_road = write(&db, "road.csv", "name,lat,lng\n建中街,34.7342,113.6426\n");
    let (code, _, err) = caremap(&["places", "import", &only_road, "--replace", "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");
    for server in [&a, &b] {
        assert!(eventually(limit, || async { places(server, "绿城百合").await.is_empty() }).await);
        assert!(places(server, "示例百合花园").await.is_empty());
        assert_eq!(first_name(server, "建中街").await.as_deref(), Some("建中街"));
    }

    // A restart reads the stored gazetteer (and loads no sample over it).
    drop((a, b));
    let c = TestServer::start(&db, &[]);
    assert_eq!(first_name(&c, "建中街225号").await.as_deref(), Some("建中街"));
    assert!(places(&c, "示例百合花园").await.is_empty());
}

#[tokio::test]
async fn an_unreadable_file_is_refused_whole() {
    let db = TestDb::new();
    let file = write(&db, "places.csv", "名称,纬度,经度\n绿城百合,34.7295,113.6275\n");
    let (code, _, err) = caremap(&["places", "import", &file, "--database-url", &db.url]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("未知列“名称”") && err.contains("nothing imported"), "{err}");
    let (code, _, err) = caremap(&["places", "import", &file, "--crs", "utm", "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(err.contains("utm"), "{err}");
}
