use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::prefs::prefs;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::http_status::set(404);
    let l = prefs().locale;
    view! {
        <Title text=td_string!(l, page_not_found)/>
        <h1>{td_string!(l, page_not_found)}</h1>
        <p><a href="/">{td_string!(l, back_home)}</a></p>
    }
}
