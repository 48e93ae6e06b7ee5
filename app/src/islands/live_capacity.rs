//! A facility's services with free places and the age of each figure, and whether it is open, following live
//! changes: a facility that closes (暂停开放) while a family looks says so at once, and its free places stop
//! showing as free.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::tf;

use crate::i18n::Locale;
use crate::model::{FacilityStatus, ServiceCapacity};

#[island]
pub fn LiveCapacity(
    locale: Locale,
    facility_id: String,
    services: Vec<ServiceCapacity>,
    status: FacilityStatus,
    stale_after_s: i64,
    as_of: i64,
) -> impl IntoView {
    let services = RwSignal::new(services);
    let status = RwSignal::new(status);
    Effect::new({
        let facility_id = facility_id.clone();
        move |_| {
            crate::browser::on_live(&facility_id, move |u| {
                services.set(u.services);
                status.set(u.status);
            })
        }
    });
    view! {
        {move || {
            crate::text::status_notice(locale, status.get())
                .map(|n| view! { <p class="notice status-notice" role="status">{n}</p> })
        }}
        <ul class="capacity" data-live-id=facility_id data-status=move || status.get().as_str()>
            {move || {
                let list = services.get();
                let open = status.get() == FacilityStatus::Open;
                if list.is_empty() {
                    view! { <li class="muted">{td_string!(locale, no_capacity)}</li> }.into_any()
                } else {
                    list.into_iter().map(|c| capacity_item(locale, c, stale_after_s, as_of, open)).collect_view().into_any()
                }
            }}
        </ul>
    }
}

/// `open`: free places are shown as free only while the facility is open.
fn capacity_item(l: Locale, c: ServiceCapacity, stale_after_s: i64, as_of: i64, open: bool) -> impl IntoView {
    // A figure nobody has reported yet (a register gave only the total): say so, not "0 free, 56 years ago".
    let never = c.updated_at == 0;
    let age = as_of - c.updated_at;
    let stale = age > stale_after_s;
    let full = c.available == 0 && !never;
    let state = match (open, full) {
        (false, _) => " paused",
        (true, true) => " full",
        (true, false) => " free",
    };
    let class = format!("cap{}{state}", if stale { " stale" } else { "" });
    let figure = crate::text::figure(l, &c);
    view! {
        <li class=class data-service=c.service.as_str() data-available=c.available>
            <span class="svc">{crate::text::service(l, c.service)}</span>
            <span class="fig">{figure}</span>
            <span class="age">
                {if never {
                    td_string!(l, free_not_reported).to_string()
                } else {
                    tf!(l, updated_ago, age = crate::text::age(l, age))
                }}
                {(stale && !never).then(|| view! { <span class="warn">{td_string!(l, maybe_outdated)}</span> })}
            </span>
        </li>
    }
}
