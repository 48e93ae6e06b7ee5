//! The admin page's actions. Lists are rendered on the server; after a change the page reloads.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::geodesy::Crs;
use crate::i18n::Locale;
use crate::model::Role;
use crate::server_fns::admin::{CreateAccount, ResetPassword, RevokeToken, SetAccountDisabled, SetAccountFacilities};
use crate::server_fns::registers::PlaceFacility;

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

/// One facility of the placing queue: open a map at its approximate point, tap (or drag the marker,
/// or type the coordinates) where it really is, and save. `lat`/`lng` and the map are in
/// `display_crs` (the tiles'); what is saved is WGS-84.
#[island]
pub fn PlaceOnMap(locale: Locale, id: String, lat: f64, lng: f64, display_crs: Crs, tiles: String) -> impl IntoView {
    let place = ServerAction::<PlaceFacility>::new();
    reload_on_success(move || matches!(place.value().get(), Some(Ok(_))));
    let open = RwSignal::new(false);
    let (lat_text, lng_text) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let map_id = format!("place-{id}");
    let data = format!(r#"{{"center":[{lat},{lng}],"tiles":{tiles},"label":""}}"#);
    let show = {
        let map_id = map_id.clone();
        move |_| {
            if open.get_untracked() {
                return;
            }
            open.set(true);
            let (map_id, data) = (map_id.clone(), data.clone());
            leptos::task::spawn_local(async move {
                if crate::browser::open_map("place", &map_id, &data).await.is_ok() {
                    crate::browser::on_map_point(&map_id, "caremap:placed", move |lat, lng| {
                        let (lng, lat) = display_crs.to_wgs84(lng, lat);
                        lat_text.set(format!("{lat:.6}"));
                        lng_text.set(format!("{lng:.6}"));
                    });
                }
            });
        }
    };
    let point = move || Some((lat_text.get().trim().parse::<f64>().ok()?, lng_text.get().trim().parse::<f64>().ok()?));
    let error = move || place.value().get().and_then(Result::err).map(|e| e.to_string());
    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some((lat, lng)) = point() {
                place.dispatch(PlaceFacility { id: id.clone(), lat, lng });
            }
        }
    };
    view! {
        <form class="place" on:submit=save>
            <button type="button" class="btn" aria-controls=map_id.clone() aria-expanded=move || if open.get() { "true" } else { "false" } on:click=show>
                {td_string!(locale, set_on_map)}
            </button>
            <div id=map_id class="map place-map" class:open=move || open.get() aria-label=td_string!(locale, set_on_map)></div>
            <label>{td_string!(locale, point_lat)} <input inputmode="decimal" name="lat" prop:value=move || lat_text.get() on:input=move |ev| lat_text.set(event_target_value(&ev))/></label>
            <label>{td_string!(locale, point_lng)} <input inputmode="decimal" name="lng" prop:value=move || lng_text.get() on:input=move |ev| lng_text.set(event_target_value(&ev))/></label>
            <button class="btn primary" type="submit" disabled=move || point().is_none()>{td_string!(locale, save_point)}</button>
            <p class="msg error" role="alert">{error}</p>
        </form>
    }
}
