//! The whole job: report files → normalised tables → the SQL on DataFusion → list entries, with
//! the figures of its JSON summary. Optionally writes the normalised tables as Parquet (and the
//! parameters as JSON) for the same SQL on Spark.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{Int32Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::parquet::arrow::ArrowWriter;
use ringfence_core::{Category, Pattern};
use serde_json::{Value, json};

use crate::engine::{self, Tables};
use crate::intake::{Intake, Rejected, Reports};
use crate::list::ListEntry;
use crate::{AGGREGATE_SQL, Params, PublisherError, allow, emergency, read_csv, read_parquet};

/// Reads every report file (`.csv` or `.parquet`) into one normalised table. A file that is not
/// a report file fails the whole read; bad rows are only counted and listed.
pub fn read_reports(paths: &[impl AsRef<Path>]) -> Result<Reports, PublisherError> {
    read_into(paths, Intake::default())
}

/// [`read_reports`] for an aggregation aged against `now` (Unix seconds): a report timed after
/// it is a bad row ([`RowProblem::Future`](crate::RowProblem::Future)).
pub fn read_reports_at(paths: &[impl AsRef<Path>], now: i64) -> Result<Reports, PublisherError> {
    read_into(paths, Intake::until(now))
}

fn read_into(paths: &[impl AsRef<Path>], mut intake: Intake) -> Result<Reports, PublisherError> {
    for path in paths {
        let path = path.as_ref();
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => {
                let file = File::open(path).map_err(|e| PublisherError::io(path, e))?;
                read_csv::read(path, BufReader::with_capacity(1 << 20, file), &mut intake)?;
            }
            Some("parquet") => read_parquet::read(path, &mut intake)?,
            _ => return Err(PublisherError::UnknownFormat(path.to_owned())),
        }
    }
    Ok(intake.finish())
}

/// The aggregate and what went into it.
#[derive(Debug)]
pub struct Aggregate {
    /// The list, sorted by pattern.
    pub entries: Vec<ListEntry>,
    /// Rows read, good and bad.
    pub read: u64,
    /// The rejected rows, the first [`MAX_REJECTED_LISTED`](crate::MAX_REJECTED_LISTED) of them.
    pub rejected: Vec<Rejected>,
    /// Rows rejected, listed or not.
    pub rejected_total: u64,
}

impl Aggregate {
    /// The JSON summary line: reports read and rejected, numbers listed, ranges inferred.
    pub fn summary(&self) -> Value {
        let ranges = self.entries.iter().filter(|e| e.is_range()).count();
        json!({
            "engine": "datafusion",
            "reports_read": self.read,
            "rejected": self.rejected_total,
            "numbers_listed": self.entries.len() - ranges,
            "ranges_inferred": ranges,
        })
    }
}

/// The `categories` table: each category's code and name.
fn categories() -> Result<RecordBatch, PublisherError> {
    let codes: Vec<i32> = (0..Category::ALL.len()).map(|i| i as i32).collect();
    let names: Vec<&str> = Category::ALL.iter().map(|c| c.code()).collect();
    let schema =
        Schema::new(vec![Field::new("code", DataType::Int32, false), Field::new("name", DataType::Utf8, false)]);
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![Arc::new(Int32Array::from(codes)), Arc::new(StringArray::from(names))],
    )?)
}

/// The SQL's input tables: the reports, the allow list plus the emergency numbers near reported
/// ones, the categories.
pub fn tables(
    reports: Vec<RecordBatch>,
    short_numbers: &BTreeSet<u64>,
    allowed: &BTreeSet<Pattern>,
) -> Result<Tables, PublisherError> {
    let emergency = emergency::emergency_neighbours(short_numbers).into_iter().map(Pattern::exact);
    let allow = allow::allow_table(allowed.iter().copied().chain(emergency))?;
    Ok(Tables { reports, allow, categories: categories()? })
}

/// Aggregates `reports` with `params`, never listing `allowed`; with `emit`, first writes the
/// normalised tables and parameters there for Spark.
pub fn aggregate(
    reports: Reports,
    allowed: &BTreeSet<Pattern>,
    params: &Params,
    emit: Option<&Path>,
) -> Result<Aggregate, PublisherError> {
    params.validate()?;
    let sql = params.substitute(AGGREGATE_SQL)?;
    let tables = tables(reports.batches, &reports.short_numbers, allowed)?;
    if let Some(dir) = emit {
        write_normalized(dir, &tables, params)?;
    }
    let entries = engine::run(&sql, tables)?;
    Ok(Aggregate { entries, read: reports.read, rejected: reports.rejected, rejected_total: reports.rejected_total })
}

/// Writes `reports.parquet`, `allow.parquet`, `categories.parquet` and `params.json` in `dir`.
pub fn write_normalized(dir: &Path, tables: &Tables, params: &Params) -> Result<(), PublisherError> {
    std::fs::create_dir_all(dir).map_err(|e| PublisherError::io(dir, e))?;
    let write = |name: &str, schema, batches: &[RecordBatch]| -> Result<(), PublisherError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|e| PublisherError::io(&path, e))?;
        let mut writer = ArrowWriter::try_new(file, schema, None)?;
        batches.iter().try_for_each(|b| writer.write(b))?;
        writer.close()?;
        Ok(())
    };
    write("reports.parquet", crate::intake::schema(), &tables.reports)?;
    write("allow.parquet", tables.allow.schema(), std::slice::from_ref(&tables.allow))?;
    write("categories.parquet", tables.categories.schema(), std::slice::from_ref(&tables.categories))?;
    let path = dir.join("params.json");
    std::fs::write(&path, format!("{}\n", params.to_json())).map_err(|e| PublisherError::io(&path, e))
}
