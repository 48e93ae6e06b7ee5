//! Register cells for the record's fields, as offices write them: `是`/`否`, `三星级`/`★★★`,
//! `内设医务室`/`签约合作`, `1500-3000元/月`, `托班、小班、中班`.

use crate::message::Message;
use crate::model::{ClassGroup, Details, MedicalCare};
use crate::msg;

use super::synonyms::value_key;

pub fn yes_no(what: &str, v: &str) -> Result<bool, Message> {
    match value_key(v).as_str() {
        "是" | "有" | "√" | "✓" | "y" | "yes" | "true" | "1" => Ok(true),
        "否" | "无" | "没有" | "×" | "n" | "no" | "false" | "0" => Ok(false),
        _ => Err(msg!(err_reg_yes_no, what = what, value = v)),
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32)
}

/// `3`, `3星`, `三星级`, `★★★`.
pub fn rating(v: &str) -> Result<u8, Message> {
    let key = value_key(v);
    let stars = key.chars().filter(|&c| c == '★').count();
    let n = if stars > 0 {
        stars as u32
    } else {
        let first = key.chars().next().ok_or_else(|| msg!(err_reg_rating, value = v))?;
        first.to_digit(10).or_else(|| chinese_digit(first)).ok_or_else(|| msg!(err_reg_rating, value = v))?
    };
    u8::try_from(n).ok().filter(|n| (1..=5).contains(n)).ok_or_else(|| msg!(err_reg_rating, value = v))
}

/// 内设 (a clinic inside) → onsite; 签约 / 合作 → contracted; 无 / 否 → none; a bare 是 → contracted
/// (some arrangement, not known to be inside).
pub fn medical(v: &str) -> Result<MedicalCare, Message> {
    let key = value_key(v);
    if key.contains("内设") || key.contains("医务室") || key.contains("护理站") || key == "onsite" {
        Ok(MedicalCare::Onsite)
    } else if key.contains("签约") || key.contains("合作") || key == "contracted" {
        Ok(MedicalCare::Contracted)
    } else {
        match yes_no("医养结合", v) {
            Ok(true) => Ok(MedicalCare::Contracted),
            Ok(false) => Ok(MedicalCare::None),
            Err(_) if key == "none" => Ok(MedicalCare::None),
            Err(_) => Err(msg!(err_reg_medical, value = v)),
        }
    }
}

/// `1500-3000`, `1500～3000元/月`, `2800元/月`: the monthly fee range in yuan; `None` for text without
/// numbers (the text itself is kept as `fees`).
pub fn fee_range(v: &str) -> Option<(u32, u32)> {
    let numbers: Vec<u32> =
        v.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
    match numbers[..] {
        [one] => Some((one, one)),
        [a, b] => Some((a.min(b), a.max(b))),
        _ => None,
    }
}

/// An age range as registers write it, in whole years: `0-3岁`, `3—6周岁`, `6个月-3岁`, `18个月至36个月`,
/// `2岁半-3岁`. Months round outwards (6 个月 → from 0; 30 个月 → to 3), so no child the facility takes
/// is left out of a search by age.
pub fn age_range(v: &str) -> Result<(u8, u8), Message> {
    let bad = || msg!(err_reg_ages, value = v);
    let v = v.replace(['—', '–', '~', '～', '至', '到'], "-").replace("周岁", "岁").replace("岁半", ".5岁");
    let (lo, hi) = v.split_once('-').ok_or_else(bad)?;
    // An end without a unit takes the other end's (`0-3岁`).
    let unit_of = |s: &str| {
        if s.contains("月") {
            Some(12.0)
        } else if s.contains('岁') {
            Some(1.0)
        } else {
            None
        }
    };
    let (lo_unit, hi_unit) = (unit_of(lo), unit_of(hi));
    let number = |s: &str| -> Option<f64> {
        s.trim().trim_end_matches(['岁', '个', '月']).trim_end_matches(['个', '月']).trim().parse::<f64>().ok()
    };
    let (a, b) = (number(lo).ok_or_else(bad)?, number(hi).ok_or_else(bad)?);
    let (ua, ub) = (lo_unit.or(hi_unit).unwrap_or(1.0), hi_unit.or(lo_unit).unwrap_or(1.0));
    let (min, max) = ((a / ua).floor(), (b / ub).ceil());
    if !(0.0..=120.0).contains(&min) || !(0.0..=120.0).contains(&max) || min > max {
        return Err(bad());
    }
    Ok((min as u8, max as u8))
}

