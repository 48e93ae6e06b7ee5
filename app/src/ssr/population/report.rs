//! `/api/admin/access` and `/api/admin/suggest` on the live data: the stored population as demand,
//! the index's open facilities as supply.

use std::sync::LazyLock;

use crate::error::AppError;
use crate::model::{AccessReport, CommunityPopulation, ServiceKind, SuggestionReport};
use crate::ssr::access::{Demand, supply, two_step};
use crate::ssr::reference::{COMMUNITIES, community_point};
use crate::ssr::state::AppState;
use crate::ssr::suggest::{GRID_SPACING_M, greedy, grid};

/// The candidate sites never change while the server runs: computed once.
static CANDIDATES: LazyLock<Vec<(f64, f64)>> = LazyLock::new(|| grid(GRID_SPACING_M));

/// Each stored community as demand for `service`: its residents in the service's age groups, at the
/// file's point when it gave one, else the community's approximate point.
pub fn demand(rows: &[CommunityPopulation], service: ServiceKind) -> Vec<Demand> {
    let (groups, _) = service.demand();
    rows.iter()
        .filter_map(|p| {
            let community = COMMUNITIES.iter().find(|c| c.code == p.code);
            // A code the reference data no longer knows has no approximate point: only its own.
            let (lat, lng) = p.point().or_else(|| community.map(community_point))?;
            Some(Demand {
                code: p.code.clone(),
                name: community.map_or_else(|| p.code.clone(), |c| c.short_name()),
                subdistrict_code: community.map_or_else(String::new, |c| c.subdistrict_code.to_string()),
                lat,
                lng,
                population: p.sum(groups),
            })
        })
        .collect()
}

pub async fn access_report(state: &AppState, service: ServiceKind, radius_m: u32) -> Result<AccessReport, AppError> {
    let rows = state.store.population().await?;
    let facilities = supply(&state.index.all(), service);
    Ok(AccessReport {
        service,
        radius_m,
        population_loaded: !rows.is_empty(),
        population_sample: rows.iter().any(|p| p.sample),
        communities: two_step(&demand(&rows, service), &facilities, radius_m),
        facilities,
    })
}

/// Sites for up to `n` new facilities, each counting only residents that no open facility nor an
/// earlier suggestion reaches.
pub async fn suggestion_report(
    state: &AppState,
    service: ServiceKind,
    radius_m: u32,
    n: u8,
) -> Result<SuggestionReport, AppError> {
    let rows = state.store.population().await?;
    let demand = demand(&rows, service);
    let access = two_step(&demand, &supply(&state.index.all(), service), radius_m);
    let unserved: Vec<Demand> =
        demand.into_iter().filter(|d| access.iter().any(|a| a.code == d.code && !a.served(radius_m))).collect();
    let suggestions = tokio::task::spawn_blocking(move || greedy(&CANDIDATES, &unserved, radius_m, usize::from(n)))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "suggestion task failed");
            AppError::Internal
        })?;
    Ok(SuggestionReport { service, radius_m, suggestions })
}
