//! Parsing and validating `/api/nearest`'s parameters.

use super::*;

fn params(pairs: &[(&str, &str)]) -> NearestParams {
    let mut p = NearestParams::default();
    for (k, v) in pairs {
        let v = Some(v.to_string());
        match *k {
            "lat" => p.lat = v,
            "lng" => p.lng = v,
            "crs" => p.crs = v,
            "kind" => p.kind = v,
            "service" => p.service = v,
            "available" => p.available = v,
            "limit" => p.limit = v,
            "radius_m" => p.radius_m = v,
            "include_stale" => p.include_stale = v,
            "audience" => p.audience = v,
            "open_now" => p.open_now = v,
            "age" => p.age = v,
            "grade" => p.grade = v,
            "ownership" => p.ownership = v,
            "from" => p.from = v,
            "to" => p.to = v,
            "fields" => p.fields = v,
            _ => panic!("unknown test key"),
        }
    }
    p
}

fn field_of(p: &NearestParams) -> String {
    match NearestQuery::try_from(p) {
        Err(AppError::BadRequest { field, .. }) => field,
        other => panic!("expected a bad request, got {other:?}"),
    }
}

#[test]
fn accepts_a_full_query() {
    let q = NearestQuery::try_from(&params(&[
        ("lat", "34.72"),
        ("lng", "113.63"),
        ("kind", "kindergarten,primary_school,kindergarten"),
        ("service", "after_school"),
        ("available", "true"),
        ("limit", "5"),
        ("radius_m", "1500"),
    ]))
    .expect("valid");
    assert_eq!(q.kinds, vec![FacilityKind::Kindergarten, FacilityKind::PrimarySchool]);
    assert_eq!(q.services, vec![ServiceKind::AfterSchool]);
    let both = NearestQuery::try_from(&params(&[
        ("lat", "34.7"),
        ("lng", "113.6"),
        ("service", "school_lunch, after_school,school_lunch"),
    ]))
    .expect("a list");
    assert_eq!(both.services, vec![ServiceKind::SchoolLunch, ServiceKind::AfterSchool]);
    assert!(q.available);
    assert_eq!((q.limit, q.radius_m), (5, Some(1500.0)));
}

#[test]
fn converts_the_query_point_to_wgs84() {
    let q = NearestQuery::try_from(&params(&[
        ("lat", "39.91640428150164"),
        ("lng", "116.41024449916938"),
        ("crs", "gcj02"),
    ]))
    .expect("valid");
    assert!((q.lat - 39.915).abs() < 1e-6 && (q.lng - 116.404).abs() < 1e-6);
}

#[test]
fn names_the_bad_parameter() {
    assert_eq!(field_of(&params(&[("lng", "113.6")])), "lat");
    assert_eq!(field_of(&params(&[("lat", "NaN"), ("lng", "113.6")])), "lat");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "inf")])), "lng");
    assert_eq!(field_of(&params(&[("lat", "91"), ("lng", "113.6")])), "lat");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "-181")])), "lng");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("crs", "utm")])), "crs");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("kind", "hospital")])), "kind");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("service", "x")])), "service");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("limit", "0")])), "limit");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("limit", "101")])), "limit");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("radius_m", "-5")])), "radius_m");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("available", "maybe")])), "available");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("audience", "teens")])), "audience");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("grade", "13")])), "grade");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("age", "-1")])), "age");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("ownership", "state")])), "ownership");
    assert_eq!(field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("from", "2027-02-30")])), "from");
    assert_eq!(
        field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("from", "2027-08-01"), ("to", "2027-07-01")])),
        "to"
    );
    assert_eq!(
        field_of(&params(&[("lat", "34.7"), ("lng", "113.6"), ("kind", "kindergarten"), ("audience", "elder")])),
        "audience"
    );
}

#[test]
fn family_filters() {
    let q = NearestQuery::try_from(&params(&[
        ("lat", "34.7"),
        ("lng", "113.6"),
        ("audience", "elder"),
        ("open_now", "true"),
        ("age", "78"),
        ("ownership", "public,inclusive_private"),
    ]))
    .expect("valid");
    assert_eq!(q.kinds, vec![FacilityKind::ElderlyCenter, FacilityKind::ElderlyDaycare, FacilityKind::NursingHome]);
    assert!(q.open_now);
    assert_eq!(q.age, Some(78));
    assert_eq!(q.ownership, vec![Ownership::Public, Ownership::InclusivePrivate]);
    let q =
        NearestQuery::try_from(&params(&[("lat", "34.7"), ("lng", "113.6"), ("from", "2027-07-15")])).expect("valid");
    assert_eq!(q.dates, Some(("2027-07-15".to_string(), "9999-12-31".to_string())));
    let q = NearestQuery::try_from(&params(&[
        ("lat", "34.7"),
        ("lng", "113.6"),
        ("audience", "child"),
        ("kind", "kindergarten,nursing_home"),
    ]))
    .expect("valid");
    assert_eq!(q.kinds, vec![FacilityKind::Kindergarten]);
}

#[test]
fn fields_name_a_results_own_fields() {
    let point = [("lat", "34.7"), ("lng", "113.6")];
    let fields = |list: &str| {
        let mut pairs = point.to_vec();
        pairs.push(("fields", list));
        NearestQuery::try_from(&params(&pairs)).map(|q| q.fields)
    };
    assert_eq!(NearestQuery::try_from(&params(&point)).expect("valid").fields, None, "absent: every field");
    assert_eq!(fields(" , ").expect("valid"), None, "naming nothing: every field");
    let some = fields("id, name,distance_m,lat,lng,kind,services,id").expect("valid").expect("some");
    assert!(some.distance_m() && !some.stale_after_s());
    let asked: Vec<&str> =
        FACILITY_FIELDS.iter().enumerate().filter(|(i, _)| some.facility_field(*i)).map(|(_, f)| *f).collect();
    assert_eq!(asked, ["id", "name", "kind", "lat", "lng", "services"], "a result's order, each once");
    let every = [RESULT_OWN_FIELDS.as_slice(), FACILITY_FIELDS.as_slice()].concat().join(",");
    assert_eq!(fields(&every).expect("valid"), Some(ResultFields::all()));
    for bad in ["id,nope", "facility", "Name", "services.available", "results"] {
        match fields(bad) {
            Err(AppError::BadRequest { field, message }) => {
                assert_eq!(field, "fields", "{bad}");
                assert_eq!(message.code(), "err_unknown_result_field", "{bad}");
            }
            other => panic!("{bad}: expected a 400, got {other:?}"),
        }
    }
}

/// The names `fields=` takes are a result's own keys, in the order serde writes them (a new field of
/// `Facility` must be added to `FACILITY_FIELDS`, or this fails).
#[test]
fn field_names_are_what_serde_writes() {
    let result = super::super::NearestResult {
        distance_m: 1,
        stale_after_s: 2,
        facility: super::super::Facility::for_test("x", FacilityKind::Kindergarten),
    };
    let json = serde_json::to_string(&result).expect("json");
    // The test facility has no nested objects with keys of their own (`details` is `{}`), so every
    // `"key":` is a top-level one.
    let keys: Vec<&str> =
        json.split("\":").filter_map(|before| before.rsplit(['{', ',']).next()).map(|k| k.trim_matches('"')).collect();
    let keys = &keys[..keys.len() - 1];
    let want: Vec<&str> = RESULT_OWN_FIELDS.iter().chain(FACILITY_FIELDS.iter()).copied().collect();
    assert_eq!(keys, want.as_slice(), "{json}");
}
