//! The imported gazetteer: residential compounds (小区) and roads that a family can search from
//! (`caremap places import FILE`). The file is CSV with the header `name,lat,lng[,crs][,community_code]`
//! (optionally also `kind`: `compound` or `road`; without it a name ending in 路, 街, 大道, 道 or 巷 is a
//! road, anything else a compound). Validated whole, every bad line named; stored in WGS-84; answered
//! by the gazetteer (`gazetteer.rs`) beside the built-in subdistricts, communities and landmarks.

use std::collections::HashMap;

use crate::geodesy::{Crs, outside_china};
use crate::message::Message;
use crate::model::PlaceKind;
use crate::msg;
use crate::ssr::import::{FileError, RowError, line as at_line};
use crate::ssr::reference::{COMMUNITIES, in_district};
use crate::ssr::store::Store;

/// The change log's entry for "the gazetteer changed": every instance reloads the imported places.
/// No facility id can be this (`#` is not allowed in one).
pub const CHANGE_MARKER: &str = "#places";

/// The made-up sample (`data/sample/places.csv`), loaded beside the sample facilities.
pub const SAMPLE_PLACES_CSV: &str = include_str!("../../../data/sample/places.csv");

/// The columns a file must have, and those it may have.
pub const REQUIRED_COLUMNS: [&str; 3] = ["name", "lat", "lng"];
pub const OPTIONAL_COLUMNS: [&str; 3] = ["crs", "community_code", "kind"];

/// A name longer than this is not a place name (a search is at most 50 characters).
const MAX_NAME_CHARS: usize = 50;

/// One imported place, in WGS-84.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPlace {
    pub name: String,
    /// `Compound` or `Road`.
    pub kind: PlaceKind,
    pub lat: f64,
    pub lng: f64,
    pub community_code: Option<String>,
    /// From the made-up sample.
    pub sample: bool,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub places: Vec<ImportedPlace>,
    pub errors: Vec<RowError>,
}

/// A road by its name's ending, else a compound.
pub fn kind_by_name(name: &str) -> PlaceKind {
    if ["路", "街", "大道", "道", "巷"].iter().any(|s| name.ends_with(s)) {
        PlaceKind::Road
    } else {
        PlaceKind::Compound
    }
}

/// Read and validate a whole file; coordinates in `crs` unless a line's `crs` says otherwise.
pub fn parse(text: &str, crs: Crs) -> Result<Parsed, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| FileError::Csv(msg!(err_file_csv, detail = e.to_string())))?.clone();
    let mut columns: HashMap<&str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let Some(known) = REQUIRED_COLUMNS.iter().chain(OPTIONAL_COLUMNS.iter()).find(|c| **c == h) else {
            return Err(FileError::Csv(msg!(err_gaz_unknown_column, value = h)));
        };
        if columns.insert(known, i).is_some() {
            return Err(FileError::Csv(msg!(err_gaz_column_twice, value = h)));
        }
    }
    if let Some(missing) = REQUIRED_COLUMNS.iter().find(|c| !columns.contains_key(*c)) {
        return Err(FileError::Csv(msg!(err_gaz_missing_column, value = *missing)));
    }
    let mut parsed = Parsed::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (n, record) in reader.records().enumerate() {
        let fallback = n as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(fallback, |p| p.line());
                let reason = msg!(err_imp_unreadable_row, detail = e.to_string());
                parsed.errors.push(RowError { location: at_line(line), id: None, reason });
                continue;
            }
        };
        let line = record.position().map_or(fallback, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |c: &str| columns.get(c).and_then(|&i| record.get(i)).unwrap_or("");
        let name = field("name");
        let id = (!name.is_empty()).then(|| name.to_string());
        let checked = if record.len() != header.len() {
            Err(msg!(err_imp_field_count, expected = header.len(), found = record.len()))
        } else {
            row(&record, &columns, crs).and_then(|p| match seen.get(&p.name) {
                Some(first) => Err(msg!(err_gaz_duplicate_name, first = *first)),
                None => Ok(p),
            })
        };
        match checked {
            Ok(p) => {
                seen.insert(p.name.clone(), line);
                parsed.places.push(p);
            }
            Err(reason) => parsed.errors.push(RowError { location: at_line(line), id, reason }),
        }
    }
    if parsed.places.is_empty() && parsed.errors.is_empty() {
        return Err(FileError::Csv(msg!(err_gaz_no_places)));
    }
    Ok(parsed)
}

