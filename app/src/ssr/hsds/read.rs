//! `caremap import --format hsds DIR`: an HSDS export (ours) back into facilities. Locations come
//! from `organizations.json` (a facility without services is still there), figures from
//! `services.json`; each row goes through the same validation as every other import.

use std::collections::HashMap;

use serde_json::Value;

use super::map::{BYDAY, ID_SCHEME, SERVICE_KIND};
use crate::geodesy::Crs;
use crate::message::Message;
use crate::model::OpeningHours;
use crate::msg;
use crate::ssr::import::draft::{Draft, DraftService, DraftSession};
use crate::ssr::import::{Parsed, RowError};

/// The two files an import reads, by name.
pub struct Files<'a> {
    pub organizations: &'a str,
    pub services: &'a str,
}

fn array(name: &str, text: &str) -> Result<Vec<Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(_) => Err(format!("{name}: not a JSON array of HSDS objects")),
        Err(e) => Err(format!("{name}: not valid JSON: {e}")),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn range_of(v: &Value, key: &str) -> Option<(String, String)> {
    let r = v.get(key)?;
    Some((r.get("min")?.to_string(), r.get("max")?.to_string()))
}

/// `HH:MM+08:00` → `HH:MM` (CareMap's hours are Beijing time; another offset is refused).
fn local_time(t: &str) -> Result<&str, Message> {
    t.strip_suffix(super::map::UTC_OFFSET)
        .ok_or_else(|| msg!(err_hsds_time, value = t, form = format!("HH:MM{}", super::map::UTC_OFFSET)))
}

/// A location's weekly schedules → CareMap's opening-hours text (validated by `Draft::validate`).
fn hours(location: &Value) -> Result<String, Message> {
    let Some(schedules) = location.get("schedules").and_then(Value::as_array) else {
        return Ok(String::new());
    };
    let mut rules = Vec::with_capacity(schedules.len());
    for s in schedules {
        let days: Vec<&str> = str_of(s, "byday").unwrap_or("").split(',').map(str::trim).collect();
        let mut mo_su = Vec::with_capacity(days.len());
        for d in &days {
            let i = BYDAY.iter().position(|b| b == d).ok_or_else(|| msg!(err_hsds_byday, value = *d))?;
            mo_su.push(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][i]);
        }
        let opens = local_time(str_of(s, "opens_at").unwrap_or(""))?;
        let closes = local_time(str_of(s, "closes_at").unwrap_or(""))?;
        rules.push(format!("{} {opens}-{closes}", mo_su.join(",")));
    }
    let text = rules.join("; ");
    // Every day round the clock is what CareMap calls 24/7.
    if text == "Mo,Tu,We,Th,Fr,Sa,Su 00:00-24:00" {
        return Ok(OpeningHours::always_open().to_string());
    }
    Ok(text)
}

