//! District admin: accounts, assignments, tokens, the audit trail. Every function checks the role.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Account, AuditEntry, AuditTrail, Report, Role, TokenInfo};

#[server(prefix = "/api", endpoint = "admin/accounts")]
pub async fn list_accounts() -> Result<Vec<Account>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    Ok(state.store.accounts().await?)
}

/// Create an account; `facilities` are ids separated by commas or spaces.
#[server(prefix = "/api", endpoint = "admin/create-account", input = Json)]
pub async fn create_account(
    login: String,
    password: String,
    role: Role,
    facilities: Vec<String>,
) -> Result<Account, AppError> {
    use crate::ssr::auth::password as pw;
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    let login = crate::model::check_login(&login).map_err(|m| AppError::bad_param("login", m))?;
    pw::check_policy(&password).map_err(|m| AppError::bad_param("password", m))?;
    let hash = tokio::task::spawn_blocking(move || pw::hash(&password))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })?;
    let facilities: Vec<String> = facilities
        .iter()
        .flat_map(|f| f.split([',', ' ']))
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    let id = state.store.create_account(&login, &hash, role, &facilities, crate::clock::now()).await?;
    state.store.account(id).await?.ok_or(AppError::Internal)
}

#[server(prefix = "/api", endpoint = "admin/set-disabled")]
pub async fn set_account_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    let state = crate::ssr::state::app_state()?;
    let me = crate::ssr::auth::require_admin(&state).await?;
    if me.id == id && disabled {
        return Err(AppError::bad_param("id", crate::msg!(err_disable_self)));
    }
    if !state.store.set_account_disabled(id, disabled).await? {
        return Err(AppError::not_found(format!("account {id}"), crate::msg!(err_no_account, id = id)));
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/set-facilities", input = Json)]
pub async fn set_account_facilities(id: i64, facilities: Vec<String>) -> Result<Account, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    state
        .store
        .account(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("account {id}"), crate::msg!(err_no_account, id = id)))?;
    state.store.set_account_facilities(id, &facilities).await?;
    state.store.account(id).await?.ok_or(AppError::Internal)
}

/// An audit filter as typed: trimmed, empty as none; refused when it is long or holds control characters
/// (PostgreSQL refuses a NUL in text: the answer must be the visitor's 400, not the database's error).
#[cfg(feature = "ssr")]
fn audit_filter(field: &str, v: Option<String>) -> Result<Option<String>, AppError> {
    let Some(v) = v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) else { return Ok(None) };
    if v.chars().count() > 64 || v.chars().any(char::is_control) {
        return Err(AppError::bad_param(field, crate::msg!(err_search_text, max = 64)));
    }
    Ok(Some(v))
}

/// The audit trail, newest first, at most `limit` (100 unless given, up to 1000) entries: `facility` keeps
/// one facility's (its exact id), `q` those of every facility whose id or name contains `q`.
#[server(prefix = "/api", endpoint = "admin/audit")]
pub async fn audit_log(
    facility: Option<String>,
    limit: Option<u32>,
    q: Option<String>,
) -> Result<Vec<AuditEntry>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    let facility = audit_filter("facility", facility)?;
    let q = audit_filter("q", q)?;
    let limit = i64::from(limit.unwrap_or(100).clamp(1, 1000));
    Ok(state.store.audit(facility.as_deref(), q.as_deref(), limit).await?)
}

/// [`audit_log`]'s entries and how many entries matched in all (for `/admin`'s "n entries").
#[server(prefix = "/api", endpoint = "admin/audit-matching")]
pub async fn audit_matching(
    facility: Option<String>,
    limit: Option<u32>,
    q: Option<String>,
) -> Result<AuditTrail, AppError> {
    let entries = audit_log(facility.clone(), limit, q.clone()).await?;
    let state = crate::ssr::state::app_state()?;
    let facility = audit_filter("facility", facility)?;
    let q = audit_filter("q", q)?;
    let total = state.store.audit_count(facility.as_deref(), q.as_deref()).await?;
    Ok(AuditTrail { total: u64::try_from(total).unwrap_or(0), entries })
}

#[server(prefix = "/api", endpoint = "admin/tokens")]
pub async fn list_tokens() -> Result<Vec<TokenInfo>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    Ok(state.store.tokens().await?)
}

#[server(prefix = "/api", endpoint = "admin/revoke-token")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    if !state.store.revoke_token(id, crate::clock::now()).await? {
        return Err(AppError::not_found(format!("live token {id}"), crate::msg!(err_no_token, id = id)));
    }
    Ok(())
}

/// Residents' reports of the last 30 days, newest first, with each facility's name.
#[server(prefix = "/api", endpoint = "admin/reports")]
pub async fn admin_reports() -> Result<Vec<(Report, String)>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    let reports = state.store.reports(crate::clock::now() - 30 * 86_400, 500).await?;
    Ok(reports
        .into_iter()
        .map(|r| {
            let name = if r.facility_name.is_empty() { r.facility_id.clone() } else { r.facility_name.clone() };
            (r, name)
        })
        .collect())
}

/// Reset an account's password: answers a temporary password (shown once) that must be changed at
/// the next sign-in; until then the account can do nothing else.
#[server(prefix = "/api", endpoint = "admin/reset-password")]
pub async fn reset_password(id: i64) -> Result<String, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    crate::ssr::auth::reset_password(&state.store, id).await
}
