//! What a register would change: rows matched to facilities CareMap has, merged field by field, and
//! the facilities of the register's kinds that it no longer lists.
//!
//! Matching, in order: the row's id (编号 / 统一社会信用代码 …) when CareMap has it; else the same
//! name and address (compared after [`value_key`]); else the same name alone when exactly one
//! facility of that kind has it and the file names it once (a facility that moved). An unmatched
//! row is new; its id, when the register gives none, is `reg-` and a hash of its name and address,
//! so importing the same register again finds it.
//!
//! Merging: what the row gives replaces; an empty cell or a missing column keeps what CareMap has; a
//! point replaces CareMap's only when it is at least as precise ([`LocationBasis`] order); a register's
//! total of places replaces the maximum and keeps the free places (at most the new total) unless the
//! row gives them too; services the row does not mention are kept.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::synonyms::value_key;
use serde_json::Value;

use crate::model::{Details, Facility, FacilityKind, FacilityStatus, FieldChange, ServiceCapacity, ServiceKind};

/// A row as read and located, ready to compare.
#[derive(Debug, Clone)]
pub struct RowFacility {
    pub line: u32,
    pub facility: Facility,
    /// The register gave the id; otherwise one is found or made.
    pub has_id: bool,
    /// Fields the row gave (non-empty cells), by [`FieldChange::field`] name.
    pub given: Vec<&'static str>,
    pub gave_free: Vec<ServiceKind>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub added: Vec<(u32, Facility)>,
    /// Line, the facility as it would be, and what changes.
    pub changed: Vec<(u32, Facility, Vec<FieldChange>)>,
    pub unchanged: usize,
    /// Facilities of the register's kinds, not closed, that no row matched.
    pub missing: Vec<Facility>,
}

pub fn match_key(name: &str, address: &str) -> String {
    format!("{}|{}", value_key(name), value_key(address))
}

