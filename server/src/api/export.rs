//! `GET /api/admin/export/{plan|coverage|access|work-items}?format=xlsx|csv` — the operations view's
//! tables as files (district admins: session or bearer token, the same rule as the server functions).
//! `access` takes `service=` and `radius_m=`; `work-items` the list's filters.

use std::collections::HashMap;

use app::error::AppError;
use app::ssr::sheets::Sheet;
use app::ssr::state::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub async fn get(
    State(state): State<AppState>,
    what: Result<Path<String>, PathRejection>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    session: Session,
) -> Result<Response, AppError> {
    // axum's own rejection is plain text; a bad segment is a 400 in the usual shape.
    let Path(what) = what.map_err(|_| AppError::bad_param("what", app::msg!(err_export_what)))?;
    let format = match query.get("format").map(|f| f.trim()) {
        None | Some("" | "xlsx") => "xlsx",
        Some("csv") => "csv",
        Some(_) => return Err(AppError::bad_param("format", app::msg!(err_export_format))),
    };
    app::ssr::auth::session::admin(app::ssr::auth::session::account_from(&state, &headers, Some(&session)).await?)?;
    let arg = |name: &str| query.get(name).cloned();
    let sheet: Sheet = match what.as_str() {
        "plan" => app::ssr::sheets::plan_sheet(&app::ssr::plan::plan(&state).await?),
        "coverage" => app::ssr::sheets::coverage_sheet(&app::ssr::coverage::coverage(&state).await?),
        "access" => {
            let (service, radius_m) =
                app::model::parse_access_params(arg("service").as_deref(), arg("radius_m").as_deref())?;
            app::ssr::sheets::access_sheet(&app::ssr::population::access_report(&state, service, radius_m).await?)
        }
        "work-items" => {
            let filter = app::server_fns::work_items::parse_filter(
                arg("subdistrict"),
                arg("kind"),
                arg("state"),
                arg("overdue"),
            )?;
            app::ssr::sheets::work_sheet(&app::ssr::work::list::full_list(&state, &filter).await?)
        }
        _ => return Err(AppError::not_found(format!("export `{what}`"), app::msg!(err_no_export, what = &what))),
    };
    let (body, content_type) = match format {
        "csv" => (sheet.to_csv().map_err(internal)?, "text/csv; charset=utf-8"),
        _ => (sheet.to_xlsx().map_err(internal)?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    };
    let filename = format!("caremap-{what}-{}.{format}", app::calendar::shanghai_date(app::clock::now()));
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")).map_err(internal)?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type)), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "export failed");
    AppError::Internal
}
