//! The population file: CSV with the header
//! `community_code,lat,lng,age_0_2,age_3_5,age_6_11,age_12_14,age_60_plus,age_80_plus`
//! (lat/lng may be empty). Read with every bad row named by its line; written by the sample generator.

use std::collections::HashMap;

use crate::geodesy::{Crs, outside_china};
use crate::message::Message;
use crate::model::{AgeGroup, CommunityPopulation};
use crate::msg;
use crate::ssr::import::{FileError, RowError, fixed_csv};
use crate::ssr::reference::{COMMUNITIES, in_district};

pub const HEADER: [&str; 9] =
    ["community_code", "lat", "lng", "age_0_2", "age_3_5", "age_6_11", "age_12_14", "age_60_plus", "age_80_plus"];

/// No community in the district comes near this many residents in one age group: a larger count is a
/// typo (or a district total pasted into a row). Also keeps every count inside the database's INTEGER.
const MAX_COUNT: u32 = 1_000_000;

#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<CommunityPopulation>,
    pub errors: Vec<RowError>,
}

/// Read and validate a whole file; lat/lng are converted from `crs` to WGS-84. The rows are marked
/// not `sample`. A file whose header is not exactly [`HEADER`], or that has no rows, is refused whole.
pub fn parse(text: &str, crs: Crs) -> Result<Parsed, FileError> {
    let mut parsed = Parsed::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in fixed_csv::records(text, &HEADER)? {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                parsed.errors.push(e);
                continue;
            }
        };
        let line = record.line;
        let fields: Vec<&str> = record.fields.iter().map(String::as_str).collect();
        let checked = row(&fields, crs).and_then(|p| match seen.get(&p.code) {
            Some(first) => Err(msg!(err_imp_duplicate_community, value = &p.code, first = *first)),
            None => Ok(p),
        });
        match checked {
            Ok(p) => {
                seen.insert(p.code.clone(), line);
                parsed.rows.push(p);
            }
            Err(reason) => parsed.errors.push(record.error(reason)),
        }
    }
    if parsed.rows.is_empty() && parsed.errors.is_empty() {
        // Importing nothing would replace every community's figures with none.
        return Err(FileError::Csv(msg!(err_file_no_rows)));
    }
    Ok(parsed)
}

/// One row, or the first thing wrong with it.
fn row(fields: &[&str], crs: Crs) -> Result<CommunityPopulation, Message> {
    if fields.len() != HEADER.len() {
        return Err(msg!(err_imp_field_count, expected = HEADER.len(), found = fields.len()));
    }
    let code = fields[0];
    if code.is_empty() {
        return Err(msg!(err_imp_missing_community_code));
    }
    if !COMMUNITIES.iter().any(|c| c.code == code) {
        return Err(msg!(err_imp_unknown_community, value = code, n = COMMUNITIES.len()));
    }
    let mut counts = [0u32; 6];
    for (i, group) in AgeGroup::ALL.into_iter().enumerate() {
        counts[i] = count(group.as_str(), fields[3 + i])?;
    }
    let [age_0_2, age_3_5, age_6_11, age_12_14, age_60_plus, age_80_plus] = counts;
    if age_80_plus > age_60_plus {
        return Err(msg!(err_imp_over80_over60, a = age_80_plus, b = age_60_plus));
    }
    let (lat, lng) = point(fields[1], fields[2], crs)?.unzip();
    Ok(CommunityPopulation {
        code: code.to_string(),
        lat,
        lng,
        age_0_2,
        age_3_5,
        age_6_11,
        age_12_14,
        age_60_plus,
        age_80_plus,
        sample: false,
    })
}

/// A whole, non-negative number of residents.
fn count(column: &str, v: &str) -> Result<u32, Message> {
    match v.parse::<i64>() {
        Ok(n) if n < 0 => Err(msg!(err_imp_pop_negative, column = column, n = n)),
        Ok(n) if n > i64::from(MAX_COUNT) => Err(msg!(err_imp_pop_too_large, column = column, n = n)),
        Ok(n) => Ok(n as u32),
        Err(_) if v.is_empty() => Err(msg!(err_imp_pop_missing, column = column)),
        Err(_) => Err(msg!(err_imp_pop_not_whole, column = column, value = v)),
    }
}

/// The optional point, converted to WGS-84 and checked to be in the district: `Some((lat, lng))`.
fn point(lat: &str, lng: &str, crs: Crs) -> Result<Option<(f64, f64)>, Message> {
    let number = |what: &str, v: &str| match v.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(msg!(err_imp_not_number, what = what, value = v)),
    };
    let (lat, lng) = match (lat.is_empty(), lng.is_empty()) {
        (true, true) => return Ok(None),
        (false, false) => (number("lat", lat)?, number("lng", lng)?),
        _ => return Err(msg!(err_imp_lat_lng_both)),
    };
    if outside_china(lng, lat) {
        return Err(msg!(err_imp_point_outside_china, lat = lat, lng = lng));
    }
    let (lng, lat) = crs.to_wgs84(lng, lat);
    if !in_district(lat, lng) {
        return Err(msg!(
            err_imp_point_outside_district,
            lat = format!("{lat:.6}"),
            lng = format!("{lng:.6}"),
            crs = crs.as_str()
        ));
    }
    Ok(Some((lat, lng)))
}

/// The file for `rows` (points as WGS-84, empty when a row has none).
pub fn write(rows: &[CommunityPopulation]) -> String {
    let mut out = HEADER.join(",");
    out.push('\n');
    for p in rows {
        let (lat, lng) = p.point().map_or((String::new(), String::new()), |(a, b)| (a.to_string(), b.to_string()));
        let counts: Vec<String> = AgeGroup::ALL.iter().map(|&g| p.get(g).to_string()).collect();
        out.push_str(&format!("{},{lat},{lng},{}\n", p.code, counts.join(",")));
    }
    out
}
