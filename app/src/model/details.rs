//! What a facility's register record says beyond where it is and what it offers: elderly care's beds
//! by type, rating, medical care, long-term-care insurance, meals and fees; childcare's 普惠 recognition
//! and classes; schools' lunch, after-school hours and boarding. Every field is optional: sources give
//! what they have, and families are shown only what is known.

use serde::{Deserialize, Serialize};

/// 医养结合: how medical care is provided.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum MedicalCare {
    /// No arrangement.
    None,
    /// 签约合作: a contract with a nearby clinic or hospital.
    Contracted,
    /// 内设医疗机构: a clinic or nursing station inside the facility.
    Onsite,
}

impl MedicalCare {
    pub const ALL: [MedicalCare; <MedicalCare as strum::EnumCount>::COUNT] =
        [MedicalCare::None, MedicalCare::Contracted, MedicalCare::Onsite];
}

/// Kindergarten and childcare classes (托班 2–3 years, 小班 3–4, 中班 4–5, 大班 5–6).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ClassGroup {
    Toddler,
    Junior,
    Middle,
    Senior,
}

impl ClassGroup {
    pub const ALL: [ClassGroup; <ClassGroup as strum::EnumCount>::COUNT] =
        [ClassGroup::Toddler, ClassGroup::Junior, ClassGroup::Middle, ClassGroup::Senior];
}

/// The register record's fields. JSON names are a public contract (API, import files, HSDS extension).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    /// 全托床位: beds for residents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds_full_care: Option<u32>,
    /// 日托床位: day-care beds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds_day_care: Option<u32>,
    /// 护理型床位: nursing-care beds (for residents who need nursing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds_nursing: Option<u32>,
    /// 月末在住: beds occupied at the end of the last month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds_occupied: Option<u32>,
    /// 星级 (GB/T 37276): 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical: Option<MedicalCare>,
    /// 长护险定点: designated by long-term-care insurance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ltc_insurance: Option<bool>,
    /// 助餐: meals served, also to older people who do not live there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meal_service: Option<bool>,
    /// Monthly fee range, in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_max: Option<u32>,
    /// The year a kindergarten or nursery was recognised as 普惠 (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusive_since: Option<u16>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<ClassGroup>,
    /// Schools: who provides lunch (the canteen, or a catering company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lunch_provider: Option<String>,
    /// Schools: after-school service hours, e.g. `15:40-18:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_school_hours: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boarding: Option<bool>,
}

impl Details {
    /// No field known (what `Default` gives), as a constant: the one every empty [`DetailsBox`] shows.
    pub const EMPTY: Details = Details {
        beds_full_care: None,
        beds_day_care: None,
        beds_nursing: None,
        beds_occupied: None,
        rating: None,
        medical: None,
        ltc_insurance: None,
        meal_service: None,
        fee_min: None,
        fee_max: None,
        inclusive_since: None,
        classes: Vec::new(),
        lunch_provider: None,
        after_school_hours: None,
        boarding: None,
    };
}

static EMPTY: Details = Details::EMPTY;

/// A facility's [`Details`], on the heap and only when some field is known: one pointer in the record
/// instead of 136 bytes inline (most facilities have none, and a national index keeps a million
/// records). Reads and writes go through `Deref`/`DerefMut` as if it were the `Details` itself (a write
/// to an empty one allocates it); serde sees exactly a `Details`, so the JSON is unchanged.
#[derive(Clone, Default)]
pub struct DetailsBox(Option<Box<Details>>);

impl DetailsBox {
    pub fn into_inner(self) -> Details {
        self.0.map_or_else(Details::default, |d| *d)
    }
}

impl From<Details> for DetailsBox {
    fn from(details: Details) -> Self {
        DetailsBox((!details.is_empty()).then(|| Box::new(details)))
    }
}

impl std::ops::Deref for DetailsBox {
    type Target = Details;

    fn deref(&self) -> &Details {
        self.0.as_deref().unwrap_or(&EMPTY)
    }
}

