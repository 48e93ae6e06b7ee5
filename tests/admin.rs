//! `/admin` as a district admin reads it: residents' reports name their facility on every page, the audit
//! trail finds a facility by part of its name or id and says how many entries matched, and each entry is
//! in the visitor's language (fields, values and how the change was made in words, the facility by name).

mod common;

use common::{Browser, PASSWORD, TestDb, TestServer, get_json};

// Sample facilities (data/sample): a community day-care centre, and a big centre whose id sorts after the
// first page of an admin's facility list on /manage.
const MINE: &str = "dc-410103013004";
const OTHERS: &str = "ec-410103001";

fn setup() -> (TestDb, TestServer) {
    common::with_accounts(&[("admin", "district_admin", &[]), ("li", "facility_manager", &[MINE])], &[], &[])
}

async fn name_of(server: &TestServer, id: &str) -> String {
    let (status, body) = get_json(&server.url(&format!("/api/facility?id={id}"))).await;
    assert_eq!(status, 200, "{body}");
    body["facility"]["name"].as_str().expect("name").to_string()
}

/// A page's HTML as the signed-in browser sees it, in `lang`.
async fn page(b: &Browser, path: &str, lang: &str) -> String {
    let cookie = format!("{}; caremap_lang={lang}", b.cookie.clone().unwrap_or_default());
    let res = common::client().get(format!("{}{path}", b.base)).header("cookie", cookie).send().await.expect("page");
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.text().await.expect("html")
}

/// The part of `html` from `start` to the next `</section>`.
fn section<'a>(html: &'a str, start: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start} not in the page"));
    let rest = &html[from..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn reports_name_their_facility_on_the_admin_and_manager_pages() {
    let (_db, server) = setup();
    let mut resident = Browser::new(&server);
    for id in [MINE, OTHERS] {
        let r = resident.form("/api/report", &[("facility_id", id), ("kind", "full"), ("note", "")]).await;
        assert_eq!(r.status, 200, "{}", r.json);
    }
    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    for path in ["/admin", "/manage"] {
        let html = page(&admin, path, "zh").await;
        let reports = section(&html, r#"<section class="reports""#);
        for id in [MINE, OTHERS] {
            let name = name_of(&server, id).await;
            assert!(
                reports.contains(&format!(r#"<a href="/facility/{id}">{name}</a>"#)),
                "{path} names {id} as {name}: {reports}"
            );
            assert!(reports.contains(&format!(r#"<small class="muted facility-id">{id}</small>"#)), "{reports}");
        }
    }
    // The API keeps its shape: each report with its facility's name beside it.
    let api = admin.form("/api/admin/reports", &[]).await;
    let first = &api.json[0];
    assert_eq!(first[1], first[0]["facility_name"], "{}", api.json);
}

#[tokio::test]
async fn the_audit_trail_finds_part_of_a_name_and_speaks_the_visitors_language() {
    let (_db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let before = common::figure(&server, MINE, "meals").await["available"].as_i64().expect("available");
    let step = if before > 0 { -1 } else { 1 };
    assert_eq!(li.delta(MINE, "meals", step).await.status, 200);
    let name = name_of(&server, MINE).await;
    // Part of the name, away from its start.
    let part: String = name.chars().skip(2).take(3).collect();

    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    for q in [part.as_str(), "013004", "DC-4101030130"] {
        let found = admin.form("/api/admin/audit", &[("q", q)]).await;
        assert_eq!(found.status, 200, "{}", found.json);
        let entries = found.json.as_array().expect("entries");
        assert!(entries.iter().any(|e| e["facility_id"] == MINE && e["field"] == "available"), "{q}: {}", found.json);
        let lower = q.to_lowercase();
        assert!(
            entries.iter().all(|e| e["facility_id"].as_str().is_some_and(|id| id.contains(&lower))
                || e["facility_name"].as_str().is_some_and(|n| n.contains(&lower))),
            "{q} finds only matching facilities"
        );
    }
    // The exact id still narrows to that one facility; LIKE's own characters are taken literally.
    let exact = admin.form("/api/admin/audit", &[("facility", MINE)]).await;
    assert!(exact.json.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(|e| e["facility_id"] == MINE)));
    let none = admin.form("/api/admin/audit", &[("q", "%_%")]).await;
    assert_eq!(none.json.as_array().map(Vec::len), Some(0), "{}", none.json);
    let counted = admin.form("/api/admin/audit-matching", &[("q", &part), ("limit", "1")]).await;
    assert_eq!(counted.json["entries"].as_array().map(Vec::len), Some(1), "{}", counted.json);
    assert!(counted.json["total"].as_u64().is_some_and(|n| n >= 1), "{}", counted.json);

    let query = format!("/admin?q={}", urlencode(&part));
    let zh = page(&admin, &query, "zh").await;
    let zh_audit = section(&zh, "<table class=\"audit\"");
    assert!(zh.contains(&format!("“{part}”：")) && zh.contains("条记录"), "says how many matched");
    assert!(zh_audit.contains("助餐 空位："), "{zh_audit}");
    assert!(zh_audit.contains("<td>管理页面</td>"), "{zh_audit}");
    assert!(zh_audit.contains(&format!(r#"<a href="/facility/{MINE}">{name}</a>"#)), "{zh_audit}");
    assert!(!zh_audit.contains("<td>page</td>") && !zh_audit.contains(" available:"), "{zh_audit}");
    // The table scrolls sideways on a phone: its area takes the keyboard's focus and has a name.
    let wrap =
        zh.find(r#"class="table-wrap""#).map(|i| &zh[zh[..i].rfind('<').unwrap_or(i)..]).expect("the scroll area");
    let wrap = &wrap[..wrap.find('>').unwrap_or(wrap.len())];
    for attr in [r#"tabindex="0""#, r#"role="region""#, r#"aria-label="审计记录"#] {
        assert!(wrap.contains(attr), "{wrap}");
    }

    // A link with the exact id (`?facility=`) still narrows the page to that facility.
    let linked = page(&admin, &format!("/admin?facility={MINE}"), "zh").await;
    let linked_audit = section(&linked, "<table class=\"audit\"");
    assert!(linked.contains(&format!("“{MINE}”：")), "says how many matched");
    assert!(
        linked_audit.matches("facility-id\">").count()
            == linked_audit.matches(&format!("facility-id\">{MINE}<")).count()
    );

    let en = page(&admin, &query, "en").await;
    let en_audit = section(&en, "<table class=\"audit\"");
    assert!(en.contains(&format!("Entries for “{part}”: ")), "says how many matched");
    assert!(en_audit.contains("Meals Free places: "), "{en_audit}");
    assert!(en_audit.contains("<td>Manager page</td>"), "{en_audit}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
