//! A facility page's data, from the index (live figures, no database round trip).

use super::state::AppState;
use crate::model::FacilityDetail;

pub fn detail(state: &AppState, id: &str) -> Option<FacilityDetail> {
    let facility = state.index.get(id)?;
    let parent_name = facility.parent_id.as_deref().and_then(|p| state.index.get(p)).map(|p| p.name.clone());
    Some(FacilityDetail {
        stale_after_s: state.settings.stale_after.for_kind(facility.kind),
        as_of: crate::clock::now(),
        facility: (*facility).clone(),
        parent_name,
    })
}
