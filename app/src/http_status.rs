//! The HTTP status of a page rendered on the server (e.g. 404 for an unknown facility).
//! In the browser there is no response to set, so the call does nothing.

#[cfg(feature = "ssr")]
pub fn set(code: u16) {
    if let (Some(r), Ok(status)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        r.set_status(status);
    }
}

/// Is this the browser itself asking (a page load or a plain form post, which accept HTML), rather than a
/// script or another system? The one rule for who gets a redirect to a page and who gets JSON.
#[cfg(feature = "ssr")]
pub fn from_browser_navigation(headers: &http::HeaderMap) -> bool {
    headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// A failed server function's status. A plain form post (no JavaScript) is redirected back to its page by
/// leptos_axum, and that redirect must stand; every other caller gets the error's own status.
#[cfg(feature = "ssr")]
pub fn set_for_server_fn(code: u16) {
    let form_post =
        leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| from_browser_navigation(&p.headers));
    if !form_post {
        set(code);
    }
}

/// A page that is better found at another address (a 302 for every client, unlike `leptos_axum::redirect`,
/// which redirects only a request that accepts HTML).
#[cfg(feature = "ssr")]
pub fn redirect(to: &str) {
    if let (Some(r), Ok(location)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(to))
    {
        r.insert_header(http::header::LOCATION, location);
        r.set_status(http::StatusCode::FOUND);
    }
}

#[cfg(not(feature = "ssr"))]
pub fn set(_code: u16) {}

#[cfg(not(feature = "ssr"))]
pub fn set_for_server_fn(_code: u16) {}
