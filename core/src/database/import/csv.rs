//! CSV lists: a header row naming the columns, then one entry per row, read by
//! [`records`](super::records). The header is shared with the user's rule lists
//! ([`crate::rules`]), which name their own columns.

use super::records::{Fields, Records, TOO_MANY_COLUMNS};
use super::{ImportOptions, LABEL_NAMES, PATTERN_NAMES, RawRow, Rows};
use crate::error::RingfenceError;

/// A CSV list's header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// The column names, trimmed.
    pub names: Vec<String>,
    /// The line it starts on.
    pub line: usize,
    /// The byte offset just past it: where the rows start.
    pub end: usize,
}

impl Header {
    /// The first non-blank record of `text`; an error when there is none or it has too many
    /// columns.
    pub(crate) fn read(text: &str) -> Result<Self, RingfenceError> {
        let mut records = Records::new(text, 0);
        let record = records.next_record().ok_or(RingfenceError::InvalidList("empty list, header required"))?;
        let fields = record.fields.map_err(|reason| match reason {
            TOO_MANY_COLUMNS => RingfenceError::InvalidList("too many columns in the header"),
            _ => RingfenceError::InvalidList("bad header"),
        })?;
        let names = fields.iter().map(|n| n.trim_start_matches('\u{FEFF}').trim().to_owned()).collect();
        Ok(Self { names, line: record.line, end: record.end })
    }

    /// The index of the first column with one of `names` (any case).
    pub(crate) fn position(&self, names: &[&str]) -> Option<usize> {
        self.names.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    }
}

/// Line ends in `text[..at]`: the lines before the rows of a list whose header ends at `at`.
pub(crate) fn lines_before(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|b| **b == b'\n').count()
}

/// Reads each record of `text` (whole records; `lines_before` lines of the file precede it),
/// calling `row` with its line and fields, or rejecting it; `width` is the header's column
/// count, and a record of another width is reported as a warning. Calls `progress` with the
/// bytes read so far every few thousand records.
pub(crate) fn for_each_row(
    text: &str,
    lines_before: usize,
    width: usize,
    rows: &mut Rows,
    progress: &mut dyn FnMut(usize),
    row: &mut dyn FnMut(usize, Fields<'_>, &mut Rows),
) {
    let mut records = Records::new(text, lines_before);
    let mut n = 0usize;
    while let Some(record) = records.next_record() {
        n += 1;
        if n.is_multiple_of(4096) {
            progress(record.end);
        }
        match record.fields {
            Err(reason) => rows.reject(record.line, reason),
            Ok(fields) => {
                match fields.len().cmp(&width) {
                    std::cmp::Ordering::Less => rows.warn(record.line, "fewer fields than the header"),
                    std::cmp::Ordering::Greater => rows.warn(record.line, "more fields than the header, extra ignored"),
                    std::cmp::Ordering::Equal => {}
                }
                row(record.line, fields, rows);
            }
        }
    }
}

/// Reads a feed's CSV rows into `rows`; fails as a whole only when the header is missing or
/// unusable.
pub(crate) fn read_csv(
    text: &str,
    opts: &ImportOptions,
    rows: &mut Rows,
    progress: &mut dyn FnMut(usize),
) -> Result<(), RingfenceError> {
    let (columns, body_at) = Columns::from_head(text)?;
    let lines = lines_before(text, body_at);
    columns.read(&text[body_at..], lines, opts, rows, &mut |done| progress(body_at + done));
    Ok(())
}

/// Where a feed list's columns are, from its header: `pattern` (or `number`, `phone`…),
/// optional `action`, `category`, `label` (or `name`, `title`, `description`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Columns {
    pattern: usize,
    action: Option<usize>,
    category: Option<usize>,
    label: Option<usize>,
    width: usize,
}

impl Columns {
    /// The columns named by the first non-blank record of `head` (the start of a list, whole
    /// records), and the byte offset just past that header.
    pub(crate) fn from_head(head: &str) -> Result<(Self, usize), RingfenceError> {
        let header = Header::read(head)?;
        let pattern = header
            .position(&PATTERN_NAMES)
            .ok_or(RingfenceError::InvalidList("header must name a pattern (or number) column"))?;
        let columns = Columns {
            pattern,
            action: header.position(&["action"]),
            category: header.position(&["category"]),
            label: header.position(&LABEL_NAMES),
            width: header.names.len(),
        };
        Ok((columns, header.end))
    }

    /// Reads the rows `text` (whole records after the header; `lines_before` lines of the file
    /// precede it) into `rows`, calling `progress` with the bytes of `text` read so far every
    /// few thousand rows.
    pub(crate) fn read(
        &self,
        text: &str,
        lines_before: usize,
        opts: &ImportOptions,
        rows: &mut Rows,
        progress: &mut dyn FnMut(usize),
    ) {
        for_each_row(text, lines_before, self.width, rows, progress, &mut |line, fields, rows| {
            let get = |c: Option<usize>| c.map(|c| fields.get(c).map_or("", str::trim));
            let row = RawRow {
                pattern: get(Some(self.pattern)),
                action: get(self.action),
                category: get(self.category),
                label: get(self.label),
            };
            rows.push(line, &row, opts);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::import::RowError;

    #[test]
    fn feed_header_aliases_and_defaults() {
        let mut rows = Rows::default();
        let text = "PhoneNumber,name\n+41446681800,Spam caller\n+41,Bad\n";
        read_csv(text, &ImportOptions::default(), &mut rows, &mut |_| {}).unwrap();
        assert_eq!(rows.report.accepted, 1);
        assert_eq!(rows.entries[0].1.label.as_deref(), Some("Spam caller"));
        assert_eq!(rows.entries[0].1.action, crate::verdict::Action::Block);
        assert_eq!(rows.report.rejected, vec![RowError { line: 3, reason: "invalid number or pattern".into() }]);
        let mut rows = Rows::default();
        assert!(read_csv("label\nx\n", &ImportOptions::default(), &mut rows, &mut |_| {}).is_err());
    }

    #[test]
    fn quoted_line_breaks_crlf_and_ragged_rows() {
        let text = "\u{FEFF}number,label\r\n\"+41446681800\",\"two\r\nlines\"\r\n+41446681801\r\n\
                    +41446681802,x,extra\r\n\r\n+41446681803,\"a \"\"quoted\"\", comma\"\r\n";
        let mut rows = Rows::default();
        read_csv(text, &ImportOptions::default(), &mut rows, &mut |_| {}).unwrap();
        let lines: Vec<u32> = rows.entries.iter().map(|e| e.0).collect();
        assert_eq!(lines, vec![4, 5, 7]);
        // A label may not hold a line break: the row is rejected, by its first line.
        assert_eq!(rows.report.rejected, vec![RowError { line: 2, reason: "invalid label".into() }]);
        assert_eq!(rows.entries[0].1.label, None);
        assert_eq!(rows.entries[2].1.label.as_deref(), Some("a \"quoted\", comma"));
        let warnings: Vec<(u32, &str)> = rows.report.warnings.iter().map(|w| (w.line, w.reason.as_str())).collect();
        assert_eq!(
            warnings,
            vec![(4, "fewer fields than the header"), (5, "more fields than the header, extra ignored")]
        );
    }
}
