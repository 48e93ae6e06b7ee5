//! Fuzz targets for what arrives in a request: query parameters, opening hours, capacity JSON.

use proptest::prelude::*;

use super::{TOKENS, config, corpus_lines, input, typed};
use crate::model::{CapacityRequest, NearestParams, NearestQuery, OpeningHours};

const NEAREST_FIELDS: &[&str] = &[
    "lat",
    "lng",
    "crs",
    "kind",
    "service",
    "available",
    "limit",
    "radius_m",
    "include_stale",
    "audience",
    "open_now",
    "age",
    "grade",
    "ownership",
    "from",
    "to",
    "medical",
    "ltc",
    "nursing_beds",
    "min_rating",
    "inclusive",
    "near",
    "q",
];

/// `k=v&k=v` (undecoded, as the page's query map holds it) → `(key, value)` pairs.
pub(super) fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect()
}

pub(super) fn nearest_params(pairs: &[(String, String)]) -> NearestParams {
    let mut p = NearestParams::default();
    for (k, v) in pairs {
        let slot = match k.as_str() {
            "lat" => &mut p.lat,
            "lng" => &mut p.lng,
            "crs" => &mut p.crs,
            "kind" => &mut p.kind,
            "service" => &mut p.service,
            "available" => &mut p.available,
            "limit" => &mut p.limit,
            "radius_m" => &mut p.radius_m,
            "include_stale" => &mut p.include_stale,
            "audience" => &mut p.audience,
            "open_now" => &mut p.open_now,
            "age" => &mut p.age,
            "grade" => &mut p.grade,
            "ownership" => &mut p.ownership,
            "from" => &mut p.from,
            "to" => &mut p.to,
            "medical" => &mut p.medical,
            "ltc" => &mut p.ltc,
            "nursing_beds" => &mut p.nursing_beds,
            "min_rating" => &mut p.min_rating,
            "inclusive" => &mut p.inclusive,
            _ => continue,
        };
        *slot = Some(v.clone());
    }
    p
}

/// Either a mutated seed query, or a structured one: known fields with troublesome values.
fn query(seeds: Vec<String>) -> impl Strategy<Value = String> {
    let field =
        (0..NEAREST_FIELDS.len(), prop_oneof![(0..TOKENS.len()).prop_map(|t| TOKENS[t].to_string()), any::<String>()])
            .prop_map(|(f, v)| format!("{}={v}", NEAREST_FIELDS[f]));
    prop_oneof![
        3 => input(seeds.clone()),
        2 => (0..seeds.len(), proptest::collection::vec(field, 1..5))
            .prop_map(move |(i, extra)| format!("{}&{}", seeds[i], extra.join("&"))),
    ]
}

fn check_nearest(p: &NearestParams) {
    match NearestQuery::try_from(p) {
        Ok(q) => {
            assert!(q.lat.is_finite() && (-90.0..=90.0).contains(&q.lat), "{q:?}");
            assert!(q.lng.is_finite() && (-180.0..=180.0).contains(&q.lng), "{q:?}");
            assert!((1..=crate::model::MAX_LIMIT).contains(&q.limit), "{q:?}");
            assert!(q.radius_m.is_none_or(|r| r.is_finite() && r > 0.0), "{q:?}");
        }
        Err(e) => typed(&e),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn nearest_parameters(q in query(corpus_lines("nearest.txt"))) {
        check_nearest(&nearest_params(&pairs(&q)));
    }

    #[test]
    fn search_parameters(q in query(corpus_lines("search.txt"))) {
        let mut map = leptos_router::params::ParamsMap::new();
        for (k, v) in pairs(&q) {
            map.insert(k, v);
        }
        check_nearest(&crate::pages::search::params_from_query(&map));
    }

    #[test]
    fn opening_hours(text in input(corpus_lines("hours.txt"))) {
        if let Ok(hours) = OpeningHours::parse(&text) {
            let again = OpeningHours::parse(&hours.to_string());
            prop_assert_eq!(again.as_ref(), Ok(&hours), "`{}` → `{}` does not read back", text, hours);
            let _ = (hours.describe_zh(), hours.describe_en());
            for day in 0..7 {
                for minute in [0, 1, 479, 480, 719, 1200, 1439] {
                    let _ = hours.is_open_at(day, minute);
                }
            }
        }
    }

    #[test]
    fn capacity_json(body in input(corpus_lines("capacity.jsonl"))) {
        if let Ok(req) = serde_json::from_str::<CapacityRequest>(&body) {
            match req.validate() {
                Ok((_, change)) => prop_assert!(change.check().is_ok()),
                Err(e) => typed(&e),
            }
        }
    }

    /// The manager page's `change` argument (`/api/manage/capacity`), then `CapacityChange::check`.
    #[test]
    fn capacity_change_json(body in input(corpus_lines("capacity-change.jsonl"))) {
        if let Ok(change) = serde_json::from_str::<crate::model::CapacityChange>(&body) {
            match change.check() {
                Ok(checked) => prop_assert_eq!(checked, change),
                Err(e) => typed(&e),
            }
        }
    }
}
