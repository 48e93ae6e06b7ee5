//! Checking objects against the vendored HSDS JSON Schemas (`data/hsds/schema/`). Test-only: the app's
//! unit tests use it, and `tests/hsds.rs` compiles this same file in (`#[path]`), so both check the
//! same way. `$ref`s between the schema files (`unit.json`, …) are served from the folder.

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;

/// Where the schemas are, from a crate's manifest directory (both `app/` and `server/` are one level down).
pub fn schema_dir(manifest_dir: &str) -> PathBuf {
    Path::new(manifest_dir).join("../data/hsds/schema")
}

struct Folder(PathBuf);

impl Retrieve for Folder {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(self.0.join(name)).map_err(|e| format!("{uri}: {e}"))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn read(dir: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn build(dir: &Path, name: &str, schema: &Value) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        // A made-up base so that relative `$ref`s resolve to file names the retriever knows.
        .with_base_uri(format!("https://hsds.invalid/schema/{name}"))
        .with_retriever(Folder(dir.to_path_buf()))
        .build(schema)
        .unwrap_or_else(|e| panic!("schema {name} does not compile: {e}"))
}

pub struct Conformance {
    service: Validator,
    organization: Validator,
    service_at_location: Validator,
    location: Validator,
    page: Validator,
}

impl Conformance {
    pub fn load(dir: &Path) -> Conformance {
        let openapi = read(dir, "openapi.json");
        let page = openapi.pointer("/components/schemas/Page").cloned().expect("openapi.json has the Page schema");
        let one = |name: &str| build(dir, name, &read(dir, name));
        Conformance {
            service: one("service.json"),
            organization: one("organization.json"),
            service_at_location: one("service_at_location.json"),
            location: one("location.json"),
            page: build(dir, "openapi.json", &page),
        }
    }

    fn check(validator: &Validator, what: &str, v: &Value) -> Result<(), String> {
        let errors: Vec<String> = validator.iter_errors(v).map(|e| format!("{}: {e}", e.instance_path())).collect();
        if errors.is_empty() { Ok(()) } else { Err(format!("{what} {}: {}", v["id"], errors.join("; "))) }
    }

    /// Checks an object against the schema of its type: `service`, `organization`,
    /// `service_at_location` or `location`.
    pub fn object(&self, what: &str, v: &Value) -> Result<(), String> {
        let validator = match what {
            "service" => &self.service,
            "organization" => &self.organization,
            "service_at_location" => &self.service_at_location,
            "location" => &self.location,
            other => return Err(format!("no schema for `{other}`")),
        };
        Conformance::check(validator, what, v)
    }

    /// A list answer: the page wrapper (every field present) and each item as `what`.
    pub fn page(&self, what: &str, v: &Value) -> Result<(), String> {
        Conformance::check(&self.page, "page", v)?;
        for key in ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"]
        {
            if v.get(key).is_none() {
                return Err(format!("page wrapper lacks `{key}`"));
            }
        }
        let items = v["contents"].as_array().ok_or("`contents` is not an array")?;
        items.iter().try_for_each(|item| self.object(what, item))
    }
}
