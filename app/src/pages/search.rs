//! `/search?lat=&lng=&kind=…`: the nearest services, rendered on the server (a shareable URL).
//! Takes the `/api/nearest` parameters, plus a place instead of a point: `q=<name>` (searched in
//! the gazetteer) or `near=<subdistrict code>`; `kind` may repeat (as a plain HTML form sends it).

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::loaded::Loaded;
use crate::tf;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

use crate::components::catchment_card::CatchmentCard;
use crate::components::filters::Filters;
use crate::components::no_place::NoPlace;
use crate::components::result_card::ResultCard;
use crate::components::results_nav::{Alternatives, MoreAndElsewhere, NothingFound, OutsideDistrict};
use crate::error::AppError;
use crate::geodesy::Crs;
use crate::islands::map::MapView;
use crate::model::{
    CatchmentAnswer, CatchmentParams, FacilityKind, HolidaySession, MapData, MapLabels, MapMarker, NearestParams,
    NearestQuery, NearestResponse, Place, ServiceKind, YearNotice,
};
use crate::prefs::prefs;
use crate::server_fns::places::places;
use crate::server_fns::{catchment, catchment_notice, nearest};
use crate::subdistricts::subdistrict;

/// Which of the home page's place controls was used: `by=q` (the typed place) or `by=near` (the
/// subdistrict), sent by the 查找 button that was pressed. Without `by`, a typed place wins over a subdistrict.
fn place_controls(q: &ParamsMap) -> (Option<String>, Option<String>) {
    let typed = q.get("q").filter(|s| !s.trim().is_empty());
    let near = q.get("near").filter(|s| !s.is_empty());
    match (q.get("by").as_deref(), typed, near) {
        (Some("near"), _, near) => (None, near),
        (_, Some(typed), _) => (Some(typed), None),
        (_, None, near) => (None, near),
    }
}

fn near_used(q: &ParamsMap) -> Option<String> {
    place_controls(q).1
}

/// The page's query as `/api/nearest` parameters (the point may still be missing).
pub fn params_from_query(q: &ParamsMap) -> NearestParams {
    // Repeated `kind=` / `service=` (a plain form's checkboxes) mean all of them, as `a,b` does.
    let list = |k: &str| -> Option<String> {
        let all: Vec<String> = q.get_all(k).unwrap_or_default().into_iter().filter(|v| !v.is_empty()).collect();
        (!all.is_empty()).then(|| all.join(","))
    };
    let kinds: Vec<String> = q.get_all("kind").unwrap_or_default().into_iter().filter(|k| !k.is_empty()).collect();
    let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
    let mut p = NearestParams {
        lat: get("lat"),
        lng: get("lng"),
        crs: get("crs"),
        kind: (!kinds.is_empty()).then(|| kinds.join(",")),
        service: list("service"),
        available: get("available"),
        limit: get("limit"),
        radius_m: get("radius_m"),
        include_stale: get("include_stale"),
        audience: get("audience"),
        open_now: get("open_now"),
        age: get("age"),
        grade: get("grade"),
        ownership: get("ownership"),
        from: get("from"),
        to: get("to"),
        medical: get("medical"),
        ltc: get("ltc"),
        nursing_beds: get("nursing_beds"),
        min_rating: get("min_rating"),
        inclusive: get("inclusive"),
        fields: None,
    };
    // "Only with free places" for one kind means free places in that kind's main service (a day-care
    // centre with only meals free is not what a family looking for day care wants). The page says so on
    // every card; the API keeps its documented meaning (any service).
    if p.service.is_none()
        && matches!(p.available.as_deref(), Some("true" | "1" | "on"))
        && let Some(kind) = p.kind.as_deref().filter(|k| !k.contains(',')).and_then(FacilityKind::parse)
    {
        p.service = Some(kind.main_service().as_str().to_string());
    }
    if p.lat.is_none()
        && p.lng.is_none()
        && let Some(s) = near_used(q).and_then(|code| subdistrict(&code))
    {
        p.lat = Some(s.lat.to_string());
        p.lng = Some(s.lng.to_string());
        p.crs = None;
    }
    p
}

