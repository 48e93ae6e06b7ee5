//! City- or province-scale synthetic facilities for benchmarks: uniform over a bounding box,
//! kinds in roughly real proportions, every kind's usual services with random figures.

use crate::model::{Facility, FacilityKind, FacilityStatus, OpeningHours, Ownership, ServiceCapacity, ServiceKind};

/// Henan province's bounding box (WGS-84): a realistic "outgrown SQLite" scale.
pub const HENAN_BBOX: (f64, f64, f64, f64) = (31.4, 110.4, 36.3, 116.6);

/// Relative weights of the kinds (day-care centres and kindergartens dominate, as on the ground).
const WEIGHTS: [(FacilityKind, u32); 7] = [
    (FacilityKind::ElderlyCenter, 2),
    (FacilityKind::ElderlyDaycare, 30),
    (FacilityKind::NursingHome, 6),
    (FacilityKind::Kindergarten, 30),
    (FacilityKind::PrimarySchool, 16),
    (FacilityKind::MiddleSchool, 8),
    (FacilityKind::HolidayCare, 8),
];

fn pick_kind(rng: &mut fastrand::Rng) -> FacilityKind {
    let total: u32 = WEIGHTS.iter().map(|w| w.1).sum();
    let mut x = rng.u32(0..total);
    for (kind, w) in WEIGHTS {
        if x < w {
            return kind;
        }
        x -= w;
    }
    FacilityKind::Kindergarten
}

/// `count` facilities with ids `syn-0` …, inside `bbox` = (min_lat, min_lng, max_lat, max_lng).
/// `now` stamps the figures, spread over the last two days.
pub fn synthetic(count: usize, seed: u64, bbox: (f64, f64, f64, f64), now: i64) -> Vec<Facility> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (min_lat, min_lng, max_lat, max_lng) = bbox;
    (0..count)
        .map(|n| {
            let kind = pick_kind(&mut rng);
            let services = ServiceKind::typical_for(kind)
                .iter()
                .map(|&service| {
                    let maximum = rng.i32(5..200);
                    ServiceCapacity {
                        service,
                        available: if rng.u8(0..4) == 0 { 0 } else { rng.i32(0..=maximum) },
                        maximum,
                        updated_at: now - i64::from(rng.u32(0..172_800)),
                        version: 1,
                    }
                })
                .collect();
            Facility {
                id: format!("syn-{n}"),
                name: format!("{}{n}", crate::text::kind_short(crate::i18n::Locale::zh, kind)),
                kind,
                ownership: Some(Ownership::ALL[rng.usize(0..3)]),
                status: FacilityStatus::Open,
                subdistrict_code: None,
                community_code: None,
                parent_id: None,
                address: String::new(),
                phone: String::new(),
                lat: min_lat + rng.f64() * (max_lat - min_lat),
                lng: min_lng + rng.f64() * (max_lng - min_lng),
                location_basis: crate::model::LocationBasis::Surveyed,
                hours: OpeningHours::default(),
                ages: None,
                grades: None,
                sessions: Vec::new(),
                services,
                fees: None,
                accessibility: None,
                details: Default::default(),
                sample: true,
            }
        })
        .collect()
}
