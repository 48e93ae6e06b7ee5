//! `/`: say who and what, then use the phone's position, type a place, or pick a subdistrict.
//! Everything but "use my location" works without JavaScript (the form submits to `/search`).

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::components::filters::{AudienceChips, KindChips};
use crate::islands::locate::LocateButton;
use crate::prefs::prefs;
use crate::subdistricts::SUBDISTRICTS;

#[component]
pub fn HomePage() -> impl IntoView {
    let l = prefs().locale;
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{td_string!(l, home_title)}</h1>
            <p>{td_string!(l, home_intro)}</p>
        </section>
        <form class="finder" id="finder" action="/search" method="get">
            <AudienceChips selected="all".to_string()/>
            <KindChips selected=Vec::new()/>
            <LocateButton locale=l form_id="finder".to_string()/>
            <div class="or">
                <label for="q">{td_string!(l, place_search)}</label>
                <input id="q" name="q" type="search" placeholder=td_string!(l, place_placeholder) autocomplete="off"/>
                // Each 查找 says which control it belongs to (only the pressed button is sent; Enter in the
                // text box presses the first): the place the user typed or picked last is the one searched.
                <button type="submit" class="btn" name="by" value="q">{td_string!(l, find)}</button>
            </div>
            <div class="or">
                <label for="near">{td_string!(l, choose_subdistrict)}</label>
                <select id="near" name="near">
                    <option value="">"—"</option>
                    {SUBDISTRICTS.iter().map(|s| view! { <option value=s.code>{s.name}</option> }).collect_view()}
                </select>
                <button type="submit" class="btn" name="by" value="near">{td_string!(l, find)}</button>
            </div>
        </form>
    }
}
