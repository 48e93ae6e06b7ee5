//! `/admin/registers/*` — a district register uploaded on `/admin` (multipart: `file`, `sheet`, `map`,
//! `kind`, `crs`), previewed on `/admin/registers?upload=ID`, then applied (`upload`, `missing` =
//! keep | close) or discarded (`upload`). The same reading as `caremap import` (docs/REGISTERS.md). A
//! browser (Accept: text/html) is sent to the page that shows what happened; any other client gets
//! JSON (the result, or the one error shape with a 4xx).

use app::error::AppError;
use app::model::MissingRule;
use app::msg;
use app::ssr::register::upload::{self, MAX_REGISTER_BYTES, StoredOptions};
use app::ssr::state::AppState;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use tower_sessions::Session;

/// The file plus the form's fields.
pub const MAX_UPLOAD: usize = MAX_REGISTER_BYTES + 64 * 1024;

async fn admin(state: &AppState, headers: &HeaderMap, session: &Session) -> Result<app::model::Account, AppError> {
    use app::ssr::auth::session as auth;
    auth::admin(auth::account_from(state, headers, Some(session)).await?)
}

/// A refused form goes back to the page with its message; anything else keeps its status.
fn refused(e: AppError, html: bool, back: &str) -> Response {
    match (e, html) {
        (e @ (AppError::BadRequest { .. } | AppError::NotFound { .. }), true) => {
            let sep = if back.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{back}{sep}error={}", app::url_query::url_encode(&e.to_string()))).into_response()
        }
        (e, _) => e.into_response(),
    }
}

async fn read_form(mut multipart: Multipart) -> Result<(String, Vec<u8>, StoredOptions), AppError> {
    let bad = |field: &str, e: &dyn std::fmt::Display| {
        tracing::debug!(error = %e, "register upload: unreadable form");
        AppError::bad_param(field, msg!(err_form_unreadable))
    };
    let (mut file, mut options) = (None, StoredOptions::default());
    while let Some(field) = multipart.next_field().await.map_err(|e| bad("file", &e))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let filename = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|e| bad("file", &e))?;
            file = Some((filename, bytes.to_vec()));
            continue;
        }
        let value = field.text().await.map_err(|e| bad(&name, &e))?;
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        match name.as_str() {
            "sheet" => options.sheet = value,
            "map" => options.map = value,
            "kind" => options.kind = value,
            "crs" => options.crs = value,
            _ => {}
        }
    }
    let (filename, bytes) =
        file.filter(|(_, b)| !b.is_empty()).ok_or_else(|| AppError::bad_param("file", msg!(err_required)))?;
    Ok((filename, bytes, options))
}

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let html = app::http_status::from_browser_navigation(&headers);
    let result = async {
        let account = admin(&state, &headers, &session).await?;
        let multipart = multipart.map_err(|_| AppError::bad_param("file", msg!(err_multipart)))?;
        let (filename, bytes, options) = read_form(multipart).await?;
        upload::save(&state, &account, &filename, bytes, options).await
    }
    .await;
    match (result, html) {
        (Ok(id), true) => Redirect::to(&format!("/admin/registers?upload={id}")).into_response(),
        (Ok(id), false) => {
            axum::Json(json!({ "upload": id, "preview": format!("/api/admin/register-preview?upload={id}") }))
                .into_response()
        }
        (Err(e), html) => refused(e, html, "/admin"),
    }
}

#[derive(Debug, Deserialize)]
pub struct Decision {
    upload: String,
    #[serde(default)]
    missing: Option<String>,
}

pub async fn apply(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    form: Result<Form<Decision>, axum::extract::rejection::FormRejection>,
) -> Response {
    let html = app::http_status::from_browser_navigation(&headers);
    let mut back = "/admin/registers".to_string();
    let result = async {
        let account = admin(&state, &headers, &session).await?;
        let Form(d) = form.map_err(|_| AppError::bad_param("upload", msg!(err_form_unreadable)))?;
        back = format!("/admin/registers?upload={}", app::url_query::url_encode(&d.upload));
        let missing = match d.missing.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            None => MissingRule::Keep,
            Some(m) => MissingRule::parse(m)
                .ok_or_else(|| AppError::bad_param("missing", msg!(err_keep_or_close, value = &m)))?,
        };
        upload::apply(&state, &account, d.upload.trim(), missing).await
    }
    .await;
    match (result, html) {
        (Ok(done), true) => Redirect::to(&format!(
            "/admin/registers?added={}&changed={}&closed={}",
            done.added, done.changed, done.closed
        ))
        .into_response(),
        (Ok(done), false) => {
            axum::Json(json!({ "added": done.added, "changed": done.changed, "closed": done.closed })).into_response()
        }
        (Err(e), html) => refused(e, html, &back),
    }
}

pub async fn discard(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    form: Result<Form<Decision>, axum::extract::rejection::FormRejection>,
) -> Response {
    let html = app::http_status::from_browser_navigation(&headers);
    let result = async {
        admin(&state, &headers, &session).await?;
        let Form(d) = form.map_err(|_| AppError::bad_param("upload", msg!(err_form_unreadable)))?;
        upload::discard(&state, d.upload.trim()).await
    }
    .await;
    match (result, html) {
        (Ok(()), true) => Redirect::to("/admin").into_response(),
        (Ok(()), false) => axum::Json(json!({ "discarded": true })).into_response(),
        (Err(e), html) => refused(e, html, "/admin"),
    }
}
