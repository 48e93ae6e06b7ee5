//! Labels for the shared model in the visitor's language (the i18n keys live in app/locales/).
//! Values with blanks to fill use `{name}` placeholders, filled by [`tf!`](crate::tf).

use leptos_i18n::td_string;

use crate::i18n::Locale;
use crate::model::{
    FacilityKind, FacilityStatus, LocationBasis, OpeningHours, Ownership, Responsible, ServiceKind, TargetId, Via,
    WorkKind, WorkState, system_note,
};

/// A translation with its `{name}` blanks filled: `tf!(l, found_n, n = 3)`. (leptos_i18n's own
/// interpolation into strings needs its build-script code generation; this keeps the compile-time
/// check of every key without it.)
#[macro_export]
macro_rules! tf {
    ($l:expr, $key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::text::fill(leptos_i18n::td_string!($l, $key), &[$((stringify!($name), &$value as &dyn std::fmt::Display)),*])
    };
}

mod audit;
pub use audit::{audit_change, audit_field, audit_value, via};

/// Replace each `{name}` in `template` by its value; a `{…}` naming no argument stays as written.
/// One pass into one string: result pages fill a few hundred of these per render.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(n, _)| *n == name).map(|(_, value)| (close, value))
        });
        match named {
            Some((close, value)) => {
                let _ = write!(out, "{value}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn kind(l: Locale, k: FacilityKind) -> &'static str {
    match k {
        FacilityKind::ElderlyCenter => td_string!(l, kind_elderly_center),
        FacilityKind::ElderlyDaycare => td_string!(l, kind_elderly_daycare),
        FacilityKind::NursingHome => td_string!(l, kind_nursing_home),
        FacilityKind::Nursery => td_string!(l, kind_nursery),
        FacilityKind::Kindergarten => td_string!(l, kind_kindergarten),
        FacilityKind::PrimarySchool => td_string!(l, kind_primary_school),
        FacilityKind::MiddleSchool => td_string!(l, kind_middle_school),
        FacilityKind::HolidayCare => td_string!(l, kind_holiday_care),
    }
}

pub fn kind_short(l: Locale, k: FacilityKind) -> &'static str {
    match k {
        FacilityKind::ElderlyCenter => td_string!(l, short_elderly_center),
        FacilityKind::ElderlyDaycare => td_string!(l, short_elderly_daycare),
        FacilityKind::NursingHome => td_string!(l, short_nursing_home),
        FacilityKind::Nursery => td_string!(l, short_nursery),
        FacilityKind::Kindergarten => td_string!(l, short_kindergarten),
        FacilityKind::PrimarySchool => td_string!(l, short_primary_school),
        FacilityKind::MiddleSchool => td_string!(l, short_middle_school),
        FacilityKind::HolidayCare => td_string!(l, short_holiday_care),
    }
}

pub fn service(l: Locale, s: ServiceKind) -> &'static str {
    match s {
        ServiceKind::DayCare => td_string!(l, svc_day_care),
        ServiceKind::Meals => td_string!(l, svc_meals),
        ServiceKind::Bathing => td_string!(l, svc_bathing),
        ServiceKind::Rehab => td_string!(l, svc_rehab),
        ServiceKind::Respite => td_string!(l, svc_respite),
        ServiceKind::ResidentialBed => td_string!(l, svc_residential_bed),
        ServiceKind::NurseryPlace => td_string!(l, svc_nursery_place),
        ServiceKind::PreschoolPlace => td_string!(l, svc_preschool_place),
        ServiceKind::SchoolLunch => td_string!(l, svc_school_lunch),
        ServiceKind::AfterSchool => td_string!(l, svc_after_school),
        ServiceKind::HolidayCare => td_string!(l, svc_holiday_care),
    }
}

pub fn ownership(l: Locale, o: Ownership) -> &'static str {
    match o {
        Ownership::Public => td_string!(l, own_public),
        Ownership::InclusivePrivate => td_string!(l, own_inclusive_private),
        Ownership::Private => td_string!(l, own_private),
        Ownership::PublicPrivate => td_string!(l, own_public_private),
    }
}

