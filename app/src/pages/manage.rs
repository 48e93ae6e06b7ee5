//! `/manage`: a facility manager keeps their figures true from a phone, in seconds.
//! Rendered on the server; the editors are islands.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::loaded::Loaded;
use crate::tf;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::error_notice::ErrorNotice;
use crate::components::facility_history::FreePlacesTrend;
use crate::components::facility_link::FacilityLink;
use crate::components::work_list::{WorkCounts, WorkItems};
use crate::error::AppError;
use crate::islands::manage::{InfoEditor, LoginForm, PasswordForm, ServiceEditor};
use crate::model::{Account, Facility, FacilityTrend, ManageView, Report, ReportKind, Role, WorkList};
use crate::prefs::prefs;
use crate::server_fns::auth::whoami;
use crate::server_fns::manage::managed_facilities;

/// Who the page is for: a signed-in account's dashboard, or only the form to replace a temporary password.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Signed {
    In(Box<ManageView>),
    MustChange,
}

#[component]
pub fn ManagePage() -> impl IntoView {
    let l = prefs().locale;
    let query = use_query_map();
    let data = Resource::new(
        move || query.get().get("q").unwrap_or_default(),
        |q| async move {
            match whoami().await? {
                Some(a) if a.must_change_password => Ok(Some(Signed::MustChange)),
                Some(_) => managed_facilities(Some(q)).await.map(|v| Some(Signed::In(Box::new(v)))),
                None => Ok(None),
            }
        },
    );
    // A manager's own work items (an admin has the operations page), loaded beside the rest.
    let work = Resource::new(
        move || query.get().get("q").unwrap_or_default(),
        |_| async move {
            match whoami().await? {
                Some(a) if !a.is_admin() => crate::server_fns::work_items::my_work_items(None).await.map(Some),
                _ => Ok(None),
            }
        },
    );
    view! {
        <Title text=td_string!(l, manage_title)/>
        <h1 class="page-title">{td_string!(l, manage_title)}</h1>
        <Loaded data view={move |d| match d {
            Some(Signed::MustChange) => view! {
                <p class="notice">{td_string!(l, password_must_change)}</p>
                <PasswordForm locale=l/>
            }.into_any(),
            Some(Signed::In(view)) => view! { <Dashboard data=*view work/> }.into_any(),
            None => view! { <LoginForm locale=l/> }.into_any(),
        }}/>
    }
}

pub fn role_label(l: crate::i18n::Locale, role: Role) -> &'static str {
    match role {
        Role::DistrictAdmin => td_string!(l, role_district_admin),
        Role::FacilityManager => td_string!(l, role_facility_manager),
    }
}

#[component]
fn Dashboard(data: ManageView, work: Resource<Result<Option<WorkList>, AppError>>) -> impl IntoView {
    let l = prefs().locale;
    let account: Account = data.account.clone();
    let admin = account.is_admin();
    let more = (data.total as usize > data.facilities.len())
        .then(|| tf!(l, showing_n_of_m, total = data.total, n = data.facilities.len()));
    let stale_after = data.stale_after;
    view! {
        <div class="who">
            <span>{format!("{} · {}", account.login, role_label(l, account.role))}</span>
            <form method="post" action="/api/logout">
                <button class="btn" type="submit">{td_string!(l, sign_out)}</button>
            </form>
        </div>
        {admin.then(|| view! {
            <p><a href="/operations">{td_string!(l, ops_link)}</a> " " <a href="/admin">{td_string!(l, admin_link)}</a> " " <a href="/coverage">{td_string!(l, coverage_link)}</a></p>
            <form method="get" action="/manage" class="or">
                <label for="q">{td_string!(l, find_facility)}</label>
                <input id="q" name="q" type="search" placeholder=td_string!(l, facility_search_placeholder)/>
                <button class="btn" type="submit">{td_string!(l, find)}</button>
            </form>
        })}
        {(!admin).then(|| view! { <MyWork work/> })}
        <Reports reports=data.reports/>
        <details class="account">
            <summary>{td_string!(l, password_change)}</summary>
            <PasswordForm locale=l/>
        </details>
        {more.map(|m| view! { <p class="muted">{m}</p> })}
        {if data.facilities.is_empty() {
            view! { <p class="notice">{td_string!(l, no_facilities_assigned)}</p> }.into_any()
        } else {
            view! {
                <ul class="managed">
                    {data.facilities.into_iter().map(|f| {
                        let limit = stale_after.for_kind(f.kind);
                        let trend = data.trends.iter().find(|t| t.facility_id == f.id).cloned();
                        view! { <ManagedFacility facility=f stale_after_s=limit trend/> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn ManagedFacility(facility: Facility, stale_after_s: i64, trend: Option<FacilityTrend>) -> impl IntoView {
    let l = prefs().locale;
    let id = facility.id.clone();
    view! {
        <li class="managed-facility" data-id=id.clone()>
            <h2>{facility.name.clone()}</h2>
            <p class="muted">{format!("{} · {}", crate::text::kind(l, facility.kind), facility.id)}</p>
            {facility.services.iter().map(|c| view! {
                <ServiceEditor locale=l facility_id=id.clone() capacity=c.clone() stale_after_s/>
            }).collect_view()}
            <InfoEditor locale=l facility_id=id.clone() status=facility.status hours=facility.hours.to_string()/>
            {trend.map(|trend| view! { <FreePlacesTrend trend/> })}
        </li>
    }
}

/// A manager's own work items (an admin has the operations page for all of them).
#[component]
fn MyWork(work: Resource<Result<Option<WorkList>, AppError>>) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <section class="my-work" id="work">
            <h2>{td_string!(l, my_work_items)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match work.await {
                        Ok(Some(list)) => view! { <WorkCounts list=list.clone()/> <WorkItems list/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Residents' reports about the facilities shown (their manager and the admins see them), each naming its
/// facility the same way on every page.
#[component]
pub fn Reports(reports: Vec<Report>) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <section class="reports">
            <h2>{td_string!(l, reports)}</h2>
            {if reports.is_empty() {
                view! { <p class="muted">{td_string!(l, no_reports)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {reports.into_iter().map(|r| {
                            let what = match r.kind {
                                ReportKind::Full => td_string!(l, report_kind_full),
                                ReportKind::Wrong => td_string!(l, report_kind_wrong),
                            };
                            view! {
                                <li data-facility=r.facility_id.clone()>
                                    {format!("{} · ", crate::calendar::shanghai_datetime(r.at))}
                                    <FacilityLink id=r.facility_id.clone() name=r.facility_name.clone()/>
                                    {format!(" · {what}")}
                                    {(!r.note.is_empty()).then(|| view! { " " <q>{r.note.clone()}</q> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
