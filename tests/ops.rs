//! The district's operations view against a real server with the sample data: plan targets as live
//! numbers, work items (reports, scanner, lifecycle, escalation, who may do what), trends, exports.

mod common;

use std::time::Duration;

use common::{Browser, PASSWORD, TestDb, TestServer, create_token, eventually};
use serde_json::{Value, json};

// Sample facilities (data/sample): a community day-care centre and another subdistrict's big centre.
const MINE: &str = "dc-410103013004";
const OTHERS: &str = "ec-410103001";

fn setup(extra: &[&str]) -> (TestDb, TestServer) {
    let accounts: [(&str, &str, &[&str]); 3] = [
        ("admin", "district_admin", &[]),
        ("li", "facility_manager", &[MINE]),
        ("wang", "facility_manager", &[OTHERS]),
    ];
    common::with_accounts(&accounts, &["--scan-every", "1h"], extra)
}

/// Wait for the server's first scan for work items (it runs beside serving, right after start).
async fn scanned(server: &TestServer) {
    let url = server.url("/health");
    let done = eventually(Duration::from_secs(20), || {
        let url = url.clone();
        async move { common::get_json(&url).await.1["work_scan_at"].as_i64().is_some_and(|t| t > 0) }
    })
    .await;
    assert!(done, "the first scan finished");
}

async fn signed_in(server: &TestServer, login: &str) -> Browser {
    let mut b = Browser::new(server);
    assert_eq!(b.login(login, PASSWORD).await.status, 200, "{login} signs in");
    b
}

fn target<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["targets"].as_array().and_then(|t| t.iter().find(|t| t["id"] == id)).unwrap_or(&Value::Null)
}

fn items(list: &Value) -> Vec<Value> {
    list["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn plan_targets_are_live_numbers_for_admins_only() {
    let (db, server) = setup(&[]);
    let (status, body) = common::get_json(&server.url("/api/admin/plan")).await;
    assert_eq!(status, 401, "anonymous: {body}");
    let mut li = signed_in(&server, "li").await;
    assert_eq!(li.get("/api/admin/plan").await.status, 403, "a manager");

    let mut admin = signed_in(&server, "admin").await;
    let plan = admin.get("/api/admin/plan").await;
    assert_eq!(plan.status, 200, "{}", plan.json);
    let plan = plan.json;
    assert!(plan["as_of"].as_i64().is_some());
    for id in [
        "subdistrict_centres",
        "community_daycare",
        "inclusive_preschool_share",
        "public_preschool_share",
        "school_lunch_share",
        "after_school_share",
        "holiday_care_places_per_100_pupils",
        "nursing_bed_share",
    ] {
        let t = target(&plan, id);
        assert!(t["numerator"].is_u64() && t["denominator"].is_u64(), "{id}: {t}");
        assert!(t["value"].is_f64(), "{id} has a value on the sample (population included): {t}");
    }
    // The sample gives each of the 16 subdistricts its centre and about three in four communities a day-care centre.
    let centres = target(&plan, "subdistrict_centres");
    assert_eq!((centres["numerator"].as_u64(), centres["denominator"].as_u64()), (Some(16), Some(16)));
    let daycare = target(&plan, "community_daycare");
    assert_eq!(daycare["denominator"].as_u64(), Some(176));
    let covered = daycare["numerator"].as_u64().unwrap_or(0);
    assert!(covered > 0 && covered < 176, "{covered}");
    assert_eq!(daycare["gap"].as_array().map(Vec::len), Some(176 - covered as usize), "the gap is listed");

    // Live: a centre closing for a while drops the numerator at once.
    let closed = admin.json("/api/manage/info", json!({"facility_id": OTHERS, "status": "temporarily_closed"})).await;
    assert_eq!(closed.status, 200, "{}", closed.json);
    let plan = admin.get("/api/admin/plan").await.json;
    assert_eq!(target(&plan, "subdistrict_centres")["numerator"].as_u64(), Some(15));

    // A district admin's token works too; a manager's does not; a bad one is nobody.
    let token = create_token(&db, "admin");
    let res = common::client()
        .get(server.url("/api/admin/plan"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 200);
    let res = common::client()
        .get(server.url("/api/admin/plan"))
        .header("authorization", format!("Bearer {}", create_token(&db, "li")))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 403);
    let res = common::client()
        .get(server.url("/api/admin/plan"))
        .header("authorization", "Bearer cm_nonsense")
        .header("cookie", admin.cookie.clone().unwrap_or_default())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 401, "a bad token is not rescued by a session cookie");
}

