//! The columns of a rule list: one table, [`COLUMNS`], read and written by both the CSV
//! ([`super::csv`]) and the JSON ([`super::json`]) formats, so a backup holds every field of a
//! rule and a restore recreates it exactly.
//!
//! Adding a field to [`Rule`] takes one entry in [`COLUMNS`] (its name, how its text goes into
//! a [`Draft`], how a rule writes it), one field in [`Draft`], and one line in
//! [`Draft::rule`]: the readers and writers follow the table. A list names its columns in any
//! order; a column it lacks takes its default unless [`Column::required`]; a column Ringfence
//! does not know is ignored with a warning.

use std::borrow::Cow;

use super::{Rule, RuleTarget};
use crate::database::import::{ImportOptions, RawRow, Rows, entry_fields};
use crate::number::RegionCode;
use crate::policy::Schedule;
use crate::verdict::{Action, Category};

/// A rule row as read: the text of each column it has.
#[derive(Debug, Default)]
pub(crate) struct Draft<'a> {
    pattern: Option<&'a str>,
    action: Option<&'a str>,
    category: Option<&'a str>,
    label: Option<&'a str>,
    line: Option<&'a str>,
    schedule: Option<&'a str>,
}

/// One column of a rule list.
#[derive(Debug)]
pub(crate) struct Column {
    /// Its name: the CSV header, the JSON key (read in any case).
    pub name: &'static str,
    /// Whether a CSV list must have it.
    pub required: bool,
    /// Stores the column's text in a draft.
    pub read: for<'a> fn(&mut Draft<'a>, &'a str),
    /// A rule's value, as text (`None`: empty in CSV, absent in JSON).
    pub write: fn(&Rule) -> Option<Cow<'_, str>>,
}

/// Every column, in the order exports write them.
pub(crate) const COLUMNS: [Column; 6] = [
    Column {
        name: "pattern",
        required: true,
        read: |d, v| d.pattern = Some(v),
        write: |r| Some(Cow::Owned(r.target.to_string())),
    },
    Column { name: "action", required: true, read: |d, v| d.action = Some(v), write: |r| Some(r.action.code().into()) },
    Column {
        name: "category",
        required: false,
        read: |d, v| d.category = Some(v),
        write: |r| Some(r.category.code().into()),
    },
    Column {
        name: "label",
        required: false,
        read: |d, v| d.label = Some(v),
        write: |r| r.label.as_deref().map(Cow::from),
    },
    Column {
        name: "line",
        required: false,
        read: |d, v| d.line = Some(v),
        write: |r| r.line.as_deref().map(Cow::from),
    },
    Column {
        name: "schedule",
        required: false,
        read: |d, v| d.schedule = Some(v),
        write: |r| r.schedule.as_ref().map(|s| Cow::Owned(s.to_string())),
    },
];

/// The error of a CSV header without the required columns.
pub(crate) const MISSING_COLUMNS: &str = "header must name pattern and action columns";
/// The warning for a column (CSV) or field (JSON) of no known name.
pub(crate) const UNKNOWN_COLUMN: &str = "unknown column ignored";

/// The column called `name` (any case).
pub(crate) fn column(name: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.name.eq_ignore_ascii_case(name.trim()))
}

impl Draft<'_> {
    /// Adds the row's rule to `rules` (and its warning to `rows`), or rejects the row.
    pub(crate) fn push(&self, line: usize, region: Option<RegionCode>, rules: &mut Vec<Rule>, rows: &mut Rows) {
        match self.rule(region) {
            Ok((rule, warning)) => {
                rules.push(rule);
                rows.report.accepted += 1;
                if let Some(warning) = warning {
                    rows.warn(line, warning);
                }
            }
            Err(reason) => rows.reject(line, reason),
        }
    }

    /// The rule, with a warning when an assumption was made (an unknown category kept as
    /// `other`), or why the row is rejected. Checks the action, then the category, the
    /// pattern and the label (the checks of every list, [`crate::database::import`]); a
    /// missing category is `user_list`.
    fn rule(&self, region: Option<RegionCode>) -> Result<(Rule, Option<&'static str>), &'static str> {
        if self.action.is_none_or(|a| a.trim().is_empty()) {
            return Err("unknown action");
        }
        let opts = ImportOptions { region, action: Action::Block, category: Category::UserList };
        let raw = RawRow { pattern: self.pattern, action: self.action, category: self.category, label: self.label };
        let (action, category, label, warning) = entry_fields(&raw, &opts)?;
        let text = self.pattern.map(str::trim).filter(|p| !p.is_empty()).ok_or("missing number")?;
        let target = RuleTarget::parse(text, region).map_err(|e| match e {
            crate::RingfenceError::InvalidRegex(_) => "invalid or oversized regular expression",
            _ => "invalid number or pattern",
        })?;
        let mut rule = Rule::with_target(target, action, category, label.as_deref()).map_err(|_| "invalid label")?;
        if let Some(line) = self.line.map(str::trim).filter(|l| !l.is_empty()) {
            rule = rule.on_line(line).map_err(|_| "invalid line")?;
        }
        if let Some(text) = self.schedule.map(str::trim).filter(|s| !s.is_empty()) {
            let schedule: Schedule = text.parse().map_err(|_| "invalid schedule")?;
            rule = rule.during(schedule).map_err(|_| "invalid schedule")?;
        }
        Ok((rule, warning))
    }
}
