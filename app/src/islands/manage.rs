//! The manager page's interactive parts: sign-in, one editor per service, status and hours.
//! Each calls server functions that check, themselves, who is asking.

use leptos::html::Input;
use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::tf;

use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::{CapacityChange, FacilityStatus, ServiceCapacity, ServiceKind};
use crate::server_fns::auth::{ChangePassword, Login};
use crate::server_fns::manage::{UpdateFacilityInfo, change_capacity};

#[island]
pub fn LoginForm(locale: Locale) -> impl IntoView {
    let login = ServerAction::<Login>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = login.value().get() {
            crate::browser::reload();
        }
    });
    let error = move || login.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <ActionForm action=login attr:class="login">
            <p class="muted">{td_string!(locale, login_intro)}</p>
            <label for="login">{td_string!(locale, login_name)}</label>
            <input id="login" name="login" autocomplete="username" required autocapitalize="off"/>
            <label for="password">{td_string!(locale, password)}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required/>
            <button class="btn primary big" type="submit" disabled=move || login.pending().get()>{td_string!(locale, sign_in)}</button>
            <p class="msg error" role="alert">{error}</p>
        </ActionForm>
    }
}

/// Change one's own password (the current one required); after a reset, the only thing allowed.
#[island]
pub fn PasswordForm(locale: Locale) -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            crate::browser::reload();
        }
    });
    let error = move || change.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <ActionForm action=change attr:class="password">
            <label for="old_password">{td_string!(locale, password_current)}</label>
            <input id="old_password" name="old_password" type="password" autocomplete="current-password" required/>
            <label for="new_password">{td_string!(locale, password_new)}</label>
            <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10"/>
            <button class="btn primary" type="submit" disabled=move || change.pending().get()>{td_string!(locale, password_change)}</button>
            <p class="msg error" role="alert">{error}</p>
        </ActionForm>
    }
}

/// Big −1 / +1, "still correct", and an exact edit based on the version the manager saw.
#[island]
pub fn ServiceEditor(
    locale: Locale,
    facility_id: String,
    capacity: ServiceCapacity,
    stale_after_s: i64,
) -> impl IntoView {
    let service: ServiceKind = capacity.service;
    let capacity = RwSignal::new(capacity);
    let message = RwSignal::new(None::<(bool, String)>);
    // Another manager's change (or this one's in another tab) arrives here.
    Effect::new({
        let facility_id = facility_id.clone();
        move |_| {
            crate::browser::on_live(&facility_id, move |u| {
                if let Some(new) = u.services.into_iter().find(|c| c.service == service)
                    && new.version >= capacity.get_untracked().version
                {
                    capacity.set(new);
                }
            })
        }
    });
    // The exact edit is based on the figure as it was when the editor was opened: a change arriving
    // meanwhile makes the save a conflict, never a silent overwrite.
    let base = RwSignal::new(None::<ServiceCapacity>);
    let action = Action::new(move |change: &CapacityChange| {
        let (facility_id, change) = (facility_id.clone(), *change);
        async move { change_capacity(facility_id, service, change).await }
    });
    Effect::new(move |_| {
        match action.value().get() {
            Some(Ok(c)) => {
                capacity.set(c);
                message.set(Some((true, td_string!(locale, saved).to_string())));
            }
            Some(Err(e)) => {
                if let Some(current) = e.current() {
                    capacity.set(current.clone());
                }
                let text = match &e {
                    AppError::Unauthorized => td_string!(locale, session_expired).to_string(),
                    other => other.to_string(),
                };
                message.set(Some((false, text)));
            }
            None => return,
        }
        if base.get_untracked().is_some() {
            base.set(Some(capacity.get_untracked()));
        }
    });
    let available_ref = NodeRef::<Input>::new();
    let maximum_ref = NodeRef::<Input>::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(b) = base.get_untracked() else { return };
        let read = |r: NodeRef<Input>| r.get().and_then(|i| i.value().trim().parse::<i32>().ok());
        let (available, maximum) = (read(available_ref), read(maximum_ref));
        if available.is_none() && maximum.is_none() {
            message.set(Some((false, td_string!(locale, whole_number).to_string())));
            return;
        }
        action.dispatch(CapacityChange::Set { available, maximum, version: b.version });
    };
    let pending = action.pending();
    let label = crate::text::service(locale, service);
    // Marks the editor as live (hydrated), for people's eyes nothing changes.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <div class="svc-edit" data-service=service.as_str() data-ready=move || ready.get().then_some("true")>
            <div class="svc-head">
                <strong>{label}</strong>
                <span class="age">
                    {move || {
                        let c = capacity.get();
                        let age = crate::clock::now() - c.updated_at;
                        let mut text = tf!(locale, updated_ago, age = crate::text::age(locale, age));
                        if age > stale_after_s {
                            text.push_str(td_string!(locale, please_check));
                        }
                        text
                    }}
                </span>
            </div>
            <div class="stepper">
                <button
                    class="step"
                    aria-label=tf!(locale, minus_one, service = label)
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
                    aria-label=tf!(locale, plus_one, service = label)
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
                }>{td_string!(locale, still_correct)}</button>
            </div>
            <details on:toggle=move |_| {
                if base.get_untracked().is_none() {
                    base.set(Some(capacity.get_untracked()));
                }
            }>
                <summary>{td_string!(locale, exact_edit)}</summary>
                <form class="exact" on:submit=save>
                    <p class="muted">
                        {move || base.get().map(|b| tf!(locale, based_on, a = b.available, m = b.maximum, v = b.version))}
                    </p>
                    <label>{td_string!(locale, free_places)} <input node_ref=available_ref type="number" min="0" inputmode="numeric" name="available"
                        prop:value=move || base.get().map(|b| b.available.to_string()).unwrap_or_default()/></label>
                    <label>{td_string!(locale, maximum)} <input node_ref=maximum_ref type="number" min="0" inputmode="numeric" name="maximum"
                        prop:value=move || base.get().map(|b| b.maximum.to_string()).unwrap_or_default()/></label>
                    <button class="btn primary" type="submit">{td_string!(locale, save)}</button>
                </form>
            </details>
            <p class="msg" role="status" class:error=move || message.get().is_some_and(|m| !m.0)>
                {move || message.get().map(|m| m.1)}
            </p>
        </div>
    }
}

