//! `/`: say who and what, then use the phone's position, type a place, or pick a subdistrict.
//! Everything but "use my location" works without JavaScript (the form submits to `/search`).

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::islands::locate::LocateButton;
use crate::model::FacilityKind;
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
            <fieldset class="chips">
                <legend>{td_string!(l, who_for)}</legend>
                <label class="chip"><input type="radio" name="audience" value="all" checked/>{td_string!(l, audience_all)}</label>
                <label class="chip"><input type="radio" name="audience" value="elder"/>{td_string!(l, audience_elder)}</label>
                <label class="chip"><input type="radio" name="audience" value="child"/>{td_string!(l, audience_child)}</label>
            </fieldset>
            <fieldset class="chips">
                <legend>{td_string!(l, what_kind)}</legend>
                {FacilityKind::ALL
                    .into_iter()
                    .map(|k| view! {
                        <label class="chip">
                            <input type="checkbox" name="kind" value=k.as_str()/>
                            <span>{crate::text::kind_short(l, k)}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
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
