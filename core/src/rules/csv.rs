//! Rule lists in CSV: a header naming `pattern,action,category,label`, one rule per row.
//!
//! `pattern` and `action` are required columns; `category` (default `user_list`) and `label`
//! are optional. Fields may be double-quoted (`""` escapes a quote). Bad rows are reported
//! with their line number and skipped; they never abort the import and never echo the number.

use super::Rule;
use crate::error::RingfenceError;
use crate::number::{Pattern, RegionCode};
use crate::verdict::{Action, Category};

/// Largest list text accepted, in bytes.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u32,
    /// Why it was rejected (never contains the row's number).
    pub reason: String,
}

/// The outcome of reading a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Rows turned into rules.
    pub accepted: u32,
    /// Rows rejected, with reasons.
    pub rejected: Vec<RowError>,
}

/// Reads CSV rule rows; returns the valid rules and a report of every row.
///
/// Fails as a whole only when the text is over [`MAX_LIST_BYTES`] or the header is unusable.
pub fn parse_rules_csv(text: &str, region: Option<RegionCode>) -> Result<(Vec<Rule>, ImportReport), RingfenceError> {
    if text.len() > MAX_LIST_BYTES {
        return Err(RingfenceError::LimitExceeded { what: "list size in bytes", limit: MAX_LIST_BYTES as u64 });
    }
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or(RingfenceError::InvalidList("empty list, header required"))?;
    let header = split_row(header.trim_start_matches('\u{FEFF}')).ok_or(RingfenceError::InvalidList("bad header"))?;
    let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(pat_col), Some(act_col)) = (col("pattern"), col("action")) else {
        return Err(RingfenceError::InvalidList("header must name pattern and action columns"));
    };
    let (cat_col, label_col) = (col("category"), col("label"));

    let mut rules = Vec::new();
    let mut report = ImportReport::default();
    for (idx, line) in lines {
        let line_no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let row = split_row(line).ok_or("unbalanced quotes").and_then(|fields| {
            let get = |c: Option<usize>| c.and_then(|c| fields.get(c)).map(|s| s.trim()).unwrap_or("");
            let action = Action::from_code(&get(Some(act_col)).to_ascii_lowercase()).ok_or("unknown action")?;
            let category = match get(cat_col) {
                "" => Category::UserList,
                c => Category::from_code(&c.to_ascii_lowercase()).ok_or("unknown category")?,
            };
            let pattern = Pattern::parse(get(Some(pat_col)), region).map_err(|_| "invalid number or pattern")?;
            let label = Some(get(label_col)).filter(|l| !l.is_empty());
            Rule::new(pattern, action, category, label).map_err(|_| "invalid label")
        });
        match row {
            Ok(rule) => {
                rules.push(rule);
                report.accepted += 1;
            }
            Err(reason) => report.rejected.push(RowError { line: line_no, reason: reason.to_owned() }),
        }
    }
    Ok((rules, report))
}

/// Splits one CSV line into fields; `None` on an unterminated quote.
fn split_row(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let field = fields.last_mut()?;
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
    (!quoted).then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_reports_bad_ones_by_line() {
        let text = "pattern,action,category,label\n\
                    +4121560####,block,spam,\"Swiss spam, range\"\n\
                    044 668 18 00,allow,,\n\
                    +41,block,spam,\n\
                    +41446681801,explode,spam,\n\
                    +41446681802,label,nonsense,\n\
                    \"+41446681803,label,spam,\n";
        let (rules, report) = parse_rules_csv(text, "CH".parse().ok()).unwrap();
        assert_eq!(report.accepted, 2);
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].label.as_deref(), Some("Swiss spam, range"));
        assert_eq!(rules[1].category, Category::UserList);
        let lines: Vec<u32> = report.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7]);
        assert_eq!(report.rejected[1].reason, "unknown action");
        for r in &report.rejected {
            assert!(!r.reason.chars().any(|c| c.is_ascii_digit()), "{}", r.reason);
        }
    }

    #[test]
    fn header_is_required() {
        assert!(parse_rules_csv("", None).is_err());
        assert!(parse_rules_csv("+41446681800,block\n", None).is_err());
        assert!(parse_rules_csv("\u{FEFF}Pattern,Action\n+41446681800,block\n", None).unwrap().1.accepted == 1);
    }

    #[test]
    fn quoted_fields() {
        assert_eq!(split_row(r#"a,"b,c","d""e""#).unwrap(), vec!["a", "b,c", "d\"e"]);
        assert!(split_row(r#"a,"b"#).is_none());
    }
}
