//! Residents tell the district a facility is full or its information wrong. Anyone may report;
//! each address is rate limited; the facility's manager and the admins see the reports.

use leptos::prelude::*;

use crate::error::AppError;

pub const MAX_NOTE: usize = 300;

#[server(prefix = "/api", endpoint = "report")]
pub async fn report_facility(facility_id: String, kind: String, note: Option<String>) -> Result<(), AppError> {
    let result = take_report(&facility_id, &kind, note).await;
    // Without JavaScript the form is a plain post: the browser is sent back to the facility's page with the
    // outcome in the address, so that the page can say the report arrived (or did not).
    let browser = leptos::prelude::use_context::<http::request::Parts>()
        .is_some_and(|p| crate::http_status::from_browser_navigation(&p.headers));
    if browser && crate::ssr::import::draft::valid_id(&facility_id) {
        let outcome = if result.is_ok() { "sent" } else { "failed" };
        crate::http_status::redirect(&format!("/facility/{facility_id}?report={outcome}#report"));
    }
    result
}

#[cfg(feature = "ssr")]
async fn take_report(facility_id: &str, kind: &str, note: Option<String>) -> Result<(), AppError> {
    let facility_id = facility_id.to_string();
    let state = crate::ssr::state::app_state()?;
    let kind = crate::model::ReportKind::parse(kind)
        .ok_or_else(|| AppError::bad_param("kind", crate::msg!(err_report_kind)))?;
    let note: String = note.unwrap_or_default().trim().chars().take(MAX_NOTE).collect();
    let facility = state.index.get(&facility_id).ok_or_else(|| AppError::no_facility(&facility_id))?;
    let ip = crate::ssr::client_addr::current().await;
    state.throttle.check_report(ip).map_err(|retry_after_s| AppError::TooManyRequests { retry_after_s })?;
    crate::ssr::work::lifecycle::take_report(&state, &facility, kind, &note, crate::clock::now()).await?;
    Ok(())
}

/// `GET /api/facility/reports?id=`: the last 30 days' reports about a facility and whether each was handled.
#[server(prefix = "/api", endpoint = "facility/reports", input = leptos::server_fn::codec::GetUrl, output = leptos::server_fn::codec::Json)]
pub async fn facility_reports(id: String) -> Result<Vec<crate::model::ReportStatus>, AppError> {
    let state = crate::ssr::state::app_state()?;
    if state.index.get(&id).is_none() {
        return Err(AppError::no_facility(&id));
    }
    let reports = state.store.facility_reports(&id, crate::clock::now() - 30 * 86_400).await?;
    Ok(reports.into_iter().map(|(r, state)| crate::model::ReportStatus { at: r.at, kind: r.kind, state }).collect())
}
