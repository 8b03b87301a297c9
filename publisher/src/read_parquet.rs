//! Report files in Parquet: the same column names as the CSV; text columns of any Arrow string
//! type (dictionary-encoded too), `time` as RFC 3339 text or as a timestamp (one without a time
//! zone is read as UTC). Only the report columns are read. Rows are numbered from 1.

use std::fs::File;
use std::path::Path;

use chrono::DateTime;
use datafusion::arrow::array::{Array, ArrayRef, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::parquet::arrow::ProjectionMask;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::intake::{BATCH_ROWS, Intake};
use crate::report::COLUMNS;
use crate::{PublisherError, columns};

/// Index of `time` in [`COLUMNS`].
const TIME: usize = 3;

/// Whether `ty` holds text: a string type, or a dictionary of one.
fn is_text(ty: &DataType) -> bool {
    match ty {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, values) => is_text(values),
        _ => false,
    }
}

/// Reads the Parquet report file `path` into `intake`. Refused whole when it is not Parquet,
/// lacks a required column (or names one twice), a column has a type that is neither text nor
/// (for `time`) a timestamp, or its data cannot be decoded.
pub fn read(path: &Path, intake: &mut Intake) -> Result<(), PublisherError> {
    let file = File::open(path).map_err(|e| PublisherError::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|_| PublisherError::not_reports(path, "not a Parquet file"))?;
    let schema = builder.schema().clone();
    let at = columns::locate(path, schema.fields().iter().map(|f| f.name().trim().to_ascii_lowercase()))?;
    for (c, a) in COLUMNS.iter().zip(&at) {
        let Some(i) = a else { continue };
        let ty = schema.field(*i).data_type();
        if !(is_text(ty) || (*c == "time" && matches!(ty, DataType::Timestamp(..)))) {
            let what = if *c == "time" { "text or a timestamp" } else { "text" };
            return Err(PublisherError::not_reports(path, format!("column {c} must be {what}")));
        }
    }
    // Only the report columns: others (of any type) are neither decoded nor held.
    let mut wanted: Vec<usize> = at.iter().flatten().copied().collect();
    wanted.sort_unstable();
    let mask = ProjectionMask::roots(builder.parquet_schema(), wanted.iter().copied());
    let at = at.map(|a| a.and_then(|i| wanted.binary_search(&i).ok()));
    let corrupt =
        |e: &dyn std::fmt::Display| PublisherError::not_reports(path, format!("unreadable Parquet data: {e}"));
    let reader = builder.with_projection(mask).with_batch_size(BATCH_ROWS).build().map_err(|e| corrupt(&e))?;
    let mut row = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| corrupt(&e))?;
        let texts: Vec<Option<StringArray>> = at
            .iter()
            .enumerate()
            .map(|(c, a)| a.map(|i| as_text(batch.column(i), c == TIME)).transpose())
            .collect::<Result<_, _>>()?;
        let field = |c: usize, r: usize| texts[c].as_ref().map_or("", |a| if a.is_null(r) { "" } else { a.value(r) });
        let rows: Vec<_> = (0..batch.num_rows())
            .map(|r| (row + r as u64 + 1, columns::raw(&std::array::from_fn(Some), |c| field(c, r))))
            .collect();
        intake.add_rows(path, &rows);
        row += batch.num_rows() as u64;
    }
    Ok(())
}

/// A column as text; a timestamp (for `time`) as RFC 3339 in UTC.
fn as_text(column: &ArrayRef, time: bool) -> Result<StringArray, PublisherError> {
    if time && matches!(column.data_type(), DataType::Timestamp(..)) {
        let secs = cast(column, &DataType::Timestamp(TimeUnit::Second, None))?;
        let secs = cast(&secs, &DataType::Int64)?;
        let secs = secs.as_any().downcast_ref::<Int64Array>().ok_or_else(|| PublisherError::Engine("cast".into()))?;
        return Ok(secs
            .iter()
            .map(|s| s.and_then(|s| DateTime::from_timestamp(s, 0)).map(|t| t.to_rfc3339()))
            .collect::<StringArray>());
    }
    let text = cast(column, &DataType::Utf8)?;
    text.as_any().downcast_ref::<StringArray>().cloned().ok_or_else(|| PublisherError::Engine("cast".into()))
}
