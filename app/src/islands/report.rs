//! A resident's "it is full / it is wrong" report about a facility.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::i18n::Locale;
use crate::server_fns::reports::ReportFacility;

#[island]
pub fn ReportForm(locale: Locale, facility_id: String) -> impl IntoView {
    let send = ServerAction::<ReportFacility>::new();
    let result = move || match send.value().get() {
        Some(Ok(())) => Some((true, td_string!(locale, report_thanks).to_string())),
        Some(Err(e)) => Some((false, e.to_string())),
        None => None,
    };
    view! {
        <details class="report">
            <summary>{td_string!(locale, report_title)}</summary>
            <ActionForm action=send>
                <input type="hidden" name="facility_id" value=facility_id/>
                <fieldset class="chips">
                    <label class="chip"><input type="radio" name="kind" value="full" checked/>{td_string!(locale, report_full)}</label>
                    <label class="chip"><input type="radio" name="kind" value="wrong"/>{td_string!(locale, report_wrong)}</label>
                </fieldset>
                <label>{td_string!(locale, report_note)} <textarea name="note" maxlength="300" rows="2"></textarea></label>
                <button class="btn" type="submit" disabled=move || send.pending().get()>{td_string!(locale, report_send)}</button>
            </ActionForm>
            <p class="msg" role="status" class:error=move || result().is_some_and(|r| !r.0)>{move || result().map(|r| r.1)}</p>
        </details>
    }
}
