//! `/facility/:id`: everything a family needs to decide and act: hours, services with free places
//! and their age, fees, accessibility, phone, navigation, share, compare, and a way to say it is wrong.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::loaded::Loaded;
use crate::tf;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::catchment_section::CatchmentSection;
use crate::components::facility_history::FacilityHistory;
use crate::components::record::RecordSection;
use crate::islands::live_capacity::LiveCapacity;
use crate::islands::report::ReportForm;
use crate::islands::share::ShareButton;
use crate::islands::shortlist::ShortlistButton;
use crate::model::FacilityDetail;
use crate::navigate::{amap_url, apple_url, baidu_url, tel_url};
use crate::prefs::prefs;
use crate::server_fns::{get_facility, school_catchment};
use crate::subdistricts::subdistrict;

#[component]
pub fn FacilityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let detail = Resource::new(id, get_facility);
    let (trend, reports) = crate::components::facility_history::resources(id);
    let catchment = Resource::new(id, |id| school_catchment(id, None));
    view! {
        <Loaded data=detail view={move |d| view! { <Detail detail=d/> <CatchmentSection data=catchment/> <FacilityHistory trend reports/> }}/>
    }
}

/// `?report=sent|failed`, set by a report posted without JavaScript.
fn report_outcome() -> Option<bool> {
    match use_query_map().get_untracked().get("report").as_deref() {
        Some("sent") => Some(true),
        Some("failed") => Some(false),
        _ => None,
    }
}

#[component]
fn Detail(detail: FacilityDetail) -> impl IntoView {
    let l = prefs().locale;
    let f = detail.facility;
    let place = f.subdistrict_code.as_deref().and_then(subdistrict).map(|s| s.name).unwrap_or("");
    let row = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <div class="row"><dt>{label}</dt><dd>{value}</dd></div> })
    };
    let path = format!("/facility/{}", f.id);
    let parent = match (&f.parent_id, &detail.parent_name) {
        (Some(id), Some(name)) => Some(
            view! { <div class="row"><dt>{td_string!(l, parent_centre)}</dt><dd><a href=format!("/facility/{id}")>{name.clone()}</a></dd></div> },
        ),
        _ => None,
    };
    view! {
        <Title text=f.name.clone()/>
        <article class="detail" data-id=f.id.clone()>
            <span class=format!("kind k-{}", f.kind.as_str())>{crate::text::kind(l, f.kind)}</span>
            <h1>{f.name.clone()}</h1>
            {crate::text::location_note(l, f.location_basis).map(|n| view! { <p class="approx-location">{n}</p> })}
            {f.sample.then(|| view! { <p class="sample-tag">{td_string!(l, sample_tag)}</p> })}
            <div class="actions">
                {(!f.phone.is_empty()).then(|| view! { <a class="btn primary" href=tel_url(&f.phone)>{tf!(l, call_number, phone = f.phone.as_str())}</a> })}
                <ShareButton locale=l path=path title=f.name.clone()/>
                <ShortlistButton locale=l id=f.id.clone() from=String::new()/>
            </div>
            <h2>{td_string!(l, services_and_places)}</h2>
            <LiveCapacity locale=l facility_id=f.id.clone() services=f.services.clone() status=f.status stale_after_s=detail.stale_after_s as_of=detail.as_of/>
            <p class="fetched muted" data-as-of=detail.as_of>{tf!(l, fetched_at, time = crate::calendar::shanghai_datetime(detail.as_of))}</p>
            <h2>{td_string!(l, basic_info)}</h2>
            <dl class="facts">
                {row(td_string!(l, hours), crate::text::hours(l, &f.hours))}
                {row(td_string!(l, address), f.address.clone())}
                {row(td_string!(l, subdistrict), place.to_string())}
                {row(td_string!(l, ownership), f.ownership.map(|o| crate::text::ownership(l, o).to_string()).unwrap_or_default())}
                {row(td_string!(l, fees), f.fees.clone().unwrap_or_default())}
                {row(td_string!(l, accessibility), f.accessibility.clone().unwrap_or_default())}
                {parent}
                {row(td_string!(l, ages), f.ages.map(|a| tf!(l, ages_value, min = a.min, max = a.max)).unwrap_or_default())}
                {row(td_string!(l, grades), f.grades.map(|g| tf!(l, grades_value, min = g.min, max = g.max)).unwrap_or_default())}
            </dl>
            <RecordSection details=f.details.clone().into_inner()/>
            {(!f.sessions.is_empty()).then(|| view! {
                <h2>{td_string!(l, sessions)}</h2>
                <ul class="sessions">
                    {f.sessions.iter().map(|s| view! {
                        <li>{tf!(l, session_value, name = s.name.as_str(), start = s.start.as_str(), end = s.end.as_str(), min = s.grades.min, max = s.grades.max)}</li>
                    }).collect_view()}
                </ul>
            })}
            <h2>{td_string!(l, directions)}</h2>
            <div class="actions nav">
                <a class="btn" data-nav="amap" href=amap_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">{td_string!(l, amap)}</a>
                <a class="btn" data-nav="baidu" href=baidu_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">{td_string!(l, baidu)}</a>
                <a class="btn" data-nav="apple" href=apple_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">{td_string!(l, apple)}</a>
            </div>
            // The outcome of a report sent without JavaScript (see `server_fns::reports`).
            {report_outcome().map(|sent| if sent {
                view! { <p id="report" class="notice done" role="status">{td_string!(l, report_thanks)}</p> }.into_any()
            } else {
                view! { <p id="report" class="notice error outcome" role="alert">{td_string!(l, report_failed)}</p> }.into_any()
            })}
            <ReportForm locale=l facility_id=f.id.clone()/>
        </article>
    }
}
