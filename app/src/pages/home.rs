//! `/`: choose what to look for, then use the phone's position or pick a subdistrict.
//! Works without JavaScript (the form submits to `/search`); "use my location" needs the app hydrated.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::model::{FacilityKind, NearestParams};
use crate::places::SUBDISTRICTS;

#[component]
pub fn HomePage() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| hydrated.set(true));
    let kinds = RwSignal::new(Vec::<FacilityKind>::new());
    let status = RwSignal::new(String::new());
    let navigate = use_navigate();

    let locate = move |_| {
        status.set("正在定位…".into());
        let navigate = navigate.clone();
        let chosen = kinds.get_untracked();
        crate::browser::current_position(
            move |lat, lng| {
                let kind = chosen.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",");
                let params = NearestParams {
                    lat: Some(format!("{lat:.6}")),
                    lng: Some(format!("{lng:.6}")),
                    kind: (!kind.is_empty()).then_some(kind),
                    ..NearestParams::default()
                };
                navigate(&params.search_href(), Default::default());
            },
            move |e| status.set(format!("{e}，请改为选择街道。")),
        );
    };

    view! {
        <Title text=""/>
        <section class="hero">
            <h1>"附近的一老一小服务"</h1>
            <p>"日间照料、养老床位、幼儿园学位、学校午餐与课后服务、假期托管：看距离、空位和更新时间。"</p>
        </section>
        <form class="finder" action="/search" method="get">
            <fieldset class="chips">
                <legend>"要找什么（可多选，不选为全部）"</legend>
                {FacilityKind::ALL
                    .into_iter()
                    .map(|k| {
                        let toggle = move |ev| {
                            let on = event_target_checked(&ev);
                            kinds.update(|v| {
                                v.retain(|x| *x != k);
                                if on {
                                    v.push(k);
                                }
                            });
                        };
                        view! {
                            <label class="chip">
                                <input type="checkbox" name="kind" value=k.as_str() on:change=toggle/>
                                <span>{k.short_zh()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <button type="button" class="btn primary big" id="locate" on:click=locate disabled=move || !hydrated.get()>
                "使用我的位置"
            </button>
            <p class="status" role="status" aria-live="polite">{move || status.get()}</p>
            <div class="or">
                <label for="near">"或选择所在街道"</label>
                <select id="near" name="near">
                    {SUBDISTRICTS
                        .iter()
                        .map(|s| view! { <option value=s.code>{s.name}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="btn">"查找"</button>
            </div>
        </form>
    }
}
