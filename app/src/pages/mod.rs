//! One file per route.

pub mod admin;
pub mod facility;
pub mod home;
pub mod manage;
pub mod not_found;
pub mod search;
