//! CareMap → HSDS objects. A facility is one `location` run by one `organization` (CareMap records no
//! operator, so each facility stands for its own); each of its services is one HSDS `service` with
//! one `service_capacity` and one `service_at_location`. CareMap-only facts ride on the location as
//! `caremap_*` extension properties (HSDS allows additional properties; README lists them).

use serde_json::{Map, Value, json};

use super::{ids, time};
use crate::i18n::Locale;
use crate::model::{Facility, OpeningHours, Range, ServiceCapacity};

/// `location.external_identifier_type` of the CareMap facility id (what an import matches on).
pub const ID_SCHEME: &str = "caremap";
/// The service extension naming CareMap's service kind (`meals`, `residential_bed`, …).
pub const SERVICE_KIND: &str = "caremap_service";
/// iCal day names, Monday first (bit 0 of `OpeningRule::days`).
pub const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/// Beijing time, as HSDS asks opening times to carry their offset.
pub const UTC_OFFSET: &str = "+08:00";

fn range(r: Range) -> Value {
    json!({"min": r.min, "max": r.max})
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.into(), v);
    }
}

fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}{UTC_OFFSET}", minute / 60, minute % 60)
}

/// One weekly schedule per opening rule; `24/7` is every day 00:00–24:00.
fn schedules(f: &Facility, location_id: &str) -> Vec<Value> {
    let rules = if f.hours.always {
        vec![crate::model::OpeningRule { days: 0x7f, open_min: 0, close_min: 1440 }]
    } else {
        f.hours.rules.clone()
    };
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let byday: Vec<&str> = (0..7).filter(|d| r.days & (1 << d) != 0).map(|d| BYDAY[d]).collect();
            let one = OpeningHours { rules: vec![*r], always: false };
            json!({
                "id": ids::id("schedule", &format!("{}/{i}", f.id)),
                "location_id": location_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": byday.join(","),
                "opens_at": hhmm(r.open_min),
                "closes_at": hhmm(r.close_min),
                "description": one.describe_zh(),
            })
        })
        .collect()
}

/// The facility as an HSDS `location`, with its address, phone, accessibility, hours and the
/// CareMap-only fields.
pub fn location(f: &Facility) -> Value {
    let id = ids::location(&f.id);
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("location_type".into(), json!("physical"));
    m.insert("organization_id".into(), json!(ids::organization(&f.id)));
    m.insert("name".into(), json!(f.name));
    // WGS-84, as stored (HSDS asks for WGS-84 too).
    m.insert("latitude".into(), json!(f.lat));
    m.insert("longitude".into(), json!(f.lng));
    m.insert("external_identifier".into(), json!(f.id));
    m.insert("external_identifier_type".into(), json!(ID_SCHEME));
    if !f.address.is_empty() {
        // HSDS requires city, province, postal code and country: every facility is in Erqi District,
        // Zhengzhou; 450000 is Zhengzhou's general postal code (CareMap keeps no per-facility code).
        m.insert(
            "addresses".into(),
            json!([{
                "id": ids::id("address", &f.id),
                "location_id": id,
                "address_1": f.address,
                "city": "郑州市",
                "region": "二七区",
                "state_province": "河南省",
                "postal_code": "450000",
                "country": "CN",
                "address_type": "physical",
            }]),
        );
    }
    if !f.phone.is_empty() {
        m.insert("phones".into(), json!([{"id": ids::id("phone", &f.id), "location_id": id, "number": f.phone}]));
    }
    if let Some(a) = &f.accessibility {
        m.insert(
            "accessibility".into(),
            json!([{"id": ids::id("accessibility", &f.id), "location_id": id, "description": a}]),
        );
    }
    let schedules = schedules(f, &id);
    if !schedules.is_empty() {
        m.insert("schedules".into(), Value::Array(schedules));
    }
    m.insert("caremap_kind".into(), json!(f.kind.as_str()));
    m.insert("caremap_status".into(), json!(f.status.as_str()));
    m.insert("caremap_location_basis".into(), json!(f.location_basis.as_str()));
    put(&mut m, "caremap_details", (!f.details.is_empty()).then(|| json!(f.details)));
    put(&mut m, "caremap_ownership", f.ownership.map(|o| json!(o.as_str())));
    put(&mut m, "caremap_subdistrict_code", f.subdistrict_code.as_ref().map(|c| json!(c)));
    put(&mut m, "caremap_community_code", f.community_code.as_ref().map(|c| json!(c)));
    put(&mut m, "caremap_parent_id", f.parent_id.as_ref().map(|c| json!(c)));
    put(&mut m, "caremap_ages", f.ages.map(range));
    put(&mut m, "caremap_grades", f.grades.map(range));
    put(&mut m, "caremap_fees", f.fees.as_ref().map(|c| json!(c)));
    if !f.sessions.is_empty() {
        let sessions: Vec<Value> = f
            .sessions
            .iter()
            .map(|s| json!({"name": s.name, "start": s.start, "end": s.end, "grades": range(s.grades)}))
            .collect();
        m.insert("caremap_sessions".into(), Value::Array(sessions));
    }
    put(&mut m, "caremap_sample", f.sample.then_some(json!(true)));
    Value::Object(m)
}

