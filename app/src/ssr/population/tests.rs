use super::*;
use crate::geodesy::{Crs, gcj02_to_bd09, haversine_m, wgs84_to_gcj02};
use crate::model::ServiceKind;
use crate::ssr::generate::erqi_population;
use crate::ssr::import::FileError;
use crate::ssr::reference::{COMMUNITIES, community_point};

const HEAD: &str = "community_code,lat,lng,age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus,age_80_plus";
// Two real communities of 淮河路街道, and a point inside the district near 二七塔 (WGS-84).
const A: &str = "410103001001";
const B: &str = "410103001003";
const LAT: f64 = 34.7530;
const LNG: f64 = 113.6600;

fn file(rows: &[&str]) -> String {
    std::iter::once(HEAD).chain(rows.iter().copied()).collect::<Vec<_>>().join("\n")
}

fn reasons(p: &Parsed) -> Vec<(String, String)> {
    p.errors
        .iter()
        .map(|e| (e.location.render(crate::i18n::Locale::en), e.reason.render(crate::i18n::Locale::en)))
        .collect()
}

#[test]
fn good_rows_with_and_without_a_point() {
    let p = parse(&file(&[&format!("{A},{LAT},{LNG},1,2,3,4,60,8"), &format!("{B},,,0,0,0,0,0,0")]), Crs::Wgs84)
        .expect("readable");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let a = &p.rows[0];
    assert_eq!((a.code.as_str(), a.point()), (A, Some((LAT, LNG))));
    assert_eq!((a.age_0_2, a.age_3_5, a.age_6_11, a.age_12_14, a.age_60_plus, a.age_80_plus), (1, 2, 3, 4, 60, 8));
    assert!(!a.sample);
    assert_eq!(p.rows[1].point(), None);
}

#[test]
fn every_bad_row_is_named_by_line_with_its_reason() {
    let p = parse(
        &file(&[
            &format!("{A},,,1,2,3,4,60,8"),                // line 2: good
            "410103999999,,,1,2,3,4,60,8",                 // 3: not a community of Erqi
            &format!("{A},,,1,2,3,4,60,8"),                // 4: duplicate of line 2
            &format!("{B},,,1,two,3,4,60,8"),              // 5: not a number
            &format!("{B},,,1,2,3.5,4,60,8"),              // 6: not whole
            &format!("{B},,,1,2,3,-4,60,8"),               // 7: negative
            &format!("{B},,,1,2,3,4,60,61"),               // 8: more over 80 than over 60
            &format!("{B},{LAT},,1,2,3,4,60,8"),           // 9: lat without lng
            &format!("{B},{LNG},{LAT},1,2,3,4,60,8"),      // 10: swapped: outside China
            &format!("{B},34.7565,113.7735,1,2,3,4,60,8"), // 11: Zhengzhou East station, not Erqi
            &format!("{B},,,1,2,3,4,60"),                  // 12: a field short
            &format!("{B},,,1,2,3,,60,8"),                 // 13: a count missing
            ",,,1,2,3,4,60,8",                             // 14: no code
        ]),
        Crs::Wgs84,
    )
    .expect("readable");
    assert_eq!(p.rows.len(), 1);
    let r = reasons(&p);
    let at =
        |line: u32| r.iter().find(|(l, _)| *l == format!("line {line}")).map(|(_, m)| m.clone()).unwrap_or_default();
    assert!(at(3).contains("unknown community code `410103999999`"), "{r:?}");
    assert!(at(4).contains(&format!("duplicate community_code `{A}` (already on line 2)")), "{r:?}");
    assert!(at(5).contains("age_3_5 `two` is not a whole number"), "{r:?}");
    assert!(at(6).contains("age_6_11 `3.5` is not a whole number"), "{r:?}");
    assert!(at(7).contains("age_12_14 -4 is negative"), "{r:?}");
    assert!(at(8).contains("age_80_plus 61 is more than age_60_plus 60"), "{r:?}");
    assert!(at(9).contains("both lat and lng"), "{r:?}");
    assert!(at(10).contains("outside China"), "{r:?}");
    assert!(at(11).contains("outside Erqi District"), "{r:?}");
    assert!(at(12).contains("expected 9 fields, found 8"), "{r:?}");
    assert!(at(13).contains("age_12_14 is missing"), "{r:?}");
    assert!(at(14).contains("missing community_code"), "{r:?}");
    assert_eq!(r.len(), 12, "{r:?}");
    assert_eq!(p.errors[0].id.as_deref(), Some("410103999999"));
}

#[test]
fn the_header_must_be_exact_and_the_file_not_empty() {
    for header in [
        "community_code,lat,lng,age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus",
        "community_code,lng,lat,age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus,age_80_plus",
        "code,lat,lng,age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus,age_80_plus",
    ] {
        let err = parse(&format!("{header}\n{A},,,1,2,3,4,60,8"), Crs::Wgs84).expect_err(header);
        assert!(err.to_string().contains(HEAD), "{err}");
    }
    assert!(matches!(parse(HEAD, Crs::Wgs84), Err(FileError::Csv(m)) if m.code() == "err_file_no_rows"));
    // A byte-order mark (Excel's "CSV UTF-8") is fine.
    assert!(parse(&format!("\u{feff}{}", file(&[&format!("{A},,,1,2,3,4,60,8")])), Crs::Wgs84).is_ok());
}

