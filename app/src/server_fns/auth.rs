//! Signing in and out. Failures say only "wrong login or password", whichever it was.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Account;

/// The signed-in account, if any.
#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Account>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::current_account(&state).await
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(login: String, password: String) -> Result<Account, AppError> {
    use crate::ssr::auth::{password as pw, session};
    let state = crate::ssr::state::app_state()?;
    let login = login.trim().to_string();
    let ip = crate::ssr::client_addr::current().await;
    state.throttle.check(&login, ip).map_err(|retry_after_s| AppError::TooManyRequests { retry_after_s })?;
    let (account, hash) = match state.store.account_for_login(&login).await? {
        Some((account, hash)) => (Some(account), hash),
        // Verify against a decoy so an unknown login costs the same time as a wrong password.
        None => (None, pw::decoy_hash().to_string()),
    };
    let matches = tokio::task::spawn_blocking(move || pw::verify(&password, &hash)).await.unwrap_or(false);
    match account {
        Some(account) if matches && !account.disabled => {
            session::sign_in(&session::session().await?, &account).await?;
            tracing::info!(login = %account.login, "signed in");
            Ok(account)
        }
        _ => {
            tracing::info!(login = %login, "failed sign-in");
            Err(AppError::LoginFailed)
        }
    }
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::auth::session;
    session::sign_out(&session::session().await?).await
}

/// Change one's own password: the current one is required (and throttled like a sign-in). Also the
/// way out of a temporary password after a reset.
#[server(prefix = "/api", endpoint = "account/password")]
pub async fn change_password(old_password: String, new_password: String) -> Result<(), AppError> {
    use crate::ssr::auth::{password as pw, session};
    let state = crate::ssr::state::app_state()?;
    let account = crate::ssr::auth::current_account(&state).await?.ok_or(AppError::Unauthorized)?;
    pw::check_policy(&new_password).map_err(|m| AppError::bad_param("new_password", m))?;
    if new_password == old_password {
        return Err(AppError::bad_param("new_password", crate::msg!(err_password_same)));
    }
    // Only a try at the current password counts against the sign-in throttle.
    let ip = crate::ssr::client_addr::current().await;
    state.throttle.check(&account.login, ip).map_err(|retry_after_s| AppError::TooManyRequests { retry_after_s })?;
    let (_, stored) = state.store.account_for_login(&account.login).await?.ok_or(AppError::Unauthorized)?;
    let hash = tokio::task::spawn_blocking(move || {
        if pw::verify(&old_password, &stored) { pw::hash(&new_password).map(Some) } else { Ok(None) }
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })?
    .ok_or_else(|| AppError::bad_param("old_password", crate::msg!(err_password_wrong)))?;
    state.store.set_password(account.id, &hash, false).await?;
    // A new session id with the new password.
    session::sign_in(&session::session().await?, &account).await?;
    tracing::info!(login = %account.login, "password changed");
    Ok(())
}