#[tokio::test]
async fn reports_become_work_items_that_their_manager_closes() {
    let (_db, server) = setup(&[]);
    let resident = Browser::new(&server);
    let mut resident = resident;
    for note in ["满了，排队三天", ""] {
        let r = resident.form("/api/report", &[("facility_id", MINE), ("kind", "full"), ("note", note)]).await;
        assert_eq!(r.status, 200, "{}", r.json);
    }
    // One item gathers both reports; it is the manager's.
    let mut li = signed_in(&server, "li").await;
    let mine = li.get("/api/manage/work-items").await;
    assert_eq!(mine.status, 200, "{}", mine.json);
    let list = items(&mine.json);
    assert!(!list.is_empty());
    assert!(list.iter().all(|i| i["facility_id"] == MINE), "a manager sees only their own facility's items");
    let item = list.iter().find(|i| i["kind"] == "report_full").cloned().expect("the report's item");
    assert_eq!((item["reports"].as_u64(), item["responsible"].as_str()), (Some(2), Some("managers")));
    assert_eq!(item["detail"], "满了，排队三天", "a later empty note does not wipe the earlier one");
    let id = item["id"].as_i64().expect("id").to_string();

    // Nobody else may touch it.
    let mut anonymous = Browser::new(&server);
    assert_eq!(anonymous.form("/api/work-items/move", &[("id", &id), ("to", "acknowledged")]).await.status, 401);
    let mut wang = signed_in(&server, "wang").await;
    assert_eq!(wang.form("/api/work-items/move", &[("id", &id), ("to", "acknowledged")]).await.status, 403);
    assert_eq!(wang.get(&format!("/api/work-items/history?id={id}")).await.status, 403);
    assert!(items(&wang.get("/api/manage/work-items").await.json).iter().all(|i| i["facility_id"] == OTHERS));
    assert_eq!(anonymous.get("/api/admin/work-items").await.status, 401);
    assert_eq!(li.get("/api/admin/work-items").await.status, 403);

    // Acknowledge; the same step twice is a conflict; dismissing needs a reason.
    let ack = li.form("/api/work-items/move", &[("id", &id), ("to", "acknowledged")]).await;
    assert_eq!((ack.status, ack.json["state"].as_str()), (200, Some("acknowledged")), "{}", ack.json);
    assert_eq!(li.form("/api/work-items/move", &[("id", &id), ("to", "acknowledged")]).await.status, 409);
    let no_reason = li.form("/api/work-items/move", &[("id", &id), ("to", "dismissed"), ("note", "  ")]).await;
    assert_eq!((no_reason.status, no_reason.json["field"].as_str()), (400, Some("note")));
    assert_eq!(li.form("/api/work-items/move", &[("id", &id), ("to", "flying")]).await.status, 400);
    assert_eq!(li.form("/api/work-items/move", &[("id", "999999"), ("to", "resolved")]).await.status, 404);

    // The resident's page says it is being looked at.
    let (_, reports) = common::get_json(&server.url(&format!("/api/facility/reports?id={MINE}"))).await;
    let reports = reports.as_array().cloned().unwrap_or_default();
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r["state"] == "acknowledged" && r.get("note").is_none()), "{reports:?}");

    // Confirming the figure answers a "full" report.
    let confirm = li
        .json("/api/manage/capacity", json!({"facility_id": MINE, "service": "meals", "change": {"op": "confirm"}}))
        .await;
    assert_eq!(confirm.status, 200, "{}", confirm.json);
    let history = li.get(&format!("/api/work-items/history?id={id}")).await;
    assert_eq!(history.status, 200);
    let steps: Vec<(Option<String>, String, String)> = history
        .json
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["from"].as_str().map(str::to_string),
                e["to"].as_str().unwrap_or("").to_string(),
                e["login"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, "open".into(), "system".into()),
            (Some("open".into()), "acknowledged".into(), "li".into()),
            (Some("acknowledged".into()), "resolved".into(), "li".into()),
        ]
    );
    let (_, reports) = common::get_json(&server.url(&format!("/api/facility/reports?id={MINE}"))).await;
    assert!(reports.as_array().is_some_and(|r| r.iter().all(|r| r["state"] == "resolved")));
    let page = common::get_text(&server.url(&format!("/facility/{MINE}"))).await.1;
    assert!(page.contains("已处理"), "the facility page says the report was handled");

    // The district sees it resolved, with a time to resolve.
    let mut admin = signed_in(&server, "admin").await;
    let resolved = admin.get("/api/admin/work-items?state=resolved&kind=report_full").await;
    assert_eq!(resolved.status, 200);
    assert!(items(&resolved.json).iter().any(|i| i["id"].as_i64().map(|v| v.to_string()) == Some(id.clone())));
    assert!(resolved.json["median_resolve_s"].as_i64().is_some());
    let bad = admin.get("/api/admin/work-items?kind=leak").await;
    assert_eq!((bad.status, bad.json["field"].as_str()), (400, Some("kind")));
    assert_eq!(admin.get("/api/admin/work-items?subdistrict=999").await.status, 400);
}

