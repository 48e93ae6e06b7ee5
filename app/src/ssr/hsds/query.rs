//! The HSDS API's lists: filters, pagination and HSDS's page wrapper, over the facilities in the index.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::{ids, map, time};
use crate::error::AppError;
use crate::model::{Facility, ServiceCapacity};
use crate::msg;

pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 1000;

/// Which HSDS object a list or lookup is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Service,
    Organization,
    ServiceAtLocation,
}

/// `search`, `modified_after`, `page`, `per_page`, validated. Other HSDS parameters (taxonomies,
/// `format`, `minimal`, `full`) are not supported and are ignored: lists always hold full objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub search: Option<String>,
    /// Unix seconds: only objects whose figures changed at or after it.
    pub modified_after: Option<i64>,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

fn positive(params: &HashMap<String, String>, field: &str, default: usize, max: usize) -> Result<usize, AppError> {
    let Some(text) = params.get(field).map(|s| s.trim()).filter(|s| !s.is_empty()) else {
        return Ok(default);
    };
    match text.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(AppError::bad_param(field, msg!(err_whole_number, value = text, min = 1, max = max))),
    }
}

impl ListQuery {
    pub fn parse(params: &HashMap<String, String>) -> Result<ListQuery, AppError> {
        let search = params.get("search").map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
        let modified_after = match params.get("modified_after").map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => None,
            Some(t) => Some(
                time::parse(t).ok_or_else(|| AppError::bad_param("modified_after", msg!(err_not_a_time, value = t)))?,
            ),
        };
        Ok(ListQuery {
            search,
            modified_after,
            page: positive(params, "page", 1, u32::MAX as usize)?,
            per_page: positive(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        })
    }
}

/// Facilities in id order, so pages are stable.
fn sorted(mut facilities: Vec<Arc<Facility>>) -> Vec<Arc<Facility>> {
    facilities.sort_by(|a, b| a.id.cmp(&b.id));
    facilities
}

fn text_matches(f: &Facility, c: Option<&ServiceCapacity>, needle: &str) -> bool {
    f.name.to_lowercase().contains(needle)
        || f.address.to_lowercase().contains(needle)
        || c.is_some_and(|c| {
            crate::text::service(crate::i18n::Locale::zh, c.service).contains(needle) || c.service.as_str() == needle
        })
}

/// Every (facility, service) pair, or every facility for organizations, that passes the filters.
fn matching<'a>(
    object: Object,
    facilities: &'a [Arc<Facility>],
    q: &ListQuery,
) -> Vec<(&'a Facility, Option<&'a ServiceCapacity>)> {
    let search = |f: &Facility, c: Option<&ServiceCapacity>| q.search.as_deref().is_none_or(|s| text_matches(f, c, s));
    let modified = |c: &ServiceCapacity| q.modified_after.is_none_or(|t| c.updated_at >= t);
    match object {
        Object::Organization => facilities
            .iter()
            .map(|f| (f.as_ref(), None))
            .filter(|(f, _)| search(f, None))
            .filter(|(f, _)| q.modified_after.is_none() || f.services.iter().any(modified))
            .collect(),
        Object::Service | Object::ServiceAtLocation => facilities
            .iter()
            .flat_map(|f| f.services.iter().map(move |c| (f.as_ref(), Some(c))))
            .filter(|(f, c)| search(f, *c) && c.is_some_and(modified))
            .collect(),
    }
}

fn render(object: Object, f: &Facility, c: Option<&ServiceCapacity>) -> Option<Value> {
    match (object, c) {
        (Object::Organization, _) => Some(map::organization(f)),
        (Object::Service, Some(c)) => Some(map::service(f, c)),
        (Object::ServiceAtLocation, Some(c)) => Some(map::service_at_location(f, c)),
        _ => None,
    }
}

/// One page, in HSDS's page wrapper.
pub fn list(object: Object, facilities: Vec<Arc<Facility>>, q: &ListQuery) -> Value {
    let facilities = sorted(facilities);
    let all = matching(object, &facilities, q);
    let total = all.len();
    let total_pages = total.div_ceil(q.per_page).max(1);
    let contents: Vec<Value> = all
        .iter()
        .skip((q.page - 1).saturating_mul(q.per_page))
        .take(q.per_page)
        .filter_map(|(f, c)| render(object, f, *c))
        .collect();
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": q.page,
        "size": contents.len(),
        "first_page": q.page == 1,
        "last_page": q.page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// One object by its HSDS id. Ids are derived, not stored, so this derives each candidate's id:
/// linear in the number of services, a few milliseconds for a city.
pub fn find(object: Object, facilities: &[Arc<Facility>], id: &str) -> Result<Value, AppError> {
    let what = match object {
        Object::Service => "service",
        Object::Organization => "organization",
        Object::ServiceAtLocation => "service_at_location",
    };
    let id = id.trim().to_ascii_lowercase();
    let found = facilities.iter().find_map(|f| match object {
        Object::Organization => (ids::organization(&f.id) == id).then(|| map::organization(f)),
        Object::Service => {
            f.services.iter().find(|c| ids::service(&f.id, c.service.as_str()) == id).map(|c| map::service(f, c))
        }
        Object::ServiceAtLocation => f
            .services
            .iter()
            .find(|c| ids::service_at_location(&f.id, c.service.as_str()) == id)
            .map(|c| map::service_at_location(f, c)),
    });
    found.ok_or_else(|| AppError::not_found(format!("{what} `{id}`"), msg!(err_not_found_thing, id = id)))
}