/// Each service's own figure, `focus` first: `日间照料 空 3 / 30 · 助餐 已满` (never one sum across services).
pub fn figures(l: Locale, services: &[crate::model::ServiceCapacity], focus: Option<ServiceKind>) -> String {
    let mut list: Vec<&crate::model::ServiceCapacity> = services.iter().collect();
    list.sort_by_key(|c| (Some(c.service) != focus, c.service));
    list.iter().map(|c| format!("{} {}", service(l, c.service), figure(l, c))).collect::<Vec<_>>().join(" · ")
}

/// One figure: `空 3 / 30`, `已满`, or `共 30 个` when never reported.
pub fn figure(l: Locale, c: &crate::model::ServiceCapacity) -> String {
    match (c.updated_at == 0, c.available == 0) {
        (true, _) => tf!(l, places_total, m = c.maximum),
        (false, true) => td_string!(l, full).to_string(),
        (false, false) => tf!(l, free_of, a = c.available, m = c.maximum),
    }
}

/// 星级: `3 星级` / `3 star`.
pub fn rating(l: Locale, n: u8) -> String {
    tf!(l, rating_stars, n = n)
}

/// How a facility's point was found, for admins.
pub fn location_basis(l: Locale, b: LocationBasis) -> &'static str {
    match b {
        LocationBasis::Surveyed => td_string!(l, basis_surveyed),
        LocationBasis::Geocoded => td_string!(l, basis_geocoded),
        LocationBasis::Community => td_string!(l, basis_community),
        LocationBasis::Subdistrict => td_string!(l, basis_subdistrict),
    }
}

/// What families are told when a point is only an area's centre; nothing when it is precise enough.
pub fn location_note(l: Locale, b: LocationBasis) -> Option<&'static str> {
    match b {
        LocationBasis::Community => Some(td_string!(l, location_approx_community)),
        LocationBasis::Subdistrict => Some(td_string!(l, location_approx_subdistrict)),
        LocationBasis::Surveyed | LocationBasis::Geocoded => None,
    }
}

/// The notice for a facility that is not open, if any.
pub fn status_notice(l: Locale, s: FacilityStatus) -> Option<&'static str> {
    match s {
        FacilityStatus::Open => None,
        FacilityStatus::TemporarilyClosed => Some(td_string!(l, temporarily_closed)),
        FacilityStatus::Closed => Some(td_string!(l, closed_for_good)),
    }
}

/// A facility's status: 正常开放 / 暂停开放 / 已停办.
pub fn status(l: Locale, s: FacilityStatus) -> &'static str {
    status_notice(l, s).unwrap_or(td_string!(l, open_normally))
}

pub fn hours(l: Locale, h: &OpeningHours) -> String {
    if h.always {
        return td_string!(l, hours_always).to_string();
    }
    if !h.is_known() {
        return td_string!(l, hours_unknown).to_string();
    }
    match l {
        Locale::zh => h.describe_zh(),
        Locale::en => h.describe_en(),
    }
}

pub fn work_kind(l: Locale, k: WorkKind) -> &'static str {
    match k {
        WorkKind::ReportFull => td_string!(l, work_report_full),
        WorkKind::ReportWrong => td_string!(l, work_report_wrong),
        WorkKind::StaleFigure => td_string!(l, work_stale_figure),
        WorkKind::FullTooLong => td_string!(l, work_full_too_long),
        WorkKind::CoverageGap => td_string!(l, work_coverage_gap),
    }
}

pub fn work_state(l: Locale, s: WorkState) -> &'static str {
    match s {
        WorkState::Open => td_string!(l, state_open),
        WorkState::Acknowledged => td_string!(l, state_acknowledged),
        WorkState::Resolved => td_string!(l, state_resolved),
        WorkState::Dismissed => td_string!(l, state_dismissed),
    }
}

pub fn responsible(l: Locale, r: Responsible) -> &'static str {
    match r {
        Responsible::Managers => td_string!(l, responsible_managers),
        Responsible::District => td_string!(l, responsible_district),
    }
}

