//! The catchment file: a GeoJSON FeatureCollection of `Polygon` / `MultiPolygon` features with
//! `properties.school_id` (and optionally `"multi_school": true` for a 多校划片 area), or a CSV with the
//! header `school_id,community_code`. Every bad feature or line is reported with where it is and why.

use std::collections::HashMap;

use geo::{Coord, LineString, MultiPolygon, Polygon, Validation};
use serde_json::Value;

use super::{Listed, Shape, convert};
use crate::geodesy::{Crs, outside_china};
use crate::model::FacilityKind;
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
        return Err(FileError::NotFeatureCollection("the file has no catchments".into()));
    }
    Ok(parsed)
}

/// The school must exist and be a primary or middle school.
fn school(id: &str, school_kind: &dyn Fn(&str) -> Option<FacilityKind>) -> Result<(), String> {
    match school_kind(id) {
        None => Err(format!("unknown school `{id}` (no facility has this id)")),
        Some(FacilityKind::PrimarySchool | FacilityKind::MiddleSchool) => Ok(()),
        Some(other) => Err(format!("`{id}` is a {}, not a primary or middle school", other.as_str())),
    }
}

fn geojson(text: &str, crs: Crs, school_kind: &dyn Fn(&str) -> Option<FacilityKind>) -> Result<Parsed, FileError> {
    let root: Value = serde_json::from_str(text).map_err(|e| FileError::Json(e.to_string()))?;
    if root.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(FileError::NotFeatureCollection("top-level `type` must be \"FeatureCollection\"".into()));
    }
    let features = root
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| FileError::NotFeatureCollection("`features` must be an array".into()))?;
    let mut parsed = Parsed::default();
    for (i, f) in features.iter().enumerate() {
        let id = f.pointer("/properties/school_id").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        match feature(f, id.as_deref(), crs, school_kind) {
            Ok(shape) => parsed.shapes.push(shape),
            Err(reason) => parsed.errors.push(RowError { location: format!("feature {}", i + 1), id, reason }),
        }
    }
    Ok(parsed)
}

fn feature(
    f: &Value,
    id: Option<&str>,
    crs: Crs,
    school_kind: &dyn Fn(&str) -> Option<FacilityKind>,
) -> Result<Shape, String> {
    let props = f.get("properties").and_then(Value::as_object).ok_or("feature has no `properties` object")?;
    let id = id.filter(|s| !s.trim().is_empty()).ok_or("missing `properties.school_id`")?;
    school(id, school_kind)?;
    let multi_school = match props.get("multi_school") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(format!("`multi_school` must be true or false, not {other}")),
    };
    let geometry = f.get("geometry").filter(|g| !g.is_null()).ok_or("feature has no geometry (empty geometry)")?;
    let coords = geometry.get("coordinates").and_then(Value::as_array).ok_or("geometry has no `coordinates` array")?;
    let polygons: Vec<&Value> = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![geometry.get("coordinates").unwrap_or(&Value::Null)],
        Some("MultiPolygon") => coords.iter().collect(),
        Some(other) => return Err(format!("geometry must be a Polygon or MultiPolygon, not {other}")),
        None => return Err("geometry has no `type`".into()),
    };
    if coords.is_empty() {
        return Err("empty geometry (no coordinates)".into());
    }
    let mut area = Vec::with_capacity(polygons.len());
    for (p, rings) in polygons.into_iter().enumerate() {
        let polygon = polygon(rings, p + 1)?;
        if let Err(e) = polygon.check_validation() {
            return Err(format!("polygon {}: {e}", p + 1));
        }
        area.push(convert::to_wgs84(&polygon, crs));
    }
    Ok(Shape { school_id: id.to_string(), area: MultiPolygon(area), multi_school })
}

/// One polygon's rings (outer first, then holes), each closed and inside China, as given (not yet shifted).
fn polygon(rings: &Value, p: usize) -> Result<Polygon<f64>, String> {
    let rings = rings.as_array().ok_or_else(|| format!("polygon {p} is not an array of rings"))?;
    if rings.is_empty() {
        return Err(format!("polygon {p} is empty (no rings)"));
    }
    let mut out = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let r = r + 1;
        let positions = ring.as_array().ok_or_else(|| format!("ring {r} of polygon {p} is not an array"))?;
        let mut coords = Vec::with_capacity(positions.len());
        for pos in positions {
            let pair = pos.as_array().filter(|a| a.len() >= 2);
            let (Some(x), Some(y)) = (pair.and_then(|a| a[0].as_f64()), pair.and_then(|a| a[1].as_f64())) else {
                return Err(format!("ring {r} of polygon {p}: position {pos} is not [lng, lat]"));
            };
            if outside_china(x, y) {
                return Err(format!(
                    "ring {r} of polygon {p}: position [{x}, {y}] is outside China (lat and lng swapped?)"
                ));
            }
            coords.push(Coord { x, y });
        }
        if coords.is_empty() {
            return Err(format!("ring {r} of polygon {p} is empty"));
        }
        if coords.first() != coords.last() || coords.len() < 4 {
            return Err(if coords.len() < 4 && coords.first() == coords.last() {
                format!("ring {r} of polygon {p} has {} positions (a ring needs at least 4)", coords.len())
            } else {
                format!("ring {r} of polygon {p} is not closed (its last position must repeat the first)")
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
            Some(first) => Err(format!("duplicate row (already on line {first})")),
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

fn row(fields: &[&str], school_kind: &dyn Fn(&str) -> Option<FacilityKind>) -> Result<Listed, String> {
    let [id, code] = fields else {
        return Err(format!("expected 2 fields, found {}", fields.len()));
    };
    if id.is_empty() {
        return Err("missing school_id".into());
    }
    school(id, school_kind)?;
    if code.is_empty() {
        return Err("missing community_code".into());
    }
    if !COMMUNITIES.iter().any(|c| c.code == *code) {
        return Err(format!("unknown community code `{code}` (not one of Erqi's {} communities)", COMMUNITIES.len()));
    }
    Ok(Listed { school_id: id.to_string(), community_code: code.to_string() })
}
