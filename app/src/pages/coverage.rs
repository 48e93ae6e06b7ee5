//! `/coverage`: district staff see coverage against the plan — which subdistricts lack their
//! elderly service centre, which communities lack a day-care centre, and where demand exceeds places.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::loaded::Loaded;
use crate::tf;
use leptos_meta::Title;

use crate::model::Coverage;
use crate::prefs::prefs;
use crate::server_fns::coverage::coverage_report;

#[component]
pub fn CoveragePage() -> impl IntoView {
    let l = prefs().locale;
    let data = Resource::new(|| (), |_| coverage_report());
    view! {
        <Title text=td_string!(l, coverage_title)/>
        <h1 class="page-title">{td_string!(l, coverage_title)}</h1>
        <p class="muted">{td_string!(l, coverage_intro)}</p>
        <Loaded data view={|c| view! { <CoverageTable coverage=c/> }}/>
    }
}

#[component]
pub fn CoverageTable(coverage: Coverage) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <p class="fetched muted">{tf!(l, fetched_at, time = crate::calendar::shanghai_datetime(coverage.as_of))}</p>
        <ul class="coverage">
            {coverage.subdistricts.into_iter().map(|s| {
                let have = s.communities - s.lacking.len() as u32;
                let gap = s.centre.is_none() || !s.lacking.is_empty();
                view! {
                    <li class="sd" data-code=s.code.clone() class:gap=gap>
                        <h2>{s.name.clone()}</h2>
                        <p>
                            <strong>{td_string!(l, coverage_centre)}</strong> ": "
                            {match s.centre {
                                Some((id, name)) => view! { <a href=format!("/facility/{id}")>{name}</a> }.into_any(),
                                None => view! { <span class="warn">{td_string!(l, coverage_missing)}</span> }.into_any(),
                            }}
                        </p>
                        <p><strong>{td_string!(l, coverage_daycare)}</strong> ": " {tf!(l, coverage_communities, have = have, all = s.communities)}</p>
                        {(!s.lacking.is_empty()).then(|| view! {
                            <details>
                                <summary>{format!("{} ({})", td_string!(l, coverage_lacking), s.lacking.len())}</summary>
                                <p class="lacking">{s.lacking.join("、")}</p>
                            </details>
                        })}
                        <p>
                            <strong>{td_string!(l, coverage_demand)}</strong> ": "
                            {tf!(l, coverage_full_services, full = s.full_services, all = s.services)} "; "
                            {tf!(l, coverage_reports_30d, n = s.full_reports)}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
