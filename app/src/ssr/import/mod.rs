//! Import facilities from GeoJSON or CSV. Every row is validated; every bad row is reported with
//! where it is and why. Coordinates are converted to WGS-84 here, at the edge.

pub mod csv_file;
pub mod draft;
pub mod fixed_csv;
mod geojson_file;

use std::collections::HashSet;

pub use draft::Draft;

use crate::geodesy::Crs;
use crate::message::Message;
use crate::model::Facility;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    Csv,
}

impl Format {
    /// By extension: `.geojson`/`.json` or `.csv`.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".geojson") || lower.ends_with(".json") {
            Some(Format::GeoJson)
        } else if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else {
            None
        }
    }
}

/// One rejected row: `location` is [`line`] (CSV, 1-based, header = line 1) or [`feature`] (GeoJSON,
/// 1-based), or a register's row. Location and reason are catalogue messages, rendered where the report is
/// read: a page or API answer in the request's language, the CLI in zh ([`Message`]'s `Display`).
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub location: Message,
    pub id: Option<String>,
    pub reason: Message,
}

impl RowError {
    /// The whole line of a report: `第 3 行（编号 x）：…` / `line 3 (id x): …`.
    pub fn message(&self) -> Message {
        match &self.id {
            Some(id) => {
                msg!(err_row_report_id, location = self.location.clone(), id = id, reason = self.reason.clone())
            }
            None => msg!(err_row_report, location = self.location.clone(), reason = self.reason.clone()),
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// `line N` of a text file.
pub fn line(n: impl Into<u64>) -> Message {
    msg!(err_at_line, n = n.into())
}

/// `feature N` of a GeoJSON file (1-based).
pub fn feature(n: usize) -> Message {
    msg!(err_at_feature, n = n)
}

/// The file as a whole could not be read (a catalogue message; the variant says which way).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}")]
    Json(Message),
    #[error("{0}")]
    NotFeatureCollection(Message),
    #[error("{0}")]
    Csv(Message),
}

impl FileError {
    pub fn message(&self) -> &Message {
        match self {
            FileError::Json(m) | FileError::NotFeatureCollection(m) | FileError::Csv(m) => m,
        }
    }
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub facilities: Vec<Facility>,
    pub errors: Vec<RowError>,
}

/// Parse and validate a whole file. `now` stamps figures that carry no `updated_at`.
pub fn parse(text: &str, format: Format, crs: Crs, now: i64) -> Result<Parsed, FileError> {
    let drafts = match format {
        Format::GeoJson => geojson_file::drafts(text)?,
        Format::Csv => csv_file::drafts(text)?,
    };
    let mut parsed = Parsed::default();
    let mut check = Validator::new(crs, now);
    for (location, draft) in drafts {
        match check.row(location, draft) {
            Ok(f) => parsed.facilities.push(f),
            Err(e) => parsed.errors.push(e),
        }
    }
    Ok(parsed)
}

/// Every row's validation, in file order: the row's own rules, then an id not seen before in the file.
/// Holds the ids seen so far (a file names each facility once), nothing else.
pub struct Validator {
    crs: Crs,
    now: i64,
    seen: HashSet<String>,
}

impl Validator {
    pub fn new(crs: Crs, now: i64) -> Self {
        Validator { crs, now, seen: HashSet::new() }
    }

    // A report row (two messages) is large, and made once per bad row, never on a hot path.
    #[allow(clippy::result_large_err)]
    pub fn row(&mut self, location: Message, draft: Result<Draft, Message>) -> Result<Facility, RowError> {
        let id = draft.as_ref().ok().and_then(|d| d.id.clone()).filter(|s| !s.is_empty());
        match draft.and_then(|d| d.validate(self.crs, self.now)) {
            Ok(f) if self.seen.contains(&f.id) => {
                Err(RowError { location, id: Some(f.id.clone()), reason: msg!(err_imp_duplicate_id, id = &f.id) })
            }
            Ok(f) => {
                self.seen.insert(f.id.clone());
                Ok(f)
            }
            Err(reason) => Err(RowError { location, id, reason }),
        }
    }
}

#[cfg(test)]
mod tests;
