//! One file per route. Rendered on the server only; their interactive parts are islands.

pub mod admin;
pub mod catchments;
pub mod compare;
pub mod coverage;
pub mod facility;
pub mod home;
pub mod manage;
pub mod not_found;
pub mod offline;
pub mod operations;
pub mod registers;
pub mod search;