/// What the page shows: where the search was made from, alternatives, and the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchOutcome {
    pub place: Option<Place>,
    pub alternatives: Vec<Place>,
    pub response: Option<NearestResponse>,
    /// Only when the search includes schools and some year has catchments.
    pub catchment: Option<(CatchmentAnswer, Option<YearNotice>)>,
    /// Only when nothing matched the holiday dates: the sessions nearby on other dates.
    pub sessions: Vec<HolidaySession>,
}

async fn run(mut p: NearestParams, q: Option<String>) -> Result<SearchOutcome, AppError> {
    let mut outcome =
        SearchOutcome { place: None, alternatives: Vec::new(), response: None, catchment: None, sessions: Vec::new() };
    if p.lat.is_none() && p.lng.is_none() {
        let Some(q) = q else { return Ok(outcome) };
        let mut found = places(q).await?;
        if found.is_empty() {
            return Ok(outcome);
        }
        let first = found.remove(0);
        p.lat = Some(first.lat.to_string());
        p.lng = Some(first.lng.to_string());
        p.crs = None;
        outcome.place = Some(first);
        outcome.alternatives = found.into_iter().take(4).collect();
    }
    outcome.catchment = school_catchments(&p).await?;
    let response = nearest(p.clone()).await?;
    // Nothing on those dates: the sessions nearby on any date, so the page can say when there are some.
    if response.results.is_empty() && (p.from.is_some() || p.to.is_some()) {
        outcome.sessions = sessions_nearby(&p).await?;
    }
    outcome.response = Some(response);
    Ok(outcome)
}

/// The holiday sessions (name and dates, each once, soonest first) of the nearest holiday-care places, without
/// the date filter.
async fn sessions_nearby(p: &NearestParams) -> Result<Vec<HolidaySession>, AppError> {
    let undated = NearestParams {
        from: None,
        to: None,
        kind: Some(FacilityKind::HolidayCare.as_str().into()),
        limit: Some("10".into()),
        ..p.clone()
    };
    let mut sessions: Vec<HolidaySession> =
        nearest(undated).await?.results.into_iter().flat_map(|r| r.facility.sessions).collect();
    sessions.sort_by(|a, b| (&a.start, &a.end, &a.name).cmp(&(&b.start, &b.end, &b.name)));
    sessions.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.name == b.name);
    let today = crate::calendar::shanghai_date(crate::clock::now());
    sessions.retain(|s| s.end >= today);
    sessions.truncate(6);
    Ok(sessions)
}

/// The catchment answer for the search point, when the search includes primary or middle schools
/// (asked for by kind, or by `audience=child`) and catchments have been imported.
async fn school_catchments(p: &NearestParams) -> Result<Option<(CatchmentAnswer, Option<YearNotice>)>, AppError> {
    let Ok(q) = NearestQuery::try_from(p) else { return Ok(None) };
    if !q.kinds.iter().any(|k| matches!(k, FacilityKind::PrimarySchool | FacilityKind::MiddleSchool)) {
        return Ok(None);
    }
    let params = CatchmentParams { lat: p.lat.clone(), lng: p.lng.clone(), crs: p.crs.clone(), year: None };
    let answer = catchment(params).await?;
    let Some(year) = answer.year else { return Ok(None) };
    Ok(Some((answer, catchment_notice(Some(year.to_string())).await?)))
}

