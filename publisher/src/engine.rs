//! The embedded engine: runs [`AGGREGATE_SQL`](crate::AGGREGATE_SQL) with Apache DataFusion over
//! the in-memory `reports`, `allow` and `categories` tables, on every core.

use std::sync::Arc;

use datafusion::arrow::array::{Array, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::PublisherError;
use crate::list::ListEntry;

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

/// Runs `sql` (parameters already substituted) over `tables`, returning the list rows in the
/// order the SQL gives them.
pub fn run(sql: &str, tables: Tables) -> Result<Vec<ListEntry>, PublisherError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .build()
        .map_err(|e| PublisherError::Engine(e.to_string()))?;
    runtime.block_on(async {
        let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(cores));
        let schema = crate::intake::schema();
        let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); cores];
        for (i, batch) in tables.reports.into_iter().enumerate() {
            parts[i % cores].push(batch);
        }
        ctx.register_table("reports", Arc::new(MemTable::try_new(schema, parts)?))?;
        for (name, batch) in [("allow", tables.allow), ("categories", tables.categories)] {
            ctx.register_table(name, Arc::new(MemTable::try_new(batch.schema(), vec![vec![batch]])?))?;
        }
        let batches = ctx.sql(sql).await?.collect().await?;
        batches.iter().try_fold(Vec::new(), |mut rows, b| {
            rows.extend(entries(b)?);
            Ok(rows)
        })
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
