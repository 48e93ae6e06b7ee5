//! A facility named wherever staff read about it (residents' reports, the audit trail): its name as a
//! link to its page, its id small beside it. A facility no longer stored shows its id alone.

use leptos::prelude::*;

#[component]
pub fn FacilityLink(id: String, name: String) -> impl IntoView {
    if name.is_empty() {
        view! { <span class="facility-ref"><code>{id}</code></span> }.into_any()
    } else {
        view! {
            <span class="facility-ref">
                <a href=format!("/facility/{id}")>{name}</a> " " <small class="muted facility-id">{id}</small>
            </span>
        }
        .into_any()
    }
}
