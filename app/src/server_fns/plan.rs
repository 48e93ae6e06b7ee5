//! `GET /api/admin/plan` — the plan's targets as live numbers (district admins: session or token).

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::Plan;

#[server(prefix = "/api", endpoint = "admin/plan", input = GetUrl, output = Json)]
pub async fn plan_targets() -> Result<Plan, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    Ok(crate::ssr::plan::plan(&state).await?)
}
