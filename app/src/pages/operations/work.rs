//! Work items for the district: filters (GET, so a filtered list is a link), counts, the list.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::error_notice::ErrorNotice;
use crate::components::work_list::{WorkCounts, WorkItems};
use crate::model::{WorkKind, WorkState};
use crate::prefs::prefs;
use crate::subdistricts::SUBDISTRICTS;
use crate::text;

#[component]
pub fn WorkSection(
    data: Result<crate::model::WorkList, crate::error::AppError>,
    subdistrict: Option<String>,
    kind: Option<String>,
    state: Option<String>,
    overdue: Option<String>,
) -> impl IntoView {
    let l = prefs().locale;
    let chosen = |v: &Option<String>, option: &str| v.as_deref() == Some(option);
    let overdue_on = matches!(overdue.as_deref(), Some("true" | "1"));
    view! {
        <section id="work" class="ops-section">
            <h2>{td_string!(l, ops_work)}</h2>
            <form method="get" action="/operations#work" class="filters work-filters">
                <label>{td_string!(l, work_filter_subdistrict)}
                    <select name="subdistrict">
                        <option value="">{td_string!(l, work_filter_all)}</option>
                        {SUBDISTRICTS.iter().map(|s| view! {
                            <option value=s.code selected=chosen(&subdistrict, s.code)>{s.name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{td_string!(l, work_filter_kind)}
                    <select name="kind">
                        <option value="">{td_string!(l, work_filter_all)}</option>
                        {WorkKind::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=chosen(&kind, k.as_str())>{text::work_kind(l, *k)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{td_string!(l, work_filter_state)}
                    <select name="state">
                        <option value="">{td_string!(l, work_filter_all)}</option>
                        {WorkState::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=chosen(&state, s.as_str())>{text::work_state(l, *s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" name="overdue" value="true" checked=overdue_on/> {td_string!(l, work_filter_overdue)}</label>
                <button class="btn" type="submit">{td_string!(l, work_filter_apply)}</button>
            </form>
            {match data {
                Ok(list) => view! { <WorkCounts list=list.clone()/> <WorkItems list/> }.into_any(),
                Err(e) => {
                    view! { <ErrorNotice error=e/> }.into_any()
                }
            }}
        </section>
    }
}
