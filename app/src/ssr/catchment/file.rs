//! The catchment file: a GeoJSON FeatureCollection of `Polygon` / `MultiPolygon` features with
//! `properties.school_id` (and optionally `"multi_school": true` for a 多校划片 area), or a CSV with the
//! header `school_id,community_code`. Every bad feature or line is reported with where it is and why.

use std::collections::HashMap;

use geo::{Coord, LineString, MultiPolygon, Polygon, Validation};
use serde_json::Value;

use super::{Listed, Shape, convert};
use crate::geodesy::{Crs, outside_china};
use crate::message::Message;
use crate::model::FacilityKind;
use crate::msg;
use crate::ssr::import::{FileError, Format, RowError};
use crate::ssr::reference::COMMUNITIES;

pub const CSV_HEADER: [&str; 2] = ["school_id", "community_code"];

#[derive(Debug, Default)]
pub struct Parsed {
    pub shapes: Vec<Shape>,
    pub lists: Vec<Listed>,
    pub errors: Vec<RowError>,
}

impl Parsed {
    /// Every school the file names (in good rows), each once, in file order.
    pub fn schools(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in self.shapes.iter().map(|s| &s.school_id).chain(self.lists.iter().map(|l| &l.school_id)) {
            if !out.contains(id) {
                out.push(id.clone());
            }
        }
        out
    }
}

/// Read and validate a whole file. `school_kind` tells what kind of facility an id is (`None`: unknown).
/// Shapes come out in WGS-84, converted from `crs`.
pub fn parse(
    text: &str,
    format: Format,
    crs: Crs,
    school_kind: &dyn Fn(&str) -> Option<FacilityKind>,
) -> Result<Parsed, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = match format {
        Format::GeoJson => geojson(text, crs, school_kind)?,
        Format::Csv => csv_lists(text, school_kind)?,
    };
    if parsed.shapes.is_empty() && parsed.lists.is_empty() && parsed.errors.is_empty() {
        return Err(FileError::NotFeatureCollection(msg!(err_cat_no_catchments)));
    }
    Ok(parsed)
}

/// The school must exist and be a primary or middle school.
fn school(id: &str, school_kind: &dyn Fn(&str) -> Option<FacilityKind>) -> Result<(), Message> {
    match school_kind(id) {
        None => Err(msg!(err_cat_unknown_school, id = id)),
        Some(FacilityKind::PrimarySchool | FacilityKind::MiddleSchool) => Ok(()),
        Some(other) => Err(msg!(err_cat_not_a_school, id = id, kind = other.as_str())),
    }
}

fn geojson(text: &str, crs: Crs, school_kind: &dyn Fn(&str) -> Option<FacilityKind>) -> Result<Parsed, FileError> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| FileError::Json(msg!(err_file_json, detail = e.to_string())))?;
    if root.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(FileError::NotFeatureCollection(msg!(err_file_not_collection)));
    }
    let features = root
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| FileError::NotFeatureCollection(msg!(err_file_features_array)))?;
    let mut parsed = Parsed::default();
    for (i, f) in features.iter().enumerate() {
        let id = f.pointer("/properties/school_id").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        match feature(f, id.as_deref(), crs, school_kind) {
            Ok(shape) => parsed.shapes.push(shape),
            Err(reason) => parsed.errors.push(RowError { location: crate::ssr::import::feature(i + 1), id, reason }),
        }
    }
    Ok(parsed)
}

