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

#[cfg(not(feature = "ssr"))]
pub fn set(_code: u16) {}