#[tokio::test]
async fn the_scanner_finds_gaps_and_stale_figures_and_closes_what_is_fixed() {
    let (_db, server) = setup(&[]);
    scanned(&server).await;
    let mut admin = signed_in(&server, "admin").await;
    let gaps = admin.get("/api/admin/work-items?kind=coverage_gap").await.json;
    let plan = admin.get("/api/admin/plan").await.json;
    let lacking = target(&plan, "community_daycare")["gap"].as_array().map_or(0, Vec::len) as u64;
    assert!(lacking > 0);
    assert_eq!(gaps["counts"][0].as_u64(), Some(lacking), "one open gap item per community without a centre");
    assert!(items(&gaps).iter().all(|i| i["responsible"] == "district" && i["facility_id"].is_null()));

    let stale = admin.get("/api/admin/work-items?kind=stale_figure").await.json;
    let first = items(&stale).into_iter().next().expect("the sample has stale figures");
    let (facility, service) =
        (first["facility_id"].as_str().expect("facility"), first["service"].as_str().expect("service"));
    let r = admin
        .json("/api/manage/capacity", json!({"facility_id": facility, "service": service, "change": {"op": "confirm"}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let after = admin.get("/api/admin/work-items?kind=stale_figure&state=resolved").await.json;
    let closed = items(&after).into_iter().find(|i| i["id"] == first["id"]).expect("closed at once");
    assert_eq!(closed["note"], "@figure_updated");
}

#[tokio::test]
async fn overdue_items_escalate_to_the_district() {
    let (_db, server) = setup(&["--due", "report_wrong=1s", "--scan-every", "1s"]);
    let mut resident = Browser::new(&server);
    assert_eq!(
        resident.form("/api/report", &[("facility_id", MINE), ("kind", "wrong"), ("note", "电话打不通")]).await.status,
        200
    );
    let mut admin = signed_in(&server, "admin").await;
    let cookie = admin.cookie.clone().unwrap_or_default();
    let url = server.url("/api/admin/work-items?kind=report_wrong&overdue=true");
    let escalated = eventually(Duration::from_secs(10), || {
        let (cookie, url) = (cookie.clone(), url.clone());
        async move {
            let res = common::client().get(url).header("cookie", cookie).send().await.expect("request");
            let list: Value = res.json().await.unwrap_or(Value::Null);
            items(&list).iter().any(|i| i["facility_id"] == MINE && i["escalated_at"].is_i64())
        }
    })
    .await;
    assert!(escalated, "past due, the manager's item is escalated and listed as overdue");
    let list = admin.get("/api/admin/work-items?kind=report_wrong").await.json;
    let id = items(&list)[0]["id"].as_i64().expect("id").to_string();
    let done =
        admin.form("/api/work-items/move", &[("id", &id), ("to", "dismissed"), ("note", "号码已核实无误")]).await;
    assert_eq!((done.status, done.json["state"].as_str()), (200, Some("dismissed")));
}

#[tokio::test]
async fn tables_download_as_xlsx_and_csv_for_admins() {
    use calamine::{Data, Reader, Xlsx};
    let (db, server) = setup(&[]);
    scanned(&server).await;
    let mut admin = signed_in(&server, "admin").await;
    let plan = admin.get("/api/admin/plan").await.json;
    let cookie = admin.cookie.clone().unwrap_or_default();
    let fetch = |path: String, cookie: Option<String>| async move {
        let mut req = common::client().get(path);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let kind = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (status, kind, res.bytes().await.expect("body").to_vec())
    };
    let (status, kind, bytes) = fetch(server.url("/api/admin/export/plan?format=xlsx"), Some(cookie.clone())).await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx file");
    let sheet = book.sheet_names()[0].clone();
    let rows: Vec<Vec<Data>> = book.worksheet_range(&sheet).expect("sheet").rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows[0][0], Data::String("目标编号".into()), "Chinese headers");
    let targets = plan["targets"].as_array().expect("targets");
    assert_eq!(rows.len(), targets.len() + 1);
    for (row, t) in rows[1..].iter().zip(targets) {
        assert_eq!(row[0], Data::String(t["id"].as_str().unwrap_or("").into()));
        assert_eq!(row[3], Data::Float(t["numerator"].as_f64().unwrap_or(-1.0)), "numerator of {}", t["id"]);
        assert_eq!(row[4], Data::Float(t["denominator"].as_f64().unwrap_or(-1.0)));
    }

    let (status, kind, bytes) =
        fetch(server.url("/api/admin/export/work-items?format=csv"), Some(cookie.clone())).await;
    assert_eq!((status, kind.starts_with("text/csv")), (200, true));
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.starts_with("\u{feff}编号,"), "a BOM for Excel and Chinese headers");
    let listed = items(&admin.get("/api/admin/work-items").await.json).len();
    assert_eq!(text.lines().count(), listed + 1, "one line per item listed");

    for what in ["coverage", "access"] {
        let (status, _, bytes) =
            fetch(server.url(&format!("/api/admin/export/{what}?format=xlsx&service=meals")), Some(cookie.clone()))
                .await;
        assert_eq!(status, 200, "{what}");
        assert!(Xlsx::new(std::io::Cursor::new(bytes)).is_ok_and(|mut b: Xlsx<_>| b.worksheets().len() == 1));
    }
    assert_eq!(fetch(server.url("/api/admin/export/plan?format=pdf"), Some(cookie.clone())).await.0, 400);
    assert_eq!(fetch(server.url("/api/admin/export/secrets?format=csv"), Some(cookie.clone())).await.0, 404);
    assert_eq!(fetch(server.url("/api/admin/export/access?service=spa"), Some(cookie)).await.0, 400);
    assert_eq!(fetch(server.url("/api/admin/export/plan"), None).await.0, 401);
    let li = signed_in(&server, "li").await;
    assert_eq!(fetch(server.url("/api/admin/export/plan"), li.cookie.clone()).await.0, 403);
    drop(db);
}

#[tokio::test]
async fn the_operations_page_renders_for_admins_and_refuses_others() {
    let (_db, server) = setup(&[]);
    scanned(&server).await;
    let (status, html) = common::get_text(&server.url("/operations")).await;
    assert_eq!(status, 401, "anonymous");
    assert!(html.contains("/manage"), "offers to sign in");
    let admin = signed_in(&server, "admin").await;
    let page = |path: &str| {
        common::client().get(server.url(path)).header("cookie", admin.cookie.clone().unwrap_or_default()).send()
    };
    let res = page("/operations").await.expect("page");
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.expect("html");
    for id in ["subdistrict_centres", "community_daycare", "holiday_care_places_per_100_pupils"] {
        assert!(html.contains(&format!("data-target=\"{id}\"")), "{id}");
    }
    assert!(html.contains("智慧运营中心") && html.contains("class=\"work-item"), "targets and work items");
    assert!(html.contains("<table") && html.contains("<svg"), "charts with their tables");
    let filtered = page("/operations?kind=coverage_gap&state=open").await.expect("page").text().await.expect("html");
    assert!(filtered.contains("data-kind=\"coverage_gap\"") && !filtered.contains("data-kind=\"stale_figure\""));
    let english = common::client()
        .get(server.url("/operations"))
        .header("cookie", admin.cookie.clone().unwrap_or_default())
        .header("accept-language", "en")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        english.contains("Operations centre") && english.contains("Work items") && !english.contains("智慧运营中心")
    );
    // A facility's own page carries its 30-day chart.
    let (_, html) = common::get_text(&server.url(&format!("/facility/{MINE}"))).await;
    assert!(html.contains("class=\"history\"") && html.contains("<svg"));
}

