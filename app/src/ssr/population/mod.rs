//! Residents per community: the population file, the shipped sample, and the access figures and
//! site suggestions computed from them with the live facilities.

mod file;
mod report;
mod sample;

pub use file::{HEADER, Parsed, parse, write};
pub use report::{access_report, demand, suggestion_report};
pub use sample::{SAMPLE_POPULATION_CSV, SAMPLE_POPULATION_SEED, load_sample_population_if_empty, sample_population};

#[cfg(test)]
mod tests;
