//! A school's page: its catchment (划片) of the latest year on the map, and in words the communities
//! it covers. Nothing is shown for a school without one (or for other facilities).

use leptos::prelude::*;
use leptos_i18n::td_string;

use super::catchment_map::{CatchmentMap, Fit};
use crate::error::AppError;
use crate::model::SchoolCatchment;
use crate::prefs::prefs;
use crate::tf;

#[component]
pub fn CatchmentSection(data: Resource<Result<Option<SchoolCatchment>, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(c)) => view! { <Body c/> }.into_any(),
                    // A missing catchment (or a failure to fetch it) leaves the page as it was.
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(c: SchoolCatchment) -> impl IntoView {
    let l = prefs().locale;
    let communities = c.communities.iter().map(|n| n.name.clone()).collect::<Vec<_>>().join("、");
    let link = c.notice.source_url.clone().map(|url| {
        let text = c.notice.source_text.clone().unwrap_or_else(|| td_string!(l, catchment_notice_link).to_string());
        view! { " " <a href=url rel="noopener" target="_blank">{text}</a> }
    });
    view! {
        <section class="catchment-school" data-year=c.notice.year>
            <h2>{tf!(l, catchment_school_title, year = c.notice.year)}</h2>
            {c.notice.sample.then(|| view! { <p class="sample-tag">{td_string!(l, catchment_sample)}</p> })}
            {(!c.polygons.is_empty()).then(|| view! {
                <CatchmentMap polygons=c.polygons.clone() marks=vec![(c.lat, c.lng, "#1c1b1f")] fit=Fit::Shapes
                    label=td_string!(l, catchment_map_label).to_string()/>
            })}
            <p class="catchment-communities">
                {if communities.is_empty() {
                    td_string!(l, catchment_school_no_communities).to_string()
                } else {
                    format!("{}{communities}", td_string!(l, catchment_school_communities))
                }}
            </p>
            <p class="muted">{td_string!(l, catchment_authoritative)}{link}</p>
        </section>
    }
}
