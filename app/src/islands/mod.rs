//! The interactive parts of the pages. Everything else is rendered on the server and ships no
//! code: only these islands are compiled into the browser's WASM and hydrated.

pub mod admin;
pub mod live_capacity;
pub mod locate;
pub mod manage;
pub mod map;
pub mod report;
pub mod share;
pub mod shortlist;
