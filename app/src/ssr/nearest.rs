//! Answering a validated nearest query from the in-memory index.

use super::index::Filter;
use super::state::AppState;
use crate::clock::now;
use crate::model::{NearestQuery, NearestResponse, NearestResult};

pub fn nearest(state: &AppState, q: &NearestQuery) -> NearestResponse {
    let as_of = now();
    let stale_after = state.settings.stale_after;
    let filter = Filter::from_query(q, stale_after, as_of);
    let hits = state.index.nearest(q.lat, q.lng, &filter, usize::from(q.limit), q.radius_m);
    NearestResponse {
        results: hits
            .into_iter()
            .map(|(f, d)| NearestResult {
                distance_m: d.round() as u32,
                stale_after_s: stale_after.for_kind(f.kind),
                facility: (*f).clone(),
            })
            .collect(),
        as_of,
        lat: q.lat,
        lng: q.lng,
    }
}
