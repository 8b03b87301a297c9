//! Rule lists in JSON: an array of objects whose keys are the columns of
//! [`COLUMNS`](super::columns::COLUMNS) (`pattern`, `action`, `category`, `label`), string
//! values (`null` or absent: the column's default). A key of another name is ignored with a
//! warning. Each object is reported by the line it starts on. Exports write one object per
//! line, keys in column order, so a JSON backup reads (and diffs) like its CSV one.

use super::Rule;
use super::columns::{COLUMNS, Draft, UNKNOWN_COLUMN, column};
use super::csv::MAX_LIST_BYTES;
use crate::database::import::json::{for_each_object, string_field};
use crate::database::import::{ImportReport, Rows};
use crate::error::RingfenceError;
use crate::number::RegionCode;

/// Reads a JSON rule list; returns the valid rules and a report of every object.
///
/// Fails as a whole only when the text is over [`MAX_LIST_BYTES`] or is not a JSON array.
pub fn parse_rules_json(text: &str, region: Option<RegionCode>) -> Result<(Vec<Rule>, ImportReport), RingfenceError> {
    if text.len() > MAX_LIST_BYTES {
        return Err(RingfenceError::LimitExceeded { what: "list size in bytes", limit: MAX_LIST_BYTES as u64 });
    }
    let (mut rules, mut rows) = (Vec::new(), Rows::default());
    for_each_object(text, &mut |_| {}, &mut |line, object| {
        let Some(object) = object else {
            rows.reject(line, "not an object");
            return;
        };
        let (mut draft, mut unknown) = (Draft::default(), false);
        for (key, value) in object {
            let Some(c) = column(key) else {
                unknown = true;
                continue;
            };
            match string_field(Some(value)) {
                Ok(Some(text)) => (c.read)(&mut draft, text.trim()),
                Ok(None) => {}
                Err(reason) => return rows.reject(line, reason),
            }
        }
        if unknown {
            rows.warn(line, UNKNOWN_COLUMN);
        }
        draft.push(line, region, &mut rules, &mut rows);
    })?;
    Ok((rules, rows.finish()))
}

/// Writes `rules` as a JSON rule list: an array with one object per line, keys in column
/// order, a column without a value left out. [`parse_rules_json`] reads it back into the same
/// rules.
pub fn export_rules_json(rules: &[Rule]) -> String {
    let mut out = String::from("[");
    for (i, rule) in rules.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        let fields = COLUMNS.iter().filter_map(|c| Some((c.name, (c.write)(rule)?)));
        for (j, (name, value)) in fields.enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            // A string always serializes.
            out.push_str(&serde_json::to_string(name).unwrap_or_default());
            out.push_str(": ");
            out.push_str(&serde_json::to_string(value.as_ref()).unwrap_or_default());
        }
        out.push('}');
    }
    out.push_str(if rules.is_empty() { "]\n" } else { "\n]\n" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::import::RowError;
    use crate::number::Pattern;
    use crate::verdict::{Action, Category};

    #[test]
    fn exports_one_object_per_line_and_reads_back() {
        let p = |s: &str| Pattern::parse(s, None).unwrap();
        let rules = vec![
            Rule::new(p("+4121560####"), Action::Block, Category::Spam, Some("Swiss \"spam\", range")).unwrap(),
            Rule::new(p("+41446681800"), Action::Allow, Category::UserList, None).unwrap(),
        ];
        let text = export_rules_json(&rules);
        assert_eq!(
            text,
            "[\n  {\"pattern\": \"+4121560####\", \"action\": \"block\", \"category\": \"spam\", \
             \"label\": \"Swiss \\\"spam\\\", range\"},\n  \
             {\"pattern\": \"+41446681800\", \"action\": \"allow\", \"category\": \"user_list\"}\n]\n"
        );
        let report = ImportReport { accepted: 2, ..ImportReport::default() };
        assert_eq!(parse_rules_json(&text, None).unwrap(), (rules, report));
        assert_eq!(export_rules_json(&[]), "[]\n");
        assert_eq!(parse_rules_json("[]\n", None).unwrap().0, vec![]);
    }

    #[test]
    fn bad_objects_are_reported_by_line_unknown_keys_and_categories_warned() {
        let text = r#"[
  {"pattern": "+41446681800", "action": "block", "category": "charity", "note": "x"},
  {"pattern": "+41446681801"},
  {"pattern": "+41446681802", "action": "block", "label": 7},
  "nope",
  {"Pattern": "044 668 18 03", "ACTION": "silence", "label": null}
]"#;
        let (rules, report) = parse_rules_json(text, "CH".parse().ok()).unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!((rules[0].category, rules[0].label.as_deref()), (Category::Other, Some("charity")));
        assert_eq!(rules[1].target.to_string(), "+41446681803");
        let rejected: Vec<(u32, &str)> = report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
        assert_eq!(rejected, vec![(3, "unknown action"), (4, "fields must be strings"), (5, "not an object")]);
        assert_eq!(
            report.warnings,
            vec![
                RowError { line: 2, reason: "unknown column ignored".into() },
                RowError { line: 2, reason: "unknown category, kept as other".into() },
            ]
        );
        assert!(parse_rules_json("{}", None).is_err());
    }
}