/// A transition's note: CareMap's own notes (`@…`) in the visitor's language, people's as written.
pub fn work_note(l: Locale, note: &str) -> String {
    match note {
        system_note::FIGURE_UPDATED => td_string!(l, work_note_figure_updated).to_string(),
        system_note::PROBLEM_GONE => td_string!(l, work_note_problem_gone).to_string(),
        other => other.to_string(),
    }
}

/// The target's name.
pub fn target(l: Locale, t: TargetId) -> &'static str {
    match t {
        TargetId::SubdistrictCentres => td_string!(l, target_subdistrict_centres),
        TargetId::CommunityDaycare => td_string!(l, target_community_daycare),
        TargetId::InclusivePreschoolShare => td_string!(l, target_inclusive_preschool_share),
        TargetId::PublicPreschoolShare => td_string!(l, target_public_preschool_share),
        TargetId::SchoolLunchShare => td_string!(l, target_school_lunch_share),
        TargetId::AfterSchoolShare => td_string!(l, target_after_school_share),
        TargetId::HolidayCarePlacesPer100Pupils => td_string!(l, target_holiday_care_places_per_100_pupils),
        TargetId::NursingBedShare => td_string!(l, target_nursing_bed_share),
    }
}

/// How the target is computed, in words.
pub fn target_definition(l: Locale, t: TargetId) -> &'static str {
    match t {
        TargetId::SubdistrictCentres => td_string!(l, def_subdistrict_centres),
        TargetId::CommunityDaycare => td_string!(l, def_community_daycare),
        TargetId::InclusivePreschoolShare => td_string!(l, def_inclusive_preschool_share),
        TargetId::PublicPreschoolShare => td_string!(l, def_public_preschool_share),
        TargetId::SchoolLunchShare => td_string!(l, def_school_lunch_share),
        TargetId::AfterSchoolShare => td_string!(l, def_after_school_share),
        TargetId::HolidayCarePlacesPer100Pupils => td_string!(l, def_holiday_care_places_per_100_pupils),
        TargetId::NursingBedShare => td_string!(l, def_nursing_bed_share),
    }
}

/// A length of time: "3 天" / "3 d", "5 小时" / "5 h", "12 分钟" / "12 min".
pub fn duration(l: Locale, seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        s if s >= 86_400 => tf!(l, n_days, n = format!("{:.1}", s as f64 / 86_400.0)),
        s if s >= 3600 => tf!(l, n_hours, n = s / 3600),
        s => tf!(l, n_minutes, n = (s / 60).max(1)),
    }
}

/// "3 小时前" / "3 h ago" for an age in seconds.
pub fn age(l: Locale, age_s: i64) -> String {
    let age = age_s.max(0);
    match age {
        a if a < 60 => td_string!(l, just_now).to_string(),
        a if a < 3600 => tf!(l, minutes_ago, n = a / 60),
        a if a < 86_400 => tf!(l, hours_ago, n = a / 3600),
        a => tf!(l, days_ago, n = a / 86_400),
    }
}

