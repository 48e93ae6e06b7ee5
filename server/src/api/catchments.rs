//! `POST /admin/catchments/upload` (multipart: `file`, `year`, `crs`, `replace`, `skip_invalid`,
//! `source_url`, `source_text`) — district admins upload a catchment file from `/admin/catchments`; the
//! same import as `caremap catchments import`. A browser (Accept: text/html) is sent back to the page
//! with what happened; any other client gets JSON (the counts, or the one error shape with a 4xx).

use app::error::AppError;
use app::geodesy::Crs;
use app::message::Message;
use app::msg;
use app::ssr::catchment::{ImportError, ImportRequest, Imported, import};
use app::ssr::import::Format;
use app::ssr::state::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use tower_sessions::Session;

/// A district's catchments with densely drawn boundaries run to a few megabytes; axum's default is 2 MB.
pub const MAX_UPLOAD: usize = 32 * 1024 * 1024;

/// At most this many bad rows are quoted back (a browser's address bar, a JSON message).
const QUOTED_ERRORS: usize = 20;

#[derive(Default)]
struct Form {
    file: Option<(String, String)>,
    year: Option<String>,
    crs: Option<String>,
    replace: bool,
    skip_invalid: bool,
    source_url: Option<String>,
    source_text: Option<String>,
}

async fn read_form(mut multipart: Multipart) -> Result<Form, AppError> {
    let mut form = Form::default();
    let bad = |field: &str, e: &dyn std::fmt::Display| {
        tracing::debug!(error = %e, "catchment upload: unreadable form");
        AppError::bad_param(field, msg!(err_form_unreadable))
    };
    while let Some(field) = multipart.next_field().await.map_err(|e| bad("file", &e))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let filename = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|e| bad("file", &e))?;
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| AppError::bad_param("file", msg!(err_utf8)))?;
            form.file = Some((filename, text));
            continue;
        }
        let value = field.text().await.map_err(|e| bad(&name, &e))?.trim().to_string();
        let value = (!value.is_empty()).then_some(value);
        match name.as_str() {
            "year" => form.year = value,
            "crs" => form.crs = value,
            "replace" => form.replace = value.is_some_and(|v| v == "true" || v == "on"),
            "skip_invalid" => form.skip_invalid = value.is_some_and(|v| v == "true" || v == "on"),
            "source_url" => form.source_url = value,
            "source_text" => form.source_text = value,
            _ => {}
        }
    }
    Ok(form)
}

fn to_app_error(e: ImportError) -> AppError {
    let rows = |errors: &[app::ssr::import::RowError]| {
        let mut text: Vec<String> = errors.iter().take(QUOTED_ERRORS).map(ToString::to_string).collect();
        if errors.len() > QUOTED_ERRORS {
            text.push(msg!(err_more_rows, n = errors.len() - QUOTED_ERRORS).to_string());
        }
        text.join("; ")
    };
    match e {
        ImportError::Invalid(errors) => {
            AppError::bad_param("file", msg!(err_bad_rows, n = errors.len(), rows = rows(&errors)))
        }
        ImportError::NothingValid(errors) => {
            AppError::bad_param("file", msg!(err_no_valid_catchment, rows = rows(&errors)))
        }
        // The file reader's message, in the request's language; `code` stays the one every file refusal had.
        ImportError::File(e) => AppError::bad_param("file", Message::rendered("err_catchment_file", e.to_string())),
        ImportError::Bad { field, message } => AppError::bad_param(field, message),
        ImportError::AlreadyThere { year, schools } => {
            AppError::bad_param("replace", msg!(err_catchments_there, year = year, schools = schools.join(", ")))
        }
        ImportError::Db(e) => {
            tracing::error!(error = %e, "catchment upload: database");
            AppError::Internal
        }
    }
}

async fn run(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(i32, Imported), AppError> {
    use app::ssr::auth::session as auth;
    let account = auth::admin(auth::account_from(state, headers, Some(session)).await?)?;
    let multipart = multipart.map_err(|_| AppError::bad_param("file", msg!(err_multipart)))?;
    let form = read_form(multipart).await?;
    let year =
        app::model::parse_year(form.year.as_deref())?.ok_or_else(|| AppError::bad_param("year", msg!(err_required)))?;
    let crs = match form.crs.as_deref() {
        None => Crs::Wgs84,
        Some(s) => Crs::parse(s).ok_or_else(|| AppError::bad_param("crs", msg!(err_unknown_crs, value = s)))?,
    };
    let (filename, text) = form.file.ok_or_else(|| AppError::bad_param("file", msg!(err_required)))?;
    let format = Format::from_path(&filename)
        .ok_or_else(|| AppError::bad_param("file", msg!(err_catchment_file_type, value = &filename)))?;
    let kind_of = |id: &str| state.index.get(id).map(|f| f.kind);
    let req = ImportRequest {
        text: &text,
        format,
        crs,
        year,
        replace: form.replace,
        skip_invalid: form.skip_invalid,
        source_url: form.source_url,
        source_text: form.source_text,
    };
    let done = import(&state.store, &kind_of, req, app::clock::now()).await.map_err(to_app_error)?;
    // This instance answers with the new catchments at once; the others follow the change log.
    state.catchments.reload(&state.store).await.map_err(|e| {
        tracing::error!(error = %e, "catchment upload: reload");
        AppError::Internal
    })?;
    tracing::info!(login = %account.login, year, shapes = done.shapes, lists = done.lists, "catchments uploaded");
    Ok((year, done))
}

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let browser = app::http_status::from_browser_navigation(&headers);
    let result = run(&state, &headers, &session, multipart).await;
    match (result, browser) {
        (Ok((year, done)), true) => Redirect::to(&format!(
            "/admin/catchments?year={year}&shapes={}&lists={}&schools={}",
            done.shapes, done.lists, done.schools
        ))
        .into_response(),
        (Ok((year, done)), false) => axum::Json(json!({"year": year, "shapes": done.shapes, "lists": done.lists,
            "schools": done.schools, "skipped": done.skipped.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "skipped_codes": done.skipped.iter().map(|e| e.reason.code().to_string()).collect::<Vec<_>>()}))
        .into_response(),
        (Err(e @ AppError::BadRequest { .. }), true) => {
            Redirect::to(&format!("/admin/catchments?error={}", app::url_query::url_encode(&e.to_string())))
                .into_response()
        }
        (Err(e), _) => e.into_response(),
    }
}
