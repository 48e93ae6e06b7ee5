//! Server functions: each is a public endpoint, so each validates its input and authorises itself.

pub mod admin;
pub mod auth;
mod facility;
pub mod manage;
mod nearest;

pub use facility::{GetFacility, get_facility};
pub use nearest::{Nearest, nearest};
