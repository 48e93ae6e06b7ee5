//! An administrator's password reset, the same from the admin page and from `caremap user reset-password`:
//! a temporary password, stored hashed and marked to be changed at the next sign-in.

use crate::error::AppError;
use crate::msg;
use crate::ssr::store::Store;

/// Reset account `id`; the temporary password (to be shown once), or 404 for no such account.
pub async fn reset_password(store: &Store, id: i64) -> Result<String, AppError> {
    use super::password as pw;
    let (temporary, hash) = tokio::task::spawn_blocking(|| {
        let temporary = pw::temporary()?;
        pw::hash(&temporary).map(|h| (temporary, h))
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password reset failed");
        AppError::Internal
    })?;
    if !store.set_password(id, &hash, true).await? {
        return Err(AppError::not_found(format!("account {id}"), msg!(err_no_account, id = id)));
    }
    Ok(temporary)
}
