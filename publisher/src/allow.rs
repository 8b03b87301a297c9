//! The verified allow list: numbers and `#` ranges (brands' outbound numbers, public services)
//! that are never listed, plus the emergency numbers near reported ones ([`crate::emergency`]).
//! The `allow` table the SQL reads holds each as the first and last number it covers.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use ringfence_core::Pattern;
use ringfence_core::database::import::{ImportOptions, ListFormat, read_list_bytes};

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
        // Bytes, not text: a property list may be binary; other formats must be UTF-8 (refused if not).
        let bytes = std::fs::read(path).map_err(|e| PublisherError::io(path, e))?;
        let (entries, report) =
            read_list_bytes(format, &bytes, &ImportOptions::default()).map_err(|e| refuse(e.to_string()))?;
        if let Some(bad) = report.rejected.first() {
            return Err(refuse(format!("line {}: {}", bad.line, bad.reason)));
        }
        patterns.extend(entries.into_iter().map(|e| e.pattern));
    }
    Ok(patterns)
}

/// The `allow` table: `lo` and `hi`, the first and last number a pattern covers as E.164 values
/// (`+417912345##` → 41791234500 and 41791234599; all of one digit count, as the pattern's).
pub fn allow_table(patterns: impl IntoIterator<Item = Pattern>) -> Result<RecordBatch, PublisherError> {
    let (lo, hi): (Vec<i64>, Vec<i64>) = patterns
        .into_iter()
        .map(|p| {
            // At most 15 digits: always below i64::MAX.
            let first = p.first().as_u64() as i64;
            (first, first + p.size() as i64 - 1)
        })
        .unzip();
    let schema = Schema::new(vec![Field::new("lo", DataType::Int64, false), Field::new("hi", DataType::Int64, false)]);
    Ok(RecordBatch::try_new(Arc::new(schema), vec![Arc::new(Int64Array::from(lo)), Arc::new(Int64Array::from(hi))])?)
}
