//! Finding the header row and what each column means. Registers put a title row or two above the
//! header; the header is the first of the top rows that names the facility's name column and at
//! least one other known column.

use super::RegisterError;
use super::synonyms::{Field, field_of, header_key};
use crate::msg;

/// How many rows from the top are searched for the header.
const HEADER_SEARCH: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// 0-based index of the header row in the grid.
    pub header_row: usize,
    /// Per column: its header text and the field it maps to, if any.
    pub columns: Vec<(String, Option<Field>)>,
}

impl Columns {
    pub fn find(rows: &[Vec<String>], map: &[(Field, String)]) -> Result<Columns, RegisterError> {
        let mapped = |header: &str| -> Option<Field> {
            let key = header_key(header);
            map.iter()
                .find(|(_, h)| header_key(h) == key && !key.is_empty())
                .map(|(f, _)| *f)
                .or_else(|| field_of(header))
        };
        for (r, row) in rows.iter().take(HEADER_SEARCH).enumerate() {
            let fields: Vec<Option<Field>> = row.iter().map(|h| mapped(h)).collect();
            let known = fields.iter().flatten().count();
            if fields.contains(&Some(Field::Name)) && known >= 2 {
                let mut columns: Vec<(String, Option<Field>)> = row.iter().cloned().zip(fields).collect();
                // A field named by two columns: the first wins, the second is reported as unused.
                let mut seen = Vec::new();
                for (_, field) in &mut columns {
                    if let Some(f) = *field {
                        if seen.contains(&f) {
                            *field = None;
                        } else {
                            seen.push(f);
                        }
                    }
                }
                for (f, header) in map {
                    if !columns.iter().any(|(h, _)| header_key(h) == header_key(header)) {
                        return Err(RegisterError::File(msg!(
                            err_regf_map_no_column,
                            field = f.key(),
                            header = header,
                            row = r + 1
                        )));
                    }
                }
                return Ok(Columns { header_row: r, columns });
            }
        }
        let top: Vec<String> = rows.iter().take(HEADER_SEARCH).flatten().map(|h| header_key(h)).collect();
        let absent: Vec<&str> =
            map.iter().filter(|(_, h)| !top.contains(&header_key(h))).map(|(_, h)| h.as_str()).collect();
        if !absent.is_empty() {
            return Err(RegisterError::File(msg!(err_regf_map_absent, n = HEADER_SEARCH, columns = absent.join(", "))));
        }
        Err(RegisterError::File(msg!(err_regf_no_header, n = HEADER_SEARCH)))
    }

    pub fn index(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|(_, f)| *f == Some(field))
    }

    pub fn has(&self, field: Field) -> bool {
        self.index(field).is_some()
    }

    /// Non-empty headers that map to no field: listed to the user, never silently dropped.
    pub fn unknown(&self) -> Vec<String> {
        self.columns.iter().filter(|(h, f)| f.is_none() && !h.trim().is_empty()).map(|(h, _)| h.clone()).collect()
    }
}

/// `--map name=机构名称,address=地址`: CareMap's column names to the register's headers.
pub fn parse_map(text: &str) -> Result<Vec<(Field, String)>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (key, header) = pair.split_once('=').ok_or_else(|| format!("`{pair}` must look like name=机构名称"))?;
            let field = Field::from_key(key).ok_or_else(|| format!("`{}` is not a CareMap column", key.trim()))?;
            let header = header.trim();
            if header.is_empty() {
                return Err(format!("`{pair}` names no header"));
            }
            Ok((field, header.to_string()))
        })
        .collect()
}
