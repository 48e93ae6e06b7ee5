//! A list of work items with what can be done to each: acknowledge, resolve, dismiss with a note.
//! Plain forms posting to the `work-items/move` server function, so they work without WASM (the
//! server answers a form post by going back to the page, which then shows the new state).

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::model::{WorkItem, WorkKind, WorkList, WorkState};
use crate::prefs::prefs;
use crate::text;
use crate::tf;

#[component]
pub fn WorkCounts(list: WorkList) -> impl IntoView {
    let l = prefs().locale;
    let median = match list.median_resolve_s {
        Some(s) => tf!(l, work_median, t = text::duration(l, s)),
        None => td_string!(l, work_median_none).to_string(),
    };
    view! {
        <dl class="counts">
            {WorkState::ALL.iter().zip(list.counts).map(|(s, n)| view! {
                <div data-state=s.as_str()><dt>{text::work_state(l, *s)}</dt><dd>{n}</dd></div>
            }).collect_view()}
            <div class="overdue" data-state="overdue"><dt>{td_string!(l, work_overdue)}</dt><dd>{list.overdue}</dd></div>
        </dl>
        <p class="muted median">{median}</p>
    }
}

#[component]
pub fn WorkItems(list: WorkList) -> impl IntoView {
    let l = prefs().locale;
    let now = list.as_of;
    if list.items.is_empty() {
        return view! { <p class="muted">{td_string!(l, work_none)}</p> }.into_any();
    }
    view! {
        <ul class="work-items">
            {list.items.into_iter().map(|item| view! { <Item item now/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Item(item: WorkItem, now: i64) -> impl IntoView {
    let l = prefs().locale;
    let overdue = item.is_overdue(now);
    let subject = match &item.facility_id {
        Some(id) => view! { <a href=format!("/facility/{id}")>{item.subject.clone()}</a> }.into_any(),
        None => view! { <span>{item.subject.clone()}</span> }.into_any(),
    };
    let place =
        item.subdistrict_code.as_deref().and_then(crate::subdistricts::subdistrict).map(|s| s.name).unwrap_or("");
    let what = match item.service {
        Some(s) => format!("{} · {}", text::work_kind(l, item.kind), text::service(l, s)),
        None => text::work_kind(l, item.kind).to_string(),
    };
    let when = if item.state.is_active() {
        tf!(l, work_due, time = crate::calendar::shanghai_datetime(item.due_at))
    } else {
        tf!(l, work_closed, time = crate::calendar::shanghai_datetime(item.closed_at.unwrap_or(item.created_at)))
    };
    let id = item.id.to_string();
    view! {
        <li class="work-item" class:overdue=overdue data-id=id.clone() data-state=item.state.as_str() data-kind=item.kind.as_str()>
            <p class="what"><strong>{what}</strong> " · " {subject} {(!place.is_empty()).then(|| format!(" · {place}"))}</p>
            <p class="meta">
                <span class=format!("state s-{}", item.state.as_str())>{text::work_state(l, item.state)}</span>
                " · " {text::responsible(l, item.responsible)}
                " · " <span class="when">{when}</span>
                {overdue.then(|| view! { " · " <strong class="warn">{td_string!(l, work_overdue)}</strong> })}
                {item.escalated_at.is_some().then(|| view! { " · " <span class="warn">{td_string!(l, work_escalated)}</span> })}
                {(item.reports > 0).then(|| format!(" · {}", tf!(l, work_reports_n, n = item.reports)))}
            </p>
            {(!item.detail.is_empty()).then(|| {
                let detail = match item.kind {
                    WorkKind::StaleFigure => tf!(l, work_detail_stale, time = item.detail.as_str()),
                    WorkKind::FullTooLong => tf!(l, work_detail_full, time = item.detail.as_str()),
                    _ => tf!(l, work_detail_report, note = item.detail.as_str()),
                };
                view! { <p class="detail">{detail}</p> }
            })}
            {(!item.note.is_empty()).then(|| view! { <p class="note">{tf!(l, work_note_was, note = text::work_note(l, &item.note))}</p> })}
            {item.state.is_active().then(|| view! { <Actions id=id.clone() state=item.state/> })}
        </li>
    }
}

#[component]
fn Actions(id: String, state: WorkState) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <div class="work-actions">
            {(state == WorkState::Open).then(|| view! {
                <form method="post" action="/api/work-items/move">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="to" value="acknowledged"/>
                    <button class="btn" type="submit">{td_string!(l, work_acknowledge)}</button>
                </form>
            })}
            <NoteForm id=id.clone() to=WorkState::Resolved label=td_string!(l, work_note_label) button=td_string!(l, work_resolve)/>
            <NoteForm id to=WorkState::Dismissed label=td_string!(l, work_dismiss_reason) button=td_string!(l, work_dismiss)/>
        </div>
    }
}

/// A step that carries a note: resolving (note optional) or dismissing (a reason required).
#[component]
fn NoteForm(id: String, to: WorkState, label: &'static str, button: &'static str) -> impl IntoView {
    let input_id = format!("{}-{id}", to.as_str());
    let required = to == WorkState::Dismissed;
    view! {
        <form method="post" action="/api/work-items/move" class="with-note">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="to" value=to.as_str()/>
            <label for=input_id.clone()>{label}</label>
            <input id=input_id name="note" type="text" required=required maxlength=crate::model::MAX_WORK_NOTE/>
            <button class=if required { "btn" } else { "btn primary" } type="submit">{button}</button>
        </form>
    }
}
