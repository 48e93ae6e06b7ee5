//! `/admin/catchments?year=`: district admins review a school year's catchments (划片) — every
//! catchment on the map, communities in no primary / no middle catchment, overlaps not marked as
//! 多校划片 — and upload a file (the same import as `caremap catchments import`).

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::catchment_map::{CatchmentMap, Fit, OVERLAP};
use crate::components::loaded::Loaded;
use crate::model::{CatchmentReview, CommunityName};
use crate::prefs::prefs;
use crate::server_fns::catchment_review;
use crate::tf;

#[component]
pub fn CatchmentsPage() -> impl IntoView {
    let l = prefs().locale;
    let query = use_query_map();
    let year = move || query.get().get("year").filter(|y| !y.is_empty());
    let data = Resource::new(year, catchment_review);
    // The upload route comes back here with what happened.
    let outcome = move || {
        let q = query.get();
        let n = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok());
        match (q.get("error"), n("shapes"), n("lists"), n("schools")) {
            (Some(e), ..) => {
                Some(view! { <p class="notice" role="alert">{td_string!(l, catchment_admin_failed)}{e}</p> }.into_any())
            }
            (None, Some(shapes), Some(lists), Some(schools)) => Some(view! {
                <p class="done" role="status">{tf!(l, catchment_admin_imported_n, shapes = shapes, lists = lists, schools = schools)}</p>
            }.into_any()),
            _ => None,
        }
    };
    view! {
        <Title text=td_string!(l, catchment_admin_title)/>
        <h1 class="page-title">{td_string!(l, catchment_admin_title)}</h1>
        {outcome}
        <Loaded data view={move |r| match r {
            Some(r) => {
                let y = r.notice.year;
                view! { <Review review=r/> <Upload year=Some(y)/> }.into_any()
            }
            None => view! { <p class="notice">{td_string!(l, catchment_admin_empty)}</p> <Upload year=None/> }.into_any(),
        }}/>
    }
}

/// Communities in words, with their children of school age when the population is known.
fn community_list(l: crate::i18n::Locale, list: &[CommunityName]) -> String {
    list.iter()
        .map(|c| match c.children {
            Some(n) => tf!(l, catchment_admin_children, name = c.name.as_str(), n = n),
            None => c.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[component]
fn Review(review: CatchmentReview) -> impl IntoView {
    let l = prefs().locale;
    let year = review.notice.year;
    let years = review.years.iter().map(|&y| {
        let current = y == year;
        view! { <a href=format!("/admin/catchments?year={y}") class:current=current aria-current=current.then_some("page")>{y}</a> " " }
    }).collect_view();
    let marks: Vec<(f64, f64, &'static str)> = review.overlaps.iter().map(|o| (o.lat, o.lng, OVERLAP)).collect();
    let nothing = td_string!(l, catchment_admin_nothing);
    let or_nothing = move |s: String| if s.is_empty() { nothing.to_string() } else { s };
    view! {
        <nav class="years">{td_string!(l, catchment_admin_year)} ": " {years}</nav>
        {review.notice.sample.then(|| view! { <p class="sample-tag">{td_string!(l, catchment_sample)}</p> })}
        <p>{tf!(l, catchment_admin_summary, year = year, schools = review.schools, shapes = review.polygons.len())}</p>
        {review.notice.source_url.clone().map(|u| {
            let text = review.notice.source_text.clone().unwrap_or_else(|| u.clone());
            view! { <p><a href=u rel="noopener" target="_blank">{text}</a></p> }
        })}
        <CatchmentMap polygons=review.polygons marks fit=Fit::District label=td_string!(l, catchment_map_label).to_string()/>
        <p class="muted">{td_string!(l, catchment_admin_legend)}</p>
        <section class="catchment-problems" data-year=year>
            <h2>{tf!(l, catchment_admin_no_primary, n = review.no_primary.len())}</h2>
            <p data-problem="no_primary">{or_nothing(community_list(l, &review.no_primary))}</p>
            <h2>{tf!(l, catchment_admin_no_middle, n = review.no_middle.len())}</h2>
            <p data-problem="no_middle">{or_nothing(community_list(l, &review.no_middle))}</p>
            <p class="muted">{td_string!(l, catchment_admin_approx)}</p>
            <h2>{tf!(l, catchment_admin_overlaps, n = review.overlaps.len())}</h2>
            <ul data-problem="overlaps">
                {review.overlaps.iter().map(|o| view! {
                    <li>{tf!(l, catchment_admin_overlap_row, a = o.school_a.as_str(), b = o.school_b.as_str(), area = o.area_m2.round())}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A plain multipart form: works without JavaScript; the route authorises as the server functions do.
#[component]
fn Upload(year: Option<i32>) -> impl IntoView {
    let l = prefs().locale;
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    view! {
        <form class="upload" method="post" action="/admin/catchments/upload" enctype="multipart/form-data">
            <h2>{td_string!(l, catchment_admin_upload)}</h2>
            <label>{td_string!(l, catchment_admin_file)} <input type="file" name="file" accept=".geojson,.json,.csv" required/></label>
            <label>{td_string!(l, catchment_admin_year)} <input type="number" name="year" min="2000" max="2100" value=year required/></label>
            <label>{td_string!(l, catchment_admin_crs)}
                <crate::components::register_forms::CrsSelect/>
            </label>
            <label><input type="checkbox" name="replace" value="true"/> {td_string!(l, catchment_admin_replace)}</label>
            <label><input type="checkbox" name="skip_invalid" value="true"/> {td_string!(l, catchment_admin_skip_invalid)}</label>
            <label>{td_string!(l, catchment_admin_source_url)} <input type="url" name="source_url"/></label>
            <label>{td_string!(l, catchment_admin_source_text)} <input type="text" name="source_text"/></label>
            <button class="btn primary" type="submit">{td_string!(l, catchment_admin_submit)}</button>
        </form>
    }
}
