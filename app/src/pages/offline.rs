//! `/offline`: what a phone shows, with no connection, for a page it never saved. The service worker keeps
//! this page from its install and fills in the list of pages it did save (by their titles), so that a
//! family is never shown another page's content under the address they asked for.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::prefs::prefs;

#[component]
pub fn OfflinePage() -> impl IntoView {
    let l = prefs().locale;
    view! {
        <Title text=td_string!(l, offline_title)/>
        <h1 class="page-title">{td_string!(l, offline_title)}</h1>
        <p class="notice" role="status">{td_string!(l, offline_not_saved)}</p>
        <h2>{td_string!(l, offline_saved)}</h2>
        // sw.js puts one link per saved page in here.
        <ul id="saved-pages" class="saved-pages"></ul>
        <p class="none-saved muted">{td_string!(l, offline_none_saved)}</p>
        <p><a href="/">{td_string!(l, back_home)}</a></p>
    }
}
