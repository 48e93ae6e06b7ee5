//! One search result: what it is, how far, free places, and buttons to call or go.

use leptos::prelude::*;

use super::capacity::CapacityList;
use super::live::LiveFeed;
use crate::format::distance_zh;
use crate::geodesy::walking_minutes;
use crate::model::NearestResult;
use crate::navigate::{amap_url, tel_url};

#[component]
pub fn ResultCard(result: NearestResult, as_of: i64, live: LiveFeed) -> impl IntoView {
    let f = result.facility;
    let services = live.services(f.id.clone(), f.services.clone());
    let href = format!("/facility/{}", f.id);
    let walk = walking_minutes(f64::from(result.distance_m));
    let ownership = f.ownership.map(|o| o.label_zh()).unwrap_or("");
    let closed = f.status != crate::model::FacilityStatus::Open;
    view! {
        <li class="result" data-id=f.id.clone() data-distance=result.distance_m>
            <a class="result-main" href=href>
                <span class=format!("kind k-{}", f.kind.as_str())>{f.kind.short_zh()}</span>
                <h2>{f.name.clone()}</h2>
                <p class="meta">
                    <strong class="dist">{distance_zh(result.distance_m)}</strong>
                    {format!(" · 步行约 {walk} 分钟")}
                    {(!ownership.is_empty()).then(|| format!(" · {ownership}"))}
                </p>
                {closed.then(|| view! { <p class="notice">"暂停开放"</p> })}
            </a>
            <CapacityList services stale_after_s=result.stale_after_s as_of/>
            <div class="actions">
                {(!f.phone.is_empty()).then(|| view! { <a class="btn" href=tel_url(&f.phone)>"拨打电话"</a> })}
                <a class="btn" href=amap_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">"导航"</a>
            </div>
        </li>
    }
}
