//! Open Referral HSDS out (and back in): Human Services Data Specification 3.0, with 3.1's
//! `service_capacity` / `unit` objects for free places. The schemas we conform to are vendored in
//! `data/hsds/schema/` (see its README); every object is checked against them in the tests.

pub mod ids;
pub mod map;
pub mod query;
pub mod read;
pub mod time;

#[cfg(test)]
pub mod conformance;
#[cfg(test)]
mod tests;

use serde_json::{Value, json};

use crate::model::Facility;

/// The HSDS version served: 3.1 is the first to define `capacities`.
pub const VERSION: &str = "3.1";
/// The commit of openreferral/specification the vendored schemas come from.
pub const SPEC_COMMIT: &str = "abc731c8ac11825010e9d74a0ab61dcd48e880ec";

/// `GET /hsds/`: what this API is. No HSDS profile is used, so `profile` is the core specification at
/// the pinned commit;
/// the OpenAPI file is the specification's own, at the pinned commit.
pub fn about() -> Value {
    json!({
        "version": VERSION,
        "profile": format!("https://github.com/openreferral/specification/tree/{SPEC_COMMIT}"),
        "openapi_url": format!("https://raw.githubusercontent.com/openreferral/specification/{SPEC_COMMIT}/schema/openapi.json"),
    })
}

/// The files `caremap export --format hsds DIR` writes, each a JSON array of the objects the API
/// serves one by one.
pub const FILES: [&str; 3] = ["organizations.json", "services.json", "service_at_locations.json"];

/// The export, file by file: facilities in id order, services in CareMap's service order, one
/// object per line. Deterministic: the same facilities always give the same bytes.
pub fn export(facilities: &[Facility]) -> [(&'static str, String); 3] {
    let mut sorted: Vec<&Facility> = facilities.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let organizations: Vec<Value> = sorted.iter().map(|f| map::organization(f)).collect();
    let mut services = Vec::new();
    let mut pairs = Vec::new();
    for f in &sorted {
        let mut caps: Vec<_> = f.services.iter().collect();
        caps.sort_by_key(|c| c.service);
        for c in caps {
            services.push(map::service(f, c));
            pairs.push(map::service_at_location(f, c));
        }
    }
    [(FILES[0], lines(&organizations)), (FILES[1], lines(&services)), (FILES[2], lines(&pairs))]
}

fn lines(objects: &[Value]) -> String {
    if objects.is_empty() {
        return "[]\n".into();
    }
    let body: Vec<String> = objects.iter().map(Value::to_string).collect();
    format!("[\n{}\n]\n", body.join(",\n"))
}
