//! One language per answer (issue 14 item 4): the same bad request is told in Chinese by default or with
//! `Accept-Language: zh-CN`, in English with `Accept-Language: en` or the `caremap_lang=en` cookie — for the
//! public API, a server function, the token API and a page — and `error`/`field`/`code` stay the same.

mod common;

use common::{PASSWORD, TestDb, TestServer, create_token};
use serde_json::{Value, json};

const MINE: &str = "dc-410103013004";

/// How a request asks for its language.
#[derive(Clone, Copy, Debug)]
enum Asks {
    Nothing,
    Zh,
    En,
    EnCookie,
}

impl Asks {
    const ALL: [Asks; 4] = [Asks::Nothing, Asks::Zh, Asks::En, Asks::EnCookie];

    fn english(self) -> bool {
        matches!(self, Asks::En | Asks::EnCookie)
    }

    fn apply(self, req: reqwest::RequestBuilder, cookie: Option<&str>) -> reqwest::RequestBuilder {
        let mut cookies: Vec<&str> = cookie.into_iter().collect();
        let req = match self {
            Asks::Nothing => req,
            Asks::Zh => req.header("accept-language", "zh-CN,zh;q=0.9"),
            Asks::En => req.header("accept-language", "en-GB,en;q=0.9"),
            // The cookie beats the header.
            Asks::EnCookie => {
                cookies.push("caremap_lang=en");
                req.header("accept-language", "zh-CN")
            }
        };
        if cookies.is_empty() { req } else { req.header("cookie", cookies.join("; ")) }
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Three English words in a row.
fn has_english_phrase(s: &str) -> bool {
    s.split(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
        .any(|run| run.split(' ').filter(|w| w.len() >= 2).count() >= 3)
}

/// The message is in the language asked for, and only in it.
fn in_language(what: &str, asks: Asks, message: &str) {
    assert!(!message.is_empty(), "{what} {asks:?}: no message");
    if asks.english() {
        let words = message.split_whitespace().filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()));
        assert!(!has_cjk(message) && words.count() >= 2, "{what} {asks:?}: not English: {message}");
    } else {
        assert!(has_cjk(message) && !has_english_phrase(message), "{what} {asks:?}: not Chinese alone: {message}");
    }
}

/// An error answer: the machine part as given, the message in the language asked for.
async fn error_answer(
    what: &str,
    asks: Asks,
    res: reqwest::Response,
    status: u16,
    error: &str,
    field: Option<&str>,
    code: &str,
) -> String {
    assert_eq!(res.status().as_u16(), status, "{what} {asks:?}");
    let body: Value = res.json().await.unwrap_or_default();
    assert_eq!(body["error"], error, "{what} {asks:?}: {body}");
    assert_eq!(body["field"].as_str(), field, "{what} {asks:?}: {body}");
    assert_eq!(body["code"], code, "{what} {asks:?}: {body}");
    let message = body["message"].as_str().unwrap_or_default().to_string();
    in_language(what, asks, &message);
    message
}

fn setup() -> (TestDb, TestServer) {
    common::with_accounts(&[("li", "facility_manager", &[MINE])], &[], &[])
}

#[tokio::test]
async fn every_kind_of_answer_speaks_the_language_asked_for() {
    let (db, server) = setup();
    let client = common::client();
    let token = create_token(&db, "li");
    // A manager's session, for the manager page's server function.
    let login = client
        .post(server.url("/api/login"))
        .header("origin", server.url(""))
        .form(&[("login", "li"), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(login.status().as_u16(), 200);
    let session = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("caremap_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();

    let mut messages = Vec::new();
    for asks in Asks::ALL {
        // (a) The public API: a parameter out of range.
        let res =
            asks.apply(client.get(server.url("/api/nearest?lat=999&lng=113.6")), None).send().await.expect("nearest");
        let m = error_answer("/api/nearest", asks, res, 400, "bad_request", Some("lat"), "err_lat_range").await;
        assert!(m.contains("999"), "{m}");

        // (b) Server functions used by pages: a wrong password, and a manager's change of nothing.
        let res = asks
            .apply(client.post(server.url("/api/login")).header("origin", server.url("")), None)
            .form(&[("login", "li"), ("password", "not the password")])
            .send()
            .await
            .expect("login");
        error_answer("/api/login", asks, res, 401, "login_failed", None, "err_login_failed").await;
        let res = asks
            .apply(client.post(server.url("/api/manage/capacity")).header("origin", server.url("")), Some(&session))
            .json(&json!({"facility_id": MINE, "service": "meals", "change": {"op": "delta", "delta": 0}}))
            .send()
            .await
            .expect("change");
        let m =
            error_answer("/api/manage/capacity", asks, res, 400, "bad_request", Some("delta"), "err_delta_zero").await;

        // (c) An axum handler: the token capacity API, the same refusal in the same words.
        let res = asks
            .apply(
                client
                    .post(server.url(&format!("/api/facilities/{MINE}/capacity")))
                    .header("origin", server.url(""))
                    .bearer_auth(&token),
                None,
            )
            .json(&json!({"service": "meals", "delta": 0}))
            .send()
            .await
            .expect("token API");
        let same = error_answer("token API", asks, res, 400, "bad_request", Some("delta"), "err_delta_zero").await;
        assert_eq!(m, same, "one message for one refusal, whichever way it came");

        // The cross-site guard (a layer in front of every handler): a session's post from no page of ours.
        let res = asks
            .apply(client.post(server.url("/api/manage/capacity")), Some(&session))
            .json(&json!({"facility_id": MINE, "service": "meals", "change": {"op": "delta", "delta": 1}}))
            .send()
            .await
            .expect("cross-site");
        error_answer("cross-site guard", asks, res, 403, "forbidden", None, "err_cross_site").await;

        // (d) A page's error notice.
        let res = asks.apply(client.get(server.url("/search?lat=999&lng=113.6")), None).send().await.expect("page");
        assert_eq!(res.status().as_u16(), 400, "/search {asks:?}");
        let html = res.text().await.unwrap_or_default();
        let notice = html
            .split("class=\"notice error\"")
            .nth(1)
            .and_then(|rest| rest.split_once('>'))
            .and_then(|(_, rest)| rest.split_once("</p>"))
            .map(|(text, _)| text.to_string())
            .unwrap_or_else(|| panic!("/search {asks:?}: no error notice"));
        in_language("/search", asks, &notice);
        assert!(notice.contains("999"), "{notice}");
        messages.push((asks, m));
    }
    // Chinese by default and for zh-CN (the same words); English for the header and the cookie alike.
    assert_eq!(messages[0].1, messages[1].1);
    assert_eq!(messages[2].1, messages[3].1);
    assert_ne!(messages[0].1, messages[2].1);
}
