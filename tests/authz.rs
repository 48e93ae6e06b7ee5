//! The authorization matrix (issue 13, item 11): every state-changing server function and API route, tried as
//! anonymous, as a manager of another facility, as a disabled account, with a revoked token, and cross-site (a
//! foreign `Origin` on an admin's session). Each must be refused with its status, and the database must hold
//! exactly what it held before (every table, row for row). Then the same requests, sent by someone entitled to
//! them, succeed: the refusals were about who asked, not about a malformed request.

mod common;
#[path = "support/surface.rs"]
mod surface;

use common::{PASSWORD, TestDb, TestServer, add_user, caremap, create_token};
use serde_json::{Value, json};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;

const FACILITY: &str = "dc-410103013004";
const OTHER_FACILITY: &str = "dc-410103001003";
const EVIL: &str = "https://evil.example";
/// A district register with one new day-care centre, placed by its community.
const REGISTER: &str = "名称,类型,所属社区\n新开的日间照料站,日间照料站,淮河社区";

/// Two uploads kept as if an admin had previewed them: the matrix applies one and discards the other.
async fn keep_uploads(db: &TestDb) {
    let sql = "INSERT INTO register_upload (id, at, login, filename, options, content) VALUES ($1, $3, 'admin', 'r.csv', '{}', $2)";
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    for id in ["kept-1", "kept-2"] {
        let done = if db.is_postgres() {
            let pool = PgPoolOptions::new().max_connections(1).connect(&db.url).await.expect("open");
            let r = sqlx::query(sql).bind(id).bind(REGISTER.as_bytes()).bind(now).execute(&pool).await;
            pool.close().await;
            r.map(|_| ())
        } else {
            let pool = SqlitePoolOptions::new().max_connections(1).connect(&db.url).await.expect("open");
            let r = sqlx::query(sql).bind(id).bind(REGISTER.as_bytes()).bind(now).execute(&pool).await;
            pool.close().await;
            r.map(|_| ())
        };
        done.unwrap_or_else(|e| panic!("keep upload {id}: {e}"));
    }
}

/// `app_user` on SQLite, `public.app_user` on PostgreSQL.
fn named(t: &str, table: &str) -> bool {
    t == table || t.strip_suffix(table).is_some_and(|schema| schema.ends_with('.'))
}

