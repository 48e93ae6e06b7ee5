//! Coverage against the plan, from the index and residents' reports.

use std::collections::HashMap;

use super::reference::COMMUNITIES;
use super::state::AppState;
use crate::model::{Coverage, FacilityKind, FacilityStatus, ReportKind, SubdistrictCoverage};
use crate::subdistricts::SUBDISTRICTS;

pub async fn coverage(state: &AppState) -> Result<Coverage, sqlx::Error> {
    let now = crate::clock::now();
    let all = state.index.all();
    let reports = state.store.reports(now - 30 * 86_400, 100_000).await?;
    let mut full_reports: HashMap<String, u32> = HashMap::new();
    for r in reports.iter().filter(|r| r.kind == ReportKind::Full) {
        // By id through the index's map: one lookup per report, not a scan of every facility.
        if let Some(sd) = state.index.get(&r.facility_id).and_then(|f| f.subdistrict_code.clone()) {
            *full_reports.entry(sd).or_default() += 1;
        }
    }
    let subdistricts = SUBDISTRICTS
        .iter()
        .map(|s| {
            // A facility closed for good no longer covers anyone; a temporarily closed one still exists.
            let here: Vec<_> = all
                .iter()
                .filter(|f| f.status != FacilityStatus::Closed && f.subdistrict_code.as_deref() == Some(s.code))
                .collect();
            let centre =
                here.iter().find(|f| f.kind == FacilityKind::ElderlyCenter).map(|f| (f.id.clone(), f.name.clone()));
            let communities: Vec<_> = COMMUNITIES.iter().filter(|c| c.subdistrict_code == s.code).collect();
            let lacking = communities
                .iter()
                .filter(|c| {
                    !here
                        .iter()
                        .any(|f| f.kind == FacilityKind::ElderlyDaycare && f.community_code.as_deref() == Some(c.code))
                })
                .map(|c| c.short_name())
                .collect();
            let services: Vec<_> = here.iter().flat_map(|f| f.services.iter()).collect();
            SubdistrictCoverage {
                code: s.code.to_string(),
                name: s.name.to_string(),
                centre,
                communities: communities.len() as u32,
                lacking,
                full_services: services.iter().filter(|c| c.available == 0).count() as u32,
                services: services.len() as u32,
                full_reports: full_reports.get(s.code).copied().unwrap_or(0),
            }
        })
        .collect();
    Ok(Coverage { subdistricts, as_of: now })
}
