//! The normalised reports as Arrow record batches: the `reports` table the SQL reads, built row
//! by row from every report file, with the count of rows read and the list of rejected rows.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int32Builder, Int64Builder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use rayon::prelude::*;

use crate::emergency;
use crate::report::{RawReport, Report, RowProblem};

/// Rows per record batch (and per unit of parallel normalisation).
pub const BATCH_ROWS: usize = 1 << 16;

/// A rejected row: the file, its 1-based line (CSV: the header is line 1; Parquet: the row
/// number) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file (one allocation shared by its rejected rows: a file of millions of bad rows
    /// costs a few words each).
    pub file: Arc<Path>,
    /// The line (or Parquet row) number.
    pub line: u64,
    /// Why it was rejected.
    pub problem: RowProblem,
}

/// The schema of the `reports` table: `number` is the E.164 digits as one integer
/// (`+41446681800` → 41446681800), whose digit count is the number's.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("number", DataType::Int64, false),
        Field::new("reporter", DataType::Int64, false),
        Field::new("category", DataType::Int32, false),
        Field::new("spam", DataType::Int32, false),
        Field::new("t", DataType::Int64, false),
    ]))
}

/// Collects normalised reports.
#[derive(Debug)]
pub struct Intake {
    batches: Vec<RecordBatch>,
    number: Int64Builder,
    reporter: Int64Builder,
    category: Int32Builder,
    spam: Int32Builder,
    time: Int64Builder,
    pending: usize,
    /// Rows read, good and bad.
    pub read: u64,
    /// The rejected rows, the first [`MAX_REJECTED_LISTED`] of them.
    pub rejected: Vec<Rejected>,
    /// Rows rejected, listed or not.
    pub rejected_total: u64,
    /// Numbers short enough to sit next to an emergency number (see [`emergency`]).
    pub short_numbers: BTreeSet<u64>,
    /// The latest report time accepted, in Unix seconds ([`Intake::until`]).
    not_after: i64,
    /// The file of the last rejected row.
    file: Option<Arc<Path>>,
}

/// Rejected rows listed by line, at most (32 bytes each); the rest are only counted, so a file
/// of nothing but bad rows is read in bounded memory.
pub const MAX_REJECTED_LISTED: usize = 100_000;

/// How far after the aggregation's `now` a report's time may lie and still be read (as made at
/// `now`): one day.
pub const CLOCK_SKEW_SECS: i64 = 24 * 3600;

impl Default for Intake {
    fn default() -> Self {
        Self {
            batches: Vec::new(),
            number: Int64Builder::with_capacity(BATCH_ROWS),
            reporter: Int64Builder::with_capacity(BATCH_ROWS),
            category: Int32Builder::with_capacity(BATCH_ROWS),
            spam: Int32Builder::with_capacity(BATCH_ROWS),
            time: Int64Builder::with_capacity(BATCH_ROWS),
            pending: 0,
            read: 0,
            rejected: Vec::new(),
            rejected_total: 0,
            short_numbers: BTreeSet::new(),
            not_after: i64::MAX,
            file: None,
        }
    }
}

impl Intake {
    /// An intake for aggregating at `now` (Unix seconds), the time reports are aged against: a
    /// report timed up to [`CLOCK_SKEW_SECS`] after it is read as made at `now` (phone clocks
    /// run fast, time zones are set wrong); a later one is rejected ([`RowProblem::Future`]).
    pub fn until(now: i64) -> Self {
        Self { not_after: now, ..Self::default() }
    }

    /// Normalises `rows` (the rows of `file`, `(line, fields)`) on every core and adds them in order.
    pub fn add_rows<'a>(&mut self, file: &Path, rows: &[(u64, RawReport<'a>)]) {
        let results: Vec<_> = rows.par_iter().map(|(line, raw)| (*line, raw.normalize())).collect();
        for (line, result) in results {
            self.add(file, line, result);
        }
    }

    /// Adds one row's outcome: the report, or its rejection at `line` of `file`.
    pub fn add(&mut self, file: &Path, line: u64, result: Result<Report, RowProblem>) {
        self.read += 1;
        let not_after = self.not_after;
        let result = result.and_then(|r| match r.time {
            t if t <= not_after => Ok(r),
            t if t <= not_after.saturating_add(CLOCK_SKEW_SECS) => Ok(Report { time: not_after, ..r }),
            _ => Err(RowProblem::Future),
        });
        match result {
            Ok(report) => self.push(&report),
            Err(problem) => {
                self.rejected_total += 1;
                if self.rejected.len() < MAX_REJECTED_LISTED {
                    let file = match &self.file {
                        Some(f) if **f == *file => f.clone(),
                        _ => self.file.insert(Arc::from(file)).clone(),
                    };
                    self.rejected.push(Rejected { file, line, problem });
                }
            }
        }
    }

    /// Adds a rejected row that could not even be split into fields.
    pub fn reject(&mut self, file: &Path, line: u64, problem: RowProblem) {
        self.add(file, line, Err(problem));
    }

    fn push(&mut self, r: &Report) {
        // At most 15 digits: always below i64::MAX.
        self.number.append_value(r.number.as_u64() as i64);
        self.reporter.append_value(r.reporter);
        self.category.append_value(r.category);
        self.spam.append_value(i32::from(r.spam));
        self.time.append_value(r.time);
        if emergency::is_short(r.number) {
            self.short_numbers.insert(r.number.as_u64());
        }
        self.pending += 1;
        if self.pending == BATCH_ROWS {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.pending == 0 {
            return;
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.number.finish()),
            Arc::new(self.reporter.finish()),
            Arc::new(self.category.finish()),
            Arc::new(self.spam.finish()),
            Arc::new(self.time.finish()),
        ];
        // The columns match the schema by construction.
        if let Ok(batch) = RecordBatch::try_new(schema(), columns) {
            self.batches.push(batch);
        }
        self.pending = 0;
    }

    /// Rows accepted so far.
    pub fn accepted(&self) -> u64 {
        self.read - self.rejected_total
    }

    /// The `reports` table's batches.
    pub fn finish(mut self) -> Reports {
        self.flush();
        Reports {
            batches: self.batches,
            read: self.read,
            rejected: self.rejected,
            rejected_total: self.rejected_total,
            short_numbers: self.short_numbers,
        }
    }
}

/// Every report file read and normalised.
#[derive(Debug, Default)]
pub struct Reports {
    /// The `reports` table.
    pub batches: Vec<RecordBatch>,
    /// Rows read, good and bad.
    pub read: u64,
    /// The rejected rows, the first [`MAX_REJECTED_LISTED`] of them.
    pub rejected: Vec<Rejected>,
    /// Rows rejected, listed or not.
    pub rejected_total: u64,
    /// Reported numbers short enough to sit next to an emergency number.
    pub short_numbers: BTreeSet<u64>,
}