/// The organization alone (as nested in a service).
fn organization_core(f: &Facility) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(ids::organization(&f.id)));
    m.insert("name".into(), json!(f.name));
    m.insert(
        "description".into(),
        json!(format!("{}（{}）的运营机构；CareMap 不记录运营方，每个设施按一个机构发布", f.name, kind_zh(f))),
    );
    m
}

fn kind_zh(f: &Facility) -> &'static str {
    crate::text::kind(Locale::zh, f.kind)
}

/// `GET /hsds/organizations/{id}`: the organization with its location and its services.
pub fn organization(f: &Facility) -> Value {
    let mut m = organization_core(f);
    m.insert("locations".into(), json!([location(f)]));
    let services: Vec<Value> = f.services.iter().map(|c| Value::Object(service_core(f, c))).collect();
    m.insert("services".into(), Value::Array(services));
    Value::Object(m)
}

/// The service alone, with its capacity (as nested in an organization or a service_at_location).
fn service_core(f: &Facility, c: &ServiceCapacity) -> Map<String, Value> {
    let id = ids::service(&f.id, c.service.as_str());
    let unit = c.service.unit_label_zh();
    let label = crate::text::service(Locale::zh, c.service);
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("organization_id".into(), json!(ids::organization(&f.id)));
    m.insert("name".into(), json!(format!("{} · {label}", f.name)));
    m.insert("description".into(), json!(format!("{}提供的{label}", f.name)));
    m.insert(
        "status".into(),
        json!(match f.status {
            crate::model::FacilityStatus::Open => "active",
            crate::model::FacilityStatus::TemporarilyClosed => "temporarily closed",
            crate::model::FacilityStatus::Closed => "defunct",
        }),
    );
    put(&mut m, "fees_description", f.fees.as_ref().map(|c| json!(c)));
    // The facility's ages apply to each of its services (CareMap keeps ages per facility).
    if let Some(ages) = f.ages {
        m.insert("minimum_age".into(), json!(ages.min));
        m.insert("maximum_age".into(), json!(ages.max));
    }
    m.insert("last_modified".into(), json!(time::format(c.updated_at)));
    m.insert(
        "capacities".into(),
        json!([{
            "id": ids::id("service_capacity", &format!("{}/{}", f.id, c.service.as_str())),
            "service_id": id,
            "unit": {"id": ids::id("unit", unit), "name": unit},
            "available": c.available,
            "maximum": c.maximum,
            "description": format!("{label}（{unit}）"),
            "updated": time::format(c.updated_at),
        }]),
    );
    m.insert(SERVICE_KIND.into(), json!(c.service.as_str()));
    m
}

/// `GET /hsds/services/{id}`: the service with its organization and where it is offered.
pub fn service(f: &Facility, c: &ServiceCapacity) -> Value {
    let mut m = service_core(f, c);
    m.insert("organization".into(), Value::Object(organization_core(f)));
    m.insert(
        "service_at_locations".into(),
        json!([{
            "id": ids::service_at_location(&f.id, c.service.as_str()),
            "service_id": ids::service(&f.id, c.service.as_str()),
            "location_id": ids::location(&f.id),
            "location": location(f),
        }]),
    );
    Value::Object(m)
}

/// `GET /hsds/service_at_locations/{id}`: the pairing with the service and the location.
pub fn service_at_location(f: &Facility, c: &ServiceCapacity) -> Value {
    json!({
        "id": ids::service_at_location(&f.id, c.service.as_str()),
        "service_id": ids::service(&f.id, c.service.as_str()),
        "location_id": ids::location(&f.id),
        "service": Value::Object(service_core(f, c)),
        "location": location(f),
    })
}