/// `托班、小班、中班、大班` (any separators).
pub fn classes(v: &str) -> Result<Vec<ClassGroup>, Message> {
    let mut out = Vec::new();
    for (word, class) in [
        ("托班", ClassGroup::Toddler),
        ("小班", ClassGroup::Junior),
        ("中班", ClassGroup::Middle),
        ("大班", ClassGroup::Senior),
    ] {
        if v.contains(word) || v.split([',', ' ', '、', '，']).any(|p| p.trim() == class.as_str()) {
            out.push(class);
        }
    }
    if out.is_empty() {
        return Err(msg!(err_reg_classes, value = v));
    }
    Ok(out)
}

/// A whole, non-negative count as registers write it: `60`, `60张`, `60 床位`.
pub(super) fn count(what: &str, v: &str) -> Result<u32, Message> {
    v.trim()
        .trim_end_matches(['张', '个', '人', '名', '床', '位'])
        .trim()
        .parse()
        .map_err(|_| msg!(err_reg_count, what = what, value = v))
}

/// Put one cell into `details` (fields named as in [`Details`]; `fee_range` fills both fee bounds).
pub fn set(details: &mut Details, field: &str, v: &str) -> Result<(), Message> {
    let text = |v: &str| Some(v.trim().to_string());
    match field {
        "beds_full_care" => details.beds_full_care = Some(count("全托床位", v)?),
        "beds_day_care" => details.beds_day_care = Some(count("日托床位", v)?),
        "beds_nursing" => details.beds_nursing = Some(count("护理型床位", v)?),
        "beds_occupied" => details.beds_occupied = Some(count("在住人数", v)?),
        "rating" => details.rating = Some(rating(v)?),
        "medical" => details.medical = Some(medical(v)?),
        "ltc_insurance" => details.ltc_insurance = Some(yes_no("长护险定点", v)?),
        "meal_service" => details.meal_service = Some(yes_no("助餐服务", v)?),
        "fee_range" => {
            let (min, max) = fee_range(v).ok_or_else(|| msg!(err_reg_fee_range, value = v))?;
            (details.fee_min, details.fee_max) = (Some(min), Some(max));
        }
        "inclusive_since" => {
            let year = v.trim().trim_end_matches('年').parse().map_err(|_| msg!(err_reg_year, value = v))?;
            details.inclusive_since = Some(year);
        }
        "classes" => details.classes = classes(v)?,
        "lunch_provider" => details.lunch_provider = text(v),
        "after_school_hours" => details.after_school_hours = text(v),
        "boarding" => details.boarding = Some(yes_no("寄宿", v)?),
        other => return Err(msg!(err_reg_not_a_field, value = other)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_offices_write_them() {
        assert_eq!(rating("三星级"), Ok(3));
        assert_eq!(rating("★★★★"), Ok(4));
        assert_eq!(rating("5"), Ok(5));
        assert!(rating("六星").is_err() && rating("优秀").is_err());
        assert_eq!(medical("内设医务室"), Ok(MedicalCare::Onsite));
        assert_eq!(medical("签约合作"), Ok(MedicalCare::Contracted));
        assert_eq!(medical("无"), Ok(MedicalCare::None));
        assert!(medical("不详").is_err());
        assert_eq!(fee_range("1500-3000元/月"), Some((1500, 3000)));
        assert_eq!(fee_range("每月2800元"), Some((2800, 2800)));
        assert_eq!(fee_range("面议"), None);
        assert_eq!(age_range("0-3岁"), Ok((0, 3)));
        assert_eq!(age_range("3—6周岁"), Ok((3, 6)));
        assert_eq!(age_range("6个月-3岁"), Ok((0, 3)));
        assert_eq!(age_range("18个月至30个月"), Ok((1, 3)));
        assert_eq!(age_range("2岁半-3岁"), Ok((2, 3)));
        assert_eq!(age_range("60-120"), Ok((60, 120)));
        assert!(age_range("3岁以下").is_err() && age_range("6-3岁").is_err() && age_range("岁-岁").is_err());
        assert_eq!(classes("托班、小班、中班"), Ok(vec![ClassGroup::Toddler, ClassGroup::Junior, ClassGroup::Middle]));
        assert_eq!(yes_no("寄宿", "否"), Ok(false));
        let mut d = Details::default();
        set(&mut d, "beds_nursing", "60张").expect("count");
        set(&mut d, "inclusive_since", "2021年").expect("year");
        assert_eq!((d.beds_nursing, d.inclusive_since), (Some(60), Some(2021)));
        assert!(set(&mut d, "boarding", "也许").is_err_and(|e| e.to_string().contains("也许")));
    }
}
