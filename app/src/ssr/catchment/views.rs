//! The pages' data, built from the in-memory catchments and the facility list.

use super::{Catchments, Gap, YearInfo, YearView, communities_in, review};
use crate::model::{
    CatchmentPolygon, CatchmentReview, CommunityName, CommunityPopulation, FacilityKind, OverlapRow, SchoolCatchment,
    YearNotice,
};
use crate::ssr::index::FacilityIndex;
use crate::ssr::reference::Community;

pub fn notice(info: &YearInfo) -> YearNotice {
    YearNotice {
        year: info.year,
        source_url: info.source_url.clone(),
        source_text: info.source_text.clone(),
        sample: info.sample,
    }
}

fn names(list: Vec<&Community>) -> Vec<CommunityName> {
    list.into_iter().map(|c| CommunityName { code: c.code.to_string(), name: c.short_name(), children: None }).collect()
}

fn gaps(list: Vec<Gap>) -> Vec<CommunityName> {
    list.into_iter()
        .map(|g| CommunityName {
            code: g.community.code.to_string(),
            name: g.community.short_name(),
            children: g.children,
        })
        .collect()
}

fn polygons(view: &YearView, school: Option<&str>, index: &FacilityIndex) -> Vec<CatchmentPolygon> {
    view.data
        .shapes
        .iter()
        .filter(|s| school.is_none_or(|id| s.school_id == id))
        .flat_map(|s| {
            let kind = index.get(&s.school_id).map(|f| f.kind);
            s.area.0.iter().map(move |p| CatchmentPolygon {
                school_id: s.school_id.clone(),
                kind,
                multi_school: s.multi_school,
                rings: std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|r| r.0.iter().map(|c| (c.y, c.x)).collect())
                    .collect(),
            })
        })
        .collect()
}

/// A school's catchment in the year (latest when `None`); `None` when it has none then.
pub fn school(catchments: &Catchments, index: &FacilityIndex, id: &str, year: Option<i32>) -> Option<SchoolCatchment> {
    let view = catchments.year_or_latest(year)?;
    let f = index.get(id)?;
    let polygons = polygons(&view, Some(id), index);
    let communities = names(communities_in(&view, id));
    if polygons.is_empty() && communities.is_empty() {
        return None;
    }
    Some(SchoolCatchment { notice: notice(&view.data.info), lat: f.lat, lng: f.lng, polygons, communities })
}

/// The district's review of a year (latest when `None`), with the residents per community if imported.
pub fn district(
    catchments: &Catchments,
    index: &FacilityIndex,
    population: &[CommunityPopulation],
    year: Option<i32>,
) -> Option<CatchmentReview> {
    let view = catchments.year_or_latest(year)?;
    let kind_of = |id: &str| index.get(id).map(|f| f.kind);
    let r = review(&view, &kind_of, population);
    let name = |id: &str| index.get(id).map_or_else(|| id.to_string(), |f| f.name.clone());
    let mut schools: Vec<&str> = view.data.shapes.iter().map(|s| s.school_id.as_str()).collect();
    schools.extend(view.data.lists.iter().map(|l| l.school_id.as_str()));
    schools.sort_unstable();
    schools.dedup();
    Some(CatchmentReview {
        notice: notice(&view.data.info),
        years: catchments.years(),
        polygons: polygons(&view, None, index),
        schools: schools.len(),
        no_primary: gaps(r.no_primary),
        no_middle: gaps(r.no_middle),
        overlaps: r
            .unmarked_overlaps
            .into_iter()
            .filter(|o| matches!(o.kind, FacilityKind::PrimarySchool | FacilityKind::MiddleSchool))
            .map(|o| OverlapRow {
                school_a: name(&o.school_a),
                school_b: name(&o.school_b),
                area_m2: o.area_m2,
                lat: o.at.0,
                lng: o.at.1,
            })
            .collect(),
    })
}
