//! The interactive parts of the pages. Everything else is rendered on the server and ships no
//! code: only these islands are compiled into the browser's WASM and hydrated.

// On every page (the home page's bundle has only these).
pub mod locate;
pub mod shortlist;

// The search and facility pages' (each page's bundle has its own and the two above).
#[cfg(any(feature = "ssr", feature = "full-ui", feature = "search-ui", feature = "facility-ui"))]
pub mod live_capacity;
#[cfg(any(feature = "ssr", feature = "full-ui", feature = "search-ui"))]
pub mod map;
#[cfg(any(feature = "ssr", feature = "full-ui", feature = "facility-ui"))]
pub mod report;
#[cfg(any(feature = "ssr", feature = "full-ui", feature = "facility-ui"))]
pub mod share;

// The rest of the app: compiled into the server and into the full browser bundle.
#[cfg(any(feature = "ssr", feature = "full-ui"))]
pub mod admin;
#[cfg(any(feature = "ssr", feature = "full-ui"))]
pub mod manage;
