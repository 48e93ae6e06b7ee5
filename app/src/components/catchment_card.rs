//! The search page's answer to "which school is my child assigned to": the schools whose catchment
//! (划片) of the latest year holds the search point, with the bureau's notice as the authority.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::model::{CatchmentAnswer, CatchmentBasis, YearNotice};
use crate::prefs::prefs;
use crate::tf;

#[component]
pub fn CatchmentCard(answer: CatchmentAnswer, notice: Option<YearNotice>) -> impl IntoView {
    let l = prefs().locale;
    let year = answer.year.unwrap_or_default();
    let by_community = answer.schools.iter().any(|s| s.basis == CatchmentBasis::Community);
    let names = answer.schools.iter().map(|s| s.result.facility.name.clone()).collect::<Vec<_>>().join("、");
    let headline = if answer.schools.is_empty() {
        tf!(l, catchment_none, year = year)
    } else {
        format!("{}{names}", tf!(l, catchment_card_title, year = year))
    };
    let sample = notice.as_ref().is_some_and(|n| n.sample);
    let link = notice.and_then(|n| {
        let url = n.source_url?;
        Some(view! {
            " "
            <a href=url rel="noopener" target="_blank">{n.source_text.unwrap_or_else(|| td_string!(l, catchment_notice_link).to_string())}</a>
        })
    });
    view! {
        <section class="catchment-card" data-year=year data-schools=answer.schools.len()>
            <p class="catchment-headline"><strong>{headline}</strong>
                {by_community.then(|| td_string!(l, catchment_by_community))}
            </p>
            <p class="muted">{td_string!(l, catchment_authoritative)}{link}</p>
            {sample.then(|| view! { <p class="sample-tag">{td_string!(l, catchment_sample)}</p> })}
        </section>
    }
}
