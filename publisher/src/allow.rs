//! The verified allow list: numbers and `#` ranges (brands' outbound numbers, public services)
//! that are never listed, plus the emergency numbers near reported ones ([`crate::emergency`]).
//! The `allow` table the SQL reads holds each as its `+digits` prefix and its full length.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{Int32Array, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use ringfence_core::Pattern;
use ringfence_core::database::import::{ImportOptions, ListFormat, read_list};

use crate::PublisherError;

/// Reads allow lists (`.csv` with a `pattern` or `number` column, `.txt` one per line, `.json`,
/// `.plist`: the formats `ringfence build` reads; national numbers need none of them, use E.164).
/// A list with any bad row is refused whole: a typo must not silently un-allow a number.
pub fn read_allow_lists(paths: &[impl AsRef<Path>]) -> Result<BTreeSet<Pattern>, PublisherError> {
    let mut patterns = BTreeSet::new();
    for path in paths {
        let path = path.as_ref();
        let refuse = |reason: String| PublisherError::AllowList { path: path.to_owned(), reason };
        let format = ListFormat::from_path(path).ok_or_else(|| refuse("use .csv, .txt, .json or .plist".into()))?;
        let text = std::fs::read_to_string(path).map_err(|e| PublisherError::io(path, e))?;
        let (entries, report) =
            read_list(format, &text, &ImportOptions::default()).map_err(|e| refuse(e.to_string()))?;
        if let Some(bad) = report.rejected.first() {
            return Err(refuse(format!("line {}: {}", bad.line, bad.reason)));
        }
        patterns.extend(entries.into_iter().map(|e| e.pattern));
    }
    Ok(patterns)
}

/// The `allow` table: `prefix` (`+` and the pattern's fixed digits) and `len` (the length of
/// the E.164 text of the numbers it covers, `+` included).
pub fn allow_table(patterns: impl IntoIterator<Item = Pattern>) -> Result<RecordBatch, PublisherError> {
    let (mut prefixes, mut lens) = (Vec::new(), Vec::new());
    for p in patterns {
        let text = p.to_string();
        let prefix = text.trim_end_matches('#');
        prefixes.push(prefix.to_owned());
        lens.push(i32::try_from(text.len()).unwrap_or(i32::MAX));
    }
    let schema =
        Schema::new(vec![Field::new("prefix", DataType::Utf8, false), Field::new("len", DataType::Int32, false)]);
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![Arc::new(StringArray::from(prefixes)), Arc::new(Int32Array::from(lens))],
    )?)
}
