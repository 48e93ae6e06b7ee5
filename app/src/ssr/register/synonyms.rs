//! The tables that read a district's register: which headers mean which field, and which words mean
//! which kind, ownership and status. This file is the one home of those words; `docs/REGISTERS.md`
//! prints them and a test checks that it lists every one.

use crate::model::{FacilityKind, FacilityStatus, Ownership, ServiceKind};

/// What a register column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    Name,
    Kind,
    Address,
    Phone,
    Ownership,
    Status,
    /// 所属街道: a subdistrict's name.
    Subdistrict,
    /// 所属社区: a community's name.
    Community,
    SubdistrictCode,
    CommunityCode,
    Lng,
    Lat,
    Hours,
    Fees,
    Accessibility,
    /// The ages taken, in years or months (`0-3岁`, `6个月-3岁`, `3—6周岁`).
    Ages,
    /// The number of places of the kind's main service (床位, 托位, 学位).
    Places,
    /// How many of those places are free now.
    Free,
    /// One named service: `20` (maximum) or `3/20` (available/maximum).
    Service(ServiceKind),
    /// A field of the register record ([`crate::model::Details`]), by its JSON name.
    Detail(&'static str),
}

impl Field {
    /// The name used in `--map field=header` and in messages: CareMap's own column names.
    pub fn key(self) -> String {
        match self {
            Field::Service(s) => s.as_str().to_string(),
            Field::Detail(d) => d.to_string(),
            other => FIELDS.iter().find(|(f, _)| *f == other).map_or_else(String::new, |(_, h)| h[0].to_string()),
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        let key = key.trim();
        FIELDS
            .iter()
            .find(|(_, h)| h[0] == key)
            .map(|(f, _)| *f)
            .or_else(|| ServiceKind::parse(key).map(Field::Service))
    }
}

/// Header words per field; the first is CareMap's own column name. Headers are compared after
/// [`header_key`] (so `床位数（张）` reads as `床位数`).
pub const FIELDS: &[(Field, &[&str])] = &[
    (Field::Id, &["id", "编号", "机构编号", "机构编码", "机构代码", "统一社会信用代码"]),
    (Field::Name, &["name", "名称", "机构名称", "单位名称", "学校名称", "幼儿园名称", "园所名称", "设施名称"]),
    (Field::Kind, &["kind", "类型", "机构类型", "设施类型", "类别", "机构类别", "学校类型"]),
    (Field::Address, &["address", "地址", "详细地址", "机构地址", "单位地址", "办学地址", "园所地址", "所在地址"]),
    (Field::Phone, &["phone", "电话", "联系电话", "咨询电话", "办公电话", "服务电话"]),
    (Field::Ownership, &["ownership", "性质", "办学性质", "机构性质", "运营性质", "举办性质", "运营方式", "办园性质"]),
    (Field::Status, &["status", "状态", "运营状态", "办学状态"]),
    (Field::Subdistrict, &["subdistrict", "街道", "所属街道", "所在街道", "街道办事处", "街镇", "乡镇街道"]),
    (Field::Community, &["community", "社区", "所属社区", "所在社区", "社区村", "所属社区村"]),
    (Field::SubdistrictCode, &["subdistrict_code", "街道代码", "街道编码"]),
    (Field::CommunityCode, &["community_code", "社区代码", "社区编码"]),
    (Field::Lng, &["lng", "经度", "longitude"]),
    (Field::Lat, &["lat", "纬度", "latitude"]),
    (Field::Hours, &["hours", "开放时间", "服务时间", "营业时间"]),
    (Field::Fees, &["fees", "收费标准", "收费", "收费情况"]),
    (Field::Accessibility, &["accessibility", "无障碍设施", "无障碍"]),
    (Field::Ages, &["ages", "招收年龄", "收托年龄", "招生年龄", "年龄范围", "服务年龄", "适用年龄"]),
    (
        Field::Places,
        &[
            "places",
            "床位数",
            "床位",
            "总床位",
            "总床位数",
            "核定床位",
            "核定床位数",
            "托位",
            "托位数",
            "学位",
            "学位数",
            "核定学位",
            "核定学位数",
            "招生规模",
            "规模",
        ],
    ),
    (
        Field::Free,
        &["free", "空余床位", "空床位", "空床位数", "空余床位数", "空余托位", "空余学位", "剩余学位", "空位", "空位数"],
    ),
    (Field::Service(ServiceKind::Meals), &["meals", "助餐"]),
    (Field::Service(ServiceKind::Bathing), &["bathing", "助浴"]),
    (Field::Service(ServiceKind::Rehab), &["rehab", "康复"]),
    (Field::Service(ServiceKind::Respite), &["respite", "喘息服务"]),
    (Field::Service(ServiceKind::SchoolLunch), &["school_lunch", "课后午餐", "午餐"]),
    (Field::Service(ServiceKind::AfterSchool), &["after_school", "课后服务", "课后托管"]),
    (Field::Detail("beds_full_care"), &["beds_full_care", "全托床位", "全托床位数", "住养床位"]),
    (Field::Detail("beds_day_care"), &["beds_day_care", "日托床位", "日托床位数"]),
    (Field::Detail("beds_nursing"), &["beds_nursing", "护理型床位", "护理型床位数", "护理床位"]),
    (
        Field::Detail("beds_occupied"),
        &["beds_occupied", "在住人数", "月末在住人数", "入住人数", "在院人数", "实际入住"],
    ),
    (Field::Detail("rating"), &["rating", "星级", "星级评定", "等级评定"]),
    (Field::Detail("medical"), &["medical", "医养结合", "医养结合情况", "医疗服务"]),
    (Field::Detail("ltc_insurance"), &["ltc_insurance", "长护险定点", "长期护理保险定点", "是否长护险定点"]),
    (Field::Detail("meal_service"), &["meal_service", "助餐服务", "老年助餐", "是否助餐"]),
    (Field::Detail("fee_range"), &["fee_range", "月收费", "收费区间", "月收费标准", "每月收费"]),
    (Field::Detail("inclusive_since"), &["inclusive_since", "普惠认定年份", "认定年份", "普惠性认定年份"]),
    (Field::Detail("classes"), &["classes", "班型", "开设班级", "招收班级", "班级设置"]),
    (Field::Detail("lunch_provider"), &["lunch_provider", "供餐单位", "午餐供应单位", "供餐方式"]),
    (Field::Detail("after_school_hours"), &["after_school_hours", "课后服务时间", "课后服务时段"]),
    (Field::Detail("boarding"), &["boarding", "寄宿", "是否寄宿", "寄宿制"]),
];

/// Kind words as registers write them. A value is read exactly (after [`value_key`]), else by the
/// longest word here that it ends with (`民办幼儿园` → 幼儿园).
pub const KINDS: &[(FacilityKind, &[&str])] = &[
    (
        FacilityKind::ElderlyCenter,
        &["综合养老服务中心", "街道综合养老服务中心", "街道养老服务中心", "养老服务综合体", "区域养老服务中心"],
    ),
    (
        FacilityKind::ElderlyDaycare,
        &[
            "社区日间照料中心",
            "日间照料中心",
            "日间照料站",
            "社区养老服务站",
            "养老服务站",
            "日间照料",
            "社区养老服务中心",
        ],
    ),
    (
        FacilityKind::NursingHome,
        &["养老院", "敬老院", "养老机构", "福利院", "社会福利院", "护理院", "老年公寓", "养护院"],
    ),
    (
        FacilityKind::Nursery,
        &["托育机构", "托育园", "托育中心", "托育服务中心", "托育所", "托儿所", "婴幼儿照护服务机构", "托育"],
    ),
    (FacilityKind::Kindergarten, &["幼儿园"]),
    (FacilityKind::PrimarySchool, &["小学"]),
    (FacilityKind::MiddleSchool, &["初级中学", "初中", "中学"]),
    (FacilityKind::HolidayCare, &["托管", "假期托管", "暑期托管", "寒暑假托管", "托管班"]),
];

/// Ownership words, read exactly (after [`value_key`]).
pub const OWNERSHIPS: &[(Ownership, &[&str])] = &[
    (Ownership::Public, &["公办", "公立", "公办园", "公办学校", "国有"]),
    (Ownership::PublicPrivate, &["公建民营", "公办民营"]),
    (Ownership::InclusivePrivate, &["民办普惠", "普惠性民办", "普惠民办", "普惠", "普惠性", "普惠托育", "普惠性托育"]),
    (Ownership::Private, &["民办", "私立", "民营", "社会办"]),
];

/// Status words, read exactly (after [`value_key`]).
pub const STATUSES: &[(FacilityStatus, &[&str])] = &[
    (FacilityStatus::Open, &["正常", "运营", "正常运营", "开放", "在营", "营业"]),
    (FacilityStatus::TemporarilyClosed, &["暂停", "暂停运营", "停业整顿", "暂停开放", "装修"]),
    (FacilityStatus::Closed, &["停办", "关闭", "注销", "已注销", "停业", "撤销"]),
];

fn fold(c: char) -> char {
    match c {
        // Full-width ASCII (Ａ, １, （ …) to half-width.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
    .to_ascii_lowercase()
}

fn is_noise(c: char) -> bool {
    c.is_whitespace() || "*:、,.;'\"-_/\\【】[]《》“”‘’。，：；".contains(c)
}

/// A header as compared: half-width, lower case, no spaces or punctuation, bracketed notes dropped
/// (`床位数（张）` → `床位数`, `* 机构名称` → `机构名称`).
pub fn header_key(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in s.chars().map(fold) {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 || is_noise(c) => {}
            _ => out.push(c),
        }
    }
    out
}

/// A value as compared: like [`header_key`] but brackets keep their content (`民办（普惠）` → `民办普惠`).
pub fn value_key(s: &str) -> String {
    s.chars().map(fold).filter(|&c| !is_noise(c) && c != '(' && c != ')').collect()
}

pub fn field_of(header: &str) -> Option<Field> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    FIELDS.iter().find(|(_, words)| words.iter().any(|w| header_key(w) == key)).map(|(f, _)| *f)
}

