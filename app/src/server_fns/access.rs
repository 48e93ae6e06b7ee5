//! `GET /api/admin/access?service=S[&radius_m=]` — access per community (2SFCA), worst served first;
//! `GET /api/admin/suggest?service=S[&n=5][&radius_m=]` — where new facilities would reach the most
//! residents not yet served. District admins only.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::{AccessReport, SuggestionReport};

/// Parameters arrive as text so that a bad one is answered 400 naming it (not a generic decode error).
#[server(prefix = "/api", endpoint = "admin/access", input = GetUrl, output = Json)]
pub async fn get_access_report(service: Option<String>, radius_m: Option<String>) -> Result<AccessReport, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    let (service, radius_m) = crate::model::parse_access_params(service.as_deref(), radius_m.as_deref())?;
    crate::ssr::population::access_report(&state, service, radius_m).await
}

#[server(prefix = "/api", endpoint = "admin/suggest", input = GetUrl, output = Json)]
pub async fn suggest_sites(
    service: Option<String>,
    radius_m: Option<String>,
    n: Option<String>,
) -> Result<SuggestionReport, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    let (service, radius_m) = crate::model::parse_access_params(service.as_deref(), radius_m.as_deref())?;
    let n = crate::model::parse_suggestion_count(n.as_deref())?;
    crate::ssr::population::suggestion_report(&state, service, radius_m, n).await
}
