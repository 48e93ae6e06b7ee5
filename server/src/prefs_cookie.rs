//! `GET /settings?lang=zh|en&elder=1|0&back=/path`: remember a visitor's language or elder mode in
//! a cookie and go back to where they were. Plain links, so they work without JavaScript.

use app::prefs::{ELDER_COOKIE, LANG_COOKIE};
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SettingsQuery {
    lang: Option<String>,
    elder: Option<String>,
    back: Option<String>,
}

/// Only paths on this site: never `//other.host` or `https://…` (no open redirect).
fn safe_back(back: Option<&str>) -> &str {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') && !b.contains(['\r', '\n']) => b,
        _ => "/",
    }
}

pub async fn settings(Query(q): Query<SettingsQuery>) -> Response {
    let year = 365 * 24 * 3600;
    let mut cookies = Vec::new();
    match q.lang.as_deref() {
        Some(l @ ("zh" | "en")) => cookies.push(format!("{LANG_COOKIE}={l}; Path=/; Max-Age={year}; SameSite=Lax")),
        Some(_) => return (StatusCode::BAD_REQUEST, "lang must be zh or en").into_response(),
        None => {}
    }
    match q.elder.as_deref() {
        Some(e @ ("1" | "0")) => cookies.push(format!("{ELDER_COOKIE}={e}; Path=/; Max-Age={year}; SameSite=Lax")),
        Some(_) => return (StatusCode::BAD_REQUEST, "elder must be 1 or 0").into_response(),
        None => {}
    }
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(safe_back(q.back.as_deref())) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn back_stays_on_this_site() {
        assert_eq!(safe_back(Some("/search?lat=1")), "/search?lat=1");
        assert_eq!(safe_back(Some("//evil.example")), "/");
        assert_eq!(safe_back(Some("https://evil.example")), "/");
        assert_eq!(safe_back(Some("/\\evil")), "/");
        assert_eq!(safe_back(None), "/");
    }
}