#[tokio::test]
async fn trends_follow_changes() {
    let (_db, server) = setup(&[]);
    let mut li = signed_in(&server, "li").await;
    let meals_points = |trend: Value| -> Vec<Value> {
        let services = trend["services"].as_array().cloned().unwrap_or_default();
        let meals = services.into_iter().find(|s| s["service"] == "meals").unwrap_or(Value::Null);
        meals["points"].as_array().cloned().unwrap_or_default()
    };
    let url = server.url(&format!("/api/facility/trend?id={MINE}"));
    let earlier = meals_points(common::get_json(&url).await.1);
    assert_eq!(earlier.len(), 30);
    let before = common::figure(&server, MINE, "meals").await;
    assert_eq!(earlier[29]["available"], before["available"], "today's point is the figure now");
    let step = if before["available"].as_i64().unwrap_or(0) > 0 { -1 } else { 1 };
    assert_eq!(li.delta(MINE, "meals", step).await.status, 200);
    let (status, trend) = common::get_json(&url).await;
    assert_eq!(status, 200);
    let points = meals_points(trend);
    assert_eq!(points[29]["available"].as_i64(), Some(before["available"].as_i64().unwrap_or(0) + i64::from(step)));
    assert_eq!(points[..29], earlier[..29], "the past does not change");
    let (status, _) = common::get_json(&server.url("/api/facility/trend?id=nope")).await;
    assert_eq!(status, 404);

    let mut admin = signed_in(&server, "admin").await;
    let area = admin.get("/api/admin/trends?service=meals&granularity=week").await;
    assert_eq!(area.status, 200);
    assert!(
        area.json["subdistricts"]
            .as_array()
            .is_some_and(|s| !s.is_empty() && s.iter().all(|s| s[2].as_array().map(Vec::len) == Some(26)))
    );
    assert_eq!(admin.get("/api/admin/trends?service=meals&granularity=year").await.status, 400);
    assert_eq!(li.get("/api/admin/trends?service=meals").await.status, 403);
}