fn exact<T: Copy>(table: &[(T, &[&str])], key: &str) -> Option<T> {
    table.iter().find(|(_, words)| words.iter().any(|w| value_key(w) == key)).map(|(v, _)| *v)
}

pub fn kind_of(value: &str) -> Option<FacilityKind> {
    let key = value_key(value);
    if let Some(k) = FacilityKind::parse(value.trim()).or_else(|| exact(KINDS, &key)) {
        return Some(k);
    }
    KINDS
        .iter()
        .flat_map(|(k, words)| words.iter().map(move |w| (*k, value_key(w))))
        .filter(|(_, w)| key.ends_with(w.as_str()))
        .max_by_key(|(_, w)| w.chars().count())
        .map(|(k, _)| k)
}

pub fn ownership_of(value: &str) -> Option<Ownership> {
    let key = value_key(value);
    Ownership::parse(value.trim()).or_else(|| exact(OWNERSHIPS, &key))
}

pub fn status_of(value: &str) -> Option<FacilityStatus> {
    let key = value_key(value);
    FacilityStatus::parse(value.trim()).or_else(|| exact(STATUSES, &key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_through_notes_and_full_width_forms() {
        assert_eq!(field_of("机构名称"), Some(Field::Name));
        assert_eq!(field_of(" * 机构名称 "), Some(Field::Name));
        assert_eq!(field_of("床位数（张）"), Some(Field::Places));
        assert_eq!(field_of("联系电话(办公)"), Some(Field::Phone));
        assert_eq!(field_of("ＮＡＭＥ"), Some(Field::Name));
        assert_eq!(field_of("meals"), Some(Field::Service(ServiceKind::Meals)));
        assert_eq!(field_of("备注"), None);
        assert_eq!(field_of(""), None);
    }

    #[test]
    fn words_as_registers_write_them() {
        assert_eq!(kind_of("社区日间照料中心"), Some(FacilityKind::ElderlyDaycare));
        assert_eq!(kind_of("日间照料站"), Some(FacilityKind::ElderlyDaycare));
        assert_eq!(kind_of("民办幼儿园"), Some(FacilityKind::Kindergarten));
        assert_eq!(kind_of("普惠托育园"), Some(FacilityKind::Nursery));
        assert_eq!(kind_of("社区托育服务中心"), Some(FacilityKind::Nursery));
        assert_eq!(kind_of("初级中学"), Some(FacilityKind::MiddleSchool));
        assert_eq!(kind_of("敬老院"), Some(FacilityKind::NursingHome));
        assert_eq!(kind_of("nursing_home"), Some(FacilityKind::NursingHome));
        // The longest word wins: 街道综合养老服务中心 is a big centre, not a 养老服务中心 of a community.
        assert_eq!(kind_of("街道综合养老服务中心"), Some(FacilityKind::ElderlyCenter));
        assert_eq!(kind_of("医院"), None);
        assert_eq!(ownership_of("公建民营"), Some(Ownership::PublicPrivate));
        assert_eq!(ownership_of("民办（普惠）"), Some(Ownership::InclusivePrivate));
        assert_eq!(ownership_of("普惠性民办"), Some(Ownership::InclusivePrivate));
        assert_eq!(ownership_of("民办"), Some(Ownership::Private));
        assert_eq!(ownership_of("公办"), Some(Ownership::Public));
        assert_eq!(ownership_of("外资"), None);
        assert_eq!(status_of("停办"), Some(FacilityStatus::Closed));
        assert_eq!(status_of("正常运营"), Some(FacilityStatus::Open));
    }

    #[test]
    fn no_word_means_two_things() {
        let mut seen = std::collections::HashMap::new();
        for (field, words) in FIELDS {
            for w in *words {
                if let Some(other) = seen.insert(header_key(w), *field) {
                    panic!("header `{w}` means both {other:?} and {field:?}");
                }
            }
            assert_eq!(Field::from_key(&field.key()), Some(*field));
        }
        let mut values = std::collections::HashMap::new();
        for (kind, words) in KINDS {
            for w in *words {
                assert!(values.insert(value_key(w), format!("{kind:?}")).is_none(), "kind word `{w}` twice");
            }
        }
        for (o, words) in OWNERSHIPS {
            for w in *words {
                assert_eq!(ownership_of(w), Some(*o), "{w}");
            }
        }
        for (s, words) in STATUSES {
            for w in *words {
                assert_eq!(status_of(w), Some(*s), "{w}");
            }
        }
    }
}
