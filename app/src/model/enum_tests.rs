//! Every wire enum: its `ALL` table lists each variant once, in declaration order, and its strum
//! name (what `as_str`/`parse` use) is its serde name — one set of names, checked here.

use serde::Serialize;
use strum::IntoEnumIterator;

use super::*;
use crate::geodesy::Crs;

fn check<T>(all: &[T])
where
    T: IntoEnumIterator + PartialEq + std::fmt::Debug + Copy + Serialize + Into<&'static str> + std::str::FromStr,
{
    assert_eq!(all.to_vec(), T::iter().collect::<Vec<_>>(), "ALL in declaration order, each once");
    for v in all {
        let name: &'static str = (*v).into();
        assert_eq!(serde_json::to_value(v).ok(), Some(serde_json::Value::String(name.into())), "{v:?}");
        assert!(name.parse::<T>().is_ok_and(|p| p == *v), "{name} parses back");
    }
    assert!("no-such-value".parse::<T>().is_err());
}

#[test]
fn every_enum_has_one_set_of_names() {
    check(&FacilityKind::ALL);
    check(&ServiceKind::ALL);
    check(&Ownership::ALL);
    check(&FacilityStatus::ALL);
    check(&LocationBasis::ALL);
    check(&MedicalCare::ALL);
    check(&ClassGroup::ALL);
    check(&[MissingRule::Keep, MissingRule::Close]);
    check(&[Crs::Wgs84, Crs::Gcj02, Crs::Bd09]);
    check(&WorkKind::ALL);
    check(&WorkState::ALL);
    check(&TargetId::ALL);
    check(&[ReportKind::Full, ReportKind::Wrong]);
    check(&[Granularity::Day, Granularity::Week]);
    check(&[Via::Page, Via::Api, Via::Sample, Via::Register]);
    check(&Role::iter().collect::<Vec<_>>());
    check(&Responsible::iter().collect::<Vec<_>>());
}
