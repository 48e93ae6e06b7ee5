//! Server functions: each is a public endpoint, so each validates its input and authorises itself.

mod facility;
mod nearest;

pub use facility::{GetFacility, get_facility};
pub use nearest::{Nearest, nearest};
