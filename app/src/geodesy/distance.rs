//! Great-circle distance and the walking-time estimate shown to families.

/// IUGG mean Earth radius, the same one `geo::Haversine` uses.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Streets are not straight lines: a walking route is this much longer than the crow flies
/// (a common planning factor for gridded urban areas; GB 50180 circles assume walking, not flying).
pub const DETOUR_FACTOR: f64 = 1.3;
/// An unhurried pace suitable for older people and small children: 4 km/h.
pub const WALK_M_PER_MIN: f64 = 4000.0 / 60.0;

pub fn haversine_m(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lng2 - lng1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Estimated walking minutes for a straight-line distance, rounded up.
pub fn walking_minutes(distance_m: f64) -> u32 {
    (distance_m * DETOUR_FACTOR / WALK_M_PER_MIN).ceil().max(1.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        // One degree of latitude is ~111.2 km on this sphere.
        assert!((haversine_m(34.0, 113.0, 35.0, 113.0) - 111_195.0).abs() < 5.0);
        assert_eq!(haversine_m(34.7, 113.6, 34.7, 113.6), 0.0);
        // Symmetric.
        let a = haversine_m(34.70, 113.60, 34.75, 113.66);
        let b = haversine_m(34.75, 113.66, 34.70, 113.60);
        assert!((a - b).abs() < 1e-6);
    }

    #[test]
    fn walking_time_uses_detour_and_pace() {
        // 300 m straight → 390 m walked at 66.7 m/min → 5.85 → 6 minutes.
        assert_eq!(walking_minutes(300.0), 6);
        assert_eq!(walking_minutes(0.0), 1);
        assert_eq!(walking_minutes(1000.0), 20);
    }
}
