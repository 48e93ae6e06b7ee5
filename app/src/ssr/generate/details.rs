//! Made-up register records for the sample facilities (beds by type, rating, 医养结合 …), consistent
//! with each facility's own figures. Each facility's record comes from its own seeded generator, so
//! adding a field here never moves the rest of the sample.

use crate::model::{ClassGroup, Details, Facility, FacilityKind, MedicalCare, Ownership, ServiceKind};

fn rng_for(id: &str) -> fastrand::Rng {
    // FNV-1a: std's hasher is seeded per process, and the sample must not change between runs.
    let seed = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    fastrand::Rng::with_seed(seed)
}

fn maximum(f: &Facility, s: ServiceKind) -> Option<u32> {
    f.service(s).and_then(|c| u32::try_from(c.maximum).ok())
}

fn occupied(f: &Facility, s: ServiceKind) -> Option<u32> {
    f.service(s).and_then(|c| u32::try_from(c.maximum - c.available).ok())
}

pub fn sample(f: &Facility) -> Details {
    let mut rng = rng_for(&f.id);
    let medical = |rng: &mut fastrand::Rng| {
        Some([MedicalCare::Onsite, MedicalCare::Contracted, MedicalCare::Contracted, MedicalCare::None][rng.usize(..4)])
    };
    match f.kind {
        FacilityKind::NursingHome | FacilityKind::ElderlyCenter => {
            let full = maximum(f, ServiceKind::ResidentialBed);
            let fee = 1800 + 100 * rng.u32(0..15);
            Details {
                beds_full_care: full,
                beds_day_care: maximum(f, ServiceKind::DayCare),
                // Between a third and four fifths of the residents' beds are nursing-care beds.
                beds_nursing: full.map(|n| n * rng.u32(33..=80) / 100),
                beds_occupied: occupied(f, ServiceKind::ResidentialBed),
                rating: rng.bool().then(|| rng.u8(1..=5)),
                medical: medical(&mut rng),
                ltc_insurance: Some(rng.u8(0..3) > 0),
                meal_service: Some(true),
                fee_min: Some(fee),
                fee_max: Some(fee + 500 * rng.u32(1..5)),
                ..Details::default()
            }
        }
        FacilityKind::ElderlyDaycare => Details {
            beds_day_care: maximum(f, ServiceKind::DayCare),
            medical: medical(&mut rng),
            meal_service: Some(rng.u8(0..4) > 0),
            ..Details::default()
        },
        FacilityKind::Kindergarten => {
            let inclusive = matches!(f.ownership, Some(Ownership::Public | Ownership::InclusivePrivate));
            let mut classes = vec![ClassGroup::Junior, ClassGroup::Middle, ClassGroup::Senior];
            if rng.u8(0..5) < 2 {
                classes.insert(0, ClassGroup::Toddler);
            }
            Details { inclusive_since: inclusive.then(|| rng.u16(2018..=2025)), classes, ..Details::default() }
        }
        FacilityKind::PrimarySchool | FacilityKind::MiddleSchool => Details {
            lunch_provider: Some(if rng.bool() { "学校食堂" } else { "中央厨房配送" }.into()),
            after_school_hours: Some(
                if f.kind == FacilityKind::PrimarySchool { "15:40-17:40" } else { "17:00-18:30" }.into(),
            ),
            boarding: Some(f.kind == FacilityKind::MiddleSchool && rng.u8(0..5) == 0),
            ..Details::default()
        },
        FacilityKind::Nursery => {
            let inclusive = matches!(f.ownership, Some(Ownership::Public | Ownership::InclusivePrivate));
            Details {
                inclusive_since: inclusive.then(|| rng.u16(2021..=2025)),
                meal_service: Some(true),
                ..Details::default()
            }
        }
        FacilityKind::HolidayCare => Details::default(),
    }
}
