//! A register's first sheet (or a named one) as a grid of text, rows and columns as the spreadsheet
//! numbers them. Merged cells are filled with their value, since registers merge 所属街道 over the rows
//! of one subdistrict and titles over the whole width. CSV may be UTF-8 (with or without a BOM) or
//! GB18030, as Excel on a Chinese Windows saves it.

use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

use super::RegisterError;
use crate::msg;

/// The spreadsheet formats a register may come in, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

impl SheetFormat {
    /// The format of a file that is a district register rather than CareMap's own format: spreadsheets
    /// always; a CSV when its header is not CareMap's (`id,name,kind,lng,lat,address,phone,services`:
    /// recognised by `services`, or by `id` with `lng` and `lat`), read by the `csv` crate as every CSV is.
    pub fn of_register(path: &str, bytes: &[u8]) -> Option<SheetFormat> {
        let format = SheetFormat::from_path(path)?;
        if format != SheetFormat::Csv {
            return Some(format);
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let header: Vec<String> = reader
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(|h| h.trim().to_ascii_lowercase()).collect())
            .unwrap_or_default();
        let has = |name: &str| header.iter().any(|h| h == name);
        let caremap = has("services") || (has("lng") && has("lat") && has("id"));
        (!caremap).then_some(SheetFormat::Csv)
    }

    pub fn from_path(path: &str) -> Option<SheetFormat> {
        let lower = path.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "xlsx" | "xlsm" => Some(SheetFormat::Xlsx),
            "xls" => Some(SheetFormat::Xls),
            "ods" => Some(SheetFormat::Ods),
            "csv" => Some(SheetFormat::Csv),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub sheet: String,
    /// `rows[r][c]`: row `r + 1` and column `c + 1` of the sheet; trimmed text, "" when empty.
    pub rows: Vec<Vec<String>>,
}

/// Registers are hundreds or a few thousand rows; this bounds what one upload may make us hold.
const MAX_CELLS: usize = 2_000_000;

pub fn read(bytes: &[u8], format: SheetFormat, sheet: Option<&str>) -> Result<Grid, RegisterError> {
    match format {
        SheetFormat::Csv => csv(bytes),
        _ => spreadsheet(bytes, sheet),
    }
}

fn unreadable(e: impl std::fmt::Display) -> RegisterError {
    RegisterError::File(msg!(err_regf_unreadable, detail = e.to_string()))
}

fn spreadsheet(bytes: &[u8], wanted: Option<&str>) -> Result<Grid, RegisterError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let names = book.sheet_names();
    let name = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| RegisterError::File(msg!(err_regf_no_sheet, name = w, names = names.join(", "))))?,
        None => names.first().cloned().ok_or_else(|| RegisterError::File(msg!(err_regf_no_sheets)))?,
    };
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    let (height, width) = range.get_size();
    let (top, left) = range.start().unwrap_or((0, 0));
    let (rows_n, cols_n) = (top as usize + height, left as usize + width);
    if rows_n.saturating_mul(cols_n) > MAX_CELLS {
        return Err(RegisterError::File(msg!(err_regf_too_large, rows = rows_n, cols = cols_n)));
    }
    let mut rows = vec![vec![String::new(); cols_n]; rows_n];
    for (r, c, value) in range.used_cells() {
        rows[top as usize + r][left as usize + c] = text(value);
    }
    let merged = match &mut book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).map_err(unreadable)?,
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).map_err(unreadable)?,
        // calamine does not report merged cells for ODS and XLSB; their covered cells stay empty.
        _ => Vec::new(),
    };
    for region in merged {
        let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
        let value = rows.get(r0).and_then(|row| row.get(c0)).cloned().unwrap_or_default();
        let (r1, c1) = (region.end.0 as usize, region.end.1 as usize);
        for row in rows.iter_mut().take(r1 + 1).skip(r0) {
            for cell in row.iter_mut().take(c1 + 1).skip(c0) {
                cell.clone_from(&value);
            }
        }
    }
    Ok(Grid { sheet: name, rows })
}

/// Numbers as people wrote them: `60` not `60.0`; phone numbers stored as numbers keep every digit.
fn text(value: &Data) -> String {
    match value {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

fn csv(bytes: &[u8]) -> Result<Grid, RegisterError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(RegisterError::File(msg!(err_regf_encoding)));
            }
            t.into_owned()
        }
    };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| RegisterError::File(msg!(err_file_csv, detail = e.to_string())))?;
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(RegisterError::File(msg!(err_regf_csv_too_large)));
        }
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Grid { sheet: String::new(), rows })
}
