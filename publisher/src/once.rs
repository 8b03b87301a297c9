//! A table read once: the `reports` batches handed to the engine as streams that give each batch
//! away as it is read, so the first stage's aggregation frees the reports while it builds its
//! groups instead of holding both. A second scan is an error, never an empty table.

use std::sync::{Arc, Mutex};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::streaming::StreamingTable;
use datafusion::error::DataFusionError;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::PartitionStream;

use crate::PublisherError;

/// One partition's batches, until its one scan takes them.
#[derive(Debug)]
struct OncePartition {
    schema: SchemaRef,
    batches: Mutex<Option<Vec<RecordBatch>>>,
}

impl PartitionStream for OncePartition {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let taken = self.batches.lock().ok().and_then(|mut b| b.take());
        let items: Vec<Result<RecordBatch, DataFusionError>> = match taken {
            Some(batches) => batches.into_iter().map(Ok).collect(),
            None => vec![Err(DataFusionError::Execution("a table read once was scanned twice".into()))],
        };
        Box::pin(RecordBatchStreamAdapter::new(Arc::clone(&self.schema), futures::stream::iter(items)))
    }
}

/// `batches` as a table of `partitions` partitions (batches dealt round-robin) that can be
/// scanned once.
pub fn once_table(
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    partitions: usize,
) -> Result<StreamingTable, PublisherError> {
    let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); partitions.max(1)];
    let count = parts.len();
    for (i, batch) in batches.into_iter().enumerate() {
        parts[i % count].push(batch);
    }
    let streams = parts
        .into_iter()
        .map(|b| {
            let part = OncePartition { schema: Arc::clone(&schema), batches: Mutex::new(Some(b)) };
            Arc::new(part) as Arc<dyn PartitionStream>
        })
        .collect();
    Ok(StreamingTable::try_new(schema, streams)?)
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::Int64Array;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::prelude::SessionContext;

    use super::*;

    #[test]
    fn the_table_is_read_once_and_a_second_scan_fails() {
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, false)]));
        let batch = |v: Vec<i64>| RecordBatch::try_new(Arc::clone(&schema), vec![Arc::new(Int64Array::from(v))]);
        let batches = vec![batch(vec![1, 2]).unwrap(), batch(vec![3]).unwrap(), batch(vec![4]).unwrap()];
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let ctx = SessionContext::new();
            ctx.register_table("t", Arc::new(once_table(Arc::clone(&schema), batches, 2).unwrap())).unwrap();
            let sum = ctx.sql("SELECT SUM(x) AS s FROM t").await.unwrap().collect().await.unwrap();
            let s = sum[0].column(0).as_any().downcast_ref::<Int64Array>().unwrap().value(0);
            assert_eq!(s, 10, "every batch of every partition, once");
            assert!(ctx.sql("SELECT SUM(x) FROM t").await.unwrap().collect().await.is_err());
        });
    }
}