/// A plain HTML form sends every field, the empty ones too (`…&age=&grade=&from=&to=`); the address a family
/// shares should hold only what they chose. The query without empty pairs, when it had any.
fn without_empty_pairs(query: &str) -> Option<String> {
    let kept: Vec<&str> =
        query.split('&').filter(|pair| pair.split_once('=').is_some_and(|(_, v)| !v.is_empty())).collect();
    (kept.len() != query.split('&').count()).then(|| kept.join("&"))
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let raw = use_context::<http::request::Parts>().and_then(|p| p.uri.query().map(str::to_string));
    if let Some(clean) = raw.as_deref().and_then(without_empty_pairs) {
        let to = if clean.is_empty() { "/search".to_string() } else { format!("/search?{clean}") };
        crate::http_status::redirect(&to);
    }
    let query = use_query_map();
    let key = Memo::new(move |_| {
        let q = query.get();
        let (typed, near) = place_controls(&q);
        (params_from_query(&q), typed, near)
    });
    let outcome = Resource::new(move || key.get(), |(p, q, _)| run(p, q));
    let l = prefs().locale;
    view! {
        <Title text=td_string!(l, results_title)/>
        <Loaded
            data=outcome
            view={move |o| {
                let (params, q, near) = key.get_untracked();
                let name = query.get_untracked().get("name").filter(|n| !n.trim().is_empty());
                view! { <Outcome outcome=o params q near name/> }
            }}
            // A refused search keeps its form, so the family can correct it (e.g. reversed dates).
            after_error={move || {
                let (params, q, near) = key.get_untracked();
                let keep = place_kept(&params, q.as_ref(), near.as_ref(), None);
                view! {
                    <h1 class="page-title">{td_string!(l, results_title)}</h1>
                    <Filters params keep open=true/>
                    <p><a href="/">{td_string!(l, back_home)}</a></p>
                }
            }}
        />
    }
}

/// Where the search was made, as the filter form, the map's "search this area" and the links below the
/// results carry it: the typed place, the subdistrict, or the point (with the name it was given).
fn place_kept(
    params: &NearestParams,
    q: Option<&String>,
    near: Option<&String>,
    name: Option<&String>,
) -> Vec<(String, String)> {
    match (q, near) {
        (Some(q), _) => vec![("q".into(), q.clone())],
        (_, Some(near)) => vec![("near".into(), near.clone())],
        _ => [("lat", &params.lat), ("lng", &params.lng), ("crs", &params.crs), ("name", &name.cloned())]
            .into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
            .collect(),
    }
}

#[component]
fn Outcome(
    outcome: SearchOutcome,
    params: NearestParams,
    q: Option<String>,
    near: Option<String>,
    name: Option<String>,
) -> impl IntoView {
    let l = prefs().locale;
    let Some(response) = outcome.response else {
        if q.is_some() {
            return view! { <h1 class="page-title">{td_string!(l, results_title)}</h1> <NoPlace params/> }.into_any();
        }
        let text = td_string!(l, pick_place_first);
        return view! { <p class="notice">{text} " " <a href="/">{td_string!(l, back_home)}</a></p> }.into_any();
    };
    let typed = q.as_ref().filter(|_| outcome.place.is_some());
    let keep = place_kept(&params, typed, near.as_ref(), name.as_ref());
    let heading = match &outcome.place {
        Some(p) => {
            let approx = if p.approximate { td_string!(l, approximate_place) } else { "" };
            format!("{}{approx}", tf!(l, near_place, place = p.name.as_str()))
        }
        None => match (near.as_deref().and_then(subdistrict), &name) {
            (Some(s), _) => tf!(l, near_place, place = s.name),
            (None, Some(name)) => tf!(l, near_place, place = name.as_str()),
            (None, None) => td_string!(l, near_you).to_string(),
        },
    };
    let alternatives = outcome.alternatives;
    let assigned: Vec<String> = outcome
        .catchment
        .as_ref()
        .map(|(a, _)| a.schools.iter().map(|s| s.result.facility.id.clone()).collect())
        .unwrap_or_default();
    let card = outcome.catchment.map(|(answer, notice)| view! { <CatchmentCard answer notice/> });
    let as_of = response.as_of;
    let fetched = tf!(l, fetched_at, time = crate::calendar::shanghai_datetime(as_of));
    let focus: Vec<ServiceKind> =
        params.service.as_deref().unwrap_or("").split(',').filter_map(|s| ServiceKind::parse(s.trim())).collect();
    let map = map_data(&response, l, focus.first().copied());
    let search_base = {
        let without_point = NearestParams { lat: None, lng: None, crs: None, ..params.clone() };
        without_point.search_href()
    };
    // About 100 m: enough for "1.2 km" in the comparison, not the family's doorstep.
    let from = format!("{:.3},{:.3}", response.lat, response.lng);
    let display_crs = map.1;
    let has_tiles = map.0.tiles.is_some();
    let map_json = serde_json::to_string(&map.0).unwrap_or_default();
    view! {
        // Named by its place: the tab, the history and the offline list of saved pages tell searches apart.
        <Title text=heading.clone()/>
        // The page's heading names the place (one line less above the first result, which matters in elder
        // mode on a phone).
        <h1 class="page-title where"><strong>{heading}</strong></h1>
        <Alternatives places=alternatives params=params.clone()/>
        <OutsideDistrict lat=response.lat lng=response.lng/>
        {card}
        <p class="fetched muted" data-as-of=as_of>{fetched}</p>
        <Filters params=params.clone() keep=keep.clone()/>
        <MapView locale=l data=map_json has_tiles search_base display_crs/>
        {if response.results.is_empty() {
            view! { <NothingFound params keep sessions=outcome.sessions.clone()/> }.into_any()
        } else {
            let shown = response.results.len();
            view! {
                <p class="muted" role="status">{tf!(l, found_n, n = response.results.len())}</p>
                <ol class="results">
                    {response.results.into_iter().map(|r| {
                        let assigned = assigned.contains(&r.facility.id);
                        view! { <ResultCard result=r as_of assigned focus=focus.clone() from=from.clone()/> }
                    }).collect_view()}
                </ol>
                <MoreAndElsewhere params keep shown/>
            }.into_any()
        }}
    }
    .into_any()
}

