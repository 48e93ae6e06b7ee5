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
    let ip = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await.ok().map(|c| c.0.ip());
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