fn draft(location: &Value) -> Result<Draft, Message> {
    let id = match (str_of(location, "external_identifier_type"), str_of(location, "external_identifier")) {
        (Some(ID_SCHEME), Some(id)) => id.to_string(),
        _ => return Err(msg!(err_hsds_no_identifier, scheme = ID_SCHEME)),
    };
    let first = |key: &str, field: &str| {
        location.get(key).and_then(Value::as_array).and_then(|a| a.first()).and_then(|x| str_of(x, field))
    };
    let text = |key: &str| str_of(location, key).map(str::to_string);
    let sessions = location
        .get("caremap_sessions")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|s| {
                    let (grade_min, grade_max) = range_of(s, "grades").unwrap_or_default();
                    DraftSession {
                        name: str_of(s, "name").unwrap_or("").to_string(),
                        start: str_of(s, "start").unwrap_or("").to_string(),
                        end: str_of(s, "end").unwrap_or("").to_string(),
                        grade_min,
                        grade_max,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Draft {
        id: Some(id),
        name: text("name"),
        kind: text("caremap_kind"),
        lat: location.get("latitude").and_then(Value::as_f64),
        lng: location.get("longitude").and_then(Value::as_f64),
        address: first("addresses", "address_1").map(str::to_string),
        phone: first("phones", "number").map(str::to_string),
        accessibility: first("accessibility", "description").map(str::to_string),
        ownership: text("caremap_ownership"),
        status: text("caremap_status"),
        location_basis: text("caremap_location_basis"),
        details: match location.get("caremap_details") {
            Some(d) => serde_json::from_value(d.clone()).map_err(|e| msg!(err_hsds_details, detail = e.to_string()))?,
            None => crate::model::Details::default(),
        },
        subdistrict_code: text("caremap_subdistrict_code"),
        community_code: text("caremap_community_code"),
        parent_id: text("caremap_parent_id"),
        hours: Some(hours(location)?),
        ages: range_of(location, "caremap_ages"),
        grades: range_of(location, "caremap_grades"),
        sessions,
        fees: text("caremap_fees"),
        sample: location.get("caremap_sample").and_then(Value::as_bool).unwrap_or(false),
        ..Draft::default()
    })
}

/// One service's figure, and the location it is offered at.
fn figure(service: &Value) -> Result<(String, DraftService), Message> {
    let kind = str_of(service, SERVICE_KIND).ok_or_else(|| msg!(err_hsds_no_kind, key = SERVICE_KIND))?;
    let location = service
        .get("service_at_locations")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|sal| str_of(sal, "location_id"))
        .ok_or_else(|| msg!(err_hsds_missing, key = "service_at_locations[0].location_id"))?;
    let capacity = service
        .get("capacities")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .ok_or_else(|| msg!(err_hsds_missing, key = "capacities[0]"))?;
    let updated = str_of(capacity, "updated").ok_or_else(|| msg!(err_hsds_missing, key = "capacities[0].updated"))?;
    let updated_at = super::time::parse(updated).ok_or_else(|| msg!(err_hsds_updated, value = updated))?;
    let number = |k: &str| capacity.get(k).map(Value::to_string).unwrap_or_default();
    Ok((
        location.to_string(),
        DraftService {
            service: kind.to_string(),
            available: number("available"),
            maximum: number("maximum"),
            updated_at: Some(updated_at),
        },
    ))
}

fn row_error(file: &str, n: usize, id: Option<&str>, reason: impl Into<Message>) -> RowError {
    RowError {
        location: msg!(err_at_object, file = file, n = n + 1),
        id: id.map(str::to_string),
        reason: reason.into(),
    }
}

/// Read an export back. `Err` when a file is not an array at all; bad objects are row errors.
pub fn parse(files: &Files<'_>, now: i64) -> Result<Parsed, String> {
    let organizations = array("organizations.json", files.organizations)?;
    let services = array("services.json", files.services)?;
    let mut errors = Vec::new();
    // Location id → (its draft, the organization it came from).
    let mut drafts: Vec<(String, Draft, usize)> = Vec::new();
    for (n, org) in organizations.iter().enumerate() {
        let locations = org.get("locations").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        if locations.is_empty() {
            errors.push(row_error("organizations.json", n, str_of(org, "id"), msg!(err_imp_no_locations)));
        }
        for location in locations {
            match (str_of(location, "id"), draft(location)) {
                (Some(id), Ok(d)) => drafts.push((id.to_string(), d, n)),
                (None, _) => errors.push(row_error("organizations.json", n, None, msg!(err_imp_location_no_id))),
                (Some(id), Err(e)) => errors.push(row_error("organizations.json", n, Some(id), e)),
            }
        }
    }
    let index: HashMap<String, usize> = drafts.iter().enumerate().map(|(i, (id, _, _))| (id.clone(), i)).collect();
    for (n, service) in services.iter().enumerate() {
        match figure(service) {
            Ok((location, s)) => match index.get(&location) {
                Some(&i) => drafts[i].1.services.push(s),
                None => errors.push(row_error(
                    "services.json",
                    n,
                    str_of(service, "id"),
                    msg!(err_imp_location_unknown, value = &location, file = "organizations.json"),
                )),
            },
            Err(e) => errors.push(row_error("services.json", n, str_of(service, "id"), e)),
        }
    }
    let mut facilities = Vec::with_capacity(drafts.len());
    for (location, d, n) in drafts {
        match d.validate(Crs::Wgs84, now) {
            Ok(f) => facilities.push(f),
            Err(e) => errors.push(row_error("organizations.json", n, Some(&location), e)),
        }
    }
    Ok(Parsed { facilities, errors })
}