/// The map's data, in the tiles' coordinate system.
fn map_data(response: &NearestResponse, l: crate::i18n::Locale, focus: Option<ServiceKind>) -> (MapData, Crs) {
    let tiles = crate::tiles::configured();
    let crs = tiles.as_ref().map_or(Crs::Wgs84, |t| t.crs);
    let shift = |lat: f64, lng: f64| {
        let (x, y) = crs.from_wgs84(lng, lat);
        [y, x]
    };
    let results = response
        .results
        .iter()
        .map(|r| {
            let f = &r.facility;
            let [lat, lng] = shift(f.lat, f.lng);
            MapMarker {
                id: f.id.clone(),
                name: f.name.clone(),
                kind: f.kind.as_str().to_string(),
                short: crate::text::kind_short(l, f.kind).chars().take(2).collect(),
                lat,
                lng,
                distance: crate::text::distance(l, r.distance_m),
                free: crate::text::status_notice(l, f.status)
                    .map_or_else(|| crate::text::figures(l, &f.services, focus), str::to_string),
                href: format!("/facility/{}", f.id),
            }
        })
        .collect();
    let here = shift(response.lat, response.lng);
    let labels = MapLabels {
        you: td_string!(l, you_are_here).to_string(),
        search_here: td_string!(l, search_this_area).to_string(),
        details: td_string!(l, details).to_string(),
        tiles_failed: td_string!(l, map_tiles_failed).to_string(),
        cluster: td_string!(l, map_cluster).to_string(),
    };
    (MapData { center: here, user: Some(here), tiles, results, labels }, crs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn empty_pairs_are_dropped_and_the_rest_kept_as_sent() {
        assert_eq!(
            super::without_empty_pairs("near=410103013&kind=x&age=&from=&to="),
            Some("near=410103013&kind=x".into())
        );
        assert_eq!(super::without_empty_pairs("q=%E6%B7%AE&by=q"), None);
        assert_eq!(super::without_empty_pairs("age=&grade="), Some(String::new()));
        assert_eq!(super::without_empty_pairs("lat=1&flag"), Some("lat=1".into()));
    }
}