fn row(record: &csv::StringRecord, columns: &HashMap<&str, usize>, crs: Crs) -> Result<ImportedPlace, Message> {
    let field = |c: &str| columns.get(c).and_then(|&i| record.get(i)).unwrap_or("");
    let name = field("name");
    if name.is_empty() {
        return Err(msg!(err_imp_missing_name));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(msg!(err_gaz_name_long, n = MAX_NAME_CHARS));
    }
    if name.starts_with('#') || name.chars().any(char::is_control) {
        return Err(msg!(err_gaz_name_chars));
    }
    let number = |c: &str| -> Result<f64, Message> {
        let v = field(c);
        if v.is_empty() {
            return Err(msg!(err_gaz_missing_field, field = c));
        }
        v.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| msg!(err_imp_not_number, what = c, value = v))
    };
    let (lat, lng) = (number("lat")?, number("lng")?);
    let crs = match field("crs") {
        "" => crs,
        c => c.to_ascii_lowercase().parse::<Crs>().map_err(|_| msg!(err_gaz_unknown_crs, value = c))?,
    };
    if outside_china(lng, lat) {
        return Err(msg!(err_gaz_outside_china, lat = lat, lng = lng));
    }
    let (lng, lat) = crs.to_wgs84(lng, lat);
    if !in_district(lat, lng) {
        return Err(msg!(err_gaz_outside_district, lat = format!("{lat:.5}"), lng = format!("{lng:.5}")));
    }
    let community_code = match field("community_code") {
        "" => None,
        code if COMMUNITIES.iter().any(|c| c.code == code) => Some(code.to_string()),
        code => {
            return Err(msg!(err_imp_unknown_community, value = code, n = COMMUNITIES.len()));
        }
    };
    let kind = match field("kind") {
        "" => kind_by_name(name),
        "compound" => PlaceKind::Compound,
        "road" => PlaceKind::Road,
        k => return Err(msg!(err_gaz_unknown_kind, value = k)),
    };
    Ok(ImportedPlace { name: name.to_string(), kind, lat, lng, community_code, sample: false })
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] FileError),
    #[error("{} bad line(s); nothing imported", .0.len())]
    Invalid(Vec<RowError>),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub compounds: usize,
    pub roads: usize,
}

/// Validate the whole file, then write it in one transaction (or nothing): with `replace` the imported
/// gazetteer becomes exactly the file, else its places are added or updated by name.
pub async fn import(store: &Store, text: &str, crs: Crs, replace: bool, now: i64) -> Result<Imported, ImportError> {
    let parsed = parse(text, crs)?;
    if !parsed.errors.is_empty() {
        return Err(ImportError::Invalid(parsed.errors));
    }
    store.write_places(&parsed.places, replace, now).await?;
    let roads = parsed.places.iter().filter(|p| p.kind == PlaceKind::Road).count();
    Ok(Imported { compounds: parsed.places.len() - roads, roads })
}

