//! Browser sessions: stored in the database by `tower-sessions` (its sqlx store, on whichever
//! database CareMap uses), HttpOnly, SameSite=Lax, Secure when configured for TLS.

use async_trait::async_trait;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::error::AppError;
use crate::model::Account;
use crate::msg;
use crate::ssr::state::AppState;
use crate::ssr::store::Store;

pub const COOKIE: &str = "caremap_session";
const USER_KEY: &str = "user_id";

/// The session store on the same database as everything else.
#[derive(Debug, Clone)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// Open the store and create its table if needed.
    pub async fn open(store: &Store) -> Result<Self, sqlx::Error> {
        Ok(match store {
            Store::Sqlite(pool) => {
                let s = SqliteStore::new(pool.clone());
                s.migrate().await?;
                DbSessionStore::Sqlite(s)
            }
            Store::Postgres(pool) => {
                let s = PostgresStore::new(pool.clone());
                s.migrate().await?;
                DbSessionStore::Postgres(s)
            }
        })
    }

    /// Delete expired sessions every hour, for as long as the server runs.
    pub async fn expire_forever(self) {
        let period = tokio::time::Duration::from_secs(3600);
        let result = match self {
            DbSessionStore::Sqlite(s) => s.continuously_delete_expired(period).await,
            DbSessionStore::Postgres(s) => s.continuously_delete_expired(period).await,
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "session expiry task stopped");
        }
    }

    pub fn layer(self, secure: bool) -> SessionManagerLayer<DbSessionStore> {
        SessionManagerLayer::new(self)
            .with_name(COOKIE)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(secure)
            // A manager's phone stays signed in while it is used at least monthly.
            .with_expiry(Expiry::OnInactivity(time::Duration::days(30)))
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.create(record).await,
            DbSessionStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.save(record).await,
            DbSessionStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(s) => s.load(id).await,
            DbSessionStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete(id).await,
            DbSessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}

fn session_error(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "session store error");
    AppError::Internal
}

/// The session of the request being handled (server functions and rendered pages).
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(session_error)
}

/// Sign `account` in on this session (with a new session id, against fixation).
pub async fn sign_in(session: &Session, account: &Account) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_KEY, account.id).await.map_err(session_error)
}

pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// Who is asking, by the one rule every path shares: an `Authorization: Bearer` token if the request
/// carries one (a missing, unknown or revoked token is nobody, never a fallback to the cookie), else
/// the session's account; loaded fresh, so a disabled account stops working at once.
pub async fn account_from(
    state: &AppState,
    headers: &http::HeaderMap,
    session: Option<&Session>,
) -> Result<Option<Account>, AppError> {
    if let Some(value) = headers.get(http::header::AUTHORIZATION) {
        let Some(presented) = value.to_str().ok().and_then(super::token::from_header) else { return Ok(None) };
        return Ok(state.store.account_for_token(&super::token::hash(presented)).await?);
    }
    let Some(session) = session else { return Ok(None) };
    let Some(id) = session.get::<i64>(USER_KEY).await.map_err(session_error)? else { return Ok(None) };
    Ok(state.store.account(id).await?.filter(|a| !a.disabled))
}

/// The account of the request being handled (server functions and rendered pages).
pub async fn current_account(state: &AppState) -> Result<Option<Account>, AppError> {
    let headers = leptos_axum::extract::<http::HeaderMap>().await.unwrap_or_default();
    let session = session().await?;
    account_from(state, &headers, Some(&session)).await
}

/// The one rule for acting, on every path (server functions, the token API, downloads, uploads):
/// someone (401), not holding a temporary password, which must be changed first (403).
pub fn signed_in(account: Option<Account>) -> Result<Account, AppError> {
    let account = account.ok_or(AppError::Unauthorized)?;
    if account.must_change_password {
        return Err(AppError::forbidden(msg!(err_change_temporary)));
    }
    Ok(account)
}

/// …and a district admin (403).
pub fn admin(account: Option<Account>) -> Result<Account, AppError> {
    let account = signed_in(account)?;
    if account.is_admin() { Ok(account) } else { Err(AppError::forbidden(msg!(err_admins_only))) }
}

/// The caller's account, for everything but changing a temporary password (which must come first).
pub async fn require_account(state: &AppState) -> Result<Account, AppError> {
    signed_in(current_account(state).await?)
}

pub async fn require_admin(state: &AppState) -> Result<Account, AppError> {
    admin(current_account(state).await?)
}
