//! The search page's answer when a typed place is not known: say honestly what can be searched (the
//! gazetteer's subdistricts, communities, landmarks and imported compounds and roads; not house numbers),
//! and offer the two ways that always work: the phone's position (on the home page) and a subdistrict.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::model::NearestParams;
use crate::prefs::prefs;
use crate::subdistricts::SUBDISTRICTS;

#[component]
pub fn NoPlace(params: NearestParams) -> impl IntoView {
    let l = prefs().locale;
    // The kinds asked for are kept when a subdistrict is picked instead.
    let kind = params.kind.filter(|k| !k.is_empty()).map(|k| view! { <input type="hidden" name="kind" value=k/> });
    view! {
        <div class="notice no-place" role="note">
            <p>{td_string!(l, no_place)}</p>
            <p>{td_string!(l, no_place_can_search)}</p>
            <p><a class="btn" href="/">{td_string!(l, use_my_location)}</a></p>
            <form action="/search" method="get">
                {kind}
                <label for="no-place-near">{td_string!(l, choose_subdistrict)}</label>
                " "
                <select id="no-place-near" name="near">
                    {SUBDISTRICTS.iter().map(|s| view! { <option value=s.code>{s.name}</option> }).collect_view()}
                </select>
                " "
                <button type="submit" class="btn" name="by" value="near">{td_string!(l, find)}</button>
            </form>
        </div>
    }
}
