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
            Some(y) => format!("没有 {y} 学年的划片数据 (no catchments have been imported for the school year {y})"),
            None => "尚未导入任何划片数据 (no catchments have been imported yet)".to_string(),
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
    let message = schools.is_empty().then(|| {
        format!("该位置不在 {year} 学年任何学校的划片范围内 (this point is in no school's catchment for {year})")
    });
    CatchmentAnswer { year: Some(year), schools, message }
}
