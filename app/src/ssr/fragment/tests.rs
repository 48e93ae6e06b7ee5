//! Fragments write what serde writes: every facility of the sample and of the synthetic generator, and
//! facilities with text that needs escaping, against `serde_json` of the typed answer.

use proptest::prelude::*;

use super::*;
use crate::model::{
    Details, FacilityKind, HolidaySession, NearestResponse, NearestResult, RESULT_OWN_FIELDS, Range, StaleAfter,
};

fn facilities() -> Vec<Facility> {
    let now = 1_795_000_000;
    let mut all = crate::ssr::seed::sample_facilities(now, &StaleAfter::default());
    all.extend(crate::ssr::generate::synthetic(300, 7, crate::ssr::generate::HENAN_BBOX, now));
    all
}

fn result(f: &Facility, distance_m: u32, stale_after_s: i64) -> NearestResult {
    NearestResult { distance_m, stale_after_s, facility: f.clone() }
}

#[test]
fn a_fragment_is_the_facility_as_serde_writes_it() {
    for f in facilities() {
        let fragment = Fragment::of(&f).expect("fragment");
        assert_eq!(fragment.json(), serde_json::to_vec(&f).expect("json").as_slice(), "{}", f.id);
        // Each member is one `"key":value` of the object, in FACILITY_FIELDS' order.
        let value = serde_json::to_value(&f).expect("json");
        for (i, key) in FACILITY_FIELDS.iter().enumerate() {
            let member = std::str::from_utf8(fragment.member(i)).expect("utf-8");
            let (k, v) = member.split_once(':').expect("key:value");
            assert_eq!(k, format!("\"{key}\""));
            assert_eq!(serde_json::from_str::<serde_json::Value>(v).expect("value"), value[key], "{key} of {}", f.id);
        }
    }
}

#[test]
fn a_whole_answer_is_byte_for_byte_the_typed_one() {
    let all = facilities();
    for (n, chunk) in all.chunks(17).enumerate() {
        let hits: Vec<(Fragment, u32, i64)> = chunk
            .iter()
            .enumerate()
            .map(|(i, f)| (Fragment::of(f).expect("fragment"), (i * 997 + n) as u32, 86_400 * i as i64))
            .collect();
        let typed = NearestResponse {
            results: chunk.iter().zip(&hits).map(|(f, (_, d, s))| result(f, *d, *s)).collect(),
            as_of: 1_795_000_000 + n as i64,
            lat: 34.71548 + n as f64 * 1e-3,
            lng: -113.0 / (n as f64 + 3.0),
        };
        let written = write_response(hits.iter().map(|(f, d, s)| (f, *d, *s)), typed.as_of, typed.lat, typed.lng, None)
            .expect("written");
        assert_eq!(String::from_utf8_lossy(&written), serde_json::to_string(&typed).expect("json"));
    }
    let empty = write_response(std::iter::empty(), 7, 0.0, -0.5, None).expect("written");
    let typed = NearestResponse { results: Vec::new(), as_of: 7, lat: 0.0, lng: -0.5 };
    assert_eq!(empty, serde_json::to_vec(&typed).expect("json"));
}

/// `fields=`: only the members asked for, in a result's order, each as it is in the full result.
#[test]
fn fields_keep_only_what_is_asked() {
    let f = &facilities()[3];
    let fragment = Fragment::of(f).expect("fragment");
    let full = serde_json::to_value(result(f, 42, 3600)).expect("json");
    for list in ["id,name,kind,lat,lng,distance_m,services", "sample", "stale_after_s,details,id", "distance_m"] {
        let fields = crate::model::ResultFields::parse(&Some(list.into())).expect("valid").expect("some");
        let mut out = Vec::new();
        write_result(&mut out, &fragment, 42, 3600, Some(fields));
        let text = String::from_utf8(out).expect("utf-8");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let object = value.as_object().expect("object");
        let asked: Vec<&str> = list.split(',').collect();
        assert_eq!(object.len(), asked.len(), "{text}");
        for key in &asked {
            assert_eq!(object[*key], full[*key], "{key}");
        }
        // In a result's order: the keys appear in the text as they do in RESULT_OWN_FIELDS + FACILITY_FIELDS.
        let order: Vec<&str> =
            RESULT_OWN_FIELDS.iter().chain(FACILITY_FIELDS.iter()).copied().filter(|k| asked.contains(k)).collect();
        let positions: Vec<usize> = order.iter().map(|k| text.find(&format!("\"{k}\":")).expect("key")).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    }
    let mut every = Vec::new();
    write_result(&mut every, &fragment, 42, 3600, Some(crate::model::ResultFields::all()));
    assert_eq!(every, serde_json::to_vec(&result(f, 42, 3600)).expect("json"), "all fields = the default shape");
}

/// Pieces of text that JSON escapes, or that look like its structure.
const TRICKY: [&str; 13] = ["\"", "\\", ",", "{", "}", "[", "]", ":", "\u{0}", "\n", "é", "长江路", "\u{2028}"];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(prop::sample::select(TRICKY.to_vec()), 0..8).prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Text that needs escaping, nested values and odd numbers never move a member's boundaries.
    #[test]
    fn escaping_and_nesting_keep_the_boundaries(
        name in text(),
        address in text(),
        fees in proptest::option::of(text()),
        session in text(),
        lat in -90.0f64..=90.0,
        lng in prop_oneof![Just(1e-7), Just(-0.0), -180.0f64..=180.0],
        distance_m in any::<u32>(),
        stale_after_s in any::<i64>(),
    ) {
        let f = Facility {
            name,
            address,
            fees,
            lat,
            lng,
            sessions: vec![HolidaySession { name: session, start: "2027-07-01".into(), end: "2027-08-01".into(), grades: Range { min: 1, max: 6 } }],
            details: Details { rating: Some(4), ..Details::default() }.into(),
            ..Facility::for_test("x\"y", FacilityKind::HolidayCare)
        };
        let fragment = Fragment::of(&f).expect("fragment");
        let mut out = Vec::new();
        write_result(&mut out, &fragment, distance_m, stale_after_s, None);
        prop_assert_eq!(out, serde_json::to_vec(&result(&f, distance_m, stale_after_s)).expect("json"));
        let full = serde_json::to_value(&f).expect("json");
        for (i, key) in FACILITY_FIELDS.iter().enumerate() {
            let fields = crate::model::ResultFields::parse(&Some((*key).into())).expect("valid");
            let mut one = Vec::new();
            write_result(&mut one, &fragment, distance_m, stale_after_s, fields);
            let value: serde_json::Value = serde_json::from_slice(&one).expect("JSON");
            prop_assert_eq!(&value[*key], &full[*key], "{} ({})", key, i);
        }
    }
}
