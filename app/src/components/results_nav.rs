//! Around a list of results: where else to look (alternatives, more results, another place) and why a
//! list may be empty or far away. Links keep the family's filters, and name the place they search around.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::model::{DEFAULT_LIMIT, FacilityKind, HolidaySession, MAX_LIMIT, NearestParams, NearestQuery, Place};
use crate::prefs::prefs;
use crate::tf;

/// The results page for the same filters around `point`, headed by `name` (`name=` is only shown, never
/// searched).
pub fn around_href(params: &NearestParams, lat: f64, lng: f64, name: &str) -> String {
    let moved = NearestParams { lat: Some(lat.to_string()), lng: Some(lng.to_string()), crs: None, ..params.clone() };
    with_extra(moved.search_href(), &[("name", name)])
}

/// `href` with more query pairs (empty values left out).
pub fn with_extra(href: String, pairs: &[(&str, &str)]) -> String {
    let extra = crate::url_query::query_string(pairs.iter().map(|(k, v)| (*k, Some(*v))));
    match (extra.strip_prefix('?'), href.contains('?')) {
        (Some(extra), true) => format!("{href}&{extra}"),
        (Some(extra), false) => format!("{href}?{extra}"),
        (None, _) => href,
    }
}

/// "您是不是要找": the other places a typed name matched, each keeping the filters.
#[component]
pub fn Alternatives(places: Vec<Place>, params: NearestParams) -> impl IntoView {
    let l = prefs().locale;
    (!places.is_empty()).then(|| {
        view! {
            <p class="muted">{td_string!(l, other_places)} " "
                {places.into_iter().map(|p| {
                    let href = around_href(&params, p.lat, p.lng, &p.name);
                    view! { <a class="alt" href=href>{p.name}</a> " " }
                }).collect_view()}
            </p>
        }
    })
}

/// Below the list: more of the same (when the page limit was reached) and a way to search somewhere else.
/// `keep`: the parameters that say where, as the filter form carries them.
#[component]
pub fn MoreAndElsewhere(params: NearestParams, keep: Vec<(String, String)>, shown: usize) -> impl IntoView {
    let l = prefs().locale;
    let limit = NearestQuery::try_from(&params).map(|q| q.limit).unwrap_or(DEFAULT_LIMIT);
    let more = (shown >= usize::from(limit) && limit < MAX_LIMIT).then(|| {
        let next = (limit + DEFAULT_LIMIT).min(MAX_LIMIT).to_string();
        // A place's search keeps the place (`q`/`near`), not the point it was turned into.
        let by_place = keep.iter().any(|(k, _)| k == "q" || k == "near");
        let with_more = if by_place {
            NearestParams { limit: Some(next), lat: None, lng: None, crs: None, ..params.clone() }
        } else {
            NearestParams { limit: Some(next), ..params.clone() }
        };
        let place: Vec<(&str, &str)> = keep
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "lat" | "lng" | "crs"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        with_extra(with_more.search_href(), &place)
    });
    view! {
        <p class="results-nav">
            {more.map(|href| view! { <a class="btn" href=href>{td_string!(l, more_results)}</a> " " })}
            <a class="btn" href="/">{td_string!(l, change_place)}</a>
        </p>
    }
}

/// CareMap lists Erqi's services only: a point outside the district gets distant answers, and says why.
#[component]
pub fn OutsideDistrict(lat: f64, lng: f64) -> impl IntoView {
    let l = prefs().locale;
    (!crate::ssr::reference::in_district(lat, lng))
        .then(|| view! { <p class="notice" role="note">{td_string!(l, outside_district)}</p> })
}

/// Why nothing was found, where a filter says it: an age no kindergarten takes, a grade range, holiday
/// dates (a search without them shows when sessions run).
#[component]
pub fn NothingFound(
    params: NearestParams,
    keep: Vec<(String, String)>,
    /// Holiday sessions nearby on other dates, when the dates found none.
    #[prop(default = Vec::new())]
    sessions: Vec<HolidaySession>,
) -> impl IntoView {
    let l = prefs().locale;
    let query = NearestQuery::try_from(&params).ok();
    let kinds = query.as_ref().map(|q| q.kinds.clone()).unwrap_or_default();
    let wants = |k: FacilityKind| kinds.contains(&k);
    let age = query.as_ref().and_then(|q| q.age);
    let mut hints: Vec<String> = Vec::new();
    if let Some(age) = age.filter(|_| wants(FacilityKind::Kindergarten)) {
        if age < 3 {
            hints.push(tf!(l, hint_too_young, age = age));
        } else if age > 6 {
            hints.push(tf!(l, hint_too_old, age = age));
        }
    }
    let dated = params.from.is_some() || params.to.is_some();
    let place: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // Under three: infant care (托育) is the kind that takes them.
    let nursery = age.filter(|a| *a < 3 && !wants(FacilityKind::Nursery)).map(|a| {
        let nursery = NearestParams {
            kind: Some(FacilityKind::Nursery.as_str().into()),
            age: Some(a.to_string()),
            ..NearestParams::default()
        };
        with_extra(nursery.search_href(), &place)
    });
    let undated = dated.then(|| {
        let without = NearestParams { from: None, to: None, ..params.clone() };
        with_extra(without.search_href(), &place)
    });
    let unfiltered = with_extra(
        NearestParams { kind: params.kind.clone(), audience: params.audience.clone(), ..NearestParams::default() }
            .search_href(),
        &place,
    );
    view! {
        <div class="notice" role="status">
            <p>{td_string!(l, none_found)}</p>
            {hints.into_iter().map(|h| view! { <p>{h}</p> }).collect_view()}
            {nursery.map(|href| view! { <p><a href=href>{td_string!(l, hint_nursery)}</a></p> })}
            {(!sessions.is_empty()).then(|| view! {
                <p>{td_string!(l, hint_sessions_nearby)}</p>
                <ul class="sessions-nearby">
                    {sessions.into_iter().map(|s| view! {
                        <li>{tf!(l, session_dates, name = s.name.as_str(), start = s.start.as_str(), end = s.end.as_str())}</li>
                    }).collect_view()}
                </ul>
            })}
            {undated.map(|href| view! { <p><a href=href>{td_string!(l, hint_any_dates)}</a></p> })}
            <p><a href=unfiltered>{td_string!(l, hint_fewer_filters)}</a></p>
        </div>
    }
}
