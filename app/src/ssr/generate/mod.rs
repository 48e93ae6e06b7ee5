//! Made-up data: the Erqi facility and population samples shipped in `data/sample/`, and city-scale
//! synthetic facility sets for benchmarks.

mod apportion;
mod census;
mod details;
mod erqi;
mod population;
mod synthetic;

pub use census::{GroupTotals, census_totals};
pub use erqi::erqi_sample;
pub use population::erqi_population;
pub use synthetic::{HENAN_BBOX, synthetic};

/// A point `metres` away from (lat, lng) in a random direction within that radius (uniform over the disc).
fn jitter(rng: &mut fastrand::Rng, lat: f64, lng: f64, metres: f64) -> (f64, f64) {
    let r = metres * rng.f64().sqrt();
    crate::ssr::reference::offset(lat, lng, r, rng.f64())
}
