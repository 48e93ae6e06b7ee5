//! `/admin`: district staff manage accounts and assignments, revoke tokens, read residents'
//! reports and the audit trail. Lists render on the server; actions are islands.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::loaded::{Loaded, Refused};
use crate::tf;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::manage::{Reports, role_label};
use crate::components::register_forms::{PlacingQueue, RegisterUpload};
use crate::error::AppError;
use crate::islands::admin::{AccountActions, CreateAccountForm, RevokeTokenButton};
use crate::model::{Account, AuditEntry, Facility, Report, Role, TokenInfo};
use crate::prefs::prefs;
use crate::server_fns::admin::{admin_reports, audit_log, list_accounts, list_tokens};
use crate::server_fns::auth::whoami;
use crate::server_fns::registers::approximate_facilities;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AdminData {
    accounts: Vec<Account>,
    tokens: Vec<TokenInfo>,
    reports: Vec<(Report, String)>,
    audit: Vec<AuditEntry>,
    /// The placing queue: facilities whose point is only their community's or subdistrict's.
    approximate: Vec<Facility>,
}

async fn load(facility: String) -> Result<Option<AdminData>, AppError> {
    match whoami().await? {
        Some(a) if a.is_admin() => Ok(Some(AdminData {
            accounts: list_accounts().await?,
            tokens: list_tokens().await?,
            reports: admin_reports().await?,
            audit: audit_log(Some(facility), Some(200)).await?,
            approximate: approximate_facilities().await?,
        })),
        _ => Ok(None),
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let l = prefs().locale;
    let query = use_query_map();
    let data = Resource::new(move || query.get().get("facility").unwrap_or_default(), load);
    // A refused form post (register upload) comes back here with its message.
    let error = move || query.read().get("error");
    view! {
        <Title text=td_string!(l, admin_title)/>
        <h1 class="page-title">{td_string!(l, admin_title)}</h1>
        // The outcome of an earlier form post: this GET itself succeeded.
        {move || error().map(|e| view! { <p class="notice error outcome" role="alert">{e}</p> })}
        <Loaded data view={move |d| match d {
            Some(d) => view! { <Admin data=d/> }.into_any(),
            None => view! { <Refused error=AppError::Unauthorized/> }.into_any(),
        }}/>
    }
}

#[component]
fn Admin(data: AdminData) -> impl IntoView {
    let l = prefs().locale;
    let names: Vec<(String, String)> = data.reports.iter().map(|(r, n)| (r.facility_id.clone(), n.clone())).collect();
    let reports: Vec<Report> = data.reports.into_iter().map(|(r, _)| r).collect();
    view! {
        <p><a href="/operations">{td_string!(l, ops_link)}</a> " " <a href="/coverage">{td_string!(l, coverage_link)}</a> " " <a href="/admin/catchments">{td_string!(l, catchment_admin_title)}</a></p>
        <RegisterUpload/>
        <PlacingQueue facilities=data.approximate/>
        <section>
            <h2>{td_string!(l, accounts)}</h2>
            <ul class="accounts">
                {data.accounts.into_iter().map(|a| view! {
                    <li class="account" class:disabled=a.disabled data-login=a.login.clone()>
                        <strong>{a.login.clone()}</strong>
                        {format!(" · {}{}", role_label(l, a.role), if a.disabled { format!(" · {}", td_string!(l, disabled)) } else { String::new() })}
                        <AccountActions locale=l id=a.id disabled=a.disabled manager=a.role == Role::FacilityManager facilities=a.facilities.join(", ")/>
                    </li>
                }).collect_view()}
            </ul>
            <CreateAccountForm locale=l/>
        </section>
        <section>
            <h2>{td_string!(l, tokens)}</h2>
            <p class="muted">{td_string!(l, tokens_help)}</p>
            {if data.tokens.is_empty() {
                view! { <p class="muted">{td_string!(l, no_tokens)}</p> }.into_any()
            } else {
                view! {
                    <ul class="tokens">
                        {data.tokens.into_iter().map(|t| {
                            let state = match t.revoked_at {
                                None => td_string!(l, token_live).to_string(),
                                Some(at) => tf!(l, token_revoked_at, time = crate::calendar::shanghai_datetime(at)),
                            };
                            view! {
                                <li>
                                    {format!("#{} · {} · {} · {state}", t.id, t.login, t.label)}
                                    {t.revoked_at.is_none().then(|| view! { <RevokeTokenButton locale=l id=t.id/> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <Reports reports names/>
        <section>
            <h2>{td_string!(l, audit)}</h2>
            <form method="get" action="/admin" class="or">
                <label for="facility">{td_string!(l, filter_by_facility)}</label>
                <input id="facility" name="facility" type="search"/>
                <button class="btn" type="submit">{td_string!(l, find)}</button>
            </form>
            <div class="table-wrap">
                <table class="audit">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, audit_time)}</th>
                            <th scope="col">{td_string!(l, audit_who)}</th>
                            <th scope="col">{td_string!(l, audit_facility)}</th>
                            <th scope="col">{td_string!(l, audit_what)}</th>
                            <th scope="col">{td_string!(l, audit_via)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data.audit.into_iter().map(|e| view! {
                            <tr>
                                <td>{crate::calendar::shanghai_datetime(e.at)}</td>
                                <td>{e.login}</td>
                                <td>{e.facility_id}</td>
                                <td>{format!("{} {}: {} → {}", e.service.map(|s| crate::text::service(l, s)).unwrap_or(""), e.field,
                                    e.old_value.unwrap_or_default(), e.new_value.unwrap_or_default())}</td>
                                <td>{e.via}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
