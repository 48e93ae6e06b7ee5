//! "Use my location": the phone's GPS position (WGS-84) plus whatever the search form says.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::i18n::Locale;
use crate::url_query::query_string;

/// `form_id` is the search form whose fields (kinds, audience, filters) go along with the position.
#[island]
pub fn LocateButton(locale: Locale, form_id: String) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let status = RwSignal::new(String::new());
    let locate = move |_| {
        status.set(td_string!(locale, locating).to_string());
        let form_id = form_id.clone();
        crate::browser::current_position(
            move |lat, lng| {
                let (lat, lng) = (format!("{lat:.6}"), format!("{lng:.6}"));
                let mut fields: Vec<(String, String)> = crate::browser::form_fields(&form_id)
                    .into_iter()
                    .filter(|(k, v)| !v.is_empty() && !matches!(k.as_str(), "q" | "near" | "lat" | "lng" | "crs"))
                    .collect();
                // Repeated kinds become one comma-separated list, as the API takes them.
                let kinds: Vec<String> = fields.iter().filter(|(k, _)| k == "kind").map(|(_, v)| v.clone()).collect();
                fields.retain(|(k, _)| k != "kind");
                let kinds = kinds.join(",");
                let pairs = [("lat", Some(lat.as_str())), ("lng", Some(lng.as_str())), ("kind", Some(kinds.as_str()))]
                    .into_iter()
                    .chain(fields.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))));
                crate::browser::go_to(&format!("/search{}", query_string(pairs)));
            },
            move |_| status.set(td_string!(locale, locate_failed).to_string()),
        );
    };
    view! {
        <button type="button" class="btn primary big" id="locate" on:click=locate disabled=move || !hydrated.get()>
            {td_string!(locale, use_my_location)}
        </button>
        <p class="status" role="status" aria-live="polite">{move || status.get()}</p>
    }
}
