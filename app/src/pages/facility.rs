//! `/facility/:id`: everything a family needs to decide and act: hours, services with free places
//! and their age, fees, accessibility, phone, and navigation links.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::get_facility;
use crate::components::capacity::CapacityList;
use crate::components::error_notice::ErrorNotice;
use crate::components::live::use_live;
use crate::model::{FacilityDetail, FacilityStatus};
use crate::navigate::{amap_url, apple_url, baidu_url, tel_url};
use crate::places::subdistrict;

#[component]
pub fn FacilityPage() -> impl IntoView {
    let params = use_params_map();
    let detail = Resource::new(move || params.get().get("id").unwrap_or_default(), get_facility);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"正在加载…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail detail=d/> }.into_any(),
                    Err(e) => {
                        crate::http_status::set(e.status());
                        view! { <Title text="未找到"/> <ErrorNotice error=e/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(detail: FacilityDetail) -> impl IntoView {
    let f = detail.facility;
    let live = use_live(vec![f.id.clone()]);
    let services = live.services(f.id.clone(), f.services.clone());
    let status = live.status(f.id.clone(), f.status);
    let place = f.subdistrict_code.as_deref().and_then(subdistrict).map(|s| s.name).unwrap_or("");
    let row = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <div class="row"><dt>{label}</dt><dd>{value}</dd></div> })
    };
    view! {
        <Title text=f.name.clone()/>
        <article class="detail" data-id=f.id.clone()>
            <span class=format!("kind k-{}", f.kind.as_str())>{f.kind.label_zh()}</span>
            <h1>{f.name.clone()}</h1>
            {move || (status.get() == FacilityStatus::TemporarilyClosed).then(|| view! { <p class="notice">"暂停开放"</p> })}
            {f.sample.then(|| view! { <p class="sample-tag">"示例数据（虚构机构）"</p> })}
            <div class="actions">
                {(!f.phone.is_empty()).then(|| view! { <a class="btn primary" href=tel_url(&f.phone)>{format!("拨打 {}", f.phone)}</a> })}
            </div>
            <h2>"服务与空位"</h2>
            <CapacityList services stale_after_s=detail.stale_after_s as_of=detail.as_of/>
            <h2>"基本信息"</h2>
            <dl class="facts">
                {row("开放时间", f.hours.describe_zh())}
                {row("地址", f.address.clone())}
                {row("所在街道", place.to_string())}
                {row("性质", f.ownership.map(|o| o.label_zh().to_string()).unwrap_or_default())}
                {row("收费", f.fees.clone().unwrap_or_default())}
                {row("无障碍", f.accessibility.clone().unwrap_or_default())}
                {row("所属中心", detail.parent_name.clone().unwrap_or_default())}
                {row("服务年龄", f.ages.map(|a| format!("{}–{} 岁", a.min, a.max)).unwrap_or_default())}
                {row("年级", f.grades.map(|g| format!("{}–{} 年级", g.min, g.max)).unwrap_or_default())}
            </dl>
            {(!f.sessions.is_empty()).then(|| view! {
                <h2>"托管时段"</h2>
                <ul class="sessions">
                    {f.sessions.iter().map(|s| view! {
                        <li>{format!("{}：{} 至 {}（{}–{} 年级）", s.name, s.start, s.end, s.grades.min, s.grades.max)}</li>
                    }).collect_view()}
                </ul>
            })}
            <h2>"导航"</h2>
            <div class="actions nav">
                <a class="btn" data-nav="amap" href=amap_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">"高德地图"</a>
                <a class="btn" data-nav="baidu" href=baidu_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">"百度地图"</a>
                <a class="btn" data-nav="apple" href=apple_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">"苹果地图"</a>
            </div>
        </article>
    }
}
