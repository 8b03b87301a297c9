//! Rule lists in CSV: a header naming `pattern,action,category,label`, one rule per row.
//!
//! `pattern` and `action` are required columns; `category` (default `user_list`) and `label`
//! are optional. Fields may be double-quoted (`""` escapes a quote). Bad rows are reported
//! with their line number and skipped; they never abort the import and never echo the number.
//! The CSV reader itself is shared with database imports ([`crate::database::import`]).

use super::Rule;
use crate::database::import::{ImportOptions, RULES_SCHEMA, Rows, read_csv};
pub use crate::database::import::{ImportReport, RowError};
use crate::error::RingfenceError;
use crate::number::RegionCode;
use crate::verdict::{Action, Category};

/// Largest list text accepted, in bytes.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;

/// Reads CSV rule rows; returns the valid rules and a report of every row.
///
/// Fails as a whole only when the text is over [`MAX_LIST_BYTES`] or the header is unusable.
pub fn parse_rules_csv(text: &str, region: Option<RegionCode>) -> Result<(Vec<Rule>, ImportReport), RingfenceError> {
    if text.len() > MAX_LIST_BYTES {
        return Err(RingfenceError::LimitExceeded { what: "list size in bytes", limit: MAX_LIST_BYTES as u64 });
    }
    let opts = ImportOptions { region, action: Action::Block, category: Category::UserList };
    let mut rows = Rows::default();
    read_csv(text, &opts, &RULES_SCHEMA, &mut rows, &mut |_| {})?;
    let mut rules = Vec::with_capacity(rows.entries.len());
    for (line, e) in rows.entries {
        // Database labels are validated exactly like rule labels, so this cannot fail; if it
        // ever did, the row would be reported rather than dropped.
        match Rule::new(e.pattern, e.action, e.category, e.label.as_deref()) {
            Ok(rule) => rules.push(rule),
            Err(_) => {
                rows.report.accepted -= 1;
                rows.report.rejected.push(RowError { line, reason: "invalid label".to_owned() });
            }
        }
    }
    rows.report.rejected.sort_by_key(|r| r.line);
    Ok((rules, rows.report))
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
    fn the_action_column_is_required_for_rules() {
        assert!(parse_rules_csv("pattern,label\n+41446681800,x\n", None).is_err());
        let (_, report) = parse_rules_csv("pattern,action\n+41446681800,\n", None).unwrap();
        assert_eq!(report.rejected[0].reason, "unknown action");
    }
}
