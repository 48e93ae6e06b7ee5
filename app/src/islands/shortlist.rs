//! Up to three facilities a family is weighing up, kept on the phone (localStorage), compared on
//! `/compare?ids=…`.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::tf;

use crate::i18n::Locale;

const KEY: &str = "caremap.shortlist";
/// Where the family searched when they last added to the shortlist (`lat,lng`, WGS-84, 3 decimals: about
/// 100 m), so that the comparison can say how far each one is; cleared with the list.
const FROM_KEY: &str = "caremap.shortlist.from";
const EVENT: &str = "caremap:shortlist";
pub const MAX: usize = 3;

/// Kept as `id,id,id` (facility ids have no commas), so the home page's bundle needs no JSON code.
fn read() -> Vec<String> {
    crate::browser::load(KEY)
        .map(|s| s.split(',').filter(|id| !id.is_empty()).take(MAX).map(str::to_string).collect())
        .unwrap_or_default()
}

fn write(ids: &[String]) {
    crate::browser::save(KEY, &ids.join(","));
    if ids.is_empty() {
        crate::browser::save(FROM_KEY, "");
    }
    crate::browser::announce(EVENT);
}

/// `from`: the search point of a results page (see [`FROM_KEY`]); empty elsewhere.
#[island]
pub fn ShortlistButton(locale: Locale, id: String, from: String) -> impl IntoView {
    let ids = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        ids.set(read());
        crate::browser::listen(EVENT, move || ids.set(read()));
    });
    let chosen = {
        let id = id.clone();
        move || ids.get().contains(&id)
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            let mut list = read();
            if let Some(i) = list.iter().position(|x| *x == id) {
                list.remove(i);
            } else if list.len() < MAX {
                list.push(id.clone());
                if !from.is_empty() {
                    crate::browser::save(FROM_KEY, &from);
                }
            }
            write(&list);
        }
    };
    let full = {
        let chosen = chosen.clone();
        move || !chosen() && ids.get().len() >= MAX
    };
    let label = {
        let (chosen, full) = (chosen.clone(), full.clone());
        move || {
            if chosen() {
                td_string!(locale, shortlist_remove)
            } else if full() {
                td_string!(locale, shortlist_full)
            } else {
                td_string!(locale, shortlist_add)
            }
        }
    };
    view! {
        <button type="button" class="btn" aria-pressed=move || if chosen() { "true" } else { "false" } disabled=full on:click=toggle>
            {label}
        </button>
    }
}

/// "2 chosen · Compare": a bar that appears once something is on the shortlist.
#[island]
pub fn ShortlistBar(locale: Locale) -> impl IntoView {
    let ids = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        ids.set(read());
        crate::browser::listen(EVENT, move || ids.set(read()));
    });
    view! {
        <Show when=move || !ids.get().is_empty()>
            <div class="shortlist-bar" role="region" aria-label=td_string!(locale, compare)>
                <span>{move || tf!(locale, shortlist_bar, n = ids.get().len())}</span>
                <a class="btn primary" href=move || compare_href(&ids.get())>
                    {td_string!(locale, compare)}
                </a>
            </div>
        </Show>
    }
}

fn compare_href(ids: &[String]) -> String {
    let from = crate::browser::load(FROM_KEY).filter(|f| !f.is_empty());
    let ids = ids.join(",");
    format!("/compare{}", crate::url_query::query_string([("ids", Some(ids.as_str())), ("origin", from.as_deref())]))
}

#[island]
pub fn PrintButton(locale: Locale) -> impl IntoView {
    view! { <button type="button" class="btn no-print" on:click=|_| crate::browser::print()>{td_string!(locale, print)}</button> }
}
