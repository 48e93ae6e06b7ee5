//! One import of a catchment file, from the command line or the district admins' upload: validate it
//! whole, then write it in one transaction (or nothing).

use super::{YearInfo, file};
use crate::geodesy::Crs;
use crate::model::FacilityKind;
use crate::ssr::import::{FileError, Format, RowError};
use crate::ssr::store::{CatchmentWrite, Store};

#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub text: &'a str,
    pub format: Format,
    pub crs: Crs,
    pub year: i32,
    /// Replace the year's catchments of the schools in the file; without it, a school that already
    /// has catchments that year is refused (importing the same file twice must not double it).
    pub replace: bool,
    /// Import the good features/lines even if some are bad.
    pub skip_invalid: bool,
    pub source_url: Option<String>,
    pub source_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub shapes: usize,
    pub lists: usize,
    pub schools: usize,
    /// Bad features/lines left out (only with `skip_invalid`).
    pub skipped: Vec<RowError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] FileError),
    #[error("{} bad row(s); nothing imported", .0.len())]
    Invalid(Vec<RowError>),
    #[error("no valid catchment in the file; nothing imported")]
    NothingValid(Vec<RowError>),
    #[error("{field}: {message}")]
    Bad { field: &'static str, message: crate::message::Message },
    #[error("already have catchments for {year}: {}; use --replace to replace them", .schools.join(", "))]
    AlreadyThere { year: i32, schools: Vec<String> },
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// The bureau's notice link must be a web address (it is shown to families as a link).
fn source_url(v: Option<String>) -> Result<Option<String>, ImportError> {
    match v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(u) if (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace) => {
            Ok(Some(u))
        }
        Some(u) => Err(ImportError::Bad { field: "source_url", message: crate::msg!(err_source_url, value = u) }),
    }
}

pub async fn import(
    store: &Store,
    kind_of: &(dyn Fn(&str) -> Option<FacilityKind> + Sync),
    req: ImportRequest<'_>,
    now: i64,
) -> Result<Imported, ImportError> {
    let url = source_url(req.source_url)?;
    let text = req.source_text.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let parsed = file::parse(req.text, req.format, req.crs, kind_of)?;
    if !parsed.errors.is_empty() && !req.skip_invalid {
        return Err(ImportError::Invalid(parsed.errors));
    }
    if parsed.shapes.is_empty() && parsed.lists.is_empty() {
        return Err(ImportError::NothingValid(parsed.errors));
    }
    let schools = parsed.schools();
    if !req.replace {
        let existing = store.catchment_schools(req.year).await?;
        let clash: Vec<String> = schools.iter().filter(|s| existing.contains(s)).cloned().collect();
        if !clash.is_empty() {
            return Err(ImportError::AlreadyThere { year: req.year, schools: clash });
        }
    }
    let keep_source = url.is_none() && text.is_none();
    let info = YearInfo { year: req.year, source_url: url, source_text: text, sample: false };
    let replace: &[String] = if req.replace { &schools } else { &[] };
    let write = CatchmentWrite { info: &info, keep_source, shapes: &parsed.shapes, lists: &parsed.lists, replace };
    store.write_catchments(write, now).await?;
    Ok(Imported {
        shapes: parsed.shapes.len(),
        lists: parsed.lists.len(),
        schools: schools.len(),
        skipped: parsed.errors,
    })
}
