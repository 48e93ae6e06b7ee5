//! One service on the manager page: big −1 / +1, "still correct", an exact edit based on the version
//! the manager saw, and a plain message when the server refuses (stale, out of bounds).

use leptos::html::Input;
use leptos::prelude::*;

use crate::api::manage::change_capacity;
use crate::error::AppError;
use crate::model::{CapacityChange, ServiceCapacity, ServiceKind, age_text};

#[component]
pub fn ServiceEditor(facility_id: String, capacity: RwSignal<ServiceCapacity>, stale_after_s: i64) -> impl IntoView {
    let service: ServiceKind = capacity.get_untracked().service;
    let message = RwSignal::new(None::<(bool, String)>);
    // The exact edit is based on the figure as it was when the manager opened the editor; a change
    // arriving meanwhile (live, or from another manager) makes the save a conflict, not an overwrite.
    let base = RwSignal::new(None::<ServiceCapacity>);
    let action = Action::new(move |change: &CapacityChange| {
        let (facility_id, change) = (facility_id.clone(), *change);
        async move { change_capacity(facility_id, service, change).await }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(c)) => {
            capacity.set(c);
            message.set(Some((true, "已保存".into())));
        }
        Some(Err(e)) => {
            if let Some(current) = e.current() {
                capacity.set(current.clone());
            }
            let text = match &e {
                AppError::Unauthorized => "登录已过期，请重新登录".to_string(),
                other => other.to_string(),
            };
            message.set(Some((false, text)));
        }
        None => {}
    });
    // After an answer the open editor restarts from the figure the server returned.
    Effect::new(move |_| {
        if action.value().get().is_some() && base.get_untracked().is_some() {
            base.set(Some(capacity.get_untracked()));
        }
    });

    let available_ref = NodeRef::<Input>::new();
    let maximum_ref = NodeRef::<Input>::new();
    let open_editor = move |_| {
        if base.get_untracked().is_none() {
            base.set(Some(capacity.get_untracked()));
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(b) = base.get_untracked() else { return };
        let read = |r: NodeRef<Input>| r.get().and_then(|i| i.value().trim().parse::<i32>().ok());
        let (available, maximum) = (read(available_ref), read(maximum_ref));
        if available.is_none() && maximum.is_none() {
            message.set(Some((false, "请填写整数".into())));
            return;
        }
        action.dispatch(CapacityChange::Set { available, maximum, version: b.version });
    };
    let pending = action.pending();
    let label = service.label_zh();

    view! {
        <div class="svc-edit" data-service=service.as_str()>
            <div class="svc-head">
                <strong>{label}</strong>
                <span class="age">
                    {move || {
                        let c = capacity.get();
                        let age = crate::clock::now() - c.updated_at;
                        let stale = if age > stale_after_s { "（已过时，请核对）" } else { "" };
                        format!("{}更新{stale}", age_text(age, false))
                    }}
                </span>
            </div>
            <div class="stepper">
                <button
                    class="step"
                    aria-label=format!("{label} 空位减一")
                    disabled=move || {
                        let c = capacity.get();
                        pending.get() || c.available <= 0
                    }
                    on:click=move |_| {
                        action.dispatch(CapacityChange::Delta { delta: -1 });
                    }
                >
                    "−"
                </button>
                <output class="count" aria-live="polite">
                    <span class="n">{move || capacity.get().available}</span>
                    <small>{move || format!(" / {}", capacity.get().maximum)}</small>
                </output>
                <button
                    class="step"
                    aria-label=format!("{label} 空位加一")
                    disabled=move || {
                        let c = capacity.get();
                        pending.get() || c.available >= c.maximum
                    }
                    on:click=move |_| {
                        action.dispatch(CapacityChange::Delta { delta: 1 });
                    }
                >
                    "+"
                </button>
            </div>
            <div class="row-actions">
                <button class="btn" disabled=move || pending.get() on:click=move |_| {
                    action.dispatch(CapacityChange::Confirm);
                }>"数字仍然准确"</button>
            </div>
            <details on:toggle=open_editor>
                <summary>"改为准确数字"</summary>
                <form class="exact" on:submit=save>
                    <p class="muted">
                        {move || base.get().map(|b| format!("基于：空 {} / {}（版本 {}）", b.available, b.maximum, b.version))}
                    </p>
                    <label>"空位" <input node_ref=available_ref type="number" min="0" inputmode="numeric" name="available"
                        prop:value=move || base.get().map(|b| b.available.to_string()).unwrap_or_default()/></label>
                    <label>"最大" <input node_ref=maximum_ref type="number" min="0" inputmode="numeric" name="maximum"
                        prop:value=move || base.get().map(|b| b.maximum.to_string()).unwrap_or_default()/></label>
                    <button class="btn primary" type="submit">"保存"</button>
                </form>
            </details>
            <p class="msg" role="status" class:error=move || message.get().is_some_and(|m| !m.0)>
                {move || message.get().map(|m| m.1)}
            </p>
        </div>
    }
}
