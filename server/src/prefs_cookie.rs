//! `GET /settings?lang=zh|en&elder=1|0&back=/path`: remember a visitor's language or elder mode in
//! a cookie and go back to where they were. Plain links, so they work without JavaScript.

use app::prefs::{ELDER_COOKIE, LANG_COOKIE};
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
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

/// A preference cookie: a year long, for the whole site, sent on top-level navigations from elsewhere.
fn pref_cookie(name: &'static str, value: &str) -> Cookie<'static> {
    Cookie::build((name, value.to_owned()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(SameSite::Lax)
        .build()
}

pub async fn settings(Query(q): Query<SettingsQuery>) -> Response {
    let mut cookies = Vec::new();
    match q.lang.as_deref() {
        Some(l @ ("zh" | "en")) => cookies.push(pref_cookie(LANG_COOKIE, l)),
        Some(_) => return (StatusCode::BAD_REQUEST, "lang must be zh or en").into_response(),
        None => {}
    }
    match q.elder.as_deref() {
        Some(e @ ("1" | "0")) => cookies.push(pref_cookie(ELDER_COOKIE, e)),
        Some(_) => return (StatusCode::BAD_REQUEST, "elder must be 1 or 0").into_response(),
        None => {}
    }
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(safe_back(q.back.as_deref())) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Every request is answered in its visitor's language (the `lang` cookie, else `Accept-Language`, else
/// zh): set here, outermost, for everything below — API errors, the limits, the cross-site guard.
pub async fn request_locale(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let locale = {
        let header = |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok());
        app::prefs::Prefs::from_headers(header(header::COOKIE), header(header::ACCEPT_LANGUAGE)).locale
    };
    app::message::REQUEST_LOCALE.scope(locale, next.run(req)).await
}

#[cfg(test)]
mod tests {
    use super::{pref_cookie, safe_back};

    #[test]
    fn preference_cookies_keep_their_attributes() {
        let c = pref_cookie("caremap_lang", "en").to_string();
        assert!(c.starts_with("caremap_lang=en;"), "{c}");
        let mut attributes: Vec<&str> = c.split("; ").skip(1).collect();
        attributes.sort_unstable();
        assert_eq!(attributes, ["Max-Age=31536000", "Path=/", "SameSite=Lax"]);
    }

    #[test]
    fn back_stays_on_this_site() {
        assert_eq!(safe_back(Some("/search?lat=1")), "/search?lat=1");
        assert_eq!(safe_back(Some("//evil.example")), "/");
        assert_eq!(safe_back(Some("https://evil.example")), "/");
        assert_eq!(safe_back(Some("/\\evil")), "/");
        assert_eq!(safe_back(None), "/");
    }
}
