//! The audit trail in words: a field's name, its values, how a change was made (`/admin`).

use leptos_i18n::td_string;

use super::*;
use crate::i18n::Locale;

/// The name of a field of the audit trail (`available` → 空位, `details.beds` → 详情：beds); a field
/// CareMap does not know is shown as recorded.
pub fn audit_field(l: Locale, field: &str) -> String {
    let known = match field {
        "available" => td_string!(l, audit_field_available),
        "maximum" => td_string!(l, audit_field_maximum),
        "confirmed" => td_string!(l, audit_field_confirmed),
        "status" => td_string!(l, audit_field_status),
        "hours" => td_string!(l, audit_field_hours),
        "location" => td_string!(l, audit_field_location),
        "created" => td_string!(l, audit_field_created),
        "name" => td_string!(l, audit_field_name),
        "kind" => td_string!(l, audit_field_kind),
        "address" => td_string!(l, audit_field_address),
        "phone" => td_string!(l, audit_field_phone),
        "ownership" => td_string!(l, audit_field_ownership),
        "subdistrict_code" => td_string!(l, audit_field_subdistrict),
        "community_code" => td_string!(l, audit_field_community),
        "fees" => td_string!(l, audit_field_fees),
        "accessibility" => td_string!(l, audit_field_accessibility),
        other => {
            return match other.strip_prefix("details.") {
                Some(key) => tf!(l, audit_field_details, key = key),
                None => other.to_string(),
            };
        }
    };
    known.to_string()
}

/// A recorded value of `field` as people read it: enum names by their labels, times in Beijing time,
/// a point's basis in words, a subdistrict by its name; anything else as recorded.
pub fn audit_value(l: Locale, field: &str, value: Option<&str>) -> String {
    let Some(v) = value.filter(|v| !v.is_empty()) else { return td_string!(l, audit_empty).to_string() };
    let label = match field {
        "status" => FacilityStatus::parse(v).map(|s| status(l, s).to_string()),
        "kind" => FacilityKind::parse(v).map(|k| kind(l, k).to_string()),
        "ownership" => Ownership::parse(v).map(|o| ownership(l, o).to_string()),
        "subdistrict_code" => crate::subdistricts::subdistrict(v).map(|s| s.name.to_string()),
        "hours" => OpeningHours::parse(v).ok().map(|h| hours(l, &h)),
        "confirmed" => v.parse::<i64>().ok().map(|at| match at {
            0 => td_string!(l, audit_never).to_string(),
            at => crate::calendar::shanghai_datetime(at),
        }),
        // `34.712345,113.612345 (surveyed)`
        "location" => v.strip_suffix(')').and_then(|v| v.split_once(" (")).and_then(|(point, basis)| {
            LocationBasis::parse(basis).map(|b| format!("{point}（{}）", location_basis(l, b)))
        }),
        _ => None,
    };
    label.unwrap_or_else(|| v.to_string())
}

/// One audit entry's change: `助餐 空位：3 → 2`, `状态：正常开放 → 暂停开放` / `Meals Free places: 3 → 2`.
pub fn audit_change(l: Locale, e: &crate::model::AuditEntry) -> String {
    let field = audit_field(l, &e.field);
    let what = match e.service {
        Some(s) => format!("{} {field}", service(l, s)),
        None => field,
    };
    tf!(
        l,
        audit_change,
        what = what,
        old = audit_value(l, &e.field, e.old_value.as_deref()),
        new = audit_value(l, &e.field, e.new_value.as_deref()),
    )
}

/// How a change was made (`Via`, plus `system` for CareMap's own): 管理页面, 机构系统接口, 区名册导入 ….
pub fn via(l: Locale, via: &str) -> String {
    let label = match Via::parse(via) {
        Some(Via::Page) => td_string!(l, via_page),
        Some(Via::Api) => td_string!(l, via_api),
        Some(Via::Register) => td_string!(l, via_register),
        Some(Via::Sample) => td_string!(l, via_sample),
        None if via == "system" => td_string!(l, via_system),
        None => return via.to_string(),
    };
    label.to_string()
}
