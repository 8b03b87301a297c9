//! Report files in Parquet: the same column names as the CSV; text columns of any Arrow string
//! type, `time` as RFC 3339 text or as a timestamp. Rows are numbered from 1.

use std::fs::File;
use std::path::Path;

use chrono::DateTime;
use datafusion::arrow::array::{Array, ArrayRef, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::intake::{BATCH_ROWS, Intake};
use crate::report::COLUMNS;
use crate::{PublisherError, columns};

/// Index of `time` in [`COLUMNS`].
const TIME: usize = 3;

/// Reads the Parquet report file `path` into `intake`. Refused whole when it is not Parquet,
/// lacks a required column, or a column has a type that is neither text nor (for `time`) a
/// timestamp.
pub fn read(path: &Path, intake: &mut Intake) -> Result<(), PublisherError> {
    let file = File::open(path).map_err(|e| PublisherError::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|_| PublisherError::not_reports(path, "not a Parquet file"))?;
    let schema = builder.schema().clone();
    let at = columns::locate(path, schema.fields().iter().map(|f| f.name().to_ascii_lowercase()))?;
    for (c, a) in COLUMNS.iter().zip(&at) {
        let Some(i) = a else { continue };
        let ty = schema.field(*i).data_type();
        let text = matches!(ty, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
        if !(text || (*c == "time" && matches!(ty, DataType::Timestamp(..)))) {
            return Err(PublisherError::not_reports(path, format!("column {c} must be text")));
        }
    }
    let reader = builder.with_batch_size(BATCH_ROWS).build()?;
    let mut row = 0u64;
    for batch in reader {
        let batch = batch?;
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
