//! Report files in CSV: a header naming the columns (any order, other columns ignored), then one
//! report per line. Fields may be double-quoted (`""` is a quote). Read in blocks of lines, each
//! block normalised on every core.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use crate::intake::{BATCH_ROWS, Intake};
use crate::report::{COLUMNS, RowProblem};
use crate::{PublisherError, columns};

/// Most fields in one row; a row with more is malformed.
const MAX_FIELDS: usize = 64;

/// The fields of one CSV line, or `None` when its quotes do not close or it has too many.
pub fn split(line: &str) -> Option<Vec<Cow<'_, str>>> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if fields.len() == MAX_FIELDS {
            return None;
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut tail = quoted;
            loop {
                let end = tail.find('"')?;
                value.push_str(&tail[..end]);
                tail = &tail[end + 1..];
                match tail.strip_prefix('"') {
                    Some(t) => (value.push('"'), tail = t).1,
                    None => break,
                }
            }
            fields.push(Cow::Owned(value));
            match tail.strip_prefix(',') {
                Some(t) => rest = t,
                None if tail.trim().is_empty() => return Some(fields),
                None => return None,
            }
        } else {
            match rest.find(',') {
                Some(i) => (fields.push(Cow::Borrowed(&rest[..i])), rest = &rest[i + 1..]).1,
                None => return Some((fields.push(Cow::Borrowed(rest)), fields).1),
            }
        }
    }
}

/// Reads the CSV report file `path` into `intake`. Refused whole only when the header is missing
/// or lacks a required column.
pub fn read(path: &Path, reader: impl BufRead, intake: &mut Intake) -> Result<(), PublisherError> {
    let mut lines = reader.split(b'\n');
    let mut line_no = 0u64;
    let header = loop {
        line_no += 1;
        let Some(line) = lines.next() else {
            return Err(PublisherError::not_reports(path, "empty file, header required"));
        };
        let line = line.map_err(|e| PublisherError::io(path, e))?;
        let text = String::from_utf8(line).map_err(|_| PublisherError::not_reports(path, "the header is not text"))?;
        if !text.trim().is_empty() {
            break text;
        }
    };
    let names =
        split(header.trim_end_matches('\r')).ok_or_else(|| PublisherError::not_reports(path, "malformed header"))?;
    let at = columns::locate(path, names.iter().map(|n| n.trim().to_ascii_lowercase()))?;
    let mut block: Vec<(u64, Vec<u8>)> = Vec::with_capacity(BATCH_ROWS);
    loop {
        let next = lines.next().transpose().map_err(|e| PublisherError::io(path, e))?;
        let done = next.is_none();
        if let Some(bytes) = next {
            line_no += 1;
            block.push((line_no, bytes));
        }
        if block.len() == BATCH_ROWS || (done && !block.is_empty()) {
            add_block(path, &block, &at, intake);
            block.clear();
        }
        if done {
            return Ok(());
        }
    }
}

/// Splits and normalises one block of lines (blank lines skipped).
fn add_block(path: &Path, block: &[(u64, Vec<u8>)], at: &[Option<usize>; COLUMNS.len()], intake: &mut Intake) {
    let texts: Vec<(u64, Option<&str>)> = block
        .iter()
        .map(|(line, bytes)| (*line, std::str::from_utf8(bytes).ok().map(|t| t.trim_end_matches('\r'))))
        .filter(|(_, t)| t.is_none_or(|t| !t.trim().is_empty()))
        .collect();
    let fields: Vec<(u64, Option<Vec<Cow<'_, str>>>)> =
        texts.iter().map(|(line, t)| (*line, t.and_then(split).filter(|f| f.len() >= columns::needed(at)))).collect();
    let mut rows = Vec::with_capacity(fields.len());
    for (line, f) in &fields {
        match f {
            Some(f) => rows.push((*line, columns::raw(at, |i| f.get(i).map_or("", |v| v.as_ref())))),
            None => {
                intake.add_rows(path, &rows);
                rows.clear();
                intake.reject(path, *line, RowProblem::Malformed);
            }
        }
    }
    intake.add_rows(path, &rows);
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn fields_split_with_quotes() {
        let f = split(r#"+41446681800,CH,"scam, bad","say ""hi""",x"#).unwrap();
        assert_eq!(f, ["+41446681800", "CH", "scam, bad", "say \"hi\"", "x"]);
        assert_eq!(split("a,,b").unwrap(), ["a", "", "b"]);
        assert!(split(r#"a,"open"#).is_none());
        assert!(split(&",".repeat(100)).is_none());
    }
}
