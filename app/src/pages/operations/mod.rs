//! `/operations`: the district's operations centre (智慧运营中心) — plan targets as live numbers,
//! work items, demand and access, trends and coverage. Everything is rendered on the server
//! (tables behind every chart), so it works without WASM and prints cleanly.

mod targets;
mod trends;
mod work;

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::components::access_section::AccessSection;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::error::AppError;
use crate::model::{AccessReport, AreaTrend, Coverage, Plan, ServiceKind, SuggestionReport, WorkList};
use crate::prefs::prefs;
use crate::server_fns::access::{get_access_report, suggest_sites};
use crate::server_fns::coverage::coverage_report;
use crate::server_fns::plan::plan_targets;
use crate::server_fns::trends::get_area_trend;
use crate::server_fns::work_items::admin_work_items;

/// The downloads: `(path under /api/admin/export/, label key)`; each in `.xlsx` and `.csv`.
const EXPORTS: [&str; 4] = ["plan", "coverage", "access", "work-items"];

/// Everything the page shows, loaded in one go on the server. Only the plan decides whether the
/// page is shown at all (it checks the caller); each other part may fail on its own (a bad filter
/// in the URL is reported where that filter is).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Data {
    plan: Plan,
    work: Result<WorkList, AppError>,
    access: Result<(AccessReport, SuggestionReport), AppError>,
    trend: Result<AreaTrend, AppError>,
    coverage: Result<Coverage, AppError>,
}

/// A query parameter, absent when empty.
fn param(q: &ParamsMap, name: &str) -> Option<String> {
    q.get(name).filter(|v| !v.trim().is_empty())
}

async fn load(q: ParamsMap) -> Result<Data, AppError> {
    let plan = plan_targets().await?;
    let work =
        admin_work_items(param(&q, "subdistrict"), param(&q, "kind"), param(&q, "state"), param(&q, "overdue")).await;
    let service = param(&q, "service").unwrap_or_else(|| ServiceKind::DayCare.as_str().to_string());
    let access = match get_access_report(Some(service.clone()), param(&q, "radius_m")).await {
        Ok(a) => suggest_sites(Some(service.clone()), param(&q, "radius_m"), None).await.map(|s| (a, s)),
        Err(e) => Err(e),
    };
    let trend = get_area_trend(service, param(&q, "granularity")).await;
    let coverage = coverage_report().await;
    Ok(Data { plan, work, access, trend, coverage })
}

#[component]
pub fn OperationsPage() -> impl IntoView {
    let l = prefs().locale;
    let query = use_query_map();
    let data = Resource::new(move || query.get(), load);
    view! {
        <Title text=td_string!(l, ops_title)/>
        <h1 class="page-title">{td_string!(l, ops_title)}</h1>
        <p class="muted">{td_string!(l, ops_intro)}</p>
        <Loaded data view={move |d| {
            let q = query.get_untracked();
            view! {
                        <nav class="toc" aria-label=td_string!(l, ops_nav)>
                            <a href="#targets">{td_string!(l, ops_targets)}</a>
                            <a href="#work">{td_string!(l, ops_work)}</a>
                            <a href="#access">{td_string!(l, access_title)}</a>
                            <a href="#trends">{td_string!(l, ops_trends)}</a>
                            <a href="#coverage">{td_string!(l, ops_coverage)}</a>
                        </nav>
                        <targets::Targets plan=d.plan/>
                        <work::WorkSection
                            data=d.work
                            subdistrict=param(&q, "subdistrict")
                            kind=param(&q, "kind")
                            state=param(&q, "state")
                            overdue=param(&q, "overdue")
                        />
                        <div id="access" class="ops-section">
                            {match d.access {
                                Ok((access, suggestions)) => view! { <AccessSection access suggestions/> }.into_any(),
                                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            }}
                        </div>
                        <trends::TrendSection data=d.trend granularity=param(&q, "granularity")/>
                        <section id="coverage" class="ops-section">
                            <h2>{td_string!(l, ops_coverage)}</h2>
                            {match d.coverage {
                                Ok(c) => view! { <crate::pages::coverage::CoverageTable coverage=c/> }.into_any(),
                                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            }}
                        </section>
                        <Downloads service=param(&q, "service")/>
            }
        }}/>
    }
}

#[component]
fn Downloads(service: Option<String>) -> impl IntoView {
    let l = prefs().locale;
    let label = move |what: &str| match what {
        "plan" => td_string!(l, export_plan),
        "coverage" => td_string!(l, export_coverage),
        "access" => td_string!(l, export_access),
        _ => td_string!(l, export_work),
    };
    let service = service.map(|s| format!("&service={}", crate::url_query::url_encode(&s))).unwrap_or_default();
    view! {
        <section id="downloads" class="ops-section no-print">
            <h2>{td_string!(l, ops_downloads)}</h2>
            <ul class="downloads">
                {EXPORTS.iter().map(|what| {
                    let extra = if *what == "access" { service.clone() } else { String::new() };
                    view! {
                        <li>
                            {label(what)} ": "
                            <a href=format!("/api/admin/export/{what}?format=xlsx{extra}") download>"Excel (.xlsx)"</a> " · "
                            <a href=format!("/api/admin/export/{what}?format=csv{extra}") download>"CSV"</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
