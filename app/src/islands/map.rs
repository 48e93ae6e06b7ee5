//! The map beside the list: opened on request, so the map's code (Leaflet, `/pkg/map.js`) is not
//! part of the first load. Without tiles (offline, blocked, not configured) the markers still show,
//! and the list on the page is complete either way.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::geodesy::Crs;
use crate::i18n::Locale;

/// `data`: the markers, already JSON ([`crate::model::MapData`]): the island only hands it to the map's code, so
/// hydration need not parse it (it would be a third of the page's hydration work otherwise).
/// `search_base`: this search's URL without a point; "search this area" adds the map's centre.
/// `display_crs`: the system `data` is in (the tiles'), for turning the centre back into WGS-84.
#[island]
pub fn MapView(locale: Locale, data: String, has_tiles: bool, search_base: String, display_crs: Crs) -> impl IntoView {
    let open = RwSignal::new(false);
    let state = RwSignal::new(None::<Result<(), String>>);
    let json = data;
    let show = move |_| {
        if open.get_untracked() {
            open.set(false);
            return;
        }
        open.set(true);
        if state.get_untracked().is_some() {
            return;
        }
        let (json, search_base) = (json.clone(), search_base.clone());
        leptos::task::spawn_local(async move {
            let result = crate::browser::open_map("open", "map", &json).await;
            if result.is_ok() {
                crate::browser::on_map_point("map", "caremap:search-area", move |lat, lng| {
                    let (lng, lat) = display_crs.to_wgs84(lng, lat);
                    let sep = if search_base.contains('?') { '&' } else { '?' };
                    crate::browser::go_to(&format!("{search_base}{sep}lat={lat:.6}&lng={lng:.6}"));
                });
            }
            state.set(Some(result));
        });
    };
    view! {
        <div class="map-toggle">
            <button type="button" class="btn" aria-expanded=move || if open.get() { "true" } else { "false" } aria-controls="map" on:click=show>
                {move || if open.get() { td_string!(locale, list_view) } else { td_string!(locale, map_view) }}
            </button>
            <span role="status" class="muted">
                {move || match state.get() {
                    None if open.get() => td_string!(locale, map_loading).to_string(),
                    Some(Err(_)) => td_string!(locale, map_failed).to_string(),
                    Some(Ok(())) if !has_tiles => td_string!(locale, map_no_tiles).to_string(),
                    _ => String::new(),
                }}
            </span>
        </div>
        <div id="map" class="map" class:open=move || open.get() aria-label=td_string!(locale, map_view)></div>
    }
}
