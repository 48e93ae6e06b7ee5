//! The admin page's actions. Lists are rendered on the server; after a change the page reloads.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::api::admin::{CreateAccount, ResetPassword, RevokeToken, SetAccountDisabled, SetAccountFacilities};
use crate::i18n::Locale;
use crate::model::Role;

/// Account ids from a free-text list: commas (either width), spaces or new lines.
pub fn ids(text: &str) -> Vec<String> {
    text.split([',', ' ', '，', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Reload the page (its lists are server-rendered) once `succeeded` turns true.
fn reload_on_success(succeeded: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        if succeeded() {
            crate::browser::reload();
        }
    });
}

#[island]
pub fn CreateAccountForm(locale: Locale) -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    reload_on_success(move || matches!(create.value().get(), Some(Ok(_))));
    let (login, password, facilities) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let role = RwSignal::new(Role::FacilityManager);
    let error = move || create.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <form class="create" on:submit=move |ev| {
            ev.prevent_default();
            create.dispatch(CreateAccount {
                login: login.get_untracked(),
                password: password.get_untracked(),
                role: role.get_untracked(),
                facilities: ids(&facilities.get_untracked()),
            });
        }>
            <h3>{td_string!(locale, create_account)}</h3>
            <label>{td_string!(locale, login_name)} <input required autocapitalize="off" on:change=move |ev| login.set(event_target_value(&ev))/></label>
            <label>{td_string!(locale, initial_password)} <input type="password" autocomplete="new-password" required on:change=move |ev| password.set(event_target_value(&ev))/></label>
            <label>{td_string!(locale, role)}
                <select on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::FacilityManager))>
                    <option value="facility_manager">{td_string!(locale, role_facility_manager)}</option>
                    <option value="district_admin">{td_string!(locale, role_district_admin)}</option>
                </select>
            </label>
            <label>{td_string!(locale, facilities_managed)} <input on:change=move |ev| facilities.set(event_target_value(&ev))/></label>
            <button class="btn primary" type="submit">{td_string!(locale, create)}</button>
            <p class="msg error" role="alert">{error}</p>
        </form>
    }
}

#[island]
pub fn AccountActions(locale: Locale, id: i64, disabled: bool, manager: bool, facilities: String) -> impl IntoView {
    let disable = ServerAction::<SetAccountDisabled>::new();
    let assign = ServerAction::<SetAccountFacilities>::new();
    // The temporary password is shown here once; the list is not reloaded, so it stays readable.
    let reset = ServerAction::<ResetPassword>::new();
    reload_on_success(move || matches!(disable.value().get(), Some(Ok(_))));
    reload_on_success(move || matches!(assign.value().get(), Some(Ok(_))));
    let assigned = RwSignal::new(facilities);
    let error = move || {
        disable
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| assign.value().get().and_then(Result::err))
            .or_else(|| reset.value().get().and_then(Result::err))
            .map(|e| e.to_string())
    };
    let temporary = move || reset.value().get().and_then(Result::ok);
    view! {
        {manager.then(|| view! {
            <label>{td_string!(locale, facilities_managed)}
                <input prop:value=move || assigned.get() on:change=move |ev| assigned.set(event_target_value(&ev))/>
            </label>
            <button class="btn" on:click=move |_| {
                assign.dispatch(SetAccountFacilities { id, facilities: ids(&assigned.get_untracked()) });
            }>{td_string!(locale, save_assignment)}</button>
        })}
        <button class="btn" on:click=move |_| {
            disable.dispatch(SetAccountDisabled { id, disabled: !disabled });
        }>{if disabled { td_string!(locale, enable) } else { td_string!(locale, disable) }}</button>
        <button class="btn" on:click=move |_| { reset.dispatch(ResetPassword { id }); }>{td_string!(locale, password_reset)}</button>
        <p class="msg" role="status">{move || temporary().map(|t| view! { {td_string!(locale, password_temporary)} " " <code class="temporary">{t}</code> })}</p>
        <p class="msg error" role="alert">{error}</p>
    }
}

#[island]
pub fn RevokeTokenButton(locale: Locale, id: i64) -> impl IntoView {
    let revoke = ServerAction::<RevokeToken>::new();
    reload_on_success(move || matches!(revoke.value().get(), Some(Ok(_))));
    view! { <button class="btn" on:click=move |_| { revoke.dispatch(RevokeToken { id }); }>{td_string!(locale, revoke)}</button> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_split_on_any_separator() {
        assert_eq!(super::ids("a, b，c d"), vec!["a", "b", "c", "d"]);
    }
}
