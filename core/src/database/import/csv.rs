//! CSV lists: a header row naming the columns, then one entry per row. Fields may be
//! double-quoted (`""` escapes a quote). Shared by database imports and the user's rule lists.

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
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or(RingfenceError::InvalidList("empty list, header required"))?;
    let header = split_row(header.trim_start_matches('\u{FEFF}')).map_err(|e| match e {
        TOO_MANY_COLUMNS => RingfenceError::InvalidList("too many columns in the header"),
        _ => RingfenceError::InvalidList("bad header"),
    })?;
    let col = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
    let (pat_col, act_col) = (col(schema.pattern), col(&["action"]));
    let (Some(pat_col), true) = (pat_col, act_col.is_some() || !schema.action_required) else {
        return Err(RingfenceError::InvalidList(schema.missing));
    };
    let (cat_col, label_col) = (col(&["category"]), col(schema.label));
    let mut consumed = 0usize;
    for (n, (idx, line)) in lines.enumerate() {
        if n % 4096 == 4095 {
            consumed = (line.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).max(consumed);
            progress(consumed);
        }
        let fields = match split_row(line) {
            Ok(fields) => fields,
            Err(reason) => {
                rows.reject(idx + 1, reason);
                continue;
            }
        };
        let get = |c: Option<usize>| c.map(|c| fields.get(c).map_or("", |s| s.trim()));
        let row = RawRow {
            pattern: get(Some(pat_col)),
            action: if schema.action_required { get(act_col).or(Some("")) } else { get(act_col) },
            category: get(cat_col),
            label: get(label_col),
        };
        if schema.action_required && row.action == Some("") {
            rows.reject(idx + 1, "unknown action");
            continue;
        }
        rows.push(idx + 1, &row, opts);
    }
    Ok(())
}

const TOO_MANY_COLUMNS: &str = "too many columns";

/// Splits one CSV line into fields; `Err` with the reason on an unterminated quote or more than
/// [`MAX_CSV_COLUMNS`] fields.
pub(crate) fn split_row(line: &str) -> Result<Vec<String>, &'static str> {
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
        (false, false) => Ok(fields),
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
