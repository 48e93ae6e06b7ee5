//! Server functions: each is a public endpoint, so each validates its input and authorises itself.

pub mod access;
pub mod admin;
pub mod auth;
mod catchment;
pub mod coverage;
mod facility;
pub mod manage;
mod nearest;
pub mod places;
pub mod plan;
pub mod registers;
pub mod reports;
pub mod trends;
pub mod work_items;

pub use catchment::{Catchment, catchment, catchment_notice, catchment_review, school_catchment};
pub use facility::{GetFacilities, GetFacility, get_facilities, get_facility};
pub use nearest::{Nearest, nearest};
