//! Figures over time: `GET /api/facility/trend?id=` (public: free places are public) and
//! `GET /api/admin/trends?service=&granularity=day|week` (district admins).

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::{AreaTrend, FacilityTrend};

#[server(prefix = "/api", endpoint = "facility/trend", input = GetUrl, output = Json)]
pub async fn get_facility_trend(id: String) -> Result<FacilityTrend, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::trends::facility_trend(&state, &id).await?.ok_or_else(|| AppError::no_facility(&id))
}

#[server(prefix = "/api", endpoint = "admin/trends", input = GetUrl, output = Json)]
pub async fn get_area_trend(service: String, granularity: Option<String>) -> Result<AreaTrend, AppError> {
    use crate::model::{Granularity, ServiceKind};
    let service = ServiceKind::parse(service.trim())
        .ok_or_else(|| AppError::bad_param("service", crate::msg!(err_unknown_service_plain)))?;
    let granularity = match granularity.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
        None => Granularity::Day,
        Some(g) => {
            Granularity::parse(g).ok_or_else(|| AppError::bad_param("granularity", crate::msg!(err_granularity)))?
        }
    };
    let state = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&state).await?;
    Ok(crate::ssr::trends::area_trend(&state, service, granularity).await?)
}