impl std::ops::DerefMut for DetailsBox {
    fn deref_mut(&mut self) -> &mut Details {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for DetailsBox {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for DetailsBox {}

impl std::fmt::Debug for DetailsBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for DetailsBox {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DetailsBox {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Details::deserialize(deserializer).map(DetailsBox::from)
    }
}

const MAX_TEXT: usize = 100;

impl Details {
    pub fn is_empty(&self) -> bool {
        *self == Details::default()
    }

    /// The one check of these fields, for every way in (imports, registers, HSDS).
    pub fn check(&self) -> Result<(), crate::message::Message> {
        use crate::msg;
        if let Some(r) = self.rating
            && !(1..=5).contains(&r)
        {
            return Err(msg!(err_details_rating, value = r));
        }
        if let (Some(min), Some(max)) = (self.fee_min, self.fee_max)
            && min > max
        {
            return Err(msg!(err_details_fees, min = min, max = max));
        }
        if let Some(y) = self.inclusive_since
            && !(1990..=2100).contains(&y)
        {
            return Err(msg!(err_details_inclusive_since, value = y));
        }
        let beds = [self.beds_full_care, self.beds_day_care, self.beds_nursing, self.beds_occupied];
        if beds.iter().flatten().any(|&n| n > 100_000) {
            return Err(msg!(err_details_beds));
        }
        if let (Some(nursing), Some(full)) = (self.beds_nursing, self.beds_full_care)
            && nursing > full
        {
            return Err(msg!(err_details_nursing, nursing = nursing, full = full));
        }
        for (what, text) in [("lunch_provider", &self.lunch_provider), ("after_school_hours", &self.after_school_hours)]
        {
            if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT) {
                return Err(msg!(err_details_text, what = what, max = MAX_TEXT));
            }
        }
        Ok(())
    }

    /// 医养结合 in either form.
    pub fn has_medical_care(&self) -> bool {
        matches!(self.medical, Some(MedicalCare::Contracted | MedicalCare::Onsite))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_checks_name_the_problem() {
        for m in MedicalCare::ALL {
            assert_eq!(MedicalCare::parse(m.as_str()), Some(m));
        }
        for c in ClassGroup::ALL {
            assert_eq!(ClassGroup::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_string(&c).ok(), Some(format!("\"{}\"", c.as_str())));
        }
        assert_eq!(serde_json::to_string(&Details::default()).ok().as_deref(), Some("{}"));
        assert!(
            Details { rating: Some(6), ..Details::default() }.check().is_err_and(|e| e.code() == "err_details_rating")
        );
        assert!(Details { fee_min: Some(3000), fee_max: Some(1500), ..Details::default() }.check().is_err());
        assert!(Details { beds_nursing: Some(90), beds_full_care: Some(80), ..Details::default() }.check().is_err());
        let ok = Details { rating: Some(3), beds_nursing: Some(60), beds_full_care: Some(80), ..Details::default() };
        assert_eq!(ok.check(), Ok(()));
        assert!(Details { medical: Some(MedicalCare::Onsite), ..Details::default() }.has_medical_care());
        assert!(!Details { medical: Some(MedicalCare::None), ..Details::default() }.has_medical_care());
    }

    #[test]
    fn a_box_is_its_details_on_the_wire_and_empty_ones_take_no_heap() {
        assert_eq!(Details::EMPTY, Details::default());
        let empty = DetailsBox::from(Details::default());
        assert!(empty.0.is_none() && empty.is_empty());
        assert_eq!(serde_json::to_string(&empty).ok().as_deref(), Some("{}"));
        let some = Details { rating: Some(4), classes: vec![ClassGroup::Junior], ..Details::default() };
        let boxed = DetailsBox::from(some.clone());
        assert_eq!(serde_json::to_string(&boxed).ok(), serde_json::to_string(&some).ok());
        assert_eq!(
            serde_json::from_str::<DetailsBox>(r#"{"rating":4,"classes":["junior"]}"#).ok(),
            Some(boxed.clone())
        );
        assert_eq!(boxed.clone().into_inner(), some);
        // A write to an empty box fills it; equality is by the fields, however each is held.
        let mut written = DetailsBox::from(Details::EMPTY);
        written.rating = Some(4);
        written.classes.push(ClassGroup::Junior);
        assert_eq!(written, boxed);
        assert!(std::mem::size_of::<DetailsBox>() <= 8);
    }
}
