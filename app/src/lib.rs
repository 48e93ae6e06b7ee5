//! CareMap's shared crate: the Leptos app (pages rendered on the server, islands hydrated in the
//! browser, server functions) and, behind the `ssr` feature, everything the server needs.

// Leptos views are deeply nested types; the bigger pages outgrow the default limit in release builds.
#![recursion_limit = "256"]

// Generates `i18n` (the `Locale` enum and compile-checked keys) from app/locales/*.json. The macro
// is deprecated in favour of a build script whose code generator pulls in ICU's data exporter, a
// large build-time dependency this project does not otherwise need.
#[allow(deprecated)]
mod i18n_keys {
    leptos_i18n::load_locales!();
}
pub use i18n_keys::i18n;

pub mod calendar;
pub mod clock;
pub mod error;
pub mod geodesy;
pub mod http_status;
pub mod islands;
pub mod message;
pub mod model;
pub mod navigate;
pub mod prefs;
pub mod server_fns;
pub mod subdistricts;
pub mod text;
pub mod tiles;
pub mod url_query;

/// Browser APIs (geolocation, storage, live updates, the map); on the server the same names do
/// nothing, because event handlers and effects never run there.
#[cfg(feature = "hydrate")]
#[path = "browser/web.rs"]
pub mod browser;
#[cfg(not(feature = "hydrate"))]
#[path = "browser/server.rs"]
pub mod browser;

// The pages, their shared components and the route table render on the server only: the browser
// hydrates islands, never whole pages.
#[cfg(feature = "ssr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod bundles;
#[cfg(feature = "ssr")]
pub mod components;
#[cfg(feature = "ssr")]
pub mod islands_loader;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
