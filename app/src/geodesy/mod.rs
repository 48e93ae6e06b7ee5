//! Coordinate maths shared by server and browser: datum shifts at the edges, distances, walking time.

mod crs;
mod distance;

pub use crs::{Crs, bd09_to_gcj02, gcj02_to_bd09, gcj02_to_wgs84, outside_china, wgs84_to_gcj02};
pub use distance::{EARTH_RADIUS_M, haversine_m, walking_minutes};
