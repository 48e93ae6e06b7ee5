//! Import facilities from GeoJSON or CSV. Every row is validated; every bad row is reported with
//! where it is and why. Coordinates are converted to WGS-84 here, at the edge.

mod csv_file;
pub mod draft;
pub mod fixed_csv;
mod geojson_file;

use std::collections::HashSet;

pub use draft::Draft;

use crate::geodesy::Crs;
use crate::model::Facility;

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

/// One rejected row: `location` is `line N` (CSV, 1-based, header = line 1) or `feature N` (GeoJSON, 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub location: String,
    pub id: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} (id {id}): {}", self.location, self.reason),
            None => write!(f, "{}: {}", self.location, self.reason),
        }
    }
}

/// The file as a whole could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not a GeoJSON FeatureCollection: {0}")]
    NotFeatureCollection(String),
    #[error("CSV: {0}")]
    Csv(String),
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
    let mut seen = HashSet::new();
    for (location, draft) in drafts {
        let id = draft.as_ref().ok().and_then(|d| d.id.clone()).filter(|s| !s.is_empty());
        let result = draft.and_then(|d| d.validate(crs, now));
        match result {
            Ok(f) if !seen.insert(f.id.clone()) => parsed.errors.push(RowError {
                location,
                id: Some(f.id.clone()),
                reason: format!("duplicate id `{}` (already used earlier in this file)", f.id),
            }),
            Ok(f) => parsed.facilities.push(f),
            Err(reason) => parsed.errors.push(RowError { location, id, reason }),
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests;
