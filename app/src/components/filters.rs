//! The search filters, as a plain GET form: every choice lands in the URL, so every search is a
//! shareable link, and it works without JavaScript.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::model::{FacilityKind, NearestParams, ServiceKind};
use crate::prefs::prefs;

fn is_on(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("true" | "1" | "on"))
}

/// Who the search is for (`audience`): the home page's form and the filters show the same choice.
#[component]
pub fn AudienceChips(selected: String) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <fieldset class="chips">
            <legend>{td_string!(l, who_for)}</legend>
            {[("all", td_string!(l, audience_all)), ("elder", td_string!(l, audience_elder)), ("child", td_string!(l, audience_child))]
                .into_iter()
                .map(|(v, label)| view! {
                    <label class="chip"><input type="radio" name="audience" value=v checked=selected == v/>{label}</label>
                })
                .collect_view()}
        </fieldset>
    }
}

/// Which kinds (`kind`, several): one chip per [`FacilityKind`].
#[component]
pub fn KindChips(selected: Vec<String>) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <fieldset class="chips">
            <legend>{td_string!(l, what_kind)}</legend>
            {FacilityKind::ALL
                .into_iter()
                .map(|k| view! {
                    <label class="chip">
                        <input type="checkbox" name="kind" value=k.as_str() checked=selected.iter().any(|x| x == k.as_str())/>
                        <span>{crate::text::kind_short(l, k)}</span>
                    </label>
                })
                .collect_view()}
        </fieldset>
    }
}

/// `keep`: the parameters that say where (lat/lng/crs, q or near), carried along unchanged.
#[component]
pub fn Filters(
    params: NearestParams,
    keep: Vec<(String, String)>,
    /// Shown open (a refused search, to be corrected).
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    let l = prefs().locale;
    let kinds: Vec<String> =
        params.kind.as_deref().unwrap_or("").split(',').filter(|k| !k.is_empty()).map(str::to_string).collect();
    let audience = params.audience.clone().unwrap_or_else(|| "all".into());
    let services: Vec<String> =
        params.service.as_deref().unwrap_or("").split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let grade = params.grade.clone().unwrap_or_default();
    let public_only = params.ownership.as_deref() == Some("public,inclusive_private");
    let min_rating = params.min_rating.clone().unwrap_or_default();
    let active = [
        params.kind.is_some(),
        params.audience.as_deref().is_some_and(|a| a != "all"),
        params.service.is_some(),
        is_on(&params.available),
        is_on(&params.include_stale),
        is_on(&params.open_now),
        params.age.is_some(),
        params.grade.is_some(),
        params.ownership.is_some(),
        params.from.is_some() || params.to.is_some(),
        is_on(&params.medical),
        is_on(&params.ltc),
        is_on(&params.nursing_beds),
        params.min_rating.is_some(),
        is_on(&params.inclusive),
    ]
    .into_iter()
    .filter(|on| *on)
    .count();
    // Holiday sessions are looked for from today on (Beijing time).
    let today = crate::calendar::shanghai_date(crate::clock::now());
    let clear =
        format!("/search{}", crate::url_query::query_string(keep.iter().map(|(k, v)| (k.as_str(), Some(v.as_str())))));
    view! {
        <details class="filters" open=open>
            <summary>{if active > 0 { format!("{} ({active})", td_string!(l, filters)) } else { td_string!(l, filters).to_string() }}</summary>
            <form id="filters" method="get" action="/search">
                {keep.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                <AudienceChips selected=audience/>
                <KindChips selected=kinds/>
                <fieldset class="chips">
                    <legend>{td_string!(l, filter_service)}</legend>
                    {ServiceKind::ALL
                        .into_iter()
                        .map(|s| view! {
                            <label class="chip">
                                <input type="checkbox" name="service" value=s.as_str() checked=services.iter().any(|x| x == s.as_str())/>
                                {crate::text::service(l, s)}
                            </label>
                        })
                        .collect_view()}
                </fieldset>
                <label class="check"><input type="checkbox" name="available" value="true" checked=is_on(&params.available)/>{td_string!(l, filter_free)}</label>
                <label class="check"><input type="checkbox" name="include_stale" value="true" checked=is_on(&params.include_stale)/>{td_string!(l, filter_include_stale)}</label>
                <label class="check"><input type="checkbox" name="open_now" value="true" checked=is_on(&params.open_now)/>{td_string!(l, filter_open_now)}</label>
                <label class="check"><input type="checkbox" name="ownership" value="public,inclusive_private" checked=public_only/>{td_string!(l, filter_public)}</label>
                <fieldset class="record">
                    <legend>{td_string!(l, filter_record)}</legend>
                    <label class="check"><input type="checkbox" name="medical" value="true" checked=is_on(&params.medical)/>{td_string!(l, filter_medical)}</label>
                    <label class="check"><input type="checkbox" name="ltc" value="true" checked=is_on(&params.ltc)/>{td_string!(l, filter_ltc)}</label>
                    <label class="check"><input type="checkbox" name="nursing_beds" value="true" checked=is_on(&params.nursing_beds)/>{td_string!(l, filter_nursing_beds)}</label>
                    <label>{td_string!(l, filter_min_rating)}
                        <select name="min_rating">
                            <option value="">{td_string!(l, filter_any_rating)}</option>
                            {(1..=5u8).map(|n| view! { <option value=n.to_string() selected=min_rating == n.to_string()>{crate::text::rating(l, n)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="check"><input type="checkbox" name="inclusive" value="true" checked=is_on(&params.inclusive)/>{td_string!(l, filter_inclusive)}</label>
                </fieldset>
                <div class="pair">
                    <label>{td_string!(l, filter_age)}
                        <input type="number" name="age" min="0" max="120" inputmode="numeric" value=params.age.clone().unwrap_or_default()/>
                    </label>
                    <label>{td_string!(l, filter_grade)}
                        <select name="grade">
                            <option value="">{td_string!(l, filter_any_grade)}</option>
                            {(1..=9u8).map(|g| view! { <option value=g.to_string() selected=grade == g.to_string()>{g}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <fieldset class="pair">
                    <legend>{td_string!(l, filter_dates)}</legend>
                    <label>{td_string!(l, filter_from)} <input type="date" name="from" min=today.clone() value=params.from.clone().unwrap_or_default()/></label>
                    <label>{td_string!(l, filter_to)} <input type="date" name="to" min=params.from.clone().unwrap_or_else(|| today.clone()) value=params.to.clone().unwrap_or_default()/></label>
                </fieldset>
                <div class="actions">
                    <button class="btn primary" type="submit">{td_string!(l, apply_filters)}</button>
                    <a class="btn" href=clear>{td_string!(l, clear_filters)}</a>
                </div>
            </form>
        </details>
    }
}
