//! The interactive parts of the pages. Everything else is rendered on the server and ships no
//! code: only these islands are compiled into the browser's WASM and hydrated.

// On every page (the home page's bundle has only these).
pub mod locate;
pub mod shortlist;

// The search page's (its bundle has these and the two above).
#[cfg(any(feature = "ssr", feature = "full-ui", feature = "search-ui"))]
pub mod live_capacity;
#[cfg(any(feature = "ssr", feature = "full-ui", feature = "search-ui"))]
pub mod map;

// The rest of the app: compiled into the server and into the full browser bundle.
#[cfg(any(feature = "ssr", feature = "full-ui"))]
pub mod admin;
#[cfg(any(feature = "ssr", feature = "full-ui"))]
pub mod manage;
#[cfg(any(feature = "ssr", feature = "full-ui"))]
pub mod report;
#[cfg(any(feature = "ssr", feature = "full-ui"))]
pub mod share;
