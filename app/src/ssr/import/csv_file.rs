//! CSV: header `id,name,kind,lng,lat,address,phone,services` (order free, more columns optional).
//! `services` is written `meals:3/20|day_care:5/30` (service:available/maximum).
//! Optional columns: ownership, status, location_basis, subdistrict_code, community_code, parent_id, hours,
//! age_min, age_max, grade_min, grade_max, fees, accessibility, details (a JSON object, see
//! [`crate::model::Details`]), and
//! `sessions` written `name/2026-07-13/2026-08-21/1-6|…`.

use std::collections::HashMap;

use super::draft::{Draft, DraftService, DraftSession};
use super::{FileError, line};
use crate::message::Message;
use crate::msg;

const REQUIRED: [&str; 8] = ["id", "name", "kind", "lng", "lat", "address", "phone", "services"];

type Located = (Message, Result<Draft, Message>);

pub(super) fn drafts(text: &str) -> Result<Vec<Located>, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(rows(text.as_bytes())?.collect())
}

/// The file's rows one at a time, read from `reader` as they are needed: a million-row import holds one
/// row, not the file. The header is read (and checked) first; a leading BOM must already be gone.
pub fn rows<R: std::io::Read>(reader: R) -> Result<impl Iterator<Item = Located>, FileError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(reader);
    let header = reader.headers().map_err(|e| FileError::Csv(msg!(err_file_csv, detail = e.to_string())))?.clone();
    let columns: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (h.to_ascii_lowercase(), i)).collect();
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
    if !missing.is_empty() {
        return Err(FileError::Csv(msg!(err_file_header_lacks, columns = missing.join(", "))));
    }
    Ok(reader.into_records().enumerate().map(move |(n, record)| match record {
        Ok(record) => {
            let location = line(record.position().map_or(n as u64 + 2, |p| p.line()));
            let get =
                |c: &str| columns.get(c).and_then(|&i| record.get(i)).map(str::to_string).filter(|s| !s.is_empty());
            (location, row(&get))
        }
        Err(e) => {
            let at = e.position().map_or(n as u64 + 2, |p| p.line());
            (line(at), Err(msg!(err_imp_unreadable_row, detail = e.to_string())))
        }
    }))
}

fn row(get: &dyn Fn(&str) -> Option<String>) -> Result<Draft, Message> {
    let coordinate = |c: &str| -> Result<Option<f64>, Message> {
        get(c).map(|v| v.parse::<f64>().map_err(|_| msg!(err_imp_not_number, what = c, value = &v))).transpose()
    };
    let pair = |a: &str, b: &str| match (get(a), get(b)) {
        (None, None) => None,
        (min, max) => Some((min.unwrap_or_default(), max.unwrap_or_default())),
    };
    Ok(Draft {
        id: get("id"),
        name: get("name"),
        kind: get("kind"),
        lng: coordinate("lng")?,
        lat: coordinate("lat")?,
        address: get("address"),
        phone: get("phone"),
        services: get("services").map(|s| services(&s)).transpose()?.unwrap_or_default(),
        ownership: get("ownership"),
        status: get("status"),
        location_basis: get("location_basis"),
        details: get("details")
            .map(|d| {
                serde_json::from_str(&d).map_err(|e| msg!(err_imp_details_object, value = &d, detail = e.to_string()))
            })
            .transpose()?
            .unwrap_or_default(),
        subdistrict_code: get("subdistrict_code"),
        community_code: get("community_code"),
        parent_id: get("parent_id"),
        hours: get("hours"),
        ages: pair("age_min", "age_max"),
        grades: pair("grade_min", "grade_max"),
        sessions: get("sessions").map(|s| sessions(&s)).transpose()?.unwrap_or_default(),
        fees: get("fees"),
        accessibility: get("accessibility"),
        sample: get("sample").is_some_and(|s| s == "true" || s == "1"),
    })
}

fn services(text: &str) -> Result<Vec<DraftService>, Message> {
    text.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let bad = || msg!(err_imp_service_form, value = item, example = "meals:3/20");
            let (service, figures) = item.split_once(':').ok_or_else(bad)?;
            let (available, maximum) = figures.split_once('/').ok_or_else(bad)?;
            Ok(DraftService {
                service: service.trim().to_string(),
                available: available.trim().to_string(),
                maximum: maximum.trim().to_string(),
                updated_at: None,
            })
        })
        .collect()
}

fn sessions(text: &str) -> Result<Vec<DraftSession>, Message> {
    text.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let parts: Vec<&str> = item.split('/').map(str::trim).collect();
            let [name, start, end, grades] = parts[..] else {
                return Err(msg!(err_imp_session_form, value = item, example = "暑期班/2026-07-13/2026-08-21/1-6"));
            };
            let (grade_min, grade_max) = grades
                .split_once('-')
                .ok_or_else(|| msg!(err_imp_session_grades_form, value = grades, example = "1-6"))?;
            Ok(DraftSession {
                name: name.to_string(),
                start: start.to_string(),
                end: end.to_string(),
                grade_min: grade_min.to_string(),
                grade_max: grade_max.to_string(),
            })
        })
        .collect()
}
