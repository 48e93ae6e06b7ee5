//! GeoJSON: a FeatureCollection of Points; the facility is in each feature's `properties`.

use serde_json::{Map, Value};

use super::draft::{Draft, DraftService, DraftSession};
use super::{FileError, feature as at_feature};
use crate::message::Message;
use crate::msg;

type Located = (Message, Result<Draft, Message>);

pub(super) fn drafts(text: &str) -> Result<Vec<Located>, FileError> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| FileError::Json(msg!(err_file_json, detail = e.to_string())))?;
    if root.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(FileError::NotFeatureCollection(msg!(err_file_not_collection)));
    }
    let features = root
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| FileError::NotFeatureCollection(msg!(err_file_features_array)))?;
    Ok(features.iter().enumerate().map(|(i, f)| (at_feature(i + 1), feature(f))).collect())
}

fn feature(f: &Value) -> Result<Draft, Message> {
    let props = f.get("properties").and_then(Value::as_object).ok_or_else(|| msg!(err_imp_no_properties))?;
    let mut d = Draft { id: id_text(props.get("id")), ..Draft::default() };
    let geometry = f.get("geometry").ok_or_else(|| msg!(err_imp_no_geometry))?;
    if geometry.get("type").and_then(Value::as_str) != Some("Point") {
        return Err(msg!(err_imp_not_point));
    }
    let coords = geometry.get("coordinates").and_then(Value::as_array).ok_or_else(|| msg!(err_imp_no_coordinates))?;
    if coords.len() < 2 {
        return Err(msg!(err_imp_point_pair));
    }
    d.lng = Some(number(&coords[0], "longitude")?);
    d.lat = Some(number(&coords[1], "latitude")?);
    d.name = string(props, "name")?;
    d.kind = string(props, "kind")?;
    d.address = string(props, "address")?;
    d.phone = string(props, "phone")?;
    d.ownership = string(props, "ownership")?;
    d.status = string(props, "status")?;
    d.subdistrict_code = string(props, "subdistrict_code")?;
    d.community_code = string(props, "community_code")?;
    d.parent_id = string(props, "parent_id")?;
    d.hours = string(props, "hours")?;
    d.fees = string(props, "fees")?;
    d.accessibility = string(props, "accessibility")?;
    d.location_basis = string(props, "location_basis")?;
    if let Some(details) = props.get("details") {
        d.details =
            serde_json::from_value(details.clone()).map_err(|e| msg!(err_imp_details_json, detail = e.to_string()))?;
    }
    d.sample = props.get("sample").and_then(Value::as_bool).unwrap_or(false);
    d.ages = pair(props.get("ages"), "ages")?;
    d.grades = pair(props.get("grades"), "grades")?;
    if let Some(list) = props.get("services") {
        let list = list.as_array().ok_or_else(|| msg!(err_imp_not_array, key = "services"))?;
        for s in list {
            let s = s.as_object().ok_or_else(|| msg!(err_imp_service_not_object))?;
            d.services.push(DraftService {
                service: string(s, "service")?.unwrap_or_default(),
                available: figure(s.get("available")),
                maximum: figure(s.get("maximum")),
                updated_at: s.get("updated_at").and_then(Value::as_i64),
            });
        }
    }
    if let Some(list) = props.get("sessions") {
        let list = list.as_array().ok_or_else(|| msg!(err_imp_not_array, key = "sessions"))?;
        for s in list {
            let o = s.as_object().ok_or_else(|| msg!(err_imp_session_not_object))?;
            let (grade_min, grade_max) = pair(o.get("grades"), "session grades")?.unwrap_or_default();
            d.sessions.push(DraftSession {
                name: string(o, "name")?.unwrap_or_default(),
                start: string(o, "start")?.unwrap_or_default(),
                end: string(o, "end")?.unwrap_or_default(),
                grade_min,
                grade_max,
            });
        }
    }
    Ok(d)
}

/// Ids may be written as strings or numbers.
fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: &Value, what: &str) -> Result<f64, Message> {
    v.as_f64().ok_or_else(|| msg!(err_imp_not_number, what = what, value = v.to_string()))
}

fn string(o: &Map<String, Value>, key: &str) -> Result<Option<String>, Message> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(msg!(err_imp_not_text, key = key, value = other.to_string())),
    }
}

/// Capacity figures keep their written form so that `"seven"` or `2.5` can be quoted back.
fn figure(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// `{"min": 3, "max": 6}`.
fn pair(v: Option<&Value>, what: &str) -> Result<Option<(String, String)>, Message> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some((figure(o.get("min")), figure(o.get("max"))))),
        Some(_) => Err(msg!(err_imp_pair_form, key = what, example = r#"{"min": 1, "max": 6}"#)),
    }
}