/// Open / temporarily closed, and opening hours.
#[island]
pub fn InfoEditor(locale: Locale, facility_id: String, status: FacilityStatus, hours: String) -> impl IntoView {
    let status = RwSignal::new(status);
    Effect::new({
        let facility_id = facility_id.clone();
        move |_| crate::browser::on_live(&facility_id, move |u| status.set(u.status))
    });
    let save = ServerAction::<UpdateFacilityInfo>::new();
    let result = move || match save.value().get() {
        Some(Ok(())) => Some((true, td_string!(locale, saved).to_string())),
        Some(Err(e)) => Some((false, e.to_string())),
        None => None,
    };
    let closed = move || status.get() == FacilityStatus::TemporarilyClosed;
    let set_status = {
        let facility_id = facility_id.clone();
        move |next: FacilityStatus| {
            status.set(next);
            save.dispatch(UpdateFacilityInfo { facility_id: facility_id.clone(), status: Some(next), hours: None });
        }
    };
    let set_closed = set_status.clone();
    let hours_value = RwSignal::new(hours);
    view! {
        <details class="info">
            <summary>{td_string!(locale, status_and_hours)}</summary>
            <div class="stepper-row">
                <button class="btn" class:primary=move || !closed() aria-pressed=move || if closed() { "false" } else { "true" }
                    on:click=move |_| set_status(FacilityStatus::Open)>{td_string!(locale, open_normally)}</button>
                <button class="btn" class:primary=closed aria-pressed=move || if closed() { "true" } else { "false" }
                    on:click=move |_| set_closed(FacilityStatus::TemporarilyClosed)>{td_string!(locale, temporarily_closed)}</button>
            </div>
            <label>
                {td_string!(locale, hours_help)}
                <input prop:value=move || hours_value.get() on:change=move |ev| hours_value.set(event_target_value(&ev))/>
            </label>
            <button class="btn" on:click=move |_| {
                save.dispatch(UpdateFacilityInfo { facility_id: facility_id.clone(), status: None, hours: Some(hours_value.get_untracked()) });
            }>{td_string!(locale, save_hours)}</button>
            <p class="msg" role="status" class:error=move || result().is_some_and(|r| !r.0)>{move || result().map(|r| r.1)}</p>
        </details>
    }
}
