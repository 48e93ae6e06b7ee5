use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::tf;

use crate::error::AppError;
use crate::prefs::prefs;

/// An error in place of a page's content, and the page's HTTP status set from it: every page that shows an
/// error through here is served with that error's status (one mapping, `AppError::status`).
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    crate::http_status::set(error.status());
    let l = prefs().locale;
    let text = match &error {
        AppError::BadRequest { field, message } => tf!(l, bad_query, field = field, message = message.render(l)),
        AppError::NotFound { .. } => td_string!(l, not_found).to_string(),
        AppError::Network { .. } => td_string!(l, network_error).to_string(),
        other => other.message().render(l),
    };
    view! { <p class="notice error" role="alert">{text}</p> }
}
