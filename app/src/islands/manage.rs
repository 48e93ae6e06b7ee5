//! The manager page's interactive parts: sign-in, one editor per service, status and hours.
//! Each calls server functions that check, themselves, who is asking.

use leptos::html::Input;
use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::tf;

use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::{CapacityChange, FacilityStatus, OpeningHours, ServiceCapacity, ServiceKind};
use crate::model::{hhmm, rule_text};
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
    let periods = RwSignal::new(periods_of(&OpeningHours::parse(&hours).unwrap_or_default()));
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
            <HoursPicker locale periods hours_value/>
            <label>
                {td_string!(locale, hours_help)}
                <input class="hours-text" prop:value=move || hours_value.get() on:input=move |ev| {
                    let text = event_target_value(&ev);
                    // The picker follows what is typed, once it reads.
                    if let Ok(h) = OpeningHours::parse(&text) {
                        periods.set(periods_of(&h));
                    }
                    hours_value.set(text);
                }/>
            </label>
            <button class="btn primary" on:click=move |_| {
                save.dispatch(UpdateFacilityInfo { facility_id: facility_id.clone(), status: None, hours: Some(hours_value.get_untracked()) });
            }>{td_string!(locale, save_hours)}</button>
            <p class="msg" role="status" class:error=move || result().is_some_and(|r| !r.0)>{move || result().map(|r| r.1)}</p>
        </details>
    }
}

/// One period of the hours picker: days (bit 0 = Monday) and two `HH:MM` times (`00:00` closing is midnight).
#[derive(Clone, PartialEq)]
struct Period {
    id: u32,
    days: u8,
    open: String,
    close: String,
}

fn periods_of(h: &OpeningHours) -> Vec<Period> {
    let period = |id, days, open: u16, close: u16| Period { id, days, open: hhmm(open), close: hhmm(close % 1440) };
    if h.always {
        return vec![period(0, 0x7f, 0, 0)];
    }
    let mut out: Vec<Period> =
        h.rules.iter().zip(0..).map(|(r, id)| period(id, r.days, r.open_min, r.close_min)).collect();
    if out.is_empty() {
        out.push(period(0, 0, 8 * 60, 17 * 60));
    }
    out
}

/// The text the parser reads, from the picker's periods (one with no day chosen yet is left out).
fn text_of(periods: &[Period]) -> String {
    let rules: Vec<String> = periods
        .iter()
        .filter(|p| p.days != 0 && !p.open.is_empty() && !p.close.is_empty())
        .map(|p| rule_text(p.days, &p.open, &p.close))
        .collect();
    rules.join("; ")
}

/// Days and times per period, for a thumb: it writes the same text as the field below it.
#[component]
fn HoursPicker(locale: Locale, periods: RwSignal<Vec<Period>>, hours_value: RwSignal<String>) -> impl IntoView {
    let edit = move |id: u32, f: &dyn Fn(&mut Period)| {
        periods.update(|ps| ps.iter_mut().filter(|p| p.id == id).for_each(f));
        hours_value.set(text_of(&periods.get_untracked()));
    };
    let get = move |id: u32| periods.with(|ps| ps.iter().find(|p| p.id == id).cloned());
    let number = move |id: u32| periods.with(|ps| ps.iter().position(|p| p.id == id).unwrap_or(0) + 1);
    let chips: Vec<&'static str> = td_string!(locale, hours_day_chips).split(' ').collect();
    let names: Vec<&'static str> = td_string!(locale, hours_day_names).split(' ').collect();
    let row = move |p: Period| {
        let id = p.id;
        let (chips, names) = (chips.clone(), names.clone());
        let has = move |d: usize| get(id).is_some_and(|p| p.days & (1 << d) != 0);
        let preset = move |mask: u8, label: &'static str| {
            view! { <button type="button" class="chip" on:click=move |_| edit(id, &|p| p.days = mask)>{label}</button> }
        };
        let time = move |close: bool, label: &'static str| {
            view! {
                <label>{label}
                    <input type="time" prop:value=move || get(id).map(|p| if close { p.close } else { p.open }).unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit(id, &|p| if close { p.close = v.clone() } else { p.open = v.clone() });
                        }/>
                </label>
            }
        };
        view! {
            <fieldset class="period">
                <legend>{move || tf!(locale, hours_period, n = number(id))}</legend>
                <div class="chips days">
                    {(0..7).map(|d| view! {
                        <button type="button" class="chip day" class:on=move || has(d) aria-pressed=move || if has(d) { "true" } else { "false" }
                            aria-label=names[d] on:click=move |_| edit(id, &|p| p.days ^= 1 << d)>{chips[d]}</button>
                    }).collect_view()}
                </div>
                <div class="chips">
                    {preset(0x1f, td_string!(locale, hours_workdays))}
                    {preset(0x60, td_string!(locale, hours_weekend))}
                    {preset(0x7f, td_string!(locale, hours_every_day))}
                </div>
                <div class="times">
                    {time(false, td_string!(locale, hours_opens))}
                    {time(true, td_string!(locale, hours_closes))}
                </div>
                <button type="button" class="btn" on:click=move |_| {
                    periods.update(|ps| ps.retain(|p| p.id != id));
                    hours_value.set(text_of(&periods.get_untracked()));
                }>{move || tf!(locale, hours_remove_period, n = number(id))}</button>
            </fieldset>
        }
    };
    view! {
        <fieldset class="hours-picker">
            <legend>{td_string!(locale, hours_picker)}</legend>
            <For each=move || periods.get() key=|p| p.id children=row/>
            <button type="button" class="btn" on:click=move |_| periods.update(|ps| {
                let id = ps.iter().map(|p| p.id + 1).max().unwrap_or(0);
                ps.push(Period { id, days: 0, open: "08:00".into(), close: "17:00".into() });
            })>{td_string!(locale, hours_add_period)}</button>
        </fieldset>
    }
}
