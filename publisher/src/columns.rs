//! Where a report file's columns are, from its header (CSV) or schema (Parquet): each of
//! [`COLUMNS`] by name; the required ones must be there, others are ignored.

use std::path::Path;

use crate::PublisherError;
use crate::report::{COLUMNS, REQUIRED, RawReport};

/// The position of each of [`COLUMNS`] among `names` (lower case), or the error naming the
/// required columns that are missing, or a column named twice (which of the two to read would
/// be a guess).
pub fn locate(
    path: &Path,
    names: impl Iterator<Item = String>,
) -> Result<[Option<usize>; COLUMNS.len()], PublisherError> {
    let names: Vec<String> = names.collect();
    if let Some(twice) = COLUMNS.iter().find(|c| names.iter().filter(|n| n.as_str() == **c).count() > 1) {
        return Err(PublisherError::not_reports(path, format!("duplicate column: {twice}")));
    }
    let at = COLUMNS.map(|c| names.iter().position(|n| n == c));
    let missing: Vec<&str> =
        COLUMNS[..REQUIRED].iter().zip(&at).filter(|(_, a)| a.is_none()).map(|(c, _)| *c).collect();
    match missing.is_empty() {
        true => Ok(at),
        false => Err(PublisherError::not_reports(path, format!("missing columns: {}", missing.join(", ")))),
    }
}

/// How many fields a row needs to hold every required column (optional columns missing at the
/// end of a row are empty).
pub fn needed(at: &[Option<usize>; COLUMNS.len()]) -> usize {
    at[..REQUIRED].iter().flatten().max().map_or(0, |m| m + 1)
}

/// One row's fields, `field(i)` giving the text of field `i`; absent columns are empty.
pub fn raw<'a>(at: &[Option<usize>; COLUMNS.len()], field: impl Fn(usize) -> &'a str) -> RawReport<'a> {
    let f = |c: usize| at[c].map_or("", &field);
    RawReport { number: f(0), region: f(1), category: f(2), time: f(3), reporter: f(4), vote: f(5), caller_name: f(6) }
}