/// A stable id for a register row without one.
pub fn made_id(name: &str, address: &str) -> String {
    let digest = Sha256::digest(match_key(name, address).as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("reg-{hex}")
}

fn same_place(a: &Facility, b: &Facility) -> bool {
    (a.lat - b.lat).abs() < 1e-7 && (a.lng - b.lng).abs() < 1e-7
}

/// Every difference between two versions of a facility, as people would read it.
pub fn changes(old: &Facility, new: &Facility) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut diff = |field: &str, a: String, b: String| {
        if a != b {
            out.push(FieldChange { field: field.into(), old: a, new: b });
        }
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    diff("name", old.name.clone(), new.name.clone());
    diff("kind", old.kind.as_str().into(), new.kind.as_str().into());
    diff("address", old.address.clone(), new.address.clone());
    diff("phone", old.phone.clone(), new.phone.clone());
    diff(
        "ownership",
        old.ownership.map(|o| o.as_str().into()).unwrap_or_default(),
        new.ownership.map(|o| o.as_str().into()).unwrap_or_default(),
    );
    diff("status", old.status.as_str().into(), new.status.as_str().into());
    diff("subdistrict_code", opt(&old.subdistrict_code), opt(&new.subdistrict_code));
    diff("community_code", opt(&old.community_code), opt(&new.community_code));
    if !same_place(old, new) || old.location_basis != new.location_basis {
        diff(
            "location",
            format!("{:.6},{:.6} ({})", old.lat, old.lng, old.location_basis.as_str()),
            format!("{:.6},{:.6} ({})", new.lat, new.lng, new.location_basis.as_str()),
        );
    }
    diff("hours", old.hours.to_string(), new.hours.to_string());
    diff("fees", opt(&old.fees), opt(&new.fees));
    diff("accessibility", opt(&old.accessibility), opt(&new.accessibility));
    for (key, a, b) in detail_pairs(&old.details, &new.details) {
        diff(&format!("details.{key}"), a, b);
    }
    let figure =
        |c: Option<&ServiceCapacity>, f: fn(&ServiceCapacity) -> i32| c.map(|c| f(c).to_string()).unwrap_or_default();
    for service in ServiceKind::ALL {
        let (a, b) = (old.service(service), new.service(service));
        diff(&format!("{}.maximum", service.as_str()), figure(a, |c| c.maximum), figure(b, |c| c.maximum));
        diff(&format!("{}.available", service.as_str()), figure(a, |c| c.available), figure(b, |c| c.available));
    }
    out
}

fn as_object(d: &Details) -> serde_json::Map<String, Value> {
    match serde_json::to_value(d) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

fn shown(v: Option<&Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// Every record field either side has, with both values as text.
fn detail_pairs(old: &Details, new: &Details) -> Vec<(String, String, String)> {
    let (a, b) = (as_object(old), as_object(new));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().map(|k| (k.clone(), shown(a.get(k)), shown(b.get(k)))).collect()
}

/// The record's fields the row gives replace; the others stay.
fn overlay(old: &Details, new: &Details) -> Details {
    let mut merged = as_object(old);
    merged.extend(as_object(new));
    serde_json::from_value(Value::Object(merged)).unwrap_or_else(|_| new.clone())
}

/// The facility as it would be after the row: see the module's rule.
fn merge(old: &Facility, row: &RowFacility) -> Facility {
    let new = &row.facility;
    let given = |f: &str| row.given.contains(&f);
    let mut out = old.clone();
    out.name.clone_from(&new.name);
    out.kind = new.kind;
    out.sample = false;
    if given("address") {
        out.address.clone_from(&new.address);
    }
    if given("phone") {
        out.phone.clone_from(&new.phone);
    }
    if given("ownership") {
        out.ownership = new.ownership;
    }
    if given("status") {
        out.status = new.status;
    }
    if given("hours") {
        out.hours = new.hours.clone();
    }
    if given("fees") {
        out.fees.clone_from(&new.fees);
    }
    if given("accessibility") {
        out.accessibility.clone_from(&new.accessibility);
    }
    out.details = overlay(&old.details, &new.details).into();
    if new.subdistrict_code.is_some() {
        out.subdistrict_code.clone_from(&new.subdistrict_code);
    }
    if new.community_code.is_some() {
        out.community_code.clone_from(&new.community_code);
    }
    if new.location_basis >= old.location_basis {
        (out.lat, out.lng, out.location_basis) = (new.lat, new.lng, new.location_basis);
    }
    for c in &new.services {
        match out.service_mut(c.service) {
            Some(have) => {
                have.maximum = c.maximum;
                if row.gave_free.contains(&c.service) {
                    have.available = c.available;
                    have.updated_at = c.updated_at;
                } else {
                    have.available = have.available.min(c.maximum);
                }
            }
            None => out.services.push(c.clone()),
        }
    }
    out.services.sort_by_key(|s| s.service);
    out
}

/// Compare the rows with what CareMap has. `existing` is every facility in the store.
pub fn plan(rows: Vec<RowFacility>, existing: &[Facility]) -> Plan {
    let by_id: HashMap<&str, &Facility> = existing.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut by_key: HashMap<String, Vec<&Facility>> = HashMap::new();
    let mut by_name: HashMap<(FacilityKind, String), Vec<&Facility>> = HashMap::new();
    for f in existing {
        by_key.entry(match_key(&f.name, &f.address)).or_default().push(f);
        by_name.entry((f.kind, value_key(&f.name))).or_default().push(f);
    }
    let mut names_in_file: HashMap<(FacilityKind, String), usize> = HashMap::new();
    for r in &rows {
        *names_in_file.entry((r.facility.kind, value_key(&r.facility.name))).or_default() += 1;
    }
    let kinds: Vec<FacilityKind> = {
        let mut k: Vec<FacilityKind> = rows.iter().map(|r| r.facility.kind).collect();
        k.sort();
        k.dedup();
        k
    };

    let mut plan = Plan::default();
    let mut matched: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for mut row in rows {
        let name_key = (row.facility.kind, value_key(&row.facility.name));
        let found = if row.has_id { by_id.get(row.facility.id.as_str()).copied() } else { None }
            .or_else(|| match by_key.get(&match_key(&row.facility.name, &row.facility.address)).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                _ => None,
            })
            .or_else(|| match by_name.get(&name_key).map(Vec::as_slice) {
                Some([one]) if names_in_file.get(&name_key) == Some(&1) => Some(*one),
                _ => None,
            })
            .filter(|f| !matched.contains(&f.id.as_str()));
        match found {
            Some(old) => {
                matched.insert(old.id.as_str());
                let new = merge(old, &row);
                let diff = changes(old, &new);
                if diff.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.changed.push((row.line, new, diff));
                }
            }
            None => {
                if !row.has_id {
                    row.facility.id = made_id(&row.facility.name, &row.facility.address);
                }
                plan.added.push((row.line, row.facility));
            }
        }
    }
    plan.missing = existing
        .iter()
        .filter(|f| kinds.contains(&f.kind) && f.status != FacilityStatus::Closed && !matched.contains(&f.id.as_str()))
        .cloned()
        .collect();
    plan
}