/// `850 米` / `850 m`, `1.2 公里` / `1.2 km`.
pub fn distance(l: Locale, metres: u32) -> String {
    match (l, metres < 1000) {
        (Locale::zh, true) => format!("{metres} 米"),
        (Locale::zh, false) => format!("{:.1} 公里", f64::from(metres) / 1000.0),
        (Locale::en, true) => format!("{metres} m"),
        (Locale::en, false) => format!("{:.1} km", f64::from(metres) / 1000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_each_named_argument_once_and_leaves_the_rest() {
        let (n, place) = (3, "{n} 路");
        assert_eq!(fill("{n} 个 · {place}附近 · {n}", &[("n", &n), ("place", &place)]), "3 个 · {n} 路附近 · 3");
        assert_eq!(fill("{unknown} {n", &[("n", &n)]), "{unknown} {n");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn each_service_keeps_its_own_figure_and_the_asked_one_comes_first() {
        use crate::model::ServiceCapacity;
        let cap = |service, available, maximum, updated_at| ServiceCapacity {
            service,
            available,
            maximum,
            updated_at,
            version: 1,
        };
        let list = [
            cap(ServiceKind::DayCare, 0, 30, 100),
            cap(ServiceKind::Meals, 10, 76, 100),
            cap(ServiceKind::Bathing, 0, 8, 0),
        ];
        assert_eq!(figures(Locale::zh, &list, None), "日间照料 已满 · 助餐 空 10 / 76 · 助浴 共 8 个");
        assert_eq!(
            figures(Locale::zh, &list, Some(ServiceKind::Meals)),
            "助餐 空 10 / 76 · 日间照料 已满 · 助浴 共 8 个"
        );
        assert_eq!(figures(Locale::en, &list[..1], None), "Day care Full");
    }

    #[test]
    fn audit_entries_read_in_either_language() {
        let entry = |service, field: &str, old: &str, new: &str| crate::model::AuditEntry {
            id: 1,
            at: 0,
            login: "li".into(),
            via: "page".into(),
            facility_id: "x".into(),
            facility_name: String::new(),
            service,
            field: field.into(),
            old_value: Some(old.into()),
            new_value: Some(new.into()),
        };
        let meals = entry(Some(ServiceKind::Meals), "available", "3", "2");
        assert_eq!(audit_change(Locale::zh, &meals), "助餐 空位：3 → 2");
        assert_eq!(audit_change(Locale::en, &meals), "Meals Free places: 3 → 2");
        let status = entry(None, "status", "open", "temporarily_closed");
        assert_eq!(audit_change(Locale::zh, &status), "状态：正常开放 → 暂停开放");
        let kind = entry(None, "kind", "nursery", "kindergarten");
        assert!(!audit_change(Locale::en, &kind).contains("nursery"), "{}", audit_change(Locale::en, &kind));
        let moved = entry(None, "location", "34.1,113.6 (community)", "34.2,113.7 (surveyed)");
        assert_eq!(audit_change(Locale::zh, &moved), "位置：34.1,113.6（社区中心（大致）） → 34.2,113.7（实测）");
        assert_eq!(audit_value(Locale::en, "fees", None), "(empty)");
        assert_eq!(audit_field(Locale::zh, "details.beds"), "详情：beds");
        assert_eq!(audit_field(Locale::en, "something_new"), "something_new");
        assert_eq!(
            (via(Locale::zh, "page"), via(Locale::en, "register")),
            ("管理页面".into(), "District register".into())
        );
        assert_eq!(via(Locale::en, "carrier pigeon"), "carrier pigeon");
    }

    #[test]
    fn both_languages_have_every_label() {
        for l in [Locale::zh, Locale::en] {
            for k in FacilityKind::ALL {
                assert!(!kind(l, k).is_empty() && !kind_short(l, k).is_empty());
            }
            for s in ServiceKind::ALL {
                assert!(!service(l, s).is_empty());
            }
        }
        assert_eq!(age(Locale::zh, 3 * 3600 + 5), "3 小时前");
        assert_eq!(age(Locale::en, 120), "2 min ago");
        assert_eq!(distance(Locale::en, 1249), "1.2 km");
        assert_eq!(distance(Locale::zh, 850), "850 米");
        assert_eq!(crate::tf!(Locale::en, free_of, a = 3, m = 20), "3 of 20 free");
        assert_eq!(crate::tf!(Locale::zh, free_of, a = 3, m = 20), "空 3 / 20");
        for l in [Locale::zh, Locale::en] {
            for k in WorkKind::ALL {
                assert!(!work_kind(l, k).is_empty());
            }
            for s in WorkState::ALL {
                assert!(!work_state(l, s).is_empty());
            }
            for t in TargetId::ALL {
                assert!(!target(l, t).is_empty() && !target_definition(l, t).is_empty());
            }
            assert!(
                !work_note(l, "@figure_updated").starts_with('@') && !work_note(l, "@problem_gone").starts_with('@')
            );
        }
        assert_eq!(work_note(Locale::en, "called them"), "called them");
        assert_eq!(duration(Locale::zh, 36 * 3600), "1.5 天");
        assert_eq!(duration(Locale::en, 5 * 3600 + 10), "5 h");
        assert_eq!(duration(Locale::en, 30), "1 min");
    }
}
