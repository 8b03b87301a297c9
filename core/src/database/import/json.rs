//! JSON lists: an array of objects with `pattern` (or `number`…), `action`, `category`, `label`.
//! Each element is reported by the line it starts on.

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{ImportOptions, LABEL_NAMES, PATTERN_NAMES, RawRow, Rows};
use crate::error::RingfenceError;

/// A JSON object.
pub(crate) type Object = Map<String, Value>;

/// Reads the array into `rows`; a document that is not a JSON array is an error.
pub(super) fn read(
    text: &str,
    opts: &ImportOptions,
    rows: &mut Rows,
    progress: &mut dyn FnMut(usize),
) -> Result<(), RingfenceError> {
    for_each_object(text, progress, &mut |line, object| {
        let Some(object) = object else {
            rows.reject(line, "not an object");
            return;
        };
        let field = |names: &[&str]| string_field(names.iter().find_map(|n| find(object, n)));
        let row = (|| {
            Ok::<_, &'static str>(RawRow {
                pattern: field(&PATTERN_NAMES)?,
                action: field(&["action"])?,
                category: field(&["category"])?,
                label: field(&LABEL_NAMES)?,
            })
        })();
        match row {
            Ok(row) => rows.push(line, &row, opts),
            Err(reason) => rows.reject(line, reason),
        }
    })
}

/// Calls `element` with the line each element of the JSON array `text` starts on and the
/// element, when it is an object; a document that is not a JSON array is an error.
pub(crate) fn for_each_object(
    text: &str,
    progress: &mut dyn FnMut(usize),
    element: &mut dyn FnMut(usize, Option<&Object>),
) -> Result<(), RingfenceError> {
    let body = text.trim_start_matches('\u{FEFF}');
    let elements: Vec<&RawValue> =
        serde_json::from_str(body).map_err(|_| RingfenceError::InvalidList("not a JSON array of objects"))?;
    let (mut line, mut at) = (1usize, 0usize);
    for (n, raw) in elements.into_iter().enumerate() {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(body.as_ptr() as usize).min(body.len());
        line += body.as_bytes()[at.min(offset)..offset].iter().filter(|b| **b == b'\n').count();
        at = at.max(offset);
        if n % 4096 == 4095 {
            progress(offset);
        }
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Object(object)) => element(line, Some(&object)),
            _ => element(line, None),
        }
    }
    Ok(())
}

/// A field's text: absent or `null` is `None`; anything but a string is an error.
pub(crate) fn string_field(value: Option<&Value>) -> Result<Option<&str>, &'static str> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err("fields must be strings"),
    }
}

/// A field by case-insensitive name.
pub(crate) fn find<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_objects_and_reports_bad_elements_by_line() {
        let text = r#"[
  {"pattern": "+41446681800", "action": "label", "category": "scam", "label": "Fake bank"},
  {"number": "+4121560####"},
  {"pattern": 41446681801},
  "nope",
  {"pattern": "+41", "action": "block"}
]"#;
        let mut rows = Rows::default();
        read(text, &ImportOptions::default(), &mut rows, &mut |_| {}).unwrap();
        assert_eq!(rows.report.accepted, 2);
        assert_eq!(rows.entries[0].0, 2);
        assert_eq!(rows.entries[0].1.label.as_deref(), Some("Fake bank"));
        assert_eq!(rows.entries[1].1.pattern.wildcards(), 4);
        let rejected: Vec<(u32, &str)> = rows.report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
        assert_eq!(
            rejected,
            vec![(4, "fields must be strings"), (5, "not an object"), (6, "invalid number or pattern")]
        );
        assert!(read("{\"pattern\": 1}", &ImportOptions::default(), &mut Rows::default(), &mut |_| {}).is_err());
    }
}
