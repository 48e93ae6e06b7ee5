//! Defence against cross-site requests. A state-changing request (any method but GET/HEAD/OPTIONS)
//! that names where it comes from (`Origin`, or failing that `Referer`) must come from this server
//! (this also stops login CSRF). One that names nothing is refused if it carries a cookie — browsers
//! always send `Origin` with a cross-site POST, so that is not a page of ours — and let through
//! otherwise: without a cookie it carries no one's session, and the endpoint's own authentication
//! (a bearer token, or none) decides.

use axum::http::{HeaderMap, Method, Uri, header};

/// `allowed`: extra origins (e.g. `https://caremap.example` behind a proxy that rewrites `Host`).
pub fn is_allowed(method: &Method, headers: &HeaderMap, allowed: &[String]) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER)).and_then(|v| v.to_str().ok());
    let Some(source) = source else { return headers.get(header::COOKIE).is_none() };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else { return false };
    let Some((authority, origin)) = origin_of(source) else { return false };
    authority == host || allowed.iter().any(|a| a.trim_end_matches('/') == origin)
}

/// The authority and `scheme://authority` of a URL (an `Origin`, or a `Referer`); `None` for anything
/// else, such as the `null` origin.
fn origin_of(url: &str) -> Option<(String, String)> {
    let uri: Uri = url.parse().ok()?;
    let (scheme, authority) = (uri.scheme_str()?, uri.authority()?.as_str());
    Some((authority.to_string(), format!("{scheme}://{authority}")))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn same_origin_passes_cross_site_does_not() {
        let host = (header::HOST, "127.0.0.1:3000");
        let ok = headers(&[host.clone(), (header::ORIGIN, "http://127.0.0.1:3000")]);
        assert!(is_allowed(&Method::POST, &ok, &[]));
        let evil = headers(&[host.clone(), (header::ORIGIN, "https://evil.example")]);
        assert!(!is_allowed(&Method::POST, &evil, &[]));
        let sneaky = headers(&[host.clone(), (header::ORIGIN, "http://127.0.0.1:3000.evil.example")]);
        assert!(!is_allowed(&Method::POST, &sneaky, &[]));
        let referer = headers(&[host.clone(), (header::REFERER, "http://127.0.0.1:3000/manage?x=1")]);
        assert!(is_allowed(&Method::POST, &referer, &[]));
        let bare = headers(std::slice::from_ref(&host));
        assert!(is_allowed(&Method::POST, &bare, &[]), "no origin and no cookie: carries no session");
        let bare_cookie = headers(&[host.clone(), (header::COOKIE, "caremap_session=x")]);
        assert!(!is_allowed(&Method::POST, &bare_cookie, &[]), "a cookie without any origin");
        assert!(is_allowed(&Method::GET, &evil, &[]), "safe methods pass");
        let null = headers(&[host.clone(), (header::ORIGIN, "null")]);
        assert!(!is_allowed(&Method::POST, &null, &[]));
        let relative = headers(&[host.clone(), (header::REFERER, "/manage")]);
        assert!(!is_allowed(&Method::POST, &relative, &[]), "no scheme, no origin");
    }

    #[test]
    fn origins_read_by_http_uri() {
        let origin = |url| origin_of(url).map(|(_, o)| o);
        assert_eq!(origin("http://127.0.0.1:3000"), Some("http://127.0.0.1:3000".into()));
        assert_eq!(origin("https://caremap.example/manage?x=1&y=%E4%B8%AD"), Some("https://caremap.example".into()));
        assert_eq!(origin_of("http://h:3000/a").map(|(a, _)| a), Some("h:3000".into()));
        assert_eq!(origin("null"), None);
        assert_eq!(origin("caremap.example"), None);
    }

    #[test]
    fn machine_clients_pass_and_proxies_can_be_allowed() {
        let token = headers(&[(header::HOST, "h"), (header::AUTHORIZATION, "Bearer cm_abc")]);
        assert!(is_allowed(&Method::POST, &token, &[]));
        let both = headers(&[
            (header::HOST, "h"),
            (header::AUTHORIZATION, "Bearer cm_abc"),
            (header::COOKIE, "caremap_session=x"),
        ]);
        assert!(!is_allowed(&Method::POST, &both, &[]), "a cookie needs an origin, token or not");
        let proxied = headers(&[(header::HOST, "internal:3000"), (header::ORIGIN, "https://caremap.example")]);
        assert!(!is_allowed(&Method::POST, &proxied, &[]));
        assert!(is_allowed(&Method::POST, &proxied, &["https://caremap.example/".to_string()]));
    }
}
