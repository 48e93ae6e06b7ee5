//! District registers in: the Excel / ODS / CSV lists that civil affairs (民政) and education (教育局)
//! keep, with Chinese headers and addresses instead of coordinates. Read the sheet, find the header,
//! map its columns ([`synonyms`]), read and place every row ([`locate`]), compare with what CareMap
//! has ([`diff`]), and apply it in one transaction ([`apply`]). The rules are in docs/REGISTERS.md.

pub mod apply;
pub mod columns;
pub mod diff;
pub mod grid;
pub mod locate;
mod rows;
pub mod synonyms;
pub mod upload;
mod values;

use std::collections::HashMap;

pub use apply::{Applied, apply};
pub use diff::{Plan, plan};
pub use grid::SheetFormat;

use crate::geodesy::Crs;
use crate::message::Message;
use crate::model::{FacilityKind, PreviewFacility, RegisterColumn, RegisterPreview};
use crate::msg;
use crate::ssr::gazetteer::Geocoder;
use crate::ssr::import::RowError;
use columns::Columns;
use diff::RowFacility;
use synonyms::Field;

/// The file as a whole cannot be read as a register (a catalogue message).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RegisterError {
    #[error("{0}")]
    File(Message),
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The sheet to read (default: the first).
    pub sheet: Option<String>,
    /// `--map`: CareMap fields to the register's own headers, before the synonyms.
    pub map: Vec<(Field, String)>,
    /// The coordinate system of 经度/纬度 columns, when the register has them.
    pub crs: Crs,
    /// The kind of every row without a 类型 (a register of kindergartens only, say).
    pub kind: Option<FacilityKind>,
}

/// A register read and placed, before it is compared with the store.
#[derive(Debug, Clone)]
pub struct Register {
    pub sheet: String,
    pub header_row: u32,
    pub columns: Vec<RegisterColumn>,
    pub rows: Vec<RowFacility>,
    pub errors: Vec<RowError>,
    pub notes: Vec<RowError>,
}

fn line(n: usize) -> Message {
    msg!(err_at_row, n = n)
}

/// Which fields a row gave, by the names [`diff::changes`] uses.
fn given(d: &crate::ssr::import::Draft) -> Vec<&'static str> {
    [
        ("address", d.address.is_some()),
        ("phone", d.phone.is_some()),
        ("ownership", d.ownership.is_some()),
        ("status", d.status.is_some()),
        ("hours", d.hours.is_some()),
        ("fees", d.fees.is_some()),
        ("accessibility", d.accessibility.is_some()),
    ]
    .into_iter()
    .filter_map(|(f, yes)| yes.then_some(f))
    .collect()
}

