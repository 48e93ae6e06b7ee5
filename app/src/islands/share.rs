//! Share a facility: the phone's share sheet, or copy the link.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::i18n::Locale;

#[island]
pub fn ShareButton(locale: Locale, path: String, title: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let share = move |_| crate::browser::share(&path, &title, move |c| copied.set(c));
    view! {
        <button type="button" class="btn" on:click=share>{td_string!(locale, share)}</button>
        <span role="status">{move || copied.get().then(|| td_string!(locale, link_copied))}</span>
    }
}
