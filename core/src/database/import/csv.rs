//! CSV lists: a header row naming the columns, then one entry per row. Fields may be
//! double-quoted (`""` escapes a quote). Shared by database imports and the user's rule lists.

use std::borrow::Cow;

use super::{ImportOptions, RawRow, Rows};
use crate::error::RingfenceError;

/// Most fields in one CSV row (header included): a row with more is rejected ("too many
/// columns") without storing them, so a row of millions of commas costs no memory.
pub const MAX_CSV_COLUMNS: usize = 64;

/// Which header names a list accepts for each column.
#[derive(Debug)]
pub(crate) struct CsvSchema {
    /// Names of the pattern column (required).
    pub pattern: &'static [&'static str],
    /// Whether the action column is required.
    pub action_required: bool,
    /// Names of the label column.
    pub label: &'static [&'static str],
    /// The error for a header without the required columns.
    pub missing: &'static str,
}

/// The user's rule lists: `pattern,action,category,label`, pattern and action required.
pub(crate) const RULES_SCHEMA: CsvSchema = CsvSchema {
    pattern: &["pattern"],
    action_required: true,
    label: &["label"],
    missing: "header must name pattern and action columns",
};

/// Feed lists: the same columns, with common aliases, and the action optional.
pub(crate) const FEED_SCHEMA: CsvSchema = CsvSchema {
    pattern: &["pattern", "number", "phonenumber", "phone_number", "phone"],
    action_required: false,
    label: &["label", "name", "title", "description"],
    missing: "header must name a pattern (or number) column",
};

/// Reads CSV rows into `rows`; fails as a whole only when the header is missing or unusable.
pub(crate) fn read_csv(
    text: &str,
    opts: &ImportOptions,
    schema: &CsvSchema,
    rows: &mut Rows,
    progress: &mut dyn FnMut(usize),
) -> Result<(), RingfenceError> {
    let (columns, body_at) = Columns::from_head(text, schema)?;
    let header_lines = text[..body_at].bytes().filter(|b| *b == b'\n').count();
    columns.read(&text[body_at..], header_lines, opts, rows, &mut |done| progress(body_at + done));
    Ok(())
}

/// Where a CSV list's columns are, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Columns {
    pattern: usize,
    action: Option<usize>,
    category: Option<usize>,
    label: Option<usize>,
    action_required: bool,
}

impl Columns {
    /// The columns named by the first non-blank line of `head` (the start of a list, whole
    /// lines), and the byte offset just past that header line.
    pub(crate) fn from_head(head: &str, schema: &CsvSchema) -> Result<(Self, usize), RingfenceError> {
        let mut at = 0;
        let header = loop {
            let line_end = head[at..].find('\n').map_or(head.len(), |i| at + i + 1);
            let line = head[at..line_end].trim_end_matches('\n').trim_end_matches('\r');
            if !line.trim().is_empty() {
                at = line_end;
                break line;
            }
            if line_end == head.len() {
                return Err(RingfenceError::InvalidList("empty list, header required"));
            }
            at = line_end;
        };
        let header = split_row(header.trim_start_matches('\u{FEFF}')).map_err(|e| match e {
            TOO_MANY_COLUMNS => RingfenceError::InvalidList("too many columns in the header"),
            _ => RingfenceError::InvalidList("bad header"),
        })?;
        let col = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
        let (pat_col, act_col) = (col(schema.pattern), col(&["action"]));
        let (Some(pattern), true) = (pat_col, act_col.is_some() || !schema.action_required) else {
            return Err(RingfenceError::InvalidList(schema.missing));
        };
        let columns = Columns {
            pattern,
            action: act_col,
            category: col(&["category"]),
            label: col(schema.label),
            action_required: schema.action_required,
        };
        Ok((columns, at))
    }

    /// Reads the data lines `text` (whole lines after the header; `lines_before` lines of the
    /// file precede it) into `rows`, calling `progress` with the bytes of `text` read so far
    /// every few thousand rows.
    pub(crate) fn read(
        &self,
        text: &str,
        lines_before: usize,
        opts: &ImportOptions,
        rows: &mut Rows,
        progress: &mut dyn FnMut(usize),
    ) {
        let lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
        for (n, (idx, line)) in lines.enumerate() {
            if n % 4096 == 4095 {
                progress((line.as_ptr() as usize).saturating_sub(text.as_ptr() as usize));
            }
            self.read_line(lines_before + idx + 1, line, opts, rows);
        }
    }

