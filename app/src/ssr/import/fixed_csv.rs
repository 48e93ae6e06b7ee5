//! CareMap's own fixed-header CSV files (population, catchment lists, places): the header must be exactly
//! the expected one; every record comes with its line number, and one that cannot be read at all is a
//! [`RowError`] at its line — so a file's report names each bad line the same way, whatever the file.

use super::{FileError, RowError, line};
use crate::message::Message;
use crate::msg;

/// One record's fields (trimmed) and the line it starts on.
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

impl Record {
    /// The first field, when not empty: the row's id in a report.
    pub fn id(&self) -> Option<String> {
        self.fields.first().filter(|s| !s.is_empty()).cloned()
    }

    pub fn error(&self, reason: Message) -> RowError {
        RowError { location: line(self.line), id: self.id(), reason }
    }
}

/// The file's records, in order, or the whole file refused (not CSV, or another header). A leading BOM is
/// ignored.
// A report row (two messages) is large, and made once per bad line, never on a hot path.
#[allow(clippy::result_large_err)]
pub fn records(text: &str, header: &[&str]) -> Result<Vec<Result<Record, RowError>>, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let found = reader.headers().map_err(|e| FileError::Csv(msg!(err_file_csv, detail = e.to_string())))?.clone();
    if !found.iter().eq(header.iter().copied()) {
        return Err(FileError::Csv(msg!(err_file_header_exact, header = header.join(","))));
    }
    Ok(reader
        .records()
        .enumerate()
        .map(|(n, record)| {
            // The header is line 1; a record without a position is counted.
            let fallback = n as u64 + 2;
            match record {
                Ok(r) => Ok(Record {
                    line: r.position().map_or(fallback, |p| p.line()),
                    fields: r.iter().map(str::to_string).collect(),
                }),
                Err(e) => Err(RowError {
                    location: line(e.position().map_or(fallback, |p| p.line())),
                    id: None,
                    reason: msg!(err_imp_unreadable_row, detail = e.to_string()),
                }),
            }
        })
        .collect())
}
