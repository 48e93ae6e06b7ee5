//! Facilities back out as GeoJSON, in exactly the form `caremap import` reads.

use serde_json::{Map, Value, json};

use crate::model::{Facility, LocationBasis, Range};

fn range(r: Option<Range>) -> Value {
    r.map_or(Value::Null, |r| json!({"min": r.min, "max": r.max}))
}

pub fn feature(f: &Facility) -> Value {
    let mut p = Map::new();
    p.insert("id".into(), json!(f.id));
    p.insert("name".into(), json!(f.name));
    p.insert("kind".into(), json!(f.kind.as_str()));
    p.insert("address".into(), json!(f.address));
    p.insert("phone".into(), json!(f.phone));
    let services: Vec<Value> = f
        .services
        .iter()
        .map(|s| json!({"service": s.service.as_str(), "available": s.available, "maximum": s.maximum}))
        .collect();
    p.insert("services".into(), Value::Array(services));
    let optional = [
        ("ownership", f.ownership.map(|o| json!(o.as_str()))),
        ("status", Some(json!(f.status.as_str()))),
        ("subdistrict_code", f.subdistrict_code.as_ref().map(|c| json!(c))),
        ("community_code", f.community_code.as_ref().map(|c| json!(c))),
        ("parent_id", f.parent_id.as_ref().map(|c| json!(c))),
        ("hours", f.hours.is_known().then(|| json!(f.hours.to_string()))),
        ("ages", f.ages.map(|r| range(Some(r)))),
        ("grades", f.grades.map(|r| range(Some(r)))),
        ("fees", f.fees.as_ref().map(|c| json!(c))),
        ("accessibility", f.accessibility.as_ref().map(|c| json!(c))),
        ("location_basis", (f.location_basis != LocationBasis::Surveyed).then(|| json!(f.location_basis.as_str()))),
        ("details", (!f.details.is_empty()).then(|| json!(f.details))),
        ("sample", f.sample.then_some(json!(true))),
    ];
    for (k, v) in optional {
        if let Some(v) = v {
            p.insert(k.into(), v);
        }
    }
    if !f.sessions.is_empty() {
        let sessions: Vec<Value> = f
            .sessions
            .iter()
            .map(|s| json!({"name": s.name, "start": s.start, "end": s.end, "grades": range(Some(s.grades))}))
            .collect();
        p.insert("sessions".into(), Value::Array(sessions));
    }
    // Six decimals ≈ 0.1 m: plenty, and keeps the files readable.
    let round = |x: f64| (x * 1e6).round() / 1e6;
    json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(f.lng), round(f.lat)]},
        "properties": Value::Object(p),
    })
}

/// A FeatureCollection, one feature per line (diffs of the committed sample stay readable).
pub fn to_geojson(facilities: &[Facility]) -> String {
    let lines: Vec<String> = facilities.iter().map(|f| feature(f).to_string()).collect();
    format!("{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n", lines.join(",\n"))
}

/// CSV in the import format (sessions and age ranges included as their optional columns).
pub fn to_csv(facilities: &[Facility]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "name",
        "kind",
        "lng",
        "lat",
        "address",
        "phone",
        "services",
        "ownership",
        "status",
        "subdistrict_code",
        "community_code",
        "parent_id",
        "hours",
        "age_min",
        "age_max",
        "grade_min",
        "grade_max",
        "fees",
        "accessibility",
        "sessions",
        "location_basis",
        "details",
        "sample",
    ];
    // Writing to a Vec cannot fail; a failed record would only drop that row.
    let _ = w.write_record(header);
    let opt = |v: Option<u8>| v.map(|n| n.to_string()).unwrap_or_default();
    for f in facilities {
        let services: Vec<String> =
            f.services.iter().map(|s| format!("{}:{}/{}", s.service, s.available, s.maximum)).collect();
        let sessions: Vec<String> = f
            .sessions
            .iter()
            .map(|s| format!("{}/{}/{}/{}-{}", s.name, s.start, s.end, s.grades.min, s.grades.max))
            .collect();
        let record = [
            f.id.clone(),
            f.name.clone(),
            f.kind.as_str().to_string(),
            format!("{:.6}", f.lng),
            format!("{:.6}", f.lat),
            f.address.clone(),
            f.phone.clone(),
            services.join("|"),
            f.ownership.map(|o| o.as_str().to_string()).unwrap_or_default(),
            f.status.as_str().to_string(),
            f.subdistrict_code.clone().unwrap_or_default(),
            f.community_code.clone().unwrap_or_default(),
            f.parent_id.clone().unwrap_or_default(),
            if f.hours.is_known() { f.hours.to_string() } else { String::new() },
            opt(f.ages.map(|r| r.min)),
            opt(f.ages.map(|r| r.max)),
            opt(f.grades.map(|r| r.min)),
            opt(f.grades.map(|r| r.max)),
            f.fees.clone().unwrap_or_default(),
            f.accessibility.clone().unwrap_or_default(),
            sessions.join("|"),
            f.location_basis.as_str().to_string(),
            if f.details.is_empty() { String::new() } else { serde_json::to_string(&f.details).unwrap_or_default() },
            if f.sample { "true".into() } else { String::new() },
        ];
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
