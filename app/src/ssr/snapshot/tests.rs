//! The file format alone: what goes in comes out, and a damaged file is refused, never misread.
//! (Checking against a database, and the server's use of it, are tests/snapshot.rs.)

use std::sync::Arc;

use super::file::{self, Unreadable};
use super::record::{FacilitiesOut, PayloadOut};
use crate::model::{
    ClassGroup, Details, Facility, FacilityKind, FacilityStatus, HolidaySession, MedicalCare, OpeningHours, Ownership,
    Range, ServiceCapacity, ServiceKind,
};

/// Every field set, so a field left out or shifted on the way shows as a difference.
fn full() -> Facility {
    Facility {
        ownership: Some(Ownership::InclusivePrivate),
        status: FacilityStatus::TemporarilyClosed,
        subdistrict_code: Some("410103013".into()),
        community_code: Some("410103013004".into()),
        parent_id: Some("dc-parent".into()),
        address: "二七路 1 号".into(),
        phone: "0371-1234567".into(),
        hours: OpeningHours::parse("Mo-Fr 08:00-17:30").expect("hours"),
        ages: Some(Range { min: 2, max: 6 }),
        grades: Some(Range { min: 1, max: 6 }),
        sessions: vec![HolidaySession {
            name: "暑期托管".into(),
            start: "2026-07-06".into(),
            end: "2026-08-14".into(),
            grades: Range { min: 1, max: 3 },
        }],
        services: vec![
            ServiceCapacity {
                service: ServiceKind::ALL[0],
                available: 3,
                maximum: 40,
                updated_at: 1_700_000_000,
                version: 7,
            },
            ServiceCapacity { service: ServiceKind::ALL[1], available: 0, maximum: 5, updated_at: -1, version: 0 },
        ],
        fees: Some("800 元/月".into()),
        accessibility: Some("无障碍坡道".into()),
        details: Details {
            beds_full_care: Some(120),
            beds_day_care: Some(30),
            beds_nursing: Some(60),
            beds_occupied: Some(99),
            rating: Some(4),
            medical: Some(MedicalCare::ALL[1]),
            ltc_insurance: Some(true),
            meal_service: Some(false),
            fee_min: Some(1800),
            fee_max: Some(4200),
            inclusive_since: Some(2021),
            classes: vec![ClassGroup::Junior, ClassGroup::Senior],
            lunch_provider: Some("食堂".into()),
            after_school_hours: Some("15:40-18:00".into()),
            boarding: Some(false),
        }
        .into(),
        sample: true,
        ..Facility::for_test("full", FacilityKind::ALL[3])
    }
}

fn write(path: &std::path::Path, facilities: &[Arc<Facility>]) -> u64 {
    let payload = PayloadOut {
        identity: "db-a",
        position: 42,
        mark: Some(("full".into(), 1_700_000_001)),
        written_at: 1_700_000_002,
        facilities: FacilitiesOut(facilities),
    };
    file::write(path, &payload).expect("write")
}

#[test]
fn what_is_written_is_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db.snapshot");
    // The full one, one with every optional part empty (where the JSON form would leave fields out), and
    // the full one again after it (a shifted field would garble the next record).
    let facilities: Vec<Arc<Facility>> =
        vec![Arc::new(full()), Arc::new(Facility::for_test("bare", FacilityKind::ALL[0])), Arc::new(full())];
    let size = write(&path, &facilities);
    assert_eq!(std::fs::metadata(&path).expect("file").len(), size);
    let read = file::read(&path).expect("read");
    assert_eq!(read.identity, "db-a");
    assert_eq!(read.position, 42);
    assert_eq!(read.mark, Some(("full".to_string(), 1_700_000_001)));
    assert_eq!(read.written_at, 1_700_000_002);
    // `Arc`'s equality compares the records.
    assert_eq!(read.facilities.0, facilities);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("db.snapshot")]);
}

#[test]
fn damaged_files_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db.snapshot");
    let facilities: Vec<Arc<Facility>> = (0..50).map(|_| Arc::new(full())).collect();
    write(&path, &facilities);
    let good = std::fs::read(&path).expect("read");

    let refused = |bytes: &[u8]| {
        std::fs::write(&path, bytes).expect("write");
        file::read(&path).err().unwrap_or_else(|| panic!("{} bytes read as a sound snapshot", bytes.len()))
    };
    // One byte flipped anywhere in the payload: the checksum.
    for at in [28, good.len() / 2, good.len() - 1] {
        let mut bytes = good.clone();
        bytes[at] ^= 0x40;
        assert!(matches!(refused(&bytes), Unreadable::Checksum), "byte {at}");
    }
    // Cut short (a copy interrupted), or with something after it.
    assert!(matches!(refused(&good[..good.len() - 1]), Unreadable::Length { .. }));
    assert!(matches!(refused(&[good.as_slice(), b"x"].concat()), Unreadable::Length { .. }));
    assert!(matches!(refused(&good[..10]), Unreadable::Magic));
    assert!(matches!(refused(b""), Unreadable::Magic));
    // Another format version, or another build's enums.
    let mut bytes = good.clone();
    bytes[8] = bytes[8].wrapping_add(1);
    assert!(matches!(refused(&bytes), Unreadable::Format(_)));
    let mut bytes = good.clone();
    bytes[12] ^= 1;
    assert!(matches!(refused(&bytes), Unreadable::Schema));
    // The length in the header changed to match a cut: then the checksum still refuses it.
    let mut bytes = good[..good.len() - 7].to_vec();
    let len = (bytes.len() - 28) as u64;
    bytes[16..24].copy_from_slice(&len.to_le_bytes());
    assert!(matches!(refused(&bytes), Unreadable::Checksum));
}

#[test]
fn a_missing_file_is_not_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    match file::read(&dir.path().join("none.snapshot")) {
        Err(Unreadable::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
        other => panic!("expected not found, got {:?}", other.map(|p| p.position)),
    }
}