fn feature(
    f: &Value,
    id: Option<&str>,
    crs: Crs,
    school_kind: &dyn Fn(&str) -> Option<FacilityKind>,
) -> Result<Shape, Message> {
    let props = f.get("properties").and_then(Value::as_object).ok_or_else(|| msg!(err_imp_no_properties))?;
    let id = id.filter(|s| !s.trim().is_empty()).ok_or_else(|| msg!(err_cat_missing_school_id))?;
    school(id, school_kind)?;
    let multi_school = match props.get("multi_school") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(msg!(err_cat_multi_school, value = other.to_string())),
    };
    let geometry = f.get("geometry").filter(|g| !g.is_null()).ok_or_else(|| msg!(err_cat_no_geometry))?;
    let coords = geometry.get("coordinates").and_then(Value::as_array).ok_or_else(|| msg!(err_cat_no_coordinates))?;
    let polygons: Vec<&Value> = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![geometry.get("coordinates").unwrap_or(&Value::Null)],
        Some("MultiPolygon") => coords.iter().collect(),
        Some(other) => return Err(msg!(err_cat_geometry_type, value = other)),
        None => return Err(msg!(err_cat_geometry_no_type)),
    };
    if coords.is_empty() {
        return Err(msg!(err_cat_empty_geometry));
    }
    let mut area = Vec::with_capacity(polygons.len());
    for (p, rings) in polygons.into_iter().enumerate() {
        let polygon = polygon(rings, p + 1)?;
        if let Err(e) = polygon.check_validation() {
            return Err(msg!(err_cat_polygon_invalid, p = p + 1, detail = e.to_string()));
        }
        area.push(convert::to_wgs84(&polygon, crs));
    }
    Ok(Shape { school_id: id.to_string(), area: MultiPolygon(area), multi_school })
}

/// One polygon's rings (outer first, then holes), each closed and inside China, as given (not yet shifted).
fn polygon(rings: &Value, p: usize) -> Result<Polygon<f64>, Message> {
    let rings = rings.as_array().ok_or_else(|| msg!(err_cat_polygon_not_rings, p = p))?;
    if rings.is_empty() {
        return Err(msg!(err_cat_polygon_empty, p = p));
    }
    let mut out = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let r = r + 1;
        let positions = ring.as_array().ok_or_else(|| msg!(err_cat_ring_not_array, r = r, p = p))?;
        let mut coords = Vec::with_capacity(positions.len());
        for pos in positions {
            let pair = pos.as_array().filter(|a| a.len() >= 2);
            let (Some(x), Some(y)) = (pair.and_then(|a| a[0].as_f64()), pair.and_then(|a| a[1].as_f64())) else {
                return Err(msg!(err_cat_position, r = r, p = p, value = pos.to_string()));
            };
            if outside_china(x, y) {
                return Err(msg!(err_cat_position_outside_china, r = r, p = p, x = x, y = y));
            }
            coords.push(Coord { x, y });
        }
        if coords.is_empty() {
            return Err(msg!(err_cat_ring_empty, r = r, p = p));
        }
        if coords.first() != coords.last() || coords.len() < 4 {
            return Err(if coords.len() < 4 && coords.first() == coords.last() {
                msg!(err_cat_ring_short, r = r, p = p, n = coords.len())
            } else {
                msg!(err_cat_ring_open, r = r, p = p)
            });
        }
        out.push(LineString(coords));
    }
    let outer = out.remove(0);
    Ok(Polygon::new(outer, out))
}

fn csv_lists(text: &str, school_kind: &dyn Fn(&str) -> Option<FacilityKind>) -> Result<Parsed, FileError> {
    let mut parsed = Parsed::default();
    let mut seen: HashMap<Listed, u64> = HashMap::new();
    for record in crate::ssr::import::fixed_csv::records(text, &CSV_HEADER)? {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                parsed.errors.push(e);
                continue;
            }
        };
        let line = record.line;
        let fields: Vec<&str> = record.fields.iter().map(String::as_str).collect();
        let checked = row(&fields, school_kind).and_then(|l| match seen.get(&l) {
            Some(first) => Err(msg!(err_cat_duplicate_row, first = *first)),
            None => Ok(l),
        });
        match checked {
            Ok(l) => {
                seen.insert(l.clone(), line);
                parsed.lists.push(l);
            }
            Err(reason) => parsed.errors.push(record.error(reason)),
        }
    }
    Ok(parsed)
}

fn row(fields: &[&str], school_kind: &dyn Fn(&str) -> Option<FacilityKind>) -> Result<Listed, Message> {
    let [id, code] = fields else {
        return Err(msg!(err_imp_field_count, expected = 2, found = fields.len()));
    };
    if id.is_empty() {
        return Err(msg!(err_cat_missing_school_id_csv));
    }
    school(id, school_kind)?;
    if code.is_empty() {
        return Err(msg!(err_imp_missing_community_code));
    }
    if !COMMUNITIES.iter().any(|c| c.code == *code) {
        return Err(msg!(err_imp_unknown_community, value = *code, n = COMMUNITIES.len()));
    }
    Ok(Listed { school_id: id.to_string(), community_code: code.to_string() })
}
