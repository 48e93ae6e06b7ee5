//! Families' filters on the register record: 医养结合, 长护险定点, nursing-care beds, a minimum 星级
//! (elder care), and 普惠 (preschool). Like a child's age, each narrows only the facilities it is about:
//! an elder-care filter says nothing about kindergartens, and `inclusive` nothing about nursing homes.

use super::query_params::{flag, present};
use super::{Audience, Facility, FacilityKind, NearestParams, Ownership};
use crate::error::AppError;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// `medical=true`: on-site or contracted medical care.
    pub medical: bool,
    /// `ltc=true`: designated by long-term-care insurance.
    pub ltc: bool,
    /// `nursing_beds=true`: has nursing-care beds.
    pub nursing_beds: bool,
    /// `min_rating=N` (1–5).
    pub min_rating: Option<u8>,
    /// `inclusive=true`: public, inclusive private, publicly built and privately run, or recognised
    /// as 普惠 (a kindergarten).
    pub inclusive: bool,
}

impl RecordFilter {
    pub fn from_params(p: &NearestParams) -> Result<Self, AppError> {
        let min_rating = match present(&p.min_rating) {
            None => None,
            Some(s) => Some(
                s.parse::<u8>()
                    .ok()
                    .filter(|n| (1..=5).contains(n))
                    .ok_or_else(|| AppError::bad_param("min_rating", crate::msg!(err_rating, value = s)))?,
            ),
        };
        Ok(RecordFilter {
            medical: flag("medical", &p.medical)?,
            ltc: flag("ltc", &p.ltc)?,
            nursing_beds: flag("nursing_beds", &p.nursing_beds)?,
            min_rating,
            inclusive: flag("inclusive", &p.inclusive)?,
        })
    }

    pub fn is_any(&self) -> bool {
        *self != RecordFilter::default()
    }

    pub fn accepts(&self, f: &Facility) -> bool {
        let d = &f.details;
        match f.kind.audience() {
            Audience::Elder => {
                (!self.medical || d.has_medical_care())
                    && (!self.ltc || d.ltc_insurance == Some(true))
                    && (!self.nursing_beds || d.beds_nursing.is_some_and(|n| n > 0))
                    && self.min_rating.is_none_or(|min| d.rating.is_some_and(|r| r >= min))
            }
            // 普惠: kindergartens' and nurseries' recognition (普惠托育) alike.
            Audience::Child
                if matches!(f.kind, FacilityKind::Kindergarten | FacilityKind::Nursery) && self.inclusive =>
            {
                d.inclusive_since.is_some()
                    || matches!(
                        f.ownership,
                        Some(Ownership::Public | Ownership::InclusivePrivate | Ownership::PublicPrivate)
                    )
            }
            Audience::Child => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Details, MedicalCare};

    fn params(pairs: &[(&str, &str)]) -> NearestParams {
        let mut p = NearestParams::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "medical" => p.medical = v,
                "ltc" => p.ltc = v,
                "nursing_beds" => p.nursing_beds = v,
                "min_rating" => p.min_rating = v,
                "inclusive" => p.inclusive = v,
                _ => panic!("unknown test key"),
            }
        }
        p
    }

    #[test]
    fn each_filter_narrows_only_what_it_is_about() {
        let home = |details: Details| Facility {
            details: details.into(),
            ..Facility::for_test("h", FacilityKind::NursingHome)
        };
        let good = home(Details {
            medical: Some(MedicalCare::Onsite),
            ltc_insurance: Some(true),
            beds_nursing: Some(30),
            rating: Some(4),
            ..Details::default()
        });
        let plain = home(Details { medical: Some(MedicalCare::None), ..Details::default() });
        let kg = |ownership, since| Facility {
            ownership,
            details: Details { inclusive_since: since, ..Details::default() }.into(),
            ..Facility::for_test("k", FacilityKind::Kindergarten)
        };
        let all = RecordFilter::from_params(&params(&[
            ("medical", "true"),
            ("ltc", "1"),
            ("nursing_beds", "true"),
            ("min_rating", "4"),
            ("inclusive", "true"),
        ]))
        .expect("valid");
        assert!(all.accepts(&good));
        assert!(!all.accepts(&plain));
        assert!(!RecordFilter { min_rating: Some(5), ..RecordFilter::default() }.accepts(&good));
        assert!(all.accepts(&kg(Some(Ownership::PublicPrivate), None)));
        assert!(all.accepts(&kg(Some(Ownership::Private), Some(2022))), "recognised as 普惠");
        assert!(!all.accepts(&kg(Some(Ownership::Private), None)));
        assert!(all.accepts(&Facility::for_test("s", FacilityKind::PrimarySchool)), "says nothing about schools");
        assert!(!RecordFilter::default().is_any() && all.is_any());
        let err = RecordFilter::from_params(&params(&[("min_rating", "6")])).expect_err("out of range");
        assert!(err.to_string().contains("min_rating") || format!("{err:?}").contains("min_rating"));
        assert!(RecordFilter::from_params(&params(&[("ltc", "yes")])).is_err());
    }
}
