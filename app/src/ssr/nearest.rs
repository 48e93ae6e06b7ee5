//! Answering a validated nearest query from the in-memory index: as the typed answer (the `/search` page,
//! the server function) or as its JSON, written from per-facility fragments (`GET /api/nearest`).

use std::borrow::Cow;

use super::fragment::{self, Fragment};
use super::index::{FacilityIndex, Filter, Hit};
use super::state::AppState;
use crate::clock::now;
use crate::model::{Facility, NearestQuery, NearestResponse, NearestResult, StaleAfter};

/// The hits, nearest first, and the time they were found at (`as_of`).
fn search(index: &FacilityIndex, stale_after: StaleAfter, q: &NearestQuery) -> (Vec<Hit>, i64) {
    let as_of = now();
    let filter = Filter::from_query(q, stale_after, as_of);
    (index.nearest(q.lat, q.lng, &filter, usize::from(q.limit), q.radius_m), as_of)
}

/// A hit's distance as the answer gives it: whole metres.
fn metres(d: f64) -> u32 {
    d.round() as u32
}

pub fn nearest(state: &AppState, q: &NearestQuery) -> NearestResponse {
    answer(&state.index, state.settings.stale_after, q)
}

/// [`nearest`] from an index and freshness limits alone (the HTTP floor builds its body with it).
pub fn answer(index: &FacilityIndex, stale_after: StaleAfter, q: &NearestQuery) -> NearestResponse {
    let (hits, as_of) = search(index, stale_after, q);
    NearestResponse {
        results: hits
            .into_iter()
            .map(|(f, d)| NearestResult {
                distance_m: metres(d),
                stale_after_s: stale_after.for_kind(f.kind),
                facility: (*f).clone(),
            })
            .collect(),
        as_of,
        lat: q.lat,
        lng: q.lng,
    }
}

/// The same answer as [`nearest`], as JSON: byte for byte what serde writes for it, or with `q.fields` only
/// those fields of each result. Nothing is cloned: each facility's kept JSON is copied (when the index keeps
/// it, `FacilityIndex::keep_json`), or the facility is serialised once into its fragment.
pub fn nearest_json(state: &AppState, q: &NearestQuery) -> Result<Vec<u8>, serde_json::Error> {
    let stale_after = state.settings.stale_after;
    let as_of = now();
    let filter = Filter::from_query(q, stale_after, as_of);
    // Under the index's read lock, from the records where they lie: no `Arc` is cloned (each clone and
    // its drop would be a locked write to a record that is not in cache).
    state.index.nearest_with(q.lat, q.lng, &filter, usize::from(q.limit), q.radius_m, |hits| {
        if !hits.json_kept() {
            touch(hits.clone().map(|(f, _)| &**f));
        }
        let fragments = hits
            .with_json()
            .map(|(f, kept, d)| {
                let fragment = match kept {
                    Some(kept) => Cow::Borrowed(kept),
                    None => Cow::Owned(Fragment::of(f)?),
                };
                let stale_after_s = stale_after.for_kind(fragment.kind());
                Ok((fragment, metres(d), stale_after_s))
            })
            .collect::<Result<Vec<_>, serde_json::Error>>()?;
        fragment::write_response(fragments.iter().map(|(f, d, s)| (&**f, *d, *s)), as_of, q.lat, q.lng, q.fields)
    })
}

/// Read the first byte of every heap part of each hit that its JSON will need, all hits before any is
/// written: the records of a million facilities are not in cache, and these loads are independent of each
/// other, so the processor overlaps their misses instead of taking them one after another while each
/// fragment is written (perf: most of the writing time sat on those first loads).
fn touch<'a>(hits: impl Iterator<Item = &'a Facility>) {
    let first = |s: &str| u64::from(s.as_bytes().first().copied().unwrap_or(0));
    let opt = |s: &Option<String>| s.as_deref().map_or(0, first);
    let mut sum = 0u64;
    for f in hits {
        sum = sum
            .wrapping_add(first(&f.id))
            .wrapping_add(first(&f.name))
            .wrapping_add(first(&f.address))
            .wrapping_add(first(&f.phone))
            .wrapping_add(opt(&f.subdistrict_code))
            .wrapping_add(opt(&f.community_code))
            .wrapping_add(opt(&f.parent_id))
            .wrapping_add(opt(&f.fees))
            .wrapping_add(opt(&f.accessibility))
            .wrapping_add(f.services.first().map_or(0, |c| u64::from(c.available.unsigned_abs())))
            .wrapping_add(f.hours.rules.len() as u64)
            .wrapping_add(f.sessions.len() as u64)
            .wrapping_add(u64::from(f.details.rating.unwrap_or(0)));
    }
    std::hint::black_box(sum);
}
