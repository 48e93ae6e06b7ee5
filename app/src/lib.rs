//! CareMap's shared crate: the Leptos app (pages, components, server functions) and, behind the
//! `ssr` feature, everything the server needs (storage, index, imports).

// Leptos views are deeply nested types; the manager page outgrows the default limit in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod error;
pub mod format;
pub mod geodesy;
pub mod http_status;
pub mod model;
pub mod navigate;
pub mod pages;
pub mod places;

/// Browser APIs (geolocation, storage, live updates); on the server the same names do nothing,
/// because event handlers and effects never run there.
#[cfg(feature = "hydrate")]
#[path = "browser/web.rs"]
pub mod browser;
#[cfg(not(feature = "hydrate"))]
#[path = "browser/server.rs"]
pub mod browser;

#[cfg(feature = "ssr")]
pub mod ssr;
