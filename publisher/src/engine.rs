//! The embedded engine: runs [`AGGREGATE_SQL`](crate::AGGREGATE_SQL) with Apache DataFusion over
//! the in-memory `reports`, `allow` and `categories` tables, on every core. The file's statements
//! run in order ([`crate::script`]): its `CREATE TABLE … AS` stages are materialised in memory
//! once each, its one `SELECT` is the list; an input table is let go as soon as no statement
//! still to run names it, and `reports` is read once, its batches freed as they are aggregated
//! ([`crate::once`]). DataFusion's own `DATAFUSION_*` environment variables (for example
//! `DATAFUSION_EXECUTION_BATCH_SIZE`) override the settings below.

use std::sync::Arc;

use datafusion::arrow::array::{Array, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::config::ConfigOptions;
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::PublisherError;
use crate::list::ListEntry;
use crate::once::once_table;
use crate::script::{names, statements};

/// The three input tables.
#[derive(Debug, Clone)]
pub struct Tables {
    /// `reports`, in batches.
    pub reports: Vec<RecordBatch>,
    /// `allow`.
    pub allow: RecordBatch,
    /// `categories`.
    pub categories: RecordBatch,
}

/// Rows per batch inside the engine.
const BATCH_SIZE: usize = 32 * 1024;

/// The session's settings: DataFusion's own defaults (a partition per core) and any
/// `DATAFUSION_*` environment variable (`ConfigOptions::from_env`: the option's name in
/// capitals, `.` as `_`), with [`BATCH_SIZE`] unless the environment sets the batch size.
fn config() -> Result<SessionConfig, PublisherError> {
    let mut options = ConfigOptions::from_env()?;
    if std::env::var_os("DATAFUSION_EXECUTION_BATCH_SIZE").is_none() {
        options.execution.batch_size = BATCH_SIZE;
    }
    Ok(SessionConfig::from(options))
}

/// Runs the statements of `sql` (parameters already substituted) over `tables`, returning the
/// rows of its one `SELECT`, in the order the SQL gives them.
pub fn run(sql: &str, tables: Tables) -> Result<Vec<ListEntry>, PublisherError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .build()
        .map_err(|e| PublisherError::Engine(e.to_string()))?;
    runtime.block_on(async {
        let ctx = SessionContext::new_with_config(config()?);
        ctx.register_table("reports", Arc::new(once_table(crate::intake::schema(), tables.reports, cores)?))?;
        for (name, batch) in [("allow", tables.allow), ("categories", tables.categories)] {
            ctx.register_table(name, Arc::new(MemTable::try_new(batch.schema(), vec![vec![batch]])?))?;
        }
        let statements = statements(sql);
        let mut rows = None;
        for (i, statement) in statements.iter().enumerate() {
            let result = ctx.sql(statement).await?;
            if statement.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("select")) {
                let batches = result.collect().await?;
                let mut list = Vec::new();
                for b in &batches {
                    list.extend(entries(b)?);
                }
                if rows.replace(list).is_some() {
                    return Err(PublisherError::Engine("the SQL has more than one SELECT".into()));
                }
            }
            for input in ["reports", "allow", "categories"] {
                if !statements[i + 1..].iter().any(|s| names(s, input)) {
                    ctx.deregister_table(input)?;
                }
            }
        }
        rows.ok_or_else(|| PublisherError::Engine("the SQL has no SELECT".into()))
    })
}

/// The list rows of one result batch (`pattern, action, category, score_milli`).
fn entries(batch: &RecordBatch) -> Result<Vec<ListEntry>, PublisherError> {
    let text = |i: usize| -> Result<StringArray, PublisherError> {
        let a = cast(batch.column(i), &DataType::Utf8)?;
        a.as_any().downcast_ref::<StringArray>().cloned().ok_or_else(|| PublisherError::Engine("text column".into()))
    };
    let (pattern, action, category) = (text(0)?, text(1)?, text(2)?);
    let score = cast(batch.column(3), &DataType::Int64)?;
    let score = score.as_any().downcast_ref::<Int64Array>().ok_or_else(|| PublisherError::Engine("score".into()))?;
    (0..batch.num_rows())
        .map(|r| {
            if pattern.is_null(r) || action.is_null(r) || category.is_null(r) || score.is_null(r) {
                return Err(PublisherError::Engine("the aggregation returned a null".into()));
            }
            Ok(ListEntry {
                pattern: pattern.value(r).to_owned(),
                action: action.value(r).to_owned(),
                category: category.value(r).to_owned(),
                score_milli: score.value(r),
            })
        })
        .collect()
}
