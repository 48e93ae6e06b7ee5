//! A service's free places with how fresh the figure is; stale figures are dimmed and marked.
//! Follows live changes when given a live signal.

use leptos::prelude::*;

use crate::model::{ServiceCapacity, age_text};

#[component]
pub fn CapacityList(services: RwSignal<Vec<ServiceCapacity>>, stale_after_s: i64, as_of: i64) -> impl IntoView {
    view! {
        <ul class="capacity">
            {move || {
                let list = services.get();
                if list.is_empty() {
                    view! { <li class="muted">"未登记服务空位"</li> }.into_any()
                } else {
                    list.into_iter().map(|s| view! { <CapacityItem capacity=s stale_after_s as_of/> }).collect_view().into_any()
                }
            }}
        </ul>
    }
}

#[component]
pub fn CapacityItem(capacity: ServiceCapacity, stale_after_s: i64, as_of: i64) -> impl IntoView {
    let age = as_of - capacity.updated_at;
    let stale = age > stale_after_s;
    let full = capacity.available == 0;
    let class = format!("cap{}{}", if stale { " stale" } else { "" }, if full { " full" } else { " free" });
    let figure = if full { "已满".to_string() } else { format!("空 {} / {}", capacity.available, capacity.maximum) };
    view! {
        <li class=class data-service=capacity.service.as_str() data-available=capacity.available>
            <span class="svc">{capacity.service.label_zh()}</span>
            <span class="fig">{figure}</span>
            <span class="age">
                {format!("{}更新", age_text(age, false))}
                {stale.then(|| view! { <span class="warn">"（可能已过时）"</span> })}
            </span>
        </li>
    }
}
