//! Free places and freshness per subdistrict for one service, by day or by week.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::chart::LineChart;
use crate::components::error_notice::ErrorNotice;
use crate::components::trend::{fresh_line, lines, period_labels};
use crate::error::AppError;
use crate::model::{AreaTrend, Granularity, ServiceKind};
use crate::prefs::prefs;
use crate::{text, tf};

#[component]
pub fn TrendSection(data: Result<AreaTrend, AppError>, granularity: Option<String>) -> impl IntoView {
    let l = prefs().locale;
    let service = data.as_ref().map_or(ServiceKind::DayCare, |t| t.service);
    let granularity = granularity.as_deref().and_then(Granularity::parse).unwrap_or_default();
    view! {
        <section id="trends" class="ops-section">
            <h2>{td_string!(l, ops_trends)}</h2>
            <form method="get" action="/operations#trends" class="filters">
                <label>{td_string!(l, trend_service)}
                    <select name="service">
                        {ServiceKind::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=*s == service>{text::service(l, *s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{td_string!(l, trend_by)}
                    <select name="granularity">
                        <option value="day" selected=granularity == Granularity::Day>{td_string!(l, trend_day)}</option>
                        <option value="week" selected=granularity == Granularity::Week>{td_string!(l, trend_week)}</option>
                    </select>
                </label>
                <button class="btn" type="submit">{td_string!(l, trend_show)}</button>
            </form>
            {match data {
                Ok(t) => view! { <Areas trend=t/> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Areas(trend: AreaTrend) -> impl IntoView {
    let l = prefs().locale;
    if trend.subdistricts.is_empty() {
        return view! { <p class="muted">{td_string!(l, trend_none)}</p> }.into_any();
    }
    let service = text::service(l, trend.service);
    view! {
        <ul class="small-multiples">
            {trend.subdistricts.into_iter().map(|(code, name, points)| view! {
                <li data-code=code>
                    <LineChart
                        title=tf!(l, trend_area, name = name.as_str(), service = service)
                        labels=period_labels(&points)
                        lines=lines(l, &points)
                    />
                    <LineChart
                        title=tf!(l, trend_area, name = name.as_str(), service = td_string!(l, trend_fresh))
                        labels=period_labels(&points)
                        lines=vec![fresh_line(l, &points)]
                        percent=true
                    />
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