#[test]
fn gcj02_and_bd09_points_are_stored_as_wgs84() {
    let (g_lng, g_lat) = wgs84_to_gcj02(LNG, LAT);
    let (b_lng, b_lat) = gcj02_to_bd09(g_lng, g_lat);
    for (crs, lat, lng) in [(Crs::Gcj02, g_lat, g_lng), (Crs::Bd09, b_lat, b_lng)] {
        let p = parse(&file(&[&format!("{A},{lat},{lng},1,2,3,4,60,8")]), crs).expect("readable");
        let (got_lat, got_lng) = p.rows[0].point().expect("point");
        assert!(haversine_m(got_lat, got_lng, LAT, LNG) < 0.5, "{crs:?}");
        // The same numbers taken as WGS-84 would be hundreds of metres off.
        assert!(haversine_m(lat, lng, LAT, LNG) > 100.0, "{crs:?}");
    }
}

#[test]
fn written_files_read_back_the_same() {
    let rows = parse(&file(&[&format!("{A},{LAT},{LNG},1,2,3,4,60,8"), &format!("{B},,,5,6,7,8,9,0")]), Crs::Wgs84)
        .expect("readable")
        .rows;
    let again = parse(&write(&rows), Crs::Wgs84).expect("readable");
    assert_eq!(again.rows, rows);
}

#[test]
fn demand_counts_the_services_groups_at_the_files_point_or_the_approximate_one() {
    let rows = parse(&file(&[&format!("{A},{LAT},{LNG},1,2,3,4,60,8"), &format!("{B},,,5,6,7,8,9,0")]), Crs::Wgs84)
        .expect("readable")
        .rows;
    let school = demand(&rows, ServiceKind::SchoolLunch);
    // School lunch: 6–11 + 12–14.
    assert_eq!(school.iter().map(|d| d.population).collect::<Vec<_>>(), vec![3 + 4, 7 + 8]);
    assert_eq!((school[0].lat, school[0].lng), (LAT, LNG), "the file's point replaces the approximate one");
    let b = COMMUNITIES.iter().find(|c| c.code == B).expect("community");
    assert_eq!((school[1].lat, school[1].lng), community_point(b));
    assert_eq!((school[1].name.as_str(), school[1].subdistrict_code.as_str()), ("淮北街社区", "410103001"));
    let beds = demand(&rows, ServiceKind::ResidentialBed);
    assert_eq!(beds.iter().map(|d| d.population).collect::<Vec<_>>(), vec![8, 0]);
}

#[test]
fn committed_sample_is_what_the_generator_makes() {
    // data/README.md says how the file was made; this keeps that true.
    let generated = write(&erqi_population(SAMPLE_POPULATION_SEED).expect("generated"));
    assert!(
        generated == SAMPLE_POPULATION_CSV,
        "data/sample/population.csv differs from `caremap generate --preset erqi-population`"
    );
}

#[test]
fn sample_covers_every_community_and_sums_to_the_census() {
    let rows = sample_population();
    assert_eq!(rows.len(), 176);
    assert!(rows.iter().all(|p| p.sample && p.point().is_none()));
    assert!(COMMUNITIES.iter().all(|c| rows.iter().any(|p| p.code == c.code)));
    assert!(rows.iter().all(|p| p.age_80_plus <= p.age_60_plus), "80+ within 60+ everywhere");
    let sum = |f: fn(&crate::model::CommunityPopulation) -> u32| rows.iter().map(f).sum::<u32>();
    // The district's census totals (worked out in generate::census): the children's four groups sum
    // to the census's 0–14, 189,658 = 10,202 + 58,286 + 67,026 + 54,144.
    assert_eq!(sum(|p| p.age_0_2), 39_345);
    assert_eq!(sum(|p| p.age_3_5), 42_548);
    assert_eq!(sum(|p| p.age_6_11), 75_279);
    assert_eq!(sum(|p| p.age_12_14), 32_486);
    assert_eq!(sum(|p| p.age_0_2 + p.age_3_5 + p.age_6_11 + p.age_12_14), 189_658);
    assert_eq!(sum(|p| p.age_60_plus), 135_710);
    assert_eq!(sum(|p| p.age_80_plus), 20_033);
    // Made up, but not flat: the largest community has well over twice the smallest's older residents.
    let (min, max) = rows.iter().fold((u32::MAX, 0), |(lo, hi), p| (lo.min(p.age_60_plus), hi.max(p.age_60_plus)));
    assert!(max > 2 * min, "{min}..{max}");
    // Another seed, another split, the same totals.
    let other = erqi_population(7).expect("generated");
    assert_ne!(other, erqi_population(SAMPLE_POPULATION_SEED).expect("generated"));
    assert_eq!(other.iter().map(|p| p.age_60_plus).sum::<u32>(), 135_710);
}
