//! # ringfence-publisher
//!
//! Turns people's call reports into a Ringfence list, the way serious call blockers keep their
//! data alive: a minimum of distinct reporters, reports that fade with time so reassigned
//! numbers recover, "not spam" votes that subtract, one vote per reporter, ranges inferred
//! where a campaign rotates through neighbouring numbers, and a verified allow list (and every
//! emergency number) that is never listed.
//!
//! The job has two passes:
//! 1. **Normalisation** (Rust, every core): report files (CSV or Parquet, see
//!    docs/reports-format.md) are read row by row; each number, in any notation, becomes E.164
//!    with ringfence-core's parser, each time Unix seconds. A bad row is counted and reported
//!    by line ([`Rejected`], never its content); a file that is not a report file is refused
//!    ([`PublisherError`]).
//! 2. **Aggregation**: one SQL file, [`AGGREGATE_SQL`] (`publisher/sql/aggregate.sql`): ordered
//!    stages, each materialised once, then the list's `SELECT`; run embedded on Apache DataFusion
//!    ([`aggregate()`]) or unchanged on Apache Spark over the normalised tables written by
//!    [`write_normalized`].
//!
//! The CLI's `ringfence feed aggregate` and `ringfence feed publish` are built on this crate.

mod aggregate;
mod allow;
mod columns;
mod emergency;
mod engine;
mod error;
mod intake;
mod list;
mod once;
mod params;
mod peer;
mod read_csv;
mod read_parquet;
mod report;
mod script;
pub mod synth;

pub use aggregate::{Aggregate, aggregate, read_reports, read_reports_at, tables, write_normalized};
pub use allow::read_allow_lists;
pub use engine::{Tables, run as run_sql};
pub use error::PublisherError;
pub use intake::{CLOCK_SKEW_SECS, Intake, MAX_REJECTED_LISTED, Rejected, Reports};
pub use list::{HEADER, ListEntry, write_list};
pub use params::{MICRO, Params, parse_time};
pub use peer::naive_listed;
pub use report::{COLUMNS, RawReport, Report, RowProblem, category_code};

/// The aggregation, as one SQL file (statements run in order) with `${name}` parameters
/// ([`Params::substitute`]).
pub const AGGREGATE_SQL: &str = include_str!("../sql/aggregate.sql");
