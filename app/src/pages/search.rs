//! `/search?lat=&lng=&kind=…`: the nearest services, rendered on the server (a shareable URL).
//! Takes the same parameters as `/api/nearest`, plus `near=<subdistrict code>` instead of a point,
//! and `kind` may repeat (as a plain HTML form sends it).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::nearest;
use crate::components::error_notice::ErrorNotice;
use crate::components::live::use_live;
use crate::components::result_card::ResultCard;
use crate::model::{FacilityKind, NearestParams, NearestResponse};
use crate::places::subdistrict;

/// The page's query as `/api/nearest` parameters; `None` when it names no place at all.
pub fn params_from_query(q: &ParamsMap) -> Option<NearestParams> {
    let kinds: Vec<String> = q.get_all("kind").unwrap_or_default().into_iter().filter(|k| !k.is_empty()).collect();
    let mut p = NearestParams {
        lat: q.get("lat"),
        lng: q.get("lng"),
        crs: q.get("crs"),
        kind: (!kinds.is_empty()).then(|| kinds.join(",")),
        service: q.get("service"),
        available: q.get("available"),
        limit: q.get("limit"),
        radius_m: q.get("radius_m"),
        include_stale: q.get("include_stale"),
    };
    if p.lat.is_none() && p.lng.is_none() {
        let s = subdistrict(&q.get("near")?)?;
        p.lat = Some(s.lat.to_string());
        p.lng = Some(s.lng.to_string());
        p.crs = None;
    }
    Some(p)
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| params_from_query(&query.get()));
    let results = Resource::new(
        move || params.get(),
        |p| async move {
            match p {
                Some(p) => Some(nearest(p).await),
                None => None,
            }
        },
    );
    view! {
        <Title text="附近的服务"/>
        <h1 class="page-title">"附近的服务"</h1>
        {move || params.get().map(|p| view! { <KindFilter params=p/> })}
        <Suspense fallback=|| view! { <p class="muted">"正在查找…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    None => view! {
                        <p class="notice">"请先在首页选择位置或街道。" <a href="/">"返回首页"</a></p>
                    }
                    .into_any(),
                    Some(Err(e)) => {
                        crate::http_status::set(e.status());
                        view! { <ErrorNotice error=e/> }.into_any()
                    }
                    Some(Ok(r)) => view! { <ResultList response=r/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Kind chips as links: each toggles its kind in the URL.
#[component]
fn KindFilter(params: NearestParams) -> impl IntoView {
    let current: Vec<String> =
        params.kind.as_deref().unwrap_or("").split(',').filter(|k| !k.is_empty()).map(str::to_string).collect();
    view! {
        <nav class="chips filter" aria-label="按类型筛选">
            {FacilityKind::ALL
                .into_iter()
                .map(|k| {
                    let on = current.iter().any(|c| c == k.as_str());
                    let next: Vec<&str> = if on {
                        current.iter().map(String::as_str).filter(|c| *c != k.as_str()).collect()
                    } else {
                        current.iter().map(String::as_str).chain([k.as_str()]).collect()
                    };
                    let href = NearestParams {
                        kind: (!next.is_empty()).then(|| next.join(",")),
                        ..params.clone()
                    }
                    .search_href();
                    view! {
                        <a class="chip" class:on=on href=href aria-pressed=if on { "true" } else { "false" }>
                            {k.short_zh()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn ResultList(response: NearestResponse) -> impl IntoView {
    if response.results.is_empty() {
        return view! { <p class="notice">"附近没有符合条件的服务。可以减少筛选条件再试。"</p> }.into_any();
    }
    let as_of = response.as_of;
    let live = use_live(response.results.iter().map(|r| r.facility.id.clone()).collect());
    view! {
        <p class="muted" role="status">{format!("找到 {} 个，按距离由近到远", response.results.len())}</p>
        <ol class="results">
            {response.results.into_iter().map(|r| view! { <ResultCard result=r as_of live/> }).collect_view()}
        </ol>
    }
    .into_any()
}
