//! Rule lists in CSV: a header naming the columns of [`COLUMNS`](super::columns::COLUMNS)
//! (`pattern,action,category,label`, in any order), one rule per row.
//!
//! `pattern` and `action` are required columns; `category` (default `user_list`) and `label`
//! are optional; a column of another name is ignored with a warning. Fields may be quoted
//! (RFC 4180: `""` escapes a quote, a quoted field may hold commas and line breaks). Bad rows
//! are reported with the line they start on and skipped; they never abort the import and
//! never echo the number. Records are read like every CSV list ([`crate::database::import`]).

use super::Rule;
use super::columns::{COLUMNS, Draft, MISSING_COLUMNS, UNKNOWN_COLUMN, column};
use crate::database::import::Rows;
use crate::database::import::csv::{Header, for_each_row, lines_before};
pub use crate::database::import::{ImportReport, RowError};
use crate::error::RingfenceError;
use crate::number::RegionCode;

/// Largest list text accepted, in bytes.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;

/// Reads CSV rule rows; returns the valid rules and a report of every row.
///
/// Fails as a whole only when the text is over [`MAX_LIST_BYTES`] or the header is unusable.
pub fn parse_rules_csv(text: &str, region: Option<RegionCode>) -> Result<(Vec<Rule>, ImportReport), RingfenceError> {
    if text.len() > MAX_LIST_BYTES {
        return Err(RingfenceError::LimitExceeded { what: "list size in bytes", limit: MAX_LIST_BYTES as u64 });
    }
    let header = Header::read(text)?;
    let mut rows = Rows::default();
    // Where each known column is in a row (the first of its name wins).
    let mut at: Vec<(usize, &'static super::columns::Column)> = Vec::new();
    for (i, name) in header.names.iter().enumerate() {
        match column(name) {
            Some(c) if !at.iter().any(|(_, seen)| std::ptr::eq(*seen, c)) => at.push((i, c)),
            Some(_) => {}
            None if name.is_empty() => {}
            None => rows.warn(header.line, UNKNOWN_COLUMN),
        }
    }
    if COLUMNS.iter().any(|c| c.required && !at.iter().any(|(_, seen)| seen.name == c.name)) {
        return Err(RingfenceError::InvalidList(MISSING_COLUMNS));
    }
    let mut rules = Vec::new();
    let body = &text[header.end..];
    let lines = lines_before(text, header.end);
    for_each_row(body, lines, header.names.len(), &mut rows, &mut |_| {}, &mut |line, fields, rows| {
        let mut draft = Draft::default();
        for (i, c) in &at {
            (c.read)(&mut draft, fields.get(*i).map_or("", str::trim));
        }
        draft.push(line, region, &mut rules, rows);
    });
    Ok((rules, rows.finish()))
}

/// Writes `rules` as a CSV rule list: a header naming every column, then one row per rule,
/// in order; fields are quoted only when they must be. [`parse_rules_csv`] reads it back into
/// the same rules.
pub fn export_rules_csv(rules: &[Rule]) -> String {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail; a failed row would only be missing from the text.
    let _ = out.write_record(COLUMNS.iter().map(|c| c.name));
    for rule in rules {
        let _ = out.write_record(COLUMNS.iter().map(|c| (c.write)(rule).unwrap_or_default().into_owned()));
    }
    let bytes = out.into_inner().unwrap_or_default();
    // Every field is UTF-8 text and the writer adds only ASCII.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
