//! District registers in (docs/REGISTERS.md): an Excel sheet with a title row, Chinese headers and
//! addresses goes through `caremap import` (dry run first, then applied, then re-imported with no
//! change, then a changed register that closes what it no longer lists), and through `/admin` (upload,
//! preview, apply, and placing an approximate facility on the map), on SQLite and PostgreSQL.

mod common;

use common::{Browser, PASSWORD, TestDb, TestServer, add_user, caremap, client, get_json, get_text};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

/// Rows of (name, type, address, 所属街道, 所属社区, 床位数, 性质).
fn register(rows: &[[&str; 7]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.merge_range(0, 0, 0, 7, "二七区养老服务机构名录", &Format::new()).expect("title");
    for (c, h) in ["序号", "机构名称", "机构类型", "详细地址", "所属街道", "所属社区", "床位数（张）", "运营性质"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write_number(r, 0, f64::from(r - 1)).expect("序号");
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16 + 1, *v).expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

const DAYCARE: [&str; 7] =
    ["淮河社区日间照料中心", "社区日间照料中心", "二七区淮河路12号", "淮河路街道", "淮河社区", "30", "公建民营"];
const HOME: [&str; 7] = ["福寿养老院", "养老院", "二七区某路8号", "长江路", "", "120", "民办"];

async fn facility(server: &TestServer, id: &str) -> Value {
    let (status, body) = get_json(&server.url(&format!("/api/facility?id={id}"))).await;
    assert_eq!(status, 200, "{body}");
    body["facility"].clone()
}

/// The ids near the district's centre (every kind, every status the search offers).
async fn nearby(server: &TestServer) -> Vec<String> {
    let (_, body) = get_json(&server.url("/api/nearest?lat=34.72&lng=113.63&limit=50")).await;
    body["results"]
        .as_array()
        .map_or(Vec::new(), |a| a.iter().filter_map(|r| r["id"].as_str().map(String::from)).collect())
}

fn id_of(stdout: &str, name: &str) -> String {
    let line = stdout.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} in {stdout}"));
    let start = line.find("(reg-").map(|i| i + 1).unwrap_or_else(|| panic!("an id in {line}"));
    line[start..].split([',', ')']).next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_register_is_previewed_imported_reimported_and_superseded_from_the_command_line() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--no-sample", "--api-rate", "0"]);
    let file = db.dir().join("名录.xlsx");
    std::fs::write(&file, register(&[DAYCARE, HOME])).expect("write");
    let file = file.display().to_string();

    // The dry run shows what would happen and writes nothing.
    let (code, out, err) = caremap(&["import", &file, "--dry-run", "--database-url", &db.url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("header in row 2"), "{out}");
    assert!(out.contains("unused columns (not imported): 序号"), "{out}");
    assert!(out.contains("2 added would be"), "{out}");
    assert!(out.contains("location: community") && out.contains("location: subdistrict"), "{out}");
    assert!(out.contains("dry run: nothing written"), "{out}");
    let daycare = id_of(&out, "淮河社区日间照料中心");
    let home = id_of(&out, "福寿养老院");
    assert!(nearby(&server).await.is_empty(), "nothing imported by a dry run");

    let (code, out, err) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: 2 added, 0 changed, 0 closed"), "{out}");
    // The running server follows the change log.
    let seen = common::eventually(std::time::Duration::from_secs(10), || async {
        let ids = nearby(&server).await;
        ids.contains(&daycare) && ids.contains(&home)
    });
    assert!(seen.await, "the server shows the imported facilities");
    let f = facility(&server, &daycare).await;
    assert_eq!(f["location_basis"], "community");
    assert_eq!(f["ownership"], "public_private");
    assert_eq!(f["community_code"], "410103001001");
    assert_eq!(f["services"][0]["maximum"], 30);
    assert_eq!(f["services"][0]["updated_at"], 0, "free places not reported by a register");
    let (_, page) = get_text(&server.url(&format!("/facility/{daycare}"))).await;
    assert!(page.contains("位置为大致位置（所在社区的中心）"), "families are told the point is approximate");
    assert!(page.contains("空位尚未报告") && page.contains("共 30 个"), "the unreported figure is said as such");

    // The same register again: nothing changes.
    let (code, out, err) = caremap(&["import", &file, "--database-url", &db.url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: 0 added, 0 changed, 0 closed, 2 unchanged"), "{out}");

    // A later register: the centre has 20 places now, the nursing home is gone, a new home opened.
    let file2 = db.dir().join("名录2.xlsx");
    let mut smaller = DAYCARE;
    smaller[5] = "20";
    let new_home: [&str; 7] = ["康乐敬老院", "敬老院", "二七区马寨镇康乐村", "马寨镇", "", "40", "公办"];
    std::fs::write(&file2, register(&[smaller, new_home])).expect("write");
    let file2 = file2.display().to_string();
    let (code, out, err) = caremap(&["import", &file2, "--dry-run", "--database-url", &db.url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("day_care.maximum: 30 → 20"), "{out}");
    assert!(out.contains(&format!("  - 福寿养老院 ({home}, nursing_home)")), "{out}");
    let (code, out, err) = caremap(&["import", &file2, "--missing", "close", "--database-url", &db.url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: 1 added, 1 changed, 1 closed"), "{out}");
    let gone =
        common::eventually(std::time::Duration::from_secs(10), || async { !nearby(&server).await.contains(&home) });
    assert!(gone.await, "a closed facility is no longer offered to families");
    assert_eq!(facility(&server, &home).await["status"], "closed");
    let (_, page) = get_text(&server.url(&format!("/facility/{home}"))).await;
    assert!(page.contains("已停办"), "its page says it is closed");

    // A register with bad rows imports nothing and names each.
    let bad = db.dir().join("bad.xlsx");
    let hospital: [&str; 7] = ["阳光医院", "医院", "二七区某路1号", "淮河路街道", "", "", "公办"];
    let nowhere: [&str; 7] = ["无名站", "日间照料站", "", "", "", "10", "公办"];
    std::fs::write(&bad, register(&[hospital, nowhere, new_home])).expect("write");
    let (code, out, err) = caremap(&["import", &bad.display().to_string(), "--database-url", &db.url]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("第 3 行") && err.contains("未知类型“医院”"), "{err}");
    assert!(err.contains("第 4 行") && err.contains("无法定位这一行"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
}

const BOUNDARY: &str = "caremapRegisterBoundary";

fn multipart(filename: &str, file: &[u8], fields: &[(&str, &str)]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n");
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_upload(server: &TestServer, cookie: &str, body: Vec<u8>) -> (u16, Value) {
    let res = client()
        .post(server.url("/admin/registers/upload"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("origin", server.base.clone())
        .header("cookie", cookie)
        .body(body)
        .send()
        .await
        .expect("upload");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn admins_upload_preview_apply_and_place_a_register() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &["--no-sample"]));
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    let server = TestServer::start(&db, &["--no-sample", "--api-rate", "0"]);
    let mut admin = Browser::new(&server);
    assert_eq!(admin.login("admin", PASSWORD).await.status, 200);
    let cookie = admin.cookie.clone().expect("session");

    // A file that is not a register is refused at once, with the one error shape.
    let (status, body) = post_upload(&server, &cookie, multipart("x.xlsx", b"not a spreadsheet", &[])).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("file")), "{body}");
    let (status, body) = post_upload(&server, &cookie, multipart("x.pdf", b"%PDF", &[])).await;
    assert_eq!(status, 400, "{body}");

    let (status, body) = post_upload(&server, &cookie, multipart("名录.xlsx", &register(&[DAYCARE, HOME]), &[])).await;
    assert_eq!(status, 200, "{body}");
    let upload = body["upload"].as_str().expect("an upload id").to_string();

    let preview = admin.form("/api/admin/register-preview", &[("upload", &upload)]).await;
    assert_eq!(preview.status, 200, "{}", preview.json);
    assert_eq!(preview.json["added"].as_array().map(Vec::len), Some(2), "{}", preview.json);
    assert_eq!(preview.json["header_row"], 2);
    assert!(preview.json["errors"].as_array().is_some_and(Vec::is_empty));
    let (_, page) = get_text_as(&server, &cookie, &format!("/admin/registers?upload={upload}")).await;
    assert!(page.contains("新增 2 个") && page.contains("淮河社区日间照料中心"), "the page shows the dry run");
    assert!(nearby(&server).await.is_empty(), "nothing written by the preview");

    let applied = admin.form("/admin/registers/apply", &[("upload", &upload), ("missing", "keep")]).await;
    assert_eq!(applied.status, 200, "{}", applied.json);
    assert_eq!((applied.json["added"].as_u64(), applied.json["changed"].as_u64()), (Some(2), Some(0)));
    assert_eq!(nearby(&server).await.len(), 2, "this instance answers with them at once");
    let again = admin.form("/admin/registers/apply", &[("upload", &upload)]).await;
    assert_eq!(again.status, 404, "an applied upload is gone: {}", again.json);

    // The placing queue lists both; placing one marks it surveyed and records who moved it.
    let queue = admin.form("/api/admin/approximate", &[]).await;
    let ids: Vec<String> = queue
        .json
        .as_array()
        .map_or(Vec::new(), |a| a.iter().filter_map(|f| f["id"].as_str().map(String::from)).collect());
    assert_eq!(ids.len(), 2, "{}", queue.json);
    let outside = admin.form("/api/admin/place-facility", &[("id", &ids[0]), ("lat", "39.9"), ("lng", "116.4")]).await;
    assert_eq!(outside.status, 400, "a point outside the district is refused: {}", outside.json);
    let placed =
        admin.form("/api/admin/place-facility", &[("id", &ids[0]), ("lat", "34.7301"), ("lng", "113.6302")]).await;
    assert_eq!(placed.status, 200, "{}", placed.json);
    let f = facility(&server, &ids[0]).await;
    assert_eq!((f["location_basis"].as_str(), f["lat"].as_f64()), (Some("surveyed"), Some(34.7301)));
    let queue = admin.form("/api/admin/approximate", &[]).await;
    assert_eq!(queue.json.as_array().map(Vec::len), Some(1));
    let audit = admin.form("/api/admin/audit", &[("facility", &ids[0])]).await;
    let fields: Vec<&str> =
        audit.json.as_array().map_or(Vec::new(), |a| a.iter().filter_map(|e| e["field"].as_str()).collect());
    assert!(fields.contains(&"location") && fields.contains(&"created"), "{}", audit.json);
    assert!(audit.json.as_array().is_some_and(|a| a.iter().any(|e| e["via"] == "register" && e["login"] == "admin")));

    // Importing the register again does not move the placed facility back to its community.
    let (_, body) = post_upload(&server, &cookie, multipart("名录.xlsx", &register(&[DAYCARE, HOME]), &[])).await;
    let upload = body["upload"].as_str().expect("an upload id").to_string();
    let preview = admin.form("/api/admin/register-preview", &[("upload", &upload)]).await;
    assert_eq!(
        (preview.json["unchanged"].as_u64(), preview.json["changed"].as_array().map(Vec::len)),
        (Some(2), Some(0)),
        "{}",
        preview.json
    );
    let discarded = admin.form("/admin/registers/discard", &[("upload", &upload)]).await;
    assert_eq!(discarded.status, 200);
    // The page of an upload that is gone says so, with the status to match.
    let (status, page) = get_text_as(&server, &cookie, &format!("/admin/registers?upload={upload}")).await;
    assert_eq!(status, 404, "{page}");
}

async fn get_text_as(server: &TestServer, cookie: &str, path: &str) -> (u16, String) {
    let res = client().get(server.url(path)).header("cookie", cookie).send().await.expect("page");
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

async fn results(server: &TestServer, query: &str) -> Vec<Value> {
    let (status, body) = get_json(&server.url(&format!("/api/nearest?lat=34.72&lng=113.63&limit=100&{query}"))).await;
    assert_eq!(status, 200, "{query}: {body}");
    body["results"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn families_filter_on_the_register_record_and_see_it_on_the_page() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let homes = results(&server, "kind=nursing_home,elderly_center").await;
    let cared = results(&server, "kind=nursing_home,elderly_center&medical=true&ltc=true").await;
    assert!(!cared.is_empty() && cared.len() < homes.len(), "{} of {}", cared.len(), homes.len());
    for r in &cared {
        let d = &r["details"];
        assert!(d["medical"] == "onsite" || d["medical"] == "contracted", "{r}");
        assert_eq!(d["ltc_insurance"], true, "{r}");
    }
    let rated = results(&server, "kind=nursing_home,elderly_center&min_rating=4").await;
    assert!(!rated.is_empty() && rated.len() < homes.len());
    assert!(rated.iter().all(|r| r["details"]["rating"].as_u64().is_some_and(|n| n >= 4)), "{rated:?}");
    let nursing = results(&server, "kind=nursing_home&nursing_beds=true").await;
    assert!(nursing.iter().all(|r| r["details"]["beds_nursing"].as_u64().is_some_and(|n| n > 0)));

    let kgs = results(&server, "kind=kindergarten").await;
    let inclusive = results(&server, "kind=kindergarten&inclusive=true").await;
    assert!(!inclusive.is_empty() && inclusive.len() < kgs.len(), "{} of {}", inclusive.len(), kgs.len());
    assert!(inclusive.iter().all(|r| r["ownership"] != "private" || r["details"]["inclusive_since"].is_u64()));
    // An elder-care filter says nothing about kindergartens.
    assert_eq!(results(&server, "kind=kindergarten&medical=true").await.len(), kgs.len());

    for bad in ["min_rating=6", "min_rating=x", "ltc=maybe"] {
        let (status, body) = get_json(&server.url(&format!("/api/nearest?lat=34.72&lng=113.63&{bad}"))).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("bad_request")), "{bad}: {body}");
    }

    let id = cared[0]["id"].as_str().expect("id");
    let (_, page) = get_text(&server.url(&format!("/facility/{id}"))).await;
    assert!(
        page.contains("登记信息") && page.contains("长护险定点") && page.contains("医养结合"),
        "the record is shown"
    );
    let (status, page) = get_text(&server.url("/search?lat=34.72&lng=113.63&kind=nursing_home&medical=true")).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"name="medical" value="true" checked"#), "the form keeps the filter");
}

/// One bad register row is reported in the visitor's language — Chinese by default, English with
/// `Accept-Language: en` — on the preview's JSON answer and page, its catalogue key the same in both.
#[tokio::test]
async fn a_bad_register_row_is_reported_in_the_visitors_language() {
    let db = TestDb::new();
    drop(TestServer::start(&db, &["--no-sample"]));
    add_user(&db, "admin", "district_admin", &[], PASSWORD);
    let server = TestServer::start(&db, &["--no-sample", "--api-rate", "0"]);
    let mut admin = Browser::new(&server);
    assert_eq!(admin.login("admin", PASSWORD).await.status, 200);
    let cookie = admin.cookie.clone().expect("session");
    let hospital: [&str; 7] = ["阳光医院", "医院", "二七区某路1号", "淮河路街道", "", "", "公办"];
    let (status, body) =
        post_upload(&server, &cookie, multipart("名录.xlsx", &register(&[DAYCARE, hospital]), &[])).await;
    assert_eq!(status, 200, "{body}");
    let upload = body["upload"].as_str().expect("an upload id").to_string();
    let preview = |lang: Option<&'static str>| {
        let mut req = client()
            .post(server.url("/api/admin/register-preview"))
            .header("origin", server.base.clone())
            .header("cookie", cookie.clone())
            .form(&[("upload", upload.clone())]);
        if let Some(l) = lang {
            req = req.header("accept-language", l);
        }
        async move {
            let res = req.send().await.expect("preview");
            assert_eq!(res.status().as_u16(), 200);
            res.json::<Value>().await.expect("JSON")
        }
    };
    let zh = preview(None).await;
    let en = preview(Some("en")).await;
    for answer in [&zh, &en] {
        assert_eq!(answer["error_codes"], serde_json::json!(["err_reg_unknown_kind"]), "{answer}");
    }
    let error = |a: &Value| a["errors"][0].as_str().unwrap_or_default().to_string();
    assert!(error(&zh).starts_with("第 4 行") && error(&zh).contains("未知类型“医院”"), "{zh}");
    assert!(error(&en).starts_with("row 4") && error(&en).contains("unknown kind `医院`"), "{en}");
    assert!(!error(&en).contains("未知") && !error(&zh).contains("unknown"), "one language each");
    let (_, page) = get_text_as(&server, &cookie, &format!("/admin/registers?upload={upload}")).await;
    assert!(page.contains("未知类型“医院”"), "the page shows the row's reason in Chinese");
}
