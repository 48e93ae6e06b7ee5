//! `/admin`: district staff manage accounts and assignments, revoke tokens, read the audit trail.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::{
    CreateAccount, RevokeToken, SetAccountDisabled, SetAccountFacilities, audit_log, list_accounts, list_tokens,
};
use crate::api::auth::whoami;
use crate::components::error_notice::ErrorNotice;
use crate::model::{Account, Role};

fn ids(text: &str) -> Vec<String> {
    text.split([',', ' ', '，', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn when(at: i64) -> String {
    // Asia/Shanghai has no daylight saving: UTC+8 all year.
    let local = at + 8 * 3600;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Title text="区级管理"/>
        <h1 class="page-title">"区级管理"</h1>
        <Suspense fallback=|| view! { <p class="muted">"正在加载…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(a)) if a.is_admin() => view! { <Accounts/> <Tokens/> <Audit/> }.into_any(),
                    Ok(_) => view! { <p class="notice">"只有区级管理员可以查看。" <a href="/manage">"登录"</a></p> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let disable = ServerAction::<SetAccountDisabled>::new();
    let assign = ServerAction::<SetAccountFacilities>::new();
    let accounts = Resource::new(
        move || (create.version().get(), disable.version().get(), assign.version().get()),
        |_| list_accounts(),
    );
    let (login, password, facilities) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let role = RwSignal::new(Role::FacilityManager);
    let problem = move || {
        [
            create.value().get().and_then(Result::err),
            disable.value().get().and_then(Result::err),
            assign.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| e.to_string())
    };
    view! {
        <section>
            <h2>"账号"</h2>
            <p class="msg error" role="alert">{problem}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(list) => view! {
                            <ul class="accounts">
                                {list.into_iter().map(|a| view! { <AccountRow account=a disable assign/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <form class="create" on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(CreateAccount {
                    login: login.get_untracked(),
                    password: password.get_untracked(),
                    role: role.get_untracked(),
                    facilities: ids(&facilities.get_untracked()),
                });
            }>
                <h3>"开通账号"</h3>
                <label>"登录名" <input required autocapitalize="off" on:change=move |ev| login.set(event_target_value(&ev))/></label>
                <label>"初始密码（至少 10 个字符）" <input type="password" autocomplete="new-password" required on:change=move |ev| password.set(event_target_value(&ev))/></label>
                <label>"角色"
                    <select on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::FacilityManager))>
                        <option value="facility_manager">{Role::FacilityManager.label_zh()}</option>
                        <option value="district_admin">{Role::DistrictAdmin.label_zh()}</option>
                    </select>
                </label>
                <label>"管理的机构编号（逗号分隔）" <input on:change=move |ev| facilities.set(event_target_value(&ev))/></label>
                <button class="btn primary" type="submit">"开通"</button>
            </form>
        </section>
    }
}

#[component]
fn AccountRow(
    account: Account,
    disable: ServerAction<SetAccountDisabled>,
    assign: ServerAction<SetAccountFacilities>,
) -> impl IntoView {
    let assigned = RwSignal::new(account.facilities.join(", "));
    let id = account.id;
    let disabled = account.disabled;
    view! {
        <li class="account" class:disabled=disabled data-login=account.login.clone()>
            <strong>{account.login.clone()}</strong>
            {format!(" · {}{}", account.role.label_zh(), if disabled { " · 已停用" } else { "" })}
            {(account.role == Role::FacilityManager).then(|| view! {
                <label>"管理的机构" <input prop:value=move || assigned.get() on:change=move |ev| assigned.set(event_target_value(&ev))/></label>
                <button class="btn" on:click=move |_| {
                    assign.dispatch(SetAccountFacilities { id, facilities: ids(&assigned.get_untracked()) });
                }>"保存分配"</button>
            })}
            <button class="btn" on:click=move |_| {
                disable.dispatch(SetAccountDisabled { id, disabled: !disabled });
            }>{if disabled { "重新启用" } else { "停用" }}</button>
        </li>
    }
}

#[component]
fn Tokens() -> impl IntoView {
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(move || revoke.version().get(), |_| list_tokens());
    view! {
        <section>
            <h2>"接口令牌"</h2>
            <p class="muted">"令牌由命令行 caremap token create 生成，只显示一次。"</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"暂无令牌"</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="tokens">
                                {list.into_iter().map(|t| {
                                    let id = t.id;
                                    view! {
                                        <li>
                                            {format!("#{} · {} · {} · {}", t.id, t.login, t.label, t.revoked_at.map_or("有效".to_string(), |at| format!("已于 {} 撤销", when(at))))}
                                            {t.revoked_at.is_none().then(|| view! {
                                                <button class="btn" on:click=move |_| { revoke.dispatch(RevokeToken { id }); }>"撤销"</button>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Audit() -> impl IntoView {
    let facility = RwSignal::new(String::new());
    let entries = Resource::new(move || facility.get(), |f| audit_log(Some(f), Some(200)));
    view! {
        <section>
            <h2>"修改记录"</h2>
            <label>"按机构编号筛选" <input type="search" on:change=move |ev| facility.set(event_target_value(&ev))/></label>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) => view! {
                            <table class="audit">
                                <thead><tr><th>"时间"</th><th>"谁"</th><th>"机构"</th><th>"内容"</th><th>"方式"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| view! {
                                        <tr>
                                            <td>{when(e.at)}</td>
                                            <td>{e.login}</td>
                                            <td>{e.facility_id}</td>
                                            <td>{format!("{} {}：{} → {}", e.service.map(|s| s.label_zh()).unwrap_or(""), e.field,
                                                e.old_value.unwrap_or_default(), e.new_value.unwrap_or_default())}</td>
                                            <td>{e.via}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_in_shanghai() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::when(0), "1970-01-01 08:00");
        // 2026-11-26 13:32:32 UTC
        assert_eq!(super::when(1_795_700_000 - 1_795_700_000 % 60), super::when(1_795_700_000));
        assert_eq!(super::civil_from_days(20_418), (2025, 11, 26));
        assert_eq!(super::ids("a, b，c d"), vec!["a", "b", "c", "d"]);
    }
}
