//! The facility page's "登记信息": what the register record says, only the fields that are known.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::i18n::Locale;
use crate::model::{ClassGroup, Details, MedicalCare};
use crate::prefs::prefs;
use crate::tf;

fn medical(l: Locale, m: MedicalCare) -> &'static str {
    match m {
        MedicalCare::Onsite => td_string!(l, medical_onsite),
        MedicalCare::Contracted => td_string!(l, medical_contracted),
        MedicalCare::None => td_string!(l, medical_none),
    }
}

fn class(l: Locale, c: ClassGroup) -> &'static str {
    match c {
        ClassGroup::Toddler => td_string!(l, class_toddler),
        ClassGroup::Junior => td_string!(l, class_junior),
        ClassGroup::Middle => td_string!(l, class_middle),
        ClassGroup::Senior => td_string!(l, class_senior),
    }
}

fn yes_no(l: Locale, v: bool) -> String {
    if v { td_string!(l, yes) } else { td_string!(l, no) }.to_string()
}

#[component]
pub fn RecordSection(details: Details) -> impl IntoView {
    let l = prefs().locale;
    if details.is_empty() {
        return None;
    }
    let d = details;
    let count = |n: Option<u32>| n.map_or_else(|| "—".to_string(), |n| n.to_string());
    let beds = (d.beds_full_care.is_some() || d.beds_day_care.is_some() || d.beds_nursing.is_some()).then(|| {
        tf!(
            l,
            rec_beds_text,
            full = count(d.beds_full_care),
            day = count(d.beds_day_care),
            nursing = count(d.beds_nursing)
        )
    });
    let fee = match (d.fee_min, d.fee_max) {
        (Some(min), Some(max)) => Some(tf!(l, rec_fee_text, min = min, max = max)),
        _ => None,
    };
    let classes =
        (!d.classes.is_empty()).then(|| d.classes.iter().map(|c| class(l, *c)).collect::<Vec<_>>().join("、"));
    let rows: Vec<(&'static str, Option<String>)> = vec![
        (td_string!(l, rec_beds), beds),
        (td_string!(l, rec_occupied), d.beds_occupied.map(|n| n.to_string())),
        (td_string!(l, rec_rating), d.rating.map(|n| crate::text::rating(l, n))),
        (td_string!(l, rec_medical), d.medical.map(|m| medical(l, m).to_string())),
        (td_string!(l, rec_ltc), d.ltc_insurance.map(|v| yes_no(l, v))),
        (td_string!(l, rec_meals), d.meal_service.map(|v| yes_no(l, v))),
        (td_string!(l, rec_fee), fee),
        (td_string!(l, rec_inclusive), d.inclusive_since.map(|y| tf!(l, rec_inclusive_year, year = y))),
        (td_string!(l, rec_classes), classes),
        (td_string!(l, rec_lunch), d.lunch_provider.clone()),
        (td_string!(l, rec_after_school), d.after_school_hours.clone()),
        (td_string!(l, rec_boarding), d.boarding.map(|v| yes_no(l, v))),
    ];
    Some(view! {
        <h2>{td_string!(l, record_title)}</h2>
        <dl class="facts record">
            {rows.into_iter().filter_map(|(label, value)| value.map(|v| view! { <div class="row"><dt>{label}</dt><dd>{v}</dd></div> })).collect_view()}
        </dl>
    })
}
