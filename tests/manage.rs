//! Facility managers: sign-in, sessions, authorisation, no lost updates, bounds, stale edits,
//! throttling, cross-site defence, the token API, the audit trail and live updates.

mod common;

use std::time::Duration;

use common::{Browser, PASSWORD, TestDb, TestServer, add_user, caremap, create_token, figure};
use serde_json::json;

// Sample facilities (data/sample): a community day-care centre and another subdistrict's big centre.
const MINE: &str = "dc-410103013004";
const OTHERS: &str = "ec-410103001";

fn setup() -> (TestDb, TestServer) {
    common::with_accounts(&[("admin", "district_admin", &[]), ("li", "facility_manager", &[MINE])], &[], &[])
}

async fn available(server: &TestServer, facility: &str, service: &str) -> i64 {
    figure(server, facility, service).await["available"].as_i64().expect("available")
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_failures_say_nothing_specific() {
    let (_db, server) = setup();
    let mut b = Browser::new(&server);
    let ok = b.login("li", PASSWORD).await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    let cookie = ok.set_cookie.iter().find(|c| c.starts_with("caremap_session=")).expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP by default: {cookie}");
    let me = b.form("/api/whoami", &[]).await;
    assert_eq!(me.json["login"], "li");

    let wrong_password = Browser::new(&server).login("li", "not the password").await;
    let no_such_user = Browser::new(&server).login("nobody", "not the password").await;
    assert_eq!((wrong_password.status, no_such_user.status), (401, 401));
    assert_eq!(wrong_password.json, no_such_user.json, "no user enumeration");

    b.form("/api/logout", &[]).await;
    assert!(b.form("/api/whoami", &[]).await.json.is_null(), "signed out");
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &[]));
    add_user(&db, "li", "facility_manager", &[MINE], PASSWORD);
    let server = TestServer::start(&db, &["--secure-cookies"]);
    let ok = Browser::new(&server).login("li", PASSWORD).await;
    assert!(
        ok.set_cookie.iter().any(|c| c.starts_with("caremap_session=") && c.contains("Secure")),
        "{:?}",
        ok.set_cookie
    );
}

#[tokio::test]
async fn managers_change_only_their_own_facilities() {
    let (_db, server) = setup();
    let before_mine = available(&server, MINE, "meals").await;
    let before_other = available(&server, OTHERS, "meals").await;

    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let step = if before_mine > 0 { -1 } else { 1 };
    let ok = li.delta(MINE, "meals", step).await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    assert_eq!(ok.json["available"].as_i64(), Some(before_mine + i64::from(step)));
    assert_eq!(available(&server, MINE, "meals").await, before_mine + i64::from(step), "the public sees it at once");

    // Calling the server function directly for someone else's facility: refused, nothing changes.
    let refused = li.delta(OTHERS, "meals", 1).await;
    assert_eq!(refused.status, 403, "{}", refused.json);
    assert_eq!(available(&server, OTHERS, "meals").await, before_other);
    let refused = li.json("/api/manage/info", json!({"facility_id": OTHERS, "status": "temporarily_closed"})).await;
    assert_eq!(refused.status, 403);

    // Signed out: refused likewise.
    let mut stranger = Browser::new(&server);
    let refused = stranger.delta(MINE, "meals", 1).await;
    assert_eq!(refused.status, 401);
    assert_eq!(available(&server, MINE, "meals").await, before_mine + i64::from(step));

    // The admin may change any facility.
    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    let step = if before_other > 0 { -1 } else { 1 };
    assert_eq!(admin.delta(OTHERS, "meals", step).await.status, 200);
    // Status and hours.
    let info = li
        .json(
            "/api/manage/info",
            json!({"facility_id": MINE, "status": "temporarily_closed", "hours": "Mo-Fr 09:00-16:00"}),
        )
        .await;
    assert_eq!(info.status, 200, "{}", info.json);
    let (_, body) = common::get_json(&server.url(&format!("/api/facility?id={MINE}"))).await;
    assert_eq!(body["facility"]["status"], "temporarily_closed");
    assert_eq!(body["facility"]["hours"], "Mo-Fr 09:00-16:00");
    let bad = li.json("/api/manage/info", json!({"facility_id": MINE, "hours": "whenever"})).await;
    assert_eq!((bad.status, bad.json["field"].as_str()), (400, Some("hours")));
}

