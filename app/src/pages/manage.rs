//! `/manage`: a facility manager keeps their figures true from a phone, in seconds.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::{Login, Logout, whoami};
use crate::api::manage::{UpdateFacilityInfo, managed_facilities};
use crate::components::error_notice::ErrorNotice;
use crate::components::live::{LiveFeed, use_live};
use crate::components::service_editor::ServiceEditor;
use crate::model::{Account, Facility, FacilityStatus, ManageView};

#[component]
pub fn ManagePage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let me = Resource::new(move || (login.version().get(), logout.version().get()), |_| whoami());
    view! {
        <Title text="机构管理"/>
        <h1 class="page-title">"机构管理"</h1>
        <Suspense fallback=|| view! { <p class="muted">"正在加载…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(account)) => view! { <Dashboard account logout/> }.into_any(),
                    Ok(None) => view! { <LoginForm login/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LoginForm(login: ServerAction<Login>) -> impl IntoView {
    let error = move || login.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <ActionForm action=login attr:class="login">
            <p class="muted">"机构管理员和区级管理员登录后可更新空位。账号由区级管理员开通。"</p>
            <label for="login">"登录名"</label>
            <input id="login" name="login" autocomplete="username" required autocapitalize="off"/>
            <label for="password">"密码"</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required/>
            <button class="btn primary big" type="submit" disabled=move || login.pending().get()>"登录"</button>
            <p class="msg error" role="alert">{error}</p>
        </ActionForm>
    }
}

#[component]
fn Dashboard(account: Account, logout: ServerAction<Logout>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let view_data = Resource::new(move || query.get(), |q| managed_facilities(Some(q)));
    let admin = account.is_admin();
    view! {
        <div class="who">
            <span>{format!("{} · {}", account.login, account.role.label_zh())}</span>
            <ActionForm action=logout>
                <button class="btn" type="submit">"退出登录"</button>
            </ActionForm>
        </div>
        {admin.then(|| view! {
            <p><a href="/admin">"账号、令牌与修改记录 →"</a></p>
            <label for="q">"查找机构"</label>
            <input id="q" type="search" placeholder="名称或编号" on:change=move |ev| query.set(event_target_value(&ev))/>
        })}
        <Transition fallback=|| view! { <p class="muted">"正在加载…"</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(v) => view! { <FacilityList data=v/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FacilityList(data: ManageView) -> impl IntoView {
    if data.facilities.is_empty() {
        return view! { <p class="notice">"还没有分配给您的机构，请联系区级管理员。"</p> }.into_any();
    }
    let live = use_live(data.facilities.iter().map(|f| f.id.clone()).collect());
    let more = (data.total as usize > data.facilities.len())
        .then(|| format!("共 {} 个，显示前 {} 个；请用名称或编号查找。", data.total, data.facilities.len()));
    let stale_after = data.stale_after;
    view! {
        {more.map(|m| view! { <p class="muted">{m}</p> })}
        <ul class="managed">
            {data
                .facilities
                .into_iter()
                .map(|f| {
                    let limit = stale_after.for_kind(f.kind);
                    view! { <ManagedFacility facility=f stale_after_s=limit live/> }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ManagedFacility(facility: Facility, stale_after_s: i64, live: LiveFeed) -> impl IntoView {
    let id = facility.id.clone();
    let capacities: Vec<_> = facility.services.iter().map(|s| (s.service, RwSignal::new(s.clone()))).collect();
    // Another manager's change (or this one's, from another tab) arrives here and updates the numbers.
    let routed = capacities.clone();
    let feed_id = id.clone();
    Effect::new(move |_| {
        if let Some(u) = live.latest().filter(|u| u.facility_id == feed_id) {
            for (service, signal) in &routed {
                if let Some(new) = u.services.iter().find(|c| c.service == *service)
                    && new.version >= signal.get_untracked().version
                {
                    signal.set(new.clone());
                }
            }
        }
    });
    let status = live.status(id.clone(), facility.status);
    view! {
        <li class="managed-facility" data-id=id.clone()>
            <h2>{facility.name.clone()}</h2>
            <p class="muted">{format!("{} · {}", facility.kind.label_zh(), facility.id)}</p>
            {capacities
                .into_iter()
                .map(|(_, capacity)| view! { <ServiceEditor facility_id=id.clone() capacity stale_after_s/> })
                .collect_view()}
            <InfoEditor facility_id=id.clone() status hours=facility.hours.to_string()/>
        </li>
    }
}

/// Open / temporarily closed and opening hours.
#[component]
fn InfoEditor(facility_id: String, status: RwSignal<FacilityStatus>, hours: String) -> impl IntoView {
    let save = ServerAction::<UpdateFacilityInfo>::new();
    let result = move || match save.value().get() {
        Some(Ok(())) => Some((true, "已保存".to_string())),
        Some(Err(e)) => Some((false, e.to_string())),
        None => None,
    };
    let closed = move || status.get() == FacilityStatus::TemporarilyClosed;
    let set_status = {
        let facility_id = facility_id.clone();
        move |next: FacilityStatus| {
            status.set(next);
            save.dispatch(UpdateFacilityInfo { facility_id: facility_id.clone(), status: Some(next), hours: None });
        }
    };
    let set_closed = set_status.clone();
    let hours_value = RwSignal::new(hours);
    view! {
        <details class="info">
            <summary>"开放状态与时间"</summary>
            <div class="stepper-row">
                <button class="btn" class:primary=move || !closed() on:click=move |_| set_status(FacilityStatus::Open)>"正常开放"</button>
                <button class="btn" class:primary=closed on:click=move |_| set_closed(FacilityStatus::TemporarilyClosed)>"暂停开放"</button>
            </div>
            <label>
                "开放时间（如 Mo-Fr 08:00-17:30; Sa 09:00-12:00）"
                <input prop:value=move || hours_value.get() on:change=move |ev| hours_value.set(event_target_value(&ev))/>
            </label>
            <button class="btn" on:click=move |_| {
                save.dispatch(UpdateFacilityInfo { facility_id: facility_id.clone(), status: None, hours: Some(hours_value.get_untracked()) });
            }>"保存开放时间"</button>
            <p class="msg" role="status" class:error=move || result().is_some_and(|r| !r.0)>{move || result().map(|r| r.1)}</p>
        </details>
    }
}
