//! District staff: coverage against the plan.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Coverage;

#[server(prefix = "/api", endpoint = "admin/coverage")]
pub async fn coverage_report() -> Result<Coverage, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    Ok(crate::ssr::coverage::coverage(&state).await?)
}
