//! `/admin`: district staff manage accounts and assignments, revoke tokens, read residents'
//! reports and the audit trail. Lists render on the server; actions are islands.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::facility_link::FacilityLink;
use crate::components::loaded::{Loaded, Refused};
use crate::text;
use crate::tf;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::manage::{Reports, role_label};
use crate::components::register_forms::{PlacingQueue, RegisterUpload};
use crate::error::AppError;
use crate::islands::admin::{AccountActions, CreateAccountForm, RevokeTokenButton};
use crate::model::{Account, AuditTrail, Facility, Report, Role, TokenInfo};
use crate::prefs::prefs;
use crate::server_fns::admin::{admin_reports, audit_matching, list_accounts, list_tokens};
use crate::server_fns::auth::whoami;
use crate::server_fns::registers::approximate_facilities;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AdminData {
    accounts: Vec<Account>,
    tokens: Vec<TokenInfo>,
    reports: Vec<Report>,
    audit: AuditTrail,
    /// What the audit trail was filtered by (`q`, else the exact `facility` of a link), if anything.
    audit_filter: String,
    /// The placing queue: facilities whose point is only their community's or subdistrict's.
    approximate: Vec<Facility>,
}

/// The audit trail's filter from the page's query: `q` (the search box: part of a name or id), else
/// `facility` (one facility's exact id, as older links give it).
async fn load((facility, q): (String, String)) -> Result<Option<AdminData>, AppError> {
    let (facility, q) = (facility.trim().to_string(), q.trim().to_string());
    let (facility, audit_filter) = if q.is_empty() { (facility.clone(), facility) } else { (String::new(), q.clone()) };
    match whoami().await? {
        Some(a) if a.is_admin() => Ok(Some(AdminData {
            accounts: list_accounts().await?,
            tokens: list_tokens().await?,
            reports: admin_reports().await?.into_iter().map(|(r, _)| r).collect(),
            audit: audit_matching(Some(facility), Some(AUDIT_SHOWN), Some(q)).await?,
            audit_filter,
            approximate: approximate_facilities().await?,
        })),
        _ => Ok(None),
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let l = prefs().locale;
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.get();
            (q.get("facility").unwrap_or_default(), q.get("q").unwrap_or_default())
        },
        load,
    );
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
    let (total, shown) = (data.audit.total, data.audit.entries.len());
    let matched = (!data.audit_filter.is_empty()).then(|| {
        let q = data.audit_filter.clone();
        if total as usize > shown {
            tf!(l, audit_matched_shown, q = q, n = total, shown = shown)
        } else {
            tf!(l, audit_matched, q = q, n = total)
        }
    });
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
        <Reports reports=data.reports/>
        <section>
            <h2>{td_string!(l, audit)}</h2>
            <form method="get" action="/admin" class="or" role="search">
                <label for="audit-q">{td_string!(l, audit_search)}</label>
                <input id="audit-q" name="q" type="search" value=data.audit_filter.clone() placeholder=td_string!(l, audit_search_placeholder)/>
                <button class="btn" type="submit">{td_string!(l, find)}</button>
            </form>
            {matched.map(|m| view! { <p class="muted audit-matched" role="status">{m}</p> })}
            // Wider than a phone: it scrolls sideways, so it takes the keyboard's focus and has a name.
            <div class="table-wrap" tabindex="0" role="region" aria-label=td_string!(l, audit_table)>
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
                        {data.audit.entries.into_iter().map(|e| view! {
                            <tr data-field=e.field.clone()>
                                <td>{crate::calendar::shanghai_datetime(e.at)}</td>
                                <td>{e.login.clone()}</td>
                                <td><FacilityLink id=e.facility_id.clone() name=e.facility_name.clone()/></td>
                                <td>{text::audit_change(l, &e)}</td>
                                <td>{text::via(l, &e.via)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// How many audit entries the page shows at most.
const AUDIT_SHOWN: u32 = 200;
