//! Header and footer on every page; a banner says plainly that the facilities are made up.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::hooks::use_location;

use crate::i18n::Locale;
use crate::islands::shortlist::ShortlistBar;
use crate::prefs::prefs;
use crate::url_query::query_string;

#[component]
pub fn Header() -> impl IntoView {
    let p = prefs();
    let l = p.locale;
    let location = use_location();
    let here = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() { path } else { format!("{path}?{search}") }
    };
    let other_lang = match l {
        Locale::zh => "en",
        Locale::en => "zh",
    };
    let lang_href =
        move || format!("/settings{}", query_string([("lang", Some(other_lang)), ("back", Some(here().as_str()))]));
    let elder_href = move || {
        let to = if p.elder { "0" } else { "1" };
        format!("/settings{}", query_string([("elder", Some(to)), ("back", Some(here().as_str()))]))
    };
    view! {
        <a class="skip" href="#main">{td_string!(l, skip_to_content)}</a>
        <header class="top">
            <a href="/" class="brand">
                <span class="logo" aria-hidden="true">"27"</span>
                <span>{td_string!(l, app_name)}</span>
            </a>
            <nav class="prefs" aria-label="Settings">
                <a href=elder_href rel="nofollow">{if p.elder { td_string!(l, elder_mode_off) } else { td_string!(l, elder_mode_on) }}</a>
                <a href=lang_href rel="nofollow" lang=if l == Locale::zh { "en" } else { "zh-CN" }>{td_string!(l, switch_language)}</a>
            </nav>
        </header>
        <p class="sample-banner" role="note">{td_string!(l, sample_banner)}</p>
        <p class="offline-banner" role="status">{td_string!(l, offline_banner)}</p>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let l = prefs().locale;
    view! {
        <ShortlistBar locale=l/>
        <footer class="bottom">
            <p>{td_string!(l, footer)}</p>
            <p><a href="/manage">{td_string!(l, staff_login)}</a></p>
        </footer>
    }
}
