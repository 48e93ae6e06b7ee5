//! The snapshot's payload as postcard sees it. postcard is not self-describing: every field is written
//! in order and read back in the same order, so a field serde may leave out (`skip_serializing_if`, as
//! `Details` does for the JSON API) would shift everything after it. The definitions here mirror
//! `Facility` and `Details` field for field without those attributes (serde's `remote`: the compiler
//! refuses them if either type gains or loses a field). Enums are written as their variant's index:
//! [`schema`] fingerprints every enum's variants in order, so a build that reorders or renames one does
//! not read an older snapshot as something else.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{
    ClassGroup, Details, DetailsBox, Facility, FacilityKind, FacilityStatus, HolidaySession, LocationBasis,
    MedicalCare, OpeningHours, Ownership, Range, ServiceCapacity, ServiceKind,
};

/// Bump when the layout below changes in a way the compiler does not catch (a field's type kept but its
/// meaning changed, a field moved): older snapshots are then refused as another format.
pub const FORMAT: u32 = 1;

/// What decides how the payload reads besides [`FORMAT`]: the variants of every enum inside a facility,
/// in order (their wire names, as `ALL` lists them; `model/enum_tests.rs` checks `ALL` is in order).
pub fn schema() -> u32 {
    let names = serde_json::json!([
        FacilityKind::ALL,
        ServiceKind::ALL,
        Ownership::ALL,
        FacilityStatus::ALL,
        LocationBasis::ALL,
        MedicalCare::ALL,
        ClassGroup::ALL,
    ]);
    crc32fast::hash(names.to_string().as_bytes())
}

/// The payload: which database and log position it was taken at, then every facility.
#[derive(Serialize)]
pub struct PayloadOut<'a> {
    pub identity: &'a str,
    pub position: i64,
    /// The log entry at `position` (`facility_id`, `at`), when the log held it: tells this database's
    /// history from a copy's that went on differently (a backup restored, then written to).
    pub mark: Option<(String, i64)>,
    pub written_at: i64,
    pub facilities: FacilitiesOut<'a>,
}

#[derive(Deserialize)]
pub struct PayloadIn {
    pub identity: String,
    pub position: i64,
    pub mark: Option<(String, i64)>,
    pub written_at: i64,
    pub facilities: FacilitiesIn,
}

/// Facilities written one by one from the index's shared records (no copy of them all).
pub struct FacilitiesOut<'a>(pub &'a [Arc<Facility>]);

impl Serialize for FacilitiesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|f| FacilityRef(f)))
    }
}

#[derive(Serialize)]
struct FacilityRef<'a>(#[serde(with = "FacilityDef")] &'a Facility);

#[derive(Deserialize)]
struct FacilityIn(#[serde(with = "FacilityDef")] Facility);

/// The facilities read back, each straight into the `Arc` the index keeps it in (no vector of the records
/// themselves to move out of: at a million that was ≈ 500 MB more at the peak and a fifth of a second),
/// in a vector allocated once at its full length: serde's own `Vec` grows from a small start (it does not
/// trust a length read from input).
pub struct FacilitiesIn(pub Vec<Arc<Facility>>);

/// More than any register holds; only a damaged length could ask for more (and the checksum already
/// refused those).
const MAX_FACILITIES: usize = 50_000_000;

impl<'de> Deserialize<'de> for FacilitiesIn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = FacilitiesIn;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sequence of facilities")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<FacilitiesIn, A::Error> {
                let mut all = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_FACILITIES));
                while let Some(FacilityIn(f)) = seq.next_element()? {
                    all.push(Arc::new(f));
                }
                Ok(FacilitiesIn(all))
            }
        }
        deserializer.deserialize_seq(Visit)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Facility")]
struct FacilityDef {
    id: String,
    name: String,
    kind: FacilityKind,
    ownership: Option<Ownership>,
    status: FacilityStatus,
    subdistrict_code: Option<String>,
    community_code: Option<String>,
    parent_id: Option<String>,
    address: String,
    phone: String,
    lat: f64,
    lng: f64,
    location_basis: LocationBasis,
    /// Its OSM text (what the database stores), parsed again on reading.
    hours: OpeningHours,
    ages: Option<Range>,
    grades: Option<Range>,
    sessions: Vec<HolidaySession>,
    services: Vec<ServiceCapacity>,
    fees: Option<String>,
    accessibility: Option<String>,
    #[serde(with = "boxed")]
    details: DetailsBox,
    sample: bool,
}

/// A facility's `DetailsBox` as the `Details` it holds (an empty box as every field `None`), so the
/// payload's layout does not depend on how the record keeps them.
mod boxed {
    use super::{Details, DetailsBox, DetailsDef};

    pub fn serialize<S: serde::Serializer>(details: &DetailsBox, serializer: S) -> Result<S::Ok, S::Error> {
        DetailsDef::serialize(details, serializer)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DetailsBox, D::Error> {
        DetailsDef::deserialize(deserializer).map(|d: Details| DetailsBox::from(d))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Details")]
struct DetailsDef {
    beds_full_care: Option<u32>,
    beds_day_care: Option<u32>,
    beds_nursing: Option<u32>,
    beds_occupied: Option<u32>,
    rating: Option<u8>,
    medical: Option<MedicalCare>,
    ltc_insurance: Option<bool>,
    meal_service: Option<bool>,
    fee_min: Option<u32>,
    fee_max: Option<u32>,
    inclusive_since: Option<u16>,
    classes: Vec<ClassGroup>,
    lunch_provider: Option<String>,
    after_school_hours: Option<String>,
    boarding: Option<bool>,
}
