//! Accounts, facility assignments, API tokens and the audit trail.

use super::{Store, on_pool};
use crate::model::{Account, AuditEntry, Role, ServiceKind, TokenInfo};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    login: String,
    role: String,
    disabled: bool,
    must_change_password: bool,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    login: String,
    via: String,
    facility_id: String,
    facility_name: Option<String>,
    service: Option<String>,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("login `{0}` is taken")]
    LoginTaken(String),
    #[error("unknown facility among {0:?}")]
    UnknownFacility(Vec<String>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_foreign_key_violation())
}

impl UserRow {
    fn into_account(self, facilities: Vec<String>) -> Option<Account> {
        Some(Account {
            id: self.id,
            login: self.login,
            role: Role::parse(&self.role)?,
            disabled: self.disabled,
            facilities,
            must_change_password: self.must_change_password,
        })
    }
}

impl Store {
    /// A new account and the facilities it manages, in one transaction: an unknown facility leaves no
    /// account behind (so a corrected retry does not find its login taken).
    pub async fn create_account(
        &self,
        login: &str,
        password_hash: &str,
        role: Role,
        facilities: &[String],
        now: i64,
    ) -> Result<i64, AccountError> {
        let unknown = self.unknown_facilities(facilities).await?;
        if !unknown.is_empty() {
            return Err(AccountError::UnknownFacility(unknown));
        }
        let result: Result<i64, sqlx::Error> = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO app_user (login, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(login)
            .bind(password_hash)
            .bind(role.as_str())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for f in facilities {
                sqlx::query("INSERT INTO user_facility (user_id, facility_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(f)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(id)
        });
        result.map_err(|e| {
            if is_unique_violation(&e) {
                AccountError::LoginTaken(login.to_string())
            } else if is_foreign_key_violation(&e) {
                AccountError::UnknownFacility(facilities.to_vec())
            } else {
                e.into()
            }
        })
    }

    /// Those of `ids` that name no facility.
    async fn unknown_facilities(&self, ids: &[String]) -> Result<Vec<String>, sqlx::Error> {
        let mut unknown = Vec::new();
        for id in ids {
            let found: Option<String> = on_pool!(self, |pool| {
                sqlx::query_scalar("SELECT id FROM facility WHERE id = $1").bind(id).fetch_optional(pool).await
            })?;
            if found.is_none() {
                unknown.push(id.clone());
            }
        }
        Ok(unknown)
    }

    async fn facilities_of(&self, user_id: i64) -> Result<Vec<String>, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT facility_id FROM user_facility WHERE user_id = $1 ORDER BY facility_id")
                .bind(user_id)
                .fetch_all(pool)
                .await
        })
    }

    pub async fn account(&self, id: i64) -> Result<Option<Account>, sqlx::Error> {
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, UserRow>(
                "SELECT id, login, role, disabled, must_change_password FROM app_user WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        match row {
            Some(row) => Ok(row.into_account(self.facilities_of(id).await?)),
            None => Ok(None),
        }
    }

    /// The account and its password hash, for checking a login.
    pub async fn account_for_login(&self, login: &str) -> Result<Option<(Account, String)>, sqlx::Error> {
        let row: Option<(i64, String)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT id, password_hash FROM app_user WHERE login = $1")
                .bind(login)
                .fetch_optional(pool)
                .await
        })?;
        let Some((id, hash)) = row else { return Ok(None) };
        Ok(self.account(id).await?.map(|a| (a, hash)))
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, sqlx::Error> {
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, UserRow>(
                "SELECT id, login, role, disabled, must_change_password FROM app_user ORDER BY login",
            )
            .fetch_all(pool)
            .await
        })?;
        let links: Vec<(i64, String)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT user_id, facility_id FROM user_facility ORDER BY facility_id").fetch_all(pool).await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let id = r.id;
                r.into_account(links.iter().filter(|(u, _)| *u == id).map(|(_, f)| f.clone()).collect())
            })
            .collect())
    }

    pub async fn set_account_disabled(&self, id: i64, disabled: bool) -> Result<bool, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE app_user SET disabled = $2 WHERE id = $1")
                .bind(id)
                .bind(disabled)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() == 1)
        })
    }

    /// A new password; `must_change` when it is a temporary one from a reset. False if no such account.
    pub async fn set_password(&self, id: i64, password_hash: &str, must_change: bool) -> Result<bool, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE app_user SET password_hash = $2, must_change_password = $3 WHERE id = $1")
                .bind(id)
                .bind(password_hash)
                .bind(must_change)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() == 1)
        })
    }

    /// Replace the facilities an account manages (all or nothing).
    pub async fn set_account_facilities(&self, id: i64, facilities: &[String]) -> Result<(), AccountError> {
        let unknown = self.unknown_facilities(facilities).await?;
        if !unknown.is_empty() {
            return Err(AccountError::UnknownFacility(unknown));
        }
        let result: Result<(), sqlx::Error> = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM user_facility WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            for f in facilities {
                sqlx::query("INSERT INTO user_facility (user_id, facility_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(f)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        });
        result.map_err(|e| {
            if is_foreign_key_violation(&e) { AccountError::UnknownFacility(facilities.to_vec()) } else { e.into() }
        })
    }

    pub async fn create_token(
        &self,
        user_id: i64,
        token_hash: &str,
        label: &str,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO api_token (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(user_id)
            .bind(token_hash)
            .bind(label)
            .bind(now)
            .fetch_one(pool)
            .await
        })
    }

    /// The live, enabled account a token belongs to.
    pub async fn account_for_token(&self, token_hash: &str) -> Result<Option<Account>, sqlx::Error> {
        let user: Option<i64> = on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT t.user_id FROM api_token t JOIN app_user u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = FALSE",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await
        })?;
        match user {
            Some(id) => self.account(id).await,
            None => Ok(None),
        }
    }

    pub async fn revoke_token(&self, id: i64, now: i64) -> Result<bool, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE api_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() == 1)
        })
    }

    pub async fn tokens(&self) -> Result<Vec<TokenInfo>, sqlx::Error> {
        let rows: Vec<(i64, String, String, i64, Option<i64>)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT t.id, u.login, t.label, t.created_at, t.revoked_at FROM api_token t \
                 JOIN app_user u ON u.id = t.user_id ORDER BY t.id",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, login, label, created_at, revoked_at)| TokenInfo { id, login, label, created_at, revoked_at })
            .collect())
    }

    /// Newest first; `facility` narrows to one facility (its exact id), `search` to every facility whose id
    /// or name contains it (either case). Each entry carries its facility's name.
    pub async fn audit(
        &self,
        facility: Option<&str>,
        search: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let sql = format!(
            "SELECT a.id, a.at, a.login, a.via, a.facility_id, f.name AS facility_name, a.service, a.field, \
             a.old_value, a.new_value {AUDIT_MATCHING} ORDER BY a.id DESC LIMIT $3"
        );
        let pattern = search.map(like_pattern);
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, AuditRow>(&sql).bind(facility).bind(&pattern).bind(limit).fetch_all(pool).await
        })?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                login: r.login,
                via: r.via,
                facility_id: r.facility_id,
                facility_name: r.facility_name.unwrap_or_default(),
                service: r.service.as_deref().and_then(ServiceKind::parse),
                field: r.field,
                old_value: r.old_value,
                new_value: r.new_value,
            })
            .collect())
    }

    /// How many entries [`Store::audit`] would find without its limit.
    pub async fn audit_count(&self, facility: Option<&str>, search: Option<&str>) -> Result<i64, sqlx::Error> {
        let sql = format!("SELECT COUNT(*) {AUDIT_MATCHING}");
        let pattern = search.map(like_pattern);
        on_pool!(self, |pool| sqlx::query_scalar(&sql).bind(facility).bind(&pattern).fetch_one(pool).await)
    }
}

/// The audit entries of one facility (`$1`, exact) and of those whose id or name contains `$2` (a LIKE
/// pattern in lower case).
const AUDIT_MATCHING: &str = "FROM audit_log a LEFT JOIN facility f ON f.id = a.facility_id \
    WHERE ($1 IS NULL OR a.facility_id = $1) \
    AND ($2 IS NULL OR LOWER(a.facility_id) LIKE $2 ESCAPE '\\' OR LOWER(COALESCE(f.name, '')) LIKE $2 ESCAPE '\\')";

/// `%text%` in lower case, with LIKE's own characters taken literally.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
