//! The plan's targets: each as a number with its definition, goal, trend and what is behind it.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::chart::{Line, LineChart, show};
use crate::model::{Plan, PlanTarget, TargetMember};
use crate::prefs::prefs;
use crate::{text, tf};

#[component]
pub fn Targets(plan: Plan) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <section id="targets" class="ops-section">
            <h2>{td_string!(l, ops_targets)}</h2>
            <p class="fetched muted">{tf!(l, fetched_at, time = crate::calendar::shanghai_datetime(plan.as_of))}</p>
            <ul class="targets">
                {plan.targets.into_iter().map(|t| view! { <Target target=t/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Target(target: PlanTarget) -> impl IntoView {
    let l = prefs().locale;
    let id = target.id;
    let percent = id.is_share();
    let name = text::target(l, id);
    let short = target.value.is_some_and(|v| target.goal.is_some_and(|g| v + 1e-9 < g));
    let value = match target.value {
        Some(v) => view! { <p class="big" class:short=short>{show(v, percent)}</p> }.into_any(),
        None if target.denominator == 0 && !percent => {
            view! { <p class="big muted">"–"</p><p class="notice">{td_string!(l, target_no_population)}</p> }.into_any()
        }
        None => view! { <p class="big muted">"–"</p><p class="muted">{td_string!(l, target_no_data)}</p> }.into_any(),
    };
    let goal = match target.goal {
        Some(g) => tf!(l, target_goal, goal = show(g, percent)),
        None => td_string!(l, target_no_goal).to_string(),
    };
    let trend = match target.trend.len() {
        0 => None,
        1 => Some(
            view! { <p class="muted">{tf!(l, target_trend_one, day = target.trend[0].day.as_str())}</p> }.into_any(),
        ),
        _ => {
            let labels = target.trend.iter().map(|p| p.day.clone()).collect();
            let values = target.trend.iter().map(|p| Some(p.value)).collect();
            let line = Line { name: td_string!(l, target_trend_value).to_string(), class: "l-value", values };
            Some(
                view! { <LineChart title=tf!(l, target_trend, name = name) labels lines=vec![line] percent/> }
                    .into_any(),
            )
        }
    };
    view! {
        <li class="target" data-target=id.as_str()>
            <h3>{name}</h3>
            {value}
            <p class="ratio">{tf!(l, target_of, n = target.numerator, d = target.denominator)} " · " {goal}</p>
            <p class="definition muted">{text::target_definition(l, id)}</p>
            {trend}
            <Members label=tf!(l, target_members, n = target.members.len()) members=target.members/>
            <Members label=tf!(l, target_gap, n = target.gap.len()) members=target.gap/>
        </li>
    }
}

/// A drill-down list: facilities link to their pages.
#[component]
fn Members(label: String, members: Vec<TargetMember>) -> impl IntoView {
    let l = prefs().locale;
    (!members.is_empty()).then(|| {
        view! {
            <details class="members">
                <summary>{label}</summary>
                <ul>
                    {members.into_iter().map(|m| {
                        let places = m.places.map(|n| format!(" · {}", tf!(l, target_places, n = n)));
                        let name = if m.what == "facility" {
                            view! { <a href=format!("/facility/{}", m.id)>{m.name}</a> }.into_any()
                        } else {
                            view! { <span>{m.name}</span> }.into_any()
                        };
                        view! { <li data-id=m.id.clone()>{name}{places}</li> }
                    }).collect_view()}
                </ul>
            </details>
        }
    })
}
