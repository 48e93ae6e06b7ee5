//! On a facility's page: its free places over the last 30 days (a chart with its table) and whether
//! residents' recent reports were handled. Rendered on the server; no island.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::chart::LineChart;
use crate::components::trend::{lines, period_labels};
use crate::model::{FacilityTrend, ReportKind, ReportStatus, WorkState};
use crate::prefs::prefs;
use crate::server_fns::reports::facility_reports;
use crate::server_fns::trends::get_facility_trend;
use crate::{text, tf};

/// The data below a facility's page; the page creates these resources itself (at its top level, so
/// they run with the request's context) and hands them over.
pub type TrendResource = Resource<Result<FacilityTrend, crate::error::AppError>>;
pub type ReportsResource = Resource<Result<Vec<ReportStatus>, crate::error::AppError>>;

pub fn resources(id: impl Fn() -> String + Clone + Send + Sync + 'static) -> (TrendResource, ReportsResource) {
    let id2 = id.clone();
    (Resource::new(id, get_facility_trend), Resource::new(id2, facility_reports))
}

#[component]
pub fn FacilityHistory(trend: TrendResource, reports: ReportsResource) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (trend, reports) = (trend.await, reports.await);
                view! {
                    {trend.ok().map(|t| view! { <FreePlacesTrend trend=t/> })}
                    {reports.ok().filter(|r| !r.is_empty()).map(|r| view! {
                        <h2>{td_string!(l, reports_recent)}</h2>
                        <ReportList reports=r/>
                    })}
                }
            })}
        </Suspense>
    }
}

/// The facility's free places over the last 30 days, folded away under a summary.
#[component]
pub fn FreePlacesTrend(trend: FacilityTrend) -> impl IntoView {
    let l = prefs().locale;
    (!trend.services.is_empty()).then(|| {
        view! {
            <details class="history">
                <summary>{td_string!(l, trend_title)}</summary>
                {trend.services.into_iter().map(|s| view! {
                    <LineChart
                        title=tf!(l, trend_free_30d, service = text::service(l, s.service))
                        labels=period_labels(&s.points)
                        lines=lines(l, &s.points)
                    />
                }).collect_view()}
            </details>
        }
    })
}

#[component]
fn ReportList(reports: Vec<ReportStatus>) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <ul class="report-status">
            {reports.into_iter().map(|r| {
                let what = match r.kind {
                    ReportKind::Full => td_string!(l, report_kind_full),
                    ReportKind::Wrong => td_string!(l, report_kind_wrong),
                };
                let state = match r.state {
                    Some(WorkState::Resolved) => td_string!(l, report_state_handled),
                    Some(WorkState::Dismissed) => td_string!(l, report_state_dismissed),
                    _ => td_string!(l, report_state_pending),
                };
                let handled = matches!(r.state, Some(WorkState::Resolved | WorkState::Dismissed));
                view! {
                    <li class:handled=handled>{format!("{} · {what} · ", crate::calendar::shanghai_datetime(r.at))}<strong>{state}</strong></li>
                }
            }).collect_view()}
        </ul>
    }
}