    /// Reads data line number `line_no`.
    fn read_line(&self, line_no: usize, line: &str, opts: &ImportOptions, rows: &mut Rows) {
        let fields = match split_row(line) {
            Ok(fields) => fields,
            Err(reason) => {
                rows.reject(line_no, reason);
                return;
            }
        };
        let get = |c: Option<usize>| c.map(|c| fields.get(c).map_or("", |s| s.trim()));
        let row = RawRow {
            pattern: get(Some(self.pattern)),
            action: if self.action_required { get(self.action).or(Some("")) } else { get(self.action) },
            category: get(self.category),
            label: get(self.label),
        };
        if self.action_required && row.action == Some("") {
            rows.reject(line_no, "unknown action");
            return;
        }
        rows.push(line_no, &row, opts);
    }
}

const TOO_MANY_COLUMNS: &str = "too many columns";

/// Splits one CSV line into fields; `Err` with the reason on an unterminated quote or more than
/// [`MAX_CSV_COLUMNS`] fields. Fields borrow the line unless the line has quotes.
pub(crate) fn split_row(line: &str) -> Result<Vec<Cow<'_, str>>, &'static str> {
    if !line.contains('"') {
        if line.bytes().filter(|b| *b == b',').count() >= MAX_CSV_COLUMNS {
            return Err(TOO_MANY_COLUMNS);
        }
        return Ok(line.split(',').map(Cow::Borrowed).collect());
    }
    let mut fields = vec![String::new()];
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if fields.len() > MAX_CSV_COLUMNS {
            return Err(TOO_MANY_COLUMNS);
        }
        let Some(field) = fields.last_mut() else { return Err(TOO_MANY_COLUMNS) };
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.trim().is_empty() => quoted = true,
            (',', false) => fields.push(String::new()),
            _ => field.push(c),
        }
    }
    match (quoted, fields.len() > MAX_CSV_COLUMNS) {
        (true, _) => Err("unbalanced quotes"),
        (false, true) => Err(TOO_MANY_COLUMNS),
        (false, false) => Ok(fields.into_iter().map(Cow::Owned).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields() {
        assert_eq!(split_row(r#"a,"b,c","d""e""#).unwrap(), vec!["a", "b,c", "d\"e"]);
        assert!(split_row(r#"a,"b"#).is_err());
        assert_eq!(split_row(&",".repeat(MAX_CSV_COLUMNS - 1)).map(|f| f.len()), Ok(MAX_CSV_COLUMNS));
        assert_eq!(split_row(&",".repeat(30_000_000)), Err(TOO_MANY_COLUMNS));
        assert_eq!(split_row(&format!("\"a\"{}", ",".repeat(30_000_000))), Err(TOO_MANY_COLUMNS));
        assert_eq!(split_row(" a, b ,,").unwrap(), vec![" a", " b ", "", ""]);
        assert_eq!(split_row(r#" "a" ,b"#).unwrap(), vec![" a ", "b"]);
    }

    #[test]
    fn feed_header_aliases_and_defaults() {
        let mut rows = Rows::default();
        let text = "PhoneNumber,name\n+41446681800,Spam caller\n+41,Bad\n";
        read_csv(text, &ImportOptions::default(), &FEED_SCHEMA, &mut rows, &mut |_| {}).unwrap();
        assert_eq!(rows.report.accepted, 1);
        assert_eq!(rows.entries[0].1.label.as_deref(), Some("Spam caller"));
        assert_eq!(rows.entries[0].1.action, crate::verdict::Action::Block);
        assert_eq!(
            rows.report.rejected,
            vec![super::super::RowError { line: 3, reason: "invalid number or pattern".into() }]
        );
        let mut rows = Rows::default();
        assert!(read_csv("label\nx\n", &ImportOptions::default(), &FEED_SCHEMA, &mut rows, &mut |_| {}).is_err());
    }
}