/// Hours typed the way people write them are stored in the one form; a refusal names what could not be
/// read, in the language the request asks for (zh unless it asks otherwise).
#[tokio::test]
async fn hours_typed_in_chinese_are_stored_normalised_and_refusals_speak_the_asked_language() {
    let (_db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let ok = li.json("/api/manage/info", json!({"facility_id": MINE, "hours": "周一到周五 8点-17点"})).await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    let (_, body) = common::get_json(&server.url(&format!("/api/facility?id={MINE}"))).await;
    assert_eq!(body["facility"]["hours"], "Mo-Fr 08:00-17:00");

    for (language, says) in [(None, "不认识的星期“周八”"), (Some("en-GB,en;q=0.9"), "unknown day `周八`")]
    {
        let mut req = common::client()
            .post(server.url("/api/manage/info"))
            .json(&json!({"facility_id": MINE, "hours": "周八 8:00-17:00"}))
            .header("cookie", li.cookie.clone().expect("signed in"))
            .header("origin", server.base.clone());
        if let Some(l) = language {
            req = req.header("accept-language", l);
        }
        let res = req.send().await.expect("request");
        assert_eq!(res.status().as_u16(), 400);
        let bad: serde_json::Value = res.json().await.expect("json");
        assert_eq!((bad["field"].as_str(), bad["code"].as_str()), (Some("hours"), Some("err_hours_day")), "{bad}");
        let message = bad["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{language:?}: {message}");
    }
    let (_, body) = common::get_json(&server.url(&format!("/api/facility?id={MINE}"))).await;
    assert_eq!(body["facility"]["hours"], "Mo-Fr 08:00-17:00", "a refused change leaves the hours as they were");
}

#[tokio::test]
async fn bounds_and_stale_edits_are_refused_with_the_current_figure() {
    let (_db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let current = figure(&server, MINE, "day_care").await;
    let (max, version) = (current["maximum"].as_i64().expect("max"), current["version"].as_i64().expect("v"));

    let set = |available: i64, version: i64| json!({"facility_id": MINE, "service": "day_care", "change": {"op": "set", "available": available, "maximum": null, "version": version}});
    let ok = li.json("/api/manage/capacity", set(0, version)).await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    let new_version = ok.json["version"].as_i64().expect("version");
    assert!(new_version > version);

    // Below zero: refused, nothing changed.
    let below = li.delta(MINE, "day_care", -1).await;
    assert_eq!(below.status, 422, "{}", below.json);
    assert_eq!(below.json["current"]["available"], 0);
    // Above the maximum: refused.
    let above = li.json("/api/manage/capacity", set(max + 1, new_version)).await;
    assert_eq!(above.status, 422);
    // Based on the version before our own edit: stale, and the answer shows what it is now.
    let stale = li.json("/api/manage/capacity", set(3, version)).await;
    assert_eq!(stale.status, 409, "{}", stale.json);
    assert_eq!(stale.json["current"]["available"], 0);
    assert_eq!(stale.json["current"]["version"], new_version);
    assert!(stale.json["message"].as_str().is_some_and(|m| m.contains('0')));
    let after = figure(&server, MINE, "day_care").await;
    assert_eq!(
        (after["available"].as_i64(), after["version"].as_i64()),
        (Some(0), Some(new_version)),
        "nothing changed"
    );

    // "Still correct" moves only the timestamp.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let confirm = li
        .json("/api/manage/capacity", json!({"facility_id": MINE, "service": "day_care", "change": {"op": "confirm"}}))
        .await;
    assert_eq!(confirm.status, 200);
    assert_eq!(confirm.json["available"], 0);
    assert!(confirm.json["updated_at"].as_i64() > after["updated_at"].as_i64());
}

#[tokio::test]
async fn concurrent_taps_lose_nothing() {
    let (_db, server) = setup();
    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    let v = figure(&server, MINE, "meals").await["version"].as_i64().expect("v");
    let reset = admin
        .json("/api/manage/capacity", json!({"facility_id": MINE, "service": "meals", "change": {"op": "set", "available": 0, "maximum": 10000, "version": v}}))
        .await;
    assert_eq!(reset.status, 200, "{}", reset.json);

    const TASKS: usize = 50;
    const TAPS: usize = 20;
    let mut handles = Vec::new();
    for _ in 0..TASKS {
        let mut b = Browser::new(&server);
        b.cookie = admin.cookie.clone();
        handles.push(tokio::spawn(async move {
            for _ in 0..TAPS {
                let r = b.delta(MINE, "meals", 1).await;
                assert_eq!(r.status, 200, "{}", r.json);
            }
        }));
    }
    for h in handles {
        h.await.expect("task");
    }
    let after = figure(&server, MINE, "meals").await;
    assert_eq!(after["available"].as_i64(), Some((TASKS * TAPS) as i64));
    assert_eq!(after["version"].as_i64(), Some(reset.json["version"].as_i64().expect("v") + (TASKS * TAPS) as i64));
}

#[tokio::test]
async fn cross_site_requests_are_refused() {
    let (_db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let before = available(&server, MINE, "meals").await;
    li.origin = Some("https://evil.example".into());
    let r = li.delta(MINE, "meals", 1).await;
    assert_eq!(r.status, 403, "{}", r.json);
    li.origin = None;
    let r = li.delta(MINE, "meals", 1).await;
    assert_eq!(r.status, 403, "no Origin or Referer at all");
    assert_eq!(available(&server, MINE, "meals").await, before);
    // A login posted from another site is refused too (login CSRF).
    let mut evil = Browser::new(&server);
    evil.origin = Some("https://evil.example".into());
    assert_eq!(evil.login("li", PASSWORD).await.status, 403);
}

#[tokio::test]
async fn login_attempts_are_throttled() {
    let (_db, server) = setup();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(Browser::new(&server).login("li", "guess guess guess").await.status);
    }
    assert_eq!(&statuses[..5], &[401; 5]);
    assert_eq!(statuses[5], 429);
    // Even the right password waits now.
    let r = Browser::new(&server).login("li", PASSWORD).await;
    assert_eq!(r.status, 429);
    assert!(r.json["retry_after_s"].as_u64().is_some_and(|s| s >= 1));
    // Another account is not locked out by it.
    assert_eq!(Browser::new(&server).login("admin", PASSWORD).await.status, 200);
}

#[tokio::test]
async fn disabled_accounts_stop_at_once() {
    let (db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let token = create_token(&db, "li");
    let (code, _, stderr) = caremap(&["user", "disable", "--login", "li", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(li.delta(MINE, "meals", 1).await.status, 401, "session no longer works");
    let r = common::client()
        .post(server.url(&format!("/api/facilities/{MINE}/capacity")))
        .bearer_auth(&token)
        .json(&json!({"service": "meals", "delta": 1}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 401, "token no longer works");
    assert_eq!(Browser::new(&server).login("li", PASSWORD).await.status, 401);
}

#[tokio::test]
async fn token_api_follows_the_same_rules() {
    let (db, server) = setup();
    let token = create_token(&db, "li");
    let api = |facility: &str| server.url(&format!("/api/facilities/{facility}/capacity"));
    let post = |url: String, token: Option<String>, body: serde_json::Value| async move {
        let mut req = common::client().post(url).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.json::<serde_json::Value>().await.unwrap_or_default())
    };
    let t = Some(token.clone());

    let before = available(&server, MINE, "bathing").await;
    let max = figure(&server, MINE, "bathing").await["maximum"].as_i64().expect("max");
    let step = if before < max { 1 } else { -1 };
    let (status, body) = post(api(MINE), t.clone(), json!({"service": "bathing", "delta": step})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["facility_id"], MINE);
    assert_eq!(body["service"], "bathing");
    assert_eq!(body["available"].as_i64(), Some(before + step));
    let version = body["version"].as_i64().expect("version");

    let (status, body) =
        post(api(MINE), t.clone(), json!({"service": "bathing", "available": 0, "version": version})).await;
    assert_eq!((status, body["available"].as_i64()), (200, Some(0)), "{body}");
    let (status, body) =
        post(api(MINE), t.clone(), json!({"service": "bathing", "available": 1, "version": version})).await;
    assert_eq!(status, 409, "stale: {body}");
    assert_eq!(body["current"]["available"], 0);
    let (status, _) = post(api(MINE), t.clone(), json!({"service": "bathing", "delta": -1})).await;
    assert_eq!(status, 422);
    let (status, _) = post(api(OTHERS), t.clone(), json!({"service": "meals", "delta": 1})).await;
    assert_eq!(status, 403);
    let (status, _) = post(api("no-such-facility"), t.clone(), json!({"service": "meals", "delta": 1})).await;
    assert_eq!(status, 404);
    let (status, _) = post(api(MINE), t.clone(), json!({"service": "preschool_place", "delta": 1})).await;
    assert_eq!(status, 404, "a service this facility does not offer");
    let (status, body) = post(api(MINE), t.clone(), json!({"service": "meals"})).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = post(api(MINE), t.clone(), json!({"service": "massage", "delta": 1})).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("service")));
    let (status, _) = post(api(MINE), None, json!({"service": "meals", "delta": 1})).await;
    assert_eq!(status, 401);
    let (status, _) = post(api(MINE), Some("cm_0000".into()), json!({"service": "meals", "delta": 1})).await;
    assert_eq!(status, 401);
    assert_eq!(available(&server, MINE, "bathing").await, 0, "the refusals changed nothing");

    // Revoked: refused from then on.
    let (_, list, _) = caremap(&["token", "list", "--database-url", &db.url]);
    let id = list.lines().next().and_then(|l| l.split('\t').next()).expect("token id").to_string();
    let (code, _, stderr) = caremap(&["token", "revoke", &id, "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    let (status, _) = post(api(MINE), t.clone(), json!({"service": "bathing", "delta": 1})).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn every_change_is_audited_for_the_admin() {
    let (db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let before = available(&server, MINE, "meals").await;
    let step = if before > 0 { -1 } else { 1 };
    li.delta(MINE, "meals", step).await;
    let token = create_token(&db, "li");
    common::client()
        .post(server.url(&format!("/api/facilities/{MINE}/capacity")))
        .bearer_auth(&token)
        .json(&json!({"service": "meals", "confirm": true}))
        .send()
        .await
        .expect("request");

    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    let log = admin.form("/api/admin/audit", &[("facility", MINE)]).await;
    assert_eq!(log.status, 200);
    let entries = log.json.as_array().expect("entries");
    let confirmed = &entries[0];
    assert_eq!(
        (confirmed["field"].as_str(), confirmed["via"].as_str(), confirmed["login"].as_str()),
        (Some("confirmed"), Some("api"), Some("li"))
    );
    let changed = &entries[1];
    assert_eq!(changed["field"], "available");
    assert_eq!(changed["via"], "page");
    assert_eq!(changed["old_value"], before.to_string());
    assert_eq!(changed["new_value"], (before + i64::from(step)).to_string());
    // Managers cannot read it.
    assert_eq!(li.form("/api/admin/audit", &[]).await.status, 403);
}

#[tokio::test]
async fn confirming_a_stale_figure_makes_it_count_as_free_again() {
    let (_db, server) = setup();
    // Find a stale day-care figure with free places near the middle of the district.
    let (_, loose) = common::get_json(&server.url(
        "/api/nearest?lat=34.71548&lng=113.64366&kind=elderly_daycare&service=day_care&available=true&include_stale=true&limit=100",
    ))
    .await;
    let now = loose["as_of"].as_i64().expect("as_of");
    let stale = loose["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| {
            let s =
                r["services"].as_array().and_then(|a| a.iter().find(|s| s["service"] == "day_care")).expect("day_care");
            now - s["updated_at"].as_i64().unwrap_or(now) > r["stale_after_s"].as_i64().unwrap_or(0)
        })
        .expect("the sample has stale figures")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let strict_url = server
        .url("/api/nearest?lat=34.71548&lng=113.64366&kind=elderly_daycare&service=day_care&available=true&limit=100");
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["results"]
            .as_array()
            .map(|a| a.iter().map(|r| r["id"].as_str().unwrap_or("").to_string()).collect())
            .unwrap_or_default()
    };
    assert!(!ids(common::get_json(&strict_url).await.1).contains(&stale), "a stale figure does not count as free");

    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    let r = admin
        .json("/api/manage/capacity", json!({"facility_id": stale, "service": "day_care", "change": {"op": "confirm"}}))
        .await;
    assert_eq!(r.status, 200);
    assert!(ids(common::get_json(&strict_url).await.1).contains(&stale), "fresh again, found at once");
}

#[tokio::test]
async fn live_updates_reach_listeners_within_two_seconds() {
    let (_db, server) = setup();
    let mut res = common::client().get(server.url(&format!("/api/live?ids={MINE}"))).send().await.expect("subscribe");
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    let before = available(&server, MINE, "meals").await;
    let step = if before > 0 { -1 } else { 1 };
    let started = std::time::Instant::now();
    li.delta(MINE, "meals", step).await;
    let mut seen = String::new();
    let found = tokio::time::timeout(Duration::from_secs(2), async {
        while let Ok(Some(chunk)) = res.chunk().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if let Some(line) = seen.lines().find(|l| l.starts_with("data:")) {
                return serde_json::from_str::<serde_json::Value>(line.trim_start_matches("data:").trim()).ok();
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .expect("an update within 2 s");
    assert_eq!(found["facility_id"], MINE);
    let meals = found["services"].as_array().and_then(|a| a.iter().find(|s| s["service"] == "meals")).expect("meals");
    assert_eq!(meals["available"].as_i64(), Some(before + i64::from(step)));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn district_staff_see_coverage_against_the_plan() {
    let (_db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    assert_eq!(li.form("/api/admin/coverage", &[]).await.status, 403, "managers do not");
    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    let answer = admin.form("/api/admin/coverage", &[]).await;
    assert_eq!(answer.status, 200);
    let subdistricts = answer.json["subdistricts"].as_array().expect("subdistricts");
    assert_eq!(subdistricts.len(), 16);
    let total: u64 = subdistricts.iter().map(|s| s["communities"].as_u64().unwrap_or(0)).sum();
    assert_eq!(total, 176);
    // The sample gives every subdistrict its big centre and leaves some communities without a small one.
    assert!(subdistricts.iter().all(|s| s["centre"].is_array()));
    let lacking: usize = subdistricts.iter().map(|s| s["lacking"].as_array().map_or(0, Vec::len)).sum();
    assert!(lacking > 0 && lacking < 176, "{lacking}");
    // The page renders for the admin.
    let page = common::client()
        .get(server.url("/coverage"))
        .header("cookie", admin.cookie.clone().unwrap_or_default())
        .send()
        .await
        .expect("page");
    let html = page.text().await.expect("html");
    assert!(html.contains("覆盖情况") && html.contains("尚无日间照料中心的社区"));
}

#[tokio::test]
async fn one_rule_per_change_on_every_path() {
    let (db, server) = setup();
    let mut li = Browser::new(&server);
    li.login("li", PASSWORD).await;
    // A delta of 0 is refused on the page's path as on the token API, and records nothing.
    let before = figure(&server, MINE, "meals").await;
    let r = li.delta(MINE, "meals", 0).await;
    assert_eq!((r.status, r.json["field"].as_str()), (400, Some("delta")), "{}", r.json);
    let token = create_token(&db, "li");
    let res = common::client()
        .post(server.url(&format!("/api/facilities/{MINE}/capacity")))
        .bearer_auth(token)
        .json(&json!({"service": "meals", "delta": 0}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 400);
    let r = li
        .json(
            "/api/manage/capacity",
            json!({"facility_id": MINE, "service": "meals", "change": {"op": "set", "version": 1}}),
        )
        .await;
    assert_eq!(r.status, 400, "an exact change naming no figure: {}", r.json);
    assert_eq!(figure(&server, MINE, "meals").await, before, "nothing changed, not even the time");

    // Creating an account with an unknown facility names it and leaves no account behind.
    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    let body = |facilities: Vec<&str>| json!({"login": "zhao", "password": PASSWORD, "role": "facility_manager", "facilities": facilities});
    let r = admin.json("/api/admin/create-account", body(vec![MINE, "dc-nowhere"])).await;
    assert_eq!((r.status, r.json["field"].as_str()), (400, Some("facilities")), "{}", r.json);
    let message = r.json["message"].as_str().unwrap_or("");
    assert!(message.contains("dc-nowhere") && !message.contains(MINE), "{message}");
    let r = admin.json("/api/admin/create-account", body(vec![MINE])).await;
    assert_eq!(r.status, 200, "the retry is not told the login is taken: {}", r.json);
    assert_eq!(r.json["facilities"], json!([MINE]));
    let long = "a".repeat(65);
    let r = admin
        .json(
            "/api/admin/create-account",
            json!({"login": long, "password": PASSWORD, "role": "facility_manager", "facilities": []}),
        )
        .await;
    assert_eq!((r.status, r.json["field"].as_str()), (400, Some("login")));
    // The same login rule on the command line.
    let (code, _, stderr) =
        caremap(&["user", "add", "--login", &long, "--role", "facility_manager", "--database-url", &db.url]);
    assert_ne!(code, 0);
    assert!(stderr.contains("--login"), "{stderr}");
    let out = {
        use std::io::Write;
        let mut child = std::process::Command::new(common::BIN)
            .args(["user", "add", "--login", "qian", "--role", "facility_manager", "--facility", "dc-nowhere"])
            .args(["--database-url", &db.url])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        child.stdin.take().expect("stdin").write_all(format!("{PASSWORD}\n").as_bytes()).expect("password");
        child.wait_with_output().expect("user add")
    };
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dc-nowhere"), "{stderr}");
    let (_, list, _) = caremap(&["user", "list", "--database-url", &db.url]);
    assert!(!list.contains("qian"), "no half-made account: {list}");
}

#[tokio::test]
async fn passwords_change_with_the_old_one_and_resets_force_a_change() {
    let (db, server) = setup();
    let mut li = Browser::new(&server);
    let before = li.login("li", PASSWORD).await;
    assert_eq!(before.status, 200);
    let first_cookie = li.cookie.clone();

    // The current password is required; a weak new one is refused; nothing changes on refusal.
    let wrong = li
        .form("/api/account/password", &[("old_password", "not my password"), ("new_password", "a new secret 123")])
        .await;
    assert_eq!((wrong.status, wrong.json["field"].as_str()), (400, Some("old_password")));
    let weak = li.form("/api/account/password", &[("old_password", PASSWORD), ("new_password", "short")]).await;
    assert_eq!((weak.status, weak.json["field"].as_str()), (400, Some("new_password")));
    let ok =
        li.form("/api/account/password", &[("old_password", PASSWORD), ("new_password", "a new secret 123")]).await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    assert_ne!(li.cookie, first_cookie, "a new session id with the new password");
    assert_eq!(Browser::new(&server).login("li", PASSWORD).await.status, 401, "the old password no longer works");
    assert_eq!(Browser::new(&server).login("li", "a new secret 123").await.status, 200);

    // Signing out ends the session on the server: the old cookie is nobody's.
    let cookie = li.cookie.clone();
    assert_eq!(li.form("/api/logout", &[]).await.status, 200);
    let mut replay = Browser::new(&server);
    replay.cookie = cookie;
    assert_eq!(replay.delta(MINE, "meals", 1).await.status, 401);

    // An admin's reset: a temporary password that works only to choose a new one.
    add_user(&db, "zhang", "facility_manager", &[MINE], PASSWORD);
    let mut admin = Browser::new(&server);
    admin.login("admin", PASSWORD).await;
    let accounts = admin.form("/api/admin/accounts", &[]).await.json;
    let id =
        accounts.as_array().and_then(|a| a.iter().find(|a| a["login"] == "zhang")).expect("zhang")["id"].to_string();
    let mut manager = Browser::new(&server);
    assert_eq!(manager.form("/api/admin/reset-password", &[("id", &id)]).await.status, 401, "anonymous");
    let reset = admin.form("/api/admin/reset-password", &[("id", &id)]).await;
    assert_eq!(reset.status, 200, "{}", reset.json);
    let temporary = reset.json.as_str().expect("the temporary password").to_string();
    assert!(temporary.len() >= 12);
    assert_eq!(manager.login("zhang", PASSWORD).await.status, 401, "the reset replaced the password");
    assert_eq!(manager.login("zhang", &temporary).await.status, 200);
    let blocked = manager.delta(MINE, "meals", 1).await;
    assert_eq!(blocked.status, 403, "nothing else until it is changed: {}", blocked.json);
    let changed = manager
        .form("/api/account/password", &[("old_password", &temporary), ("new_password", "chosen by zhang 456")])
        .await;
    assert_eq!(changed.status, 200, "{}", changed.json);
    let step = if figure(&server, MINE, "meals").await["available"].as_i64().unwrap_or(0) > 0 { -1 } else { 1 };
    assert_eq!(manager.delta(MINE, "meals", step).await.status, 200, "free again");

    // The command line does the same.
    let (code, stdout, stderr) = caremap(&["user", "reset-password", "--login", "zhang", "--database-url", &db.url]);
    assert_eq!(code, 0, "{stderr}");
    let temporary = stdout.trim().to_string();
    let mut again = Browser::new(&server);
    assert_eq!(again.login("zhang", &temporary).await.status, 200);
    assert_eq!(again.delta(MINE, "meals", -step).await.status, 403);
}
