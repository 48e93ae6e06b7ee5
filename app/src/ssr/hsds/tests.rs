//! HSDS mapping, conformance of every object of the sample, the export ↔ import round trip, and the
//! list queries.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::conformance::{Conformance, schema_dir};
use super::query::{ListQuery, Object, find, list};
use super::{export, ids, map, read};
use crate::error::AppError;
use crate::model::{Facility, FacilityKind, FacilityStatus, OpeningHours, ServiceCapacity, ServiceKind, StaleAfter};
use crate::ssr::seed::sample_facilities;

const NOW: i64 = 1_795_656_605;

fn sample() -> Vec<Facility> {
    let facilities = sample_facilities(NOW, &StaleAfter::default());
    assert!(facilities.len() > 100, "the shipped sample is loaded ({} facilities)", facilities.len());
    facilities
}

fn conformance() -> Conformance {
    Conformance::load(&schema_dir(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn every_object_of_the_sample_conforms_to_the_hsds_schemas() {
    let facilities = sample();
    let check = conformance();
    let files = export(&facilities);
    let mut counts = HashMap::new();
    for (name, text) in &files {
        let what = match *name {
            "organizations.json" => "organization",
            "services.json" => "service",
            _ => "service_at_location",
        };
        let objects: Vec<Value> = serde_json::from_str(text).expect("a JSON array");
        for o in &objects {
            check.object(what, o).unwrap_or_else(|e| panic!("{e}"));
        }
        counts.insert(what, objects.len());
    }
    let services: usize = facilities.iter().map(|f| f.services.len()).sum();
    assert_eq!(counts["organization"], facilities.len());
    assert_eq!(counts["service"], services);
    assert_eq!(counts["service_at_location"], services);
    for f in &facilities {
        check.object("location", &map::location(f)).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn the_checker_refuses_a_broken_object() {
    // A conformance test that could not fail would prove nothing: break an object on purpose.
    let check = conformance();
    let f = &sample()[0];
    let c = &f.services[0];
    let mut bad = map::service(f, c);
    bad["status"] = "open".into();
    assert!(check.object("service", &bad).is_err(), "status outside the enum");
    let mut bad = map::service(f, c);
    bad["capacities"][0]["updated"] = "yesterday".into();
    assert!(check.object("service", &bad).is_err(), "updated not a date-time");
    let mut bad = map::service(f, c);
    bad["id"] = "dc-1".into();
    assert!(check.object("service", &bad).is_err(), "id not a UUID");
}

fn kindergarten() -> Facility {
    Facility {
        name: "示例幼儿园".into(),
        address: "郑州市二七区大学路1号".into(),
        phone: "0371-12345678".into(),
        hours: OpeningHours::parse("Mo-Fr 07:30-17:30; Sa 09:00-12:00").expect("hours"),
        ages: Some(crate::model::Range { min: 3, max: 6 }),
        status: FacilityStatus::TemporarilyClosed,
        location_basis: crate::model::LocationBasis::Community,
        accessibility: Some("无障碍坡道".into()),
        services: vec![ServiceCapacity {
            service: ServiceKind::PreschoolPlace,
            available: 4,
            maximum: 120,
            updated_at: NOW,
            version: 3,
        }],
        ..Facility::for_test("kg-1", FacilityKind::Kindergarten)
    }
}

#[test]
fn a_facility_maps_to_hsds_fields() {
    let f = kindergarten();
    let s = map::service(&f, &f.services[0]);
    assert_eq!(s["id"], ids::service("kg-1", "preschool_place"));
    assert_eq!(s["status"], "temporarily closed");
    assert_eq!(s["minimum_age"], 3);
    assert_eq!(s["caremap_service"], "preschool_place");
    let cap = &s["capacities"][0];
    assert_eq!((cap["available"].as_i64(), cap["maximum"].as_i64()), (Some(4), Some(120)));
    assert_eq!(cap["unit"]["name"], "学位");
    assert_eq!(cap["updated"], "2026-11-26T09:30:05+08:00");
    let loc = &s["service_at_locations"][0]["location"];
    assert_eq!(loc["external_identifier"], "kg-1");
    assert_eq!((loc["latitude"].as_f64(), loc["longitude"].as_f64()), (Some(f.lat), Some(f.lng)));
    assert_eq!(loc["phones"][0]["number"], "0371-12345678");
    assert_eq!(loc["addresses"][0]["address_1"], "郑州市二七区大学路1号");
    assert_eq!(loc["accessibility"][0]["description"], "无障碍坡道");
    let days: Vec<(&str, &str, &str)> = loc["schedules"]
        .as_array()
        .expect("schedules")
        .iter()
        .map(|s| {
            (
                s["byday"].as_str().unwrap_or(""),
                s["opens_at"].as_str().unwrap_or(""),
                s["closes_at"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(days, [("MO,TU,WE,TH,FR", "07:30+08:00", "17:30+08:00"), ("SA", "09:00+08:00", "12:00+08:00")]);
    assert_eq!(loc["caremap_kind"], "kindergarten");
    assert_eq!(loc["caremap_location_basis"], "community");
    assert_eq!(loc["caremap_status"], "temporarily_closed");
    conformance().object("service", &s).unwrap_or_else(|e| panic!("{e}"));
}

fn files_of<'a>(export: &'a [(&'static str, String); 3]) -> read::Files<'a> {
    read::Files { organizations: &export[0].1, services: &export[1].1 }
}

#[test]
fn export_import_export_is_identical() {
    let mut facilities = sample();
    // Cover what the sample may not: 24/7, a facility without services, odd hours.
    facilities.push(Facility {
        hours: OpeningHours::always_open(),
        ..Facility::for_test("zz-always", FacilityKind::NursingHome)
    });
    facilities.push(kindergarten());
    let first = export(&facilities);
    let parsed = read::parse(&files_of(&first), NOW + 999).expect("the export reads back");
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let second = export(&parsed.facilities);
    for (a, b) in first.iter().zip(&second) {
        assert!(a.1 == b.1, "{} differs after a round trip", a.0);
    }
    // And the facilities themselves came back whole (versions restart at 1 on import).
    let mut want = facilities.clone();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    for f in &mut want {
        f.services.sort_by_key(|s| s.service);
        f.services.iter_mut().for_each(|s| s.version = 1);
    }
    let mut got = parsed.facilities;
    got.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(got, want);
}

#[test]
fn import_names_what_is_wrong() {
    assert!(read::parse(&read::Files { organizations: "{}", services: "[]" }, NOW).is_err());
    let f = kindergarten();
    let mut org = map::organization(&f);
    org["locations"][0]["external_identifier_type"] = "uprn".into();
    let mut service = map::service(&f, &f.services[0]);
    service["capacities"][0]["available"] = 500.into();
    let orgs = format!("[{org}]");
    let parsed = read::parse(&read::Files { organizations: &orgs, services: "[]" }, NOW).expect("arrays");
    assert!(parsed.facilities.is_empty());
    assert!(parsed.errors[0].reason.to_string().contains("external_identifier"), "{:?}", parsed.errors);
    let orgs = format!("[{}]", map::organization(&f));
    let services = format!("[{service}]");
    let parsed = read::parse(&read::Files { organizations: &orgs, services: &services }, NOW).expect("arrays");
    assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
    assert_eq!(parsed.errors[0].reason.code(), "err_imp_available_over_max", "{:?}", parsed.errors);
}

fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn lists_page_and_filter() {
    let facilities: Vec<Arc<Facility>> = sample().into_iter().map(Arc::new).collect();
    let services: usize = facilities.iter().map(|f| f.services.len()).sum();
    let q = ListQuery::parse(&params(&[("per_page", "7"), ("page", "2")])).expect("valid");
    let page = list(Object::Service, facilities.clone(), &q);
    assert_eq!(page["total_items"], services);
    assert_eq!(page["total_pages"], services.div_ceil(7));
    assert_eq!((page["page_number"].as_u64(), page["size"].as_u64()), (Some(2), Some(7)));
    assert_eq!((page["first_page"].as_bool(), page["last_page"].as_bool()), (Some(false), Some(false)));
    conformance().page("service", &page).unwrap_or_else(|e| panic!("{e}"));

    let name = facilities[3].name.clone();
    let q = ListQuery::parse(&params(&[("search", &name)])).expect("valid");
    let page = list(Object::Organization, facilities.clone(), &q);
    assert!(page["total_items"].as_u64().is_some_and(|n| n >= 1));
    assert!(
        page["contents"]
            .as_array()
            .expect("contents")
            .iter()
            .all(|o| o["name"].as_str().is_some_and(|n| n.contains(&name)))
    );

    let newest = facilities.iter().flat_map(|f| f.services.iter()).map(|c| c.updated_at).max().expect("figures");
    let q = ListQuery::parse(&params(&[("modified_after", &super::time::format(newest))])).expect("valid");
    let page = list(Object::ServiceAtLocation, facilities.clone(), &q);
    let fresh = facilities.iter().flat_map(|f| f.services.iter()).filter(|c| c.updated_at >= newest).count();
    assert_eq!(page["total_items"], fresh);
    assert!(fresh >= 1 && fresh < services);

    let q = ListQuery::parse(&params(&[("search", "no such facility anywhere")])).expect("valid");
    let page = list(Object::Service, facilities.clone(), &q);
    assert_eq!((page["total_items"].as_u64(), page["empty"].as_bool()), (Some(0), Some(true)));
}

#[test]
fn bad_list_parameters_are_named() {
    for (field, value) in
        [("page", "0"), ("page", "x"), ("per_page", "1001"), ("per_page", "-1"), ("modified_after", "soon")]
    {
        match ListQuery::parse(&params(&[(field, value)])) {
            Err(AppError::BadRequest { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}={value}: {other:?}"),
        }
    }
}

#[test]
fn find_by_derived_id_or_404() {
    let facilities: Vec<Arc<Facility>> = sample().into_iter().map(Arc::new).collect();
    let f = &facilities[0];
    let c = &f.services[0];
    let id = ids::service_at_location(&f.id, c.service.as_str());
    let found = find(Object::ServiceAtLocation, &facilities, &id).expect("found");
    assert_eq!(found["id"], id.as_str());
    assert_eq!(
        find(Object::Organization, &facilities, &ids::organization(&f.id)).expect("found")["name"],
        f.name.as_str()
    );
    assert!(matches!(find(Object::Service, &facilities, &id), Err(AppError::NotFound { .. })));
}