/// Read, check and place every row. `progress(done, total)` is called as rows are placed (the
/// online geocoder makes long registers slow). Figures the register gives only as totals are marked
/// never reported (`updated_at` 0) until a manager confirms them.
pub async fn read(
    bytes: &[u8],
    format: SheetFormat,
    options: &Options,
    geocoder: Option<&dyn Geocoder>,
    now: i64,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Register, RegisterError> {
    let grid = grid::read(bytes, format, options.sheet.as_deref())?;
    let columns = Columns::find(&grid.rows, &options.map)?;
    let data: Vec<(usize, &Vec<String>)> =
        grid.rows.iter().enumerate().skip(columns.header_row + 1).filter(|(_, r)| !rows::is_blank(r)).collect();
    let mut register = Register {
        sheet: grid.sheet.clone(),
        header_row: columns.header_row as u32 + 1,
        columns: columns
            .columns
            .iter()
            .map(|(h, f)| RegisterColumn { header: h.clone(), field: f.map(Field::key) })
            .collect(),
        rows: Vec::new(),
        errors: Vec::new(),
        notes: Vec::new(),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (done, (r, cells)) in data.iter().enumerate() {
        progress(done, data.len());
        let n = r + 1;
        let id = columns.index(Field::Id).and_then(|i| cells.get(i)).filter(|s| !s.is_empty()).cloned();
        match row(cells, &columns, options, geocoder, now, n, &mut register.notes).await {
            Ok(f) => {
                let key = if f.has_id {
                    f.facility.id.clone()
                } else {
                    diff::match_key(&f.facility.name, &f.facility.address)
                };
                match seen.get(&key) {
                    Some(first) => register.errors.push(RowError {
                        location: line(n),
                        id,
                        reason: msg!(err_reg_same_facility, first = *first),
                    }),
                    None => {
                        seen.insert(key, n);
                        register.rows.push(f);
                    }
                }
            }
            Err(reason) => register.errors.push(RowError { location: line(n), id, reason }),
        }
    }
    progress(data.len(), data.len());
    Ok(register)
}

async fn row(
    cells: &[String],
    columns: &Columns,
    options: &Options,
    geocoder: Option<&dyn Geocoder>,
    now: i64,
    n: usize,
    notes: &mut Vec<RowError>,
) -> Result<RowFacility, Message> {
    let mut read = rows::read(cells, columns, options.kind)?;
    if let Some(h) = read.draft.hours.clone()
        && crate::model::OpeningHours::parse(&h).is_err()
    {
        notes.push(RowError {
            location: line(n),
            id: read.draft.id.clone(),
            reason: msg!(err_reg_hours_left, value = &h),
        });
        read.draft.hours = None;
    }
    let located = locate::locate(&read, geocoder).await?;
    let mut draft = read.draft.clone();
    let crs = match located.point {
        Some((lat, lng)) => {
            (draft.lat, draft.lng) = (Some(lat), Some(lng));
            Crs::Wgs84
        }
        None => options.crs,
    };
    let has_id = draft.id.is_some();
    if !has_id {
        // Validation wants an id; the real one is found or made when compared with the store.
        draft.id = Some("pending".into());
    }
    let given = given(&draft);
    let mut facility = draft.validate(crs, now)?;
    facility.location_basis = located.basis;
    if located.subdistrict_code.is_some() {
        facility.subdistrict_code = located.subdistrict_code;
    }
    if located.community_code.is_some() {
        facility.community_code = located.community_code;
    }
    for c in &mut facility.services {
        if !read.gave_free.contains(&c.service) {
            c.updated_at = 0;
        }
    }
    Ok(RowFacility { line: n as u32, facility, has_id, given, gave_free: read.gave_free })
}

fn preview_of(line: u32, f: &crate::model::Facility, changes: Vec<crate::model::FieldChange>) -> PreviewFacility {
    PreviewFacility {
        line,
        id: f.id.clone(),
        name: f.name.clone(),
        kind: f.kind,
        location_basis: f.location_basis,
        changes,
    }
}

/// The dry run as people read it.
pub fn preview(upload_id: &str, filename: &str, register: &Register, plan: &Plan) -> RegisterPreview {
    RegisterPreview {
        upload_id: upload_id.to_string(),
        filename: filename.to_string(),
        sheet: register.sheet.clone(),
        header_row: register.header_row,
        columns: register.columns.clone(),
        added: plan.added.iter().map(|(l, f)| preview_of(*l, f, Vec::new())).collect(),
        changed: plan.changed.iter().map(|(l, f, c)| preview_of(*l, f, c.clone())).collect(),
        unchanged: plan.unchanged as u32,
        missing: plan.missing.iter().map(|f| preview_of(0, f, Vec::new())).collect(),
        errors: register.errors.iter().map(ToString::to_string).collect(),
        error_codes: register.errors.iter().map(|e| e.reason.code().to_string()).collect(),
        notes: register.notes.iter().map(ToString::to_string).collect(),
        note_codes: register.notes.iter().map(|e| e.reason.code().to_string()).collect(),
    }
}

#[cfg(test)]
mod tests;
