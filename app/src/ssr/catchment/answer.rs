//! `/api/catchment`'s answer: the schools whose catchment of the year holds the point, nearest first.

use super::Catchments;
use crate::geodesy::haversine_m;
use crate::model::{CatchmentAnswer, CatchmentQuery, CatchmentSchool, NearestResult, StaleAfter};
use crate::ssr::index::FacilityIndex;

pub fn answer(
    catchments: &Catchments,
    facilities: &FacilityIndex,
    stale_after: &StaleAfter,
    q: &CatchmentQuery,
) -> CatchmentAnswer {
    let Some(view) = catchments.year_or_latest(q.year) else {
        let message = match q.year {
            Some(y) => crate::msg!(err_no_catchments_year, year = y).to_string(),
            None => crate::msg!(err_no_catchments).to_string(),
        };
        return CatchmentAnswer { year: q.year, schools: Vec::new(), message: Some(message) };
    };
    let year = view.data.info.year;
    let mut schools: Vec<CatchmentSchool> = view
        .schools_at(q.lat, q.lng)
        .into_iter()
        // A school removed from the facility list since the import is no longer an answer.
        .filter_map(|(id, basis)| {
            let f = facilities.get(&id)?;
            let distance_m = haversine_m(q.lat, q.lng, f.lat, f.lng).round() as u32;
            let result =
                NearestResult { distance_m, stale_after_s: stale_after.for_kind(f.kind), facility: (*f).clone() };
            Some(CatchmentSchool { result, basis })
        })
        .collect();
    schools.sort_by(|a, b| {
        a.result.distance_m.cmp(&b.result.distance_m).then(a.result.facility.id.cmp(&b.result.facility.id))
    });
    let message = schools.is_empty().then(|| crate::msg!(err_in_no_catchment, year = year).to_string());
    CatchmentAnswer { year: Some(year), schools, message }
}
