//! Server-only code: state, storage, the spatial index, imports and sample data.

pub mod access;
pub mod auth;
pub mod catchment;
pub mod client_addr;
pub mod coverage;
pub mod detail;
pub mod error;
pub mod export;
pub mod facility_edits;
pub mod follow;
pub mod fragment;
pub mod gazetteer;
pub mod gazetteer_import;
pub mod generate;
pub mod hsds;
pub mod import;
pub mod index;
pub mod live;
pub mod nearest;
pub mod plan;
pub mod population;
pub mod reference;
pub mod register;
pub mod seed;
pub mod sheets;
pub mod snapshot;
pub mod state;
pub mod store;
pub mod suggest;
pub mod throttle;
pub mod trends;
pub mod work;

#[cfg(test)]
mod fuzz_tests;
