//! `GET /api/catchment?lat=&lng=[&crs=][&year=]` — a public contract: the schools whose catchment (划片)
//! of the year holds the point, nearest first.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::{CatchmentAnswer, CatchmentParams};

#[server(prefix = "/api", endpoint = "catchment", input = GetUrl, output = Json)]
pub async fn catchment(#[server(flatten)] params: CatchmentParams) -> Result<CatchmentAnswer, AppError> {
    let query = crate::model::CatchmentQuery::try_from(&params)?;
    let state = crate::ssr::state::app_state()?;
    Ok(crate::ssr::catchment::answer(&state.catchments, &state.index, &state.settings.stale_after, &query))
}

/// A school's catchment (latest year unless `year`), for its page; `None` when it has none.
#[server(prefix = "/api", endpoint = "school-catchment", input = GetUrl, output = Json)]
pub async fn school_catchment(
    id: String,
    year: Option<String>,
) -> Result<Option<crate::model::SchoolCatchment>, AppError> {
    let year = crate::model::parse_year(year.as_deref())?;
    let state = crate::ssr::state::app_state()?;
    Ok(crate::ssr::catchment::views::school(&state.catchments, &state.index, &id, year))
}

/// A year's notice (latest unless `year`): the link the search card shows.
#[server(prefix = "/api", endpoint = "catchment-notice", input = GetUrl, output = Json)]
pub async fn catchment_notice(year: Option<String>) -> Result<Option<crate::model::YearNotice>, AppError> {
    let year = crate::model::parse_year(year.as_deref())?;
    let state = crate::ssr::state::app_state()?;
    Ok(state.catchments.year_or_latest(year).map(|v| crate::ssr::catchment::views::notice(&v.data.info)))
}

/// District admins: a year's catchments and their problems.
#[server(prefix = "/api", endpoint = "admin/catchments", input = GetUrl, output = Json)]
pub async fn catchment_review(year: Option<String>) -> Result<Option<crate::model::CatchmentReview>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    let year = crate::model::parse_year(year.as_deref())?;
    let population = state.store.population().await.map_err(|e| {
        tracing::error!(error = %e, "catchment review: population");
        AppError::Internal
    })?;
    Ok(crate::ssr::catchment::views::district(&state.catchments, &state.index, &population, year))
}