/// On first start beside the sample facilities only: the made-up sample places (labelled as made up).
pub async fn load_sample_places_if_empty(store: &Store, now: i64) -> Result<bool, sqlx::Error> {
    if store.count_places().await? > 0 || store.count_real_facilities().await? > 0 {
        return Ok(false);
    }
    let Ok(parsed) = parse(SAMPLE_PLACES_CSV, Crs::Wgs84) else { return Ok(false) };
    let places: Vec<ImportedPlace> = parsed.places.into_iter().map(|p| ImportedPlace { sample: true, ..p }).collect();
    store.write_places(&places, false, now).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    const GOOD: &str = "name,lat,lng,crs,community_code\n\
        绿城百合,34.7295,113.6275,,410103001001\n\
        建中街,34.7342,113.6426,wgs84,\n";

    fn reasons(text: &str) -> Vec<String> {
        parse(text, Crs::Wgs84).expect("readable").errors.iter().map(|e| e.message().render(Locale::en)).collect()
    }

    #[test]
    fn a_good_file_is_read_in_wgs84_with_kinds_by_name() {
        let parsed = parse(GOOD, Crs::Wgs84).expect("readable");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let [compound, road] = &parsed.places[..] else { panic!("two places: {:?}", parsed.places) };
        assert_eq!((compound.name.as_str(), compound.kind), ("绿城百合", PlaceKind::Compound));
        assert_eq!(compound.community_code.as_deref(), Some("410103001001"));
        assert_eq!((compound.lat, compound.lng), (34.7295, 113.6275));
        assert_eq!((road.kind, road.community_code.as_deref()), (PlaceKind::Road, None));
        // Only the three named columns; a BOM; a blank line.
        let parsed = parse("\u{feff}name,lat,lng\n绿城百合,34.7295,113.6275\n\n", Crs::Wgs84).expect("readable");
        assert_eq!(parsed.places.len(), 1);
        // Columns in another order, and an explicit kind.
        let parsed = parse("lng,lat,name,kind\n113.6275,34.7295,百合路,compound\n", Crs::Wgs84).expect("readable");
        assert_eq!(parsed.places[0].kind, PlaceKind::Compound);
    }

    #[test]
    fn the_crs_column_overrides_the_flag() {
        let (glng, glat) = crate::geodesy::wgs84_to_gcj02(113.6275, 34.7295);
        let text = format!("name,lat,lng,crs\nA,{glat},{glng},gcj02\nB,{glat},{glng},\n");
        let wgs = parse(&text, Crs::Wgs84).expect("readable").places;
        assert!((wgs[0].lat - 34.7295).abs() < 1e-5 && (wgs[0].lng - 113.6275).abs() < 1e-5, "{wgs:?}");
        assert_eq!((wgs[1].lat, wgs[1].lng), (glat, glng), "no crs: the flag's, here WGS-84");
        let gcj = parse(&text, Crs::Gcj02).expect("readable").places;
        assert!((gcj[1].lat - 34.7295).abs() < 1e-5, "{gcj:?}");
    }

    #[test]
    fn every_bad_line_is_named_with_its_reason() {
        let text = "name,lat,lng,crs,community_code\n\
            ,34.7295,113.6275,,\n\
            A,north,113.6275,,\n\
            B,,113.6275,,\n\
            C,113.6275,34.7295,,\n\
            D,39.915,116.404,,\n\
            E,34.7295,113.6275,utm,\n\
            F,34.7295,113.6275,,999\n\
            G,34.7295,113.6275\n\
            H,34.7295,113.6275,,\n\
            H,34.7300,113.6280,,\n";
        let r = reasons(text);
        let expect = [
            "line 2: missing name",
            "line 3 (id A): lat `north` is not a number",
            "line 4 (id B): missing lat",
            "line 5 (id C): lat 113.6275, lng 34.7295 is outside China (lat and lng swapped?)",
            "line 6 (id D): lat 39.91500, lng 116.40400 (WGS-84) is outside Erqi district",
            "line 7 (id E): unknown crs `utm` (wgs84, gcj02 or bd09)",
            "line 8 (id F): unknown community code `999` (not one of Erqi's",
            "line 9 (id G): expected 5 fields, found 3",
            "line 11 (id H): duplicate name (already on line 10)",
        ];
        assert_eq!(r.len(), expect.len(), "{r:#?}");
        for (got, want) in r.iter().zip(expect) {
            assert!(got.starts_with(want), "{got} != {want}");
        }
        assert!(reasons("name,lat,lng,kind\nA,34.7295,113.6275,house\n")[0].contains("unknown kind `house`"));
        let long = "长".repeat(51);
        assert!(reasons(&format!("name,lat,lng\n{long},34.7295,113.6275\n"))[0].contains("longer than 50"));
        assert!(reasons("name,lat,lng\n#places,34.7295,113.6275\n")[0].contains("`#`"));
    }

    #[test]
    fn a_bad_header_or_an_empty_file_is_refused_whole() {
        for (text, why) in [
            ("name,lat\nA,34.7\n", "missing column `lng`"),
            ("name,lat,lng,address\n", "unknown column `address`"),
            ("name,lat,lng,lat\n", "appears twice"),
            ("name,lat,lng\n", "no places"),
            ("", "missing column"),
        ] {
            let e = parse(text, Crs::Wgs84).err().map(|e| e.message().render(Locale::en)).unwrap_or_default();
            assert!(e.contains(why), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_sample_is_valid_made_up_and_has_both_kinds() {
        let parsed = parse(SAMPLE_PLACES_CSV, Crs::Wgs84).expect("readable");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert!(parsed.places.iter().all(|p| p.name.starts_with("示例")), "labelled as made up in the name");
        assert!(parsed.places.iter().any(|p| p.kind == PlaceKind::Road));
        assert!(parsed.places.iter().any(|p| p.kind == PlaceKind::Compound));
    }
}