async fn scalar(db: &TestDb, sql: &str) -> i64 {
    let v: Result<i64, sqlx::Error> = if db.is_postgres() {
        let pool = PgPoolOptions::new().max_connections(1).connect(&db.url).await.expect("open");
        let v = sqlx::query_scalar(sql).fetch_one(&pool).await;
        pool.close().await;
        v
    } else {
        let pool = SqlitePoolOptions::new().max_connections(1).connect(&db.url).await.expect("open");
        let v = sqlx::query_scalar(sql).fetch_one(&pool).await;
        pool.close().await;
        v
    };
    v.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every posted server function (not `GetUrl`) and every POST route of the router (`{id}` as `x`).
fn posted_paths() -> Vec<String> {
    let root = common::workspace_root();
    let functions = surface::server_fns(&root).into_iter().filter(|f| !f.get).map(|f| f.path);
    let routes = surface::router_routes(&root).into_iter().filter(|(m, _)| *m == "POST").map(|(_, p)| p);
    functions.chain(routes).collect()
}

/// Who is asking: a session cookie and/or a bearer token, and the `Origin` the request carries.
#[derive(Clone, Default)]
struct Caller {
    cookie: Option<String>,
    bearer: Option<String>,
    origin: String,
}

#[derive(Clone)]
enum Body {
    None,
    Json(Value),
    Form(Vec<(&'static str, String)>),
    Upload { fields: Vec<(&'static str, &'static str)>, filename: &'static str, content: &'static str },
}

struct Action {
    name: &'static str,
    method: &'static str,
    path: String,
    body: Body,
    /// Uses the caller's bearer token rather than their session.
    token_api: bool,
    /// Expected status: anonymous, other facility's manager, disabled account, revoked token, cross-site.
    /// `None`: not refused by design (a public action, or a read that a foreign page cannot see).
    expect: [Option<u16>; 5],
}

const COLUMNS: [&str; 5] = ["anonymous", "other manager", "disabled", "revoked token", "cross-site"];

async fn send(base: &str, a: &Action, c: &Caller) -> (u16, String) {
    let client = common::client();
    let url = format!("{base}{}", a.path);
    let mut req = if a.method == "GET" { client.get(url) } else { client.post(url) };
    req = req.header("origin", &c.origin).header("accept", "application/json");
    if let Some(cookie) = &c.cookie {
        req = req.header("cookie", cookie);
    }
    if let Some(t) = &c.bearer {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    req = match &a.body {
        Body::None => req,
        Body::Json(v) => req.json(v),
        Body::Form(fields) => req.form(fields),
        Body::Upload { fields, filename, content } => {
            let boundary = "caremapboundary";
            let mut body = String::new();
            for (name, value) in fields {
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                ));
            }
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n--{boundary}--\r\n"
            ));
            req.header("content-type", format!("multipart/form-data; boundary={boundary}")).body(body)
        }
    };
    let res = req.send().await.expect("request");
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

async fn login(base: &str, login: &str) -> String {
    let res = common::client()
        .post(format!("{base}/api/login"))
        .header("origin", base)
        .form(&[("login", login), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status().as_u16(), 200, "login {login}");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("caremap_session="))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string()
}

#[tokio::test]
async fn every_state_change_is_refused_to_whoever_may_not_make_it() {
    let db = TestDb::new();
    // No periodic work-item scan during the test: only requests may change the database.
    let server = TestServer::start(&db, &["--scan-every", "1h"]); // loads the sample facilities
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    add_user(&db, "li", "facility_manager", &[FACILITY], PASSWORD);
    add_user(&db, "other", "facility_manager", &[OTHER_FACILITY], PASSWORD);
    add_user(&db, "gone", "district_admin", &[], PASSWORD);
    add_user(&db, "rev", "district_admin", &[], PASSWORD);
    let admin_token = create_token(&db, "admin");
    let li_token = create_token(&db, "li");
    let other_token = create_token(&db, "other");
    let gone_token = create_token(&db, "gone");
    let revoked_token = create_token(&db, "rev");
    let base = server.base.clone();
    let admin = login(&base, "admin").await;
    let other = login(&base, "other").await;
    let gone = login(&base, "gone").await;

    let rev_id =
        scalar(&db, "SELECT t.id FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE u.login = 'rev'").await;
    let (code, _, err) = caremap(&["token", "revoke", &rev_id.to_string(), "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = caremap(&["user", "disable", "--login", "gone", "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");

    // The start-up scan has finished (nothing else writes while the matrix runs), and a resident's report
    // gives the facility a work item to move.
    let scanned = common::eventually(std::time::Duration::from_secs(30), || async {
        let (_, health) = common::get_json(&format!("{base}/health")).await;
        health["work_scan_at"].as_i64().unwrap_or(0) > 0
    });
    assert!(scanned.await, "the start-up work-item scan ran");
    let report = common::client()
        .post(format!("{base}/api/report"))
        .header("origin", &base)
        .form(&[("facility_id", FACILITY), ("kind", "wrong"), ("note", "phone number")])
        .send()
        .await
        .expect("report");
    assert_eq!(report.status().as_u16(), 200);
    let li_id = scalar(&db, "SELECT id FROM app_user WHERE login = 'li'").await;
    let li_token_id =
        scalar(&db, "SELECT t.id FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE u.login = 'li'").await;
    let item =
        scalar(&db, &format!("SELECT id FROM work_item WHERE facility_id = '{FACILITY}' AND state = 'open' LIMIT 1"))
            .await;

    let refused = [Some(401), Some(403), Some(401), Some(401), Some(403)];
    let session_action = |name, path: &str, body| Action {
        name,
        method: "POST",
        path: path.to_string(),
        body,
        token_api: false,
        expect: refused,
    };
    let actions = vec![
        session_action(
            "manage/capacity",
            "/api/manage/capacity",
            Body::Json(json!({"facility_id": FACILITY, "service": "meals", "change": {"op": "delta", "delta": 1}})),
        ),
        session_action(
            "manage/info",
            "/api/manage/info",
            Body::Json(json!({"facility_id": FACILITY, "status": "temporarily_closed", "hours": "Mo-Fr 08:00-12:00"})),
        ),
        Action {
            name: "token capacity API",
            method: "POST",
            path: format!("/api/facilities/{FACILITY}/capacity"),
            body: Body::Json(json!({"service": "meals", "delta": 1})),
            token_api: true,
            expect: refused,
        },
        session_action(
            "work-items/move",
            "/api/work-items/move",
            Body::Form(vec![("id", item.to_string()), ("to", "dismissed".into()), ("note", "not real".into())]),
        ),
        session_action(
            "admin/create-account",
            "/api/admin/create-account",
            Body::Json(json!({"login": "mallory", "password": PASSWORD, "role": "district_admin", "facilities": []})),
        ),
        session_action(
            "admin/set-disabled",
            "/api/admin/set-disabled",
            Body::Form(vec![("id", li_id.to_string()), ("disabled", "true".into())]),
        ),
        session_action(
            "admin/set-facilities",
            "/api/admin/set-facilities",
            Body::Json(json!({"id": li_id, "facilities": [OTHER_FACILITY]})),
        ),
        session_action(
            "admin/revoke-token",
            "/api/admin/revoke-token",
            Body::Form(vec![("id", li_token_id.to_string())]),
        ),
        session_action("admin/reports", "/api/admin/reports", Body::Form(vec![])),
        session_action(
            "admin/reset-password",
            "/api/admin/reset-password",
            Body::Form(vec![("id", li_id.to_string())]),
        ),
        Action {
            name: "account/password",
            method: "POST",
            path: "/api/account/password".into(),
            body: Body::Form(vec![("old_password", PASSWORD.into()), ("new_password", "a new long passphrase".into())]),
            token_api: false,
            // One's own password: the other facility's manager may change theirs (the entitled caller below).
            expect: [Some(401), None, Some(401), Some(401), Some(403)],
        },
        session_action(
            "catchment upload",
            "/admin/catchments/upload",
            Body::Upload {
                fields: vec![("year", "2031"), ("replace", "true")],
                filename: "c.csv",
                content: "school_id,community_code\nps-410103009-0,410103008014",
            },
        ),
        session_action(
            "register upload",
            "/admin/registers/upload",
            Body::Upload { fields: vec![], filename: "r.csv", content: REGISTER },
        ),
        session_action(
            "register apply",
            "/admin/registers/apply",
            Body::Form(vec![("upload", "kept-1".into()), ("missing", "keep".into())]),
        ),
        session_action("register discard", "/admin/registers/discard", Body::Form(vec![("upload", "kept-2".into())])),
        session_action(
            "admin/place-facility",
            "/api/admin/place-facility",
            Body::Form(vec![("id", FACILITY.into()), ("lat", "34.7200".into()), ("lng", "113.6300".into())]),
        ),
        Action {
            name: "export",
            method: "GET",
            path: "/api/admin/export/plan?format=csv".into(),
            body: Body::None,
            token_api: false,
            expect: [Some(401), Some(403), Some(401), Some(401), None],
        },
        Action {
            name: "resident report",
            method: "POST",
            path: "/api/report".into(),
            body: Body::Form(vec![("facility_id", FACILITY.into()), ("kind", "full".into())]),
            token_api: false,
            expect: [None, None, None, None, Some(403)],
        },
        Action {
            name: "login",
            method: "POST",
            path: "/api/login".into(),
            body: Body::Form(vec![("login", "admin".into()), ("password", PASSWORD.into())]),
            token_api: false,
            expect: [None, None, None, None, Some(403)],
        },
        Action {
            name: "logout",
            method: "POST",
            path: "/api/logout".into(),
            body: Body::Form(vec![]),
            token_api: false,
            expect: [None, None, None, None, Some(403)],
        },
    ];

    let callers = |token_api: bool| -> [Caller; 5] {
        let as_ = |cookie: &str, token: &str, origin: &str| {
            if token_api {
                Caller { bearer: Some(token.into()), origin: origin.into(), ..Caller::default() }
            } else {
                Caller { cookie: Some(cookie.into()), origin: origin.into(), ..Caller::default() }
            }
        };
        [
            Caller { origin: base.clone(), ..Caller::default() },
            as_(&other, &other_token, &base),
            as_(&gone, &gone_token, &base),
            Caller { bearer: Some(revoked_token.clone()), origin: base.clone(), ..Caller::default() },
            as_(&admin, &admin_token, EVIL),
        ]
    };

    // The table is complete: every posted server function (read from the `#[server]` attributes) and every
    // POST route of the router is in it, or is a read that only happens to be posted.
    let reads = [
        "/api/whoami",
        "/api/manage/facilities",
        "/api/admin/accounts",
        "/api/admin/audit",
        "/api/admin/audit-matching",
        "/api/admin/tokens",
        "/api/admin/coverage",
        "/api/admin/register-preview",
        "/api/admin/approximate",
    ];
    let in_table: Vec<String> =
        actions.iter().map(|a| a.path.split('?').next().unwrap_or_default().to_string()).collect();
    let posted = posted_paths();
    assert!(posted.len() >= 15, "{posted:?}");
    for path in &posted {
        let filled = path.replace("/x/", &format!("/{FACILITY}/"));
        assert!(in_table.contains(&filled) || reads.contains(&path.as_str()), "{path} is missing from the matrix");
    }

    keep_uploads(&db).await;
    let before = db.dump().await;
    let mut tried = 0;
    for a in &actions {
        for (column, (caller, expect)) in callers(a.token_api).iter().zip(a.expect).enumerate() {
            let Some(expect) = expect else { continue };
            let (status, body) = send(&base, a, caller).await;
            assert_eq!(status, expect, "{} as {}: {body}", a.name, COLUMNS[column]);
            if a.path.starts_with("/api/") {
                let json: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                assert!(json["error"].is_string(), "{} as {}: {body}", a.name, COLUMNS[column]);
            }
            tried += 1;
        }
    }
    assert_eq!(tried, 16 * 5 - 1 + 4 + 3, "every cell of the table was tried");
    let after = db.dump().await;
    assert_eq!(before.len(), after.len());
    for ((table, rows), (_, rows_after)) in before.iter().zip(&after) {
        assert_eq!(rows, rows_after, "table {table} changed after refused requests");
    }
    assert!(before.iter().any(|(t, rows)| named(t, "app_user") && rows.len() == 5));

    // The same requests from someone entitled to them succeed (the admin's session on this site; the
    // token API with the facility's manager's token, before that token is revoked by the matrix's request).
    let admin_here = Caller { cookie: Some(admin.clone()), origin: base.clone(), ..Caller::default() };
    let other_here = Caller { cookie: Some(other.clone()), origin: base.clone(), ..Caller::default() };
    let li_here = Caller { bearer: Some(li_token.clone()), origin: base.clone(), ..Caller::default() };
    for a in &actions {
        let caller = match a.name {
            _ if a.token_api => &li_here,
            "account/password" => &other_here,
            _ => &admin_here,
        };
        let (status, body) = send(&base, a, caller).await;
        assert_eq!(status, 200, "{} by someone entitled: {body}", a.name);
    }
    let changed = db.dump().await;
    for table in [
        "service_capacity",
        "facility",
        "work_item",
        "app_user",
        "user_facility",
        "api_token",
        "catchment_community",
        "register_upload",
    ] {
        let rows = |d: &Vec<(String, Vec<String>)>| d.iter().find(|(t, _)| named(t, table)).map(|(_, r)| r.clone());
        assert_ne!(rows(&before), rows(&changed), "{table} should have changed");
    }
}
