//! One file per route.

pub mod facility;
pub mod home;
pub mod not_found;
pub mod search;
