//! Report files: CSV and Parquet read alike, bad rows counted by line, other files refused.

use std::path::PathBuf;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampSecondArray};
use datafusion::parquet::arrow::ArrowWriter;
use ringfence_publisher::{Params, PublisherError, RowProblem, aggregate, read_reports};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ringfence-publisher-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const NOW: i64 = 1_738_281_600; // 2025-01-31T00:00:00Z

/// Four reporters of one number, one of them twice, and one bad number (row 6).
const NUMBERS: [&str; 6] = ["+41446681800", "044 668 18 00", "+41 44 668 18 00", "+41446681800", "+41446681800", "x"];

#[test]
fn csv_and_parquet_give_the_same_list() {
    let d = dir("formats");
    let mut csv = String::from("reporter,time,number,category,region,extra\n");
    for (i, n) in NUMBERS.iter().enumerate() {
        csv += &format!("r{},2025-01-31T00:00:00Z,\"{n}\",scam,CH,ignored\n", i % 4);
    }
    std::fs::write(d.join("r.csv"), csv).unwrap();
    let text = |v: Vec<&str>| Arc::new(StringArray::from(v)) as ArrayRef;
    let batch = RecordBatch::try_from_iter([
        ("number", text(NUMBERS.to_vec())),
        ("region", text(vec!["CH"; 6])),
        ("category", text(vec!["scam"; 6])),
        ("time", Arc::new(TimestampSecondArray::from(vec![NOW; 6]).with_timezone("UTC")) as ArrayRef),
        ("reporter", text((0..6).map(|i| ["r0", "r1", "r2", "r3"][i % 4]).collect())),
    ])
    .unwrap();
    let mut w =
        ArrowWriter::try_new(std::fs::File::create(d.join("r.parquet")).unwrap(), batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let lists: Vec<_> = ["r.csv", "r.parquet"]
        .iter()
        .map(|f| {
            let reports = read_reports(&[d.join(f)]).unwrap();
            assert_eq!(reports.read, 6);
            let lines: Vec<_> = reports.rejected.iter().map(|r| (r.line, r.problem)).collect();
            let bad_line = if f.ends_with("csv") { 7 } else { 6 };
            assert!(matches!(lines.as_slice(), [(l, RowProblem::Number(_))] if *l == bad_line), "{lines:?}");
            aggregate(reports, &Default::default(), &Params::new(NOW), None).unwrap().entries
        })
        .collect();
    assert_eq!(lists[0], lists[1]);
    assert_eq!(lists[0].len(), 1);
    assert_eq!((lists[0][0].pattern.as_str(), lists[0][0].score()), ("+41446681800", "4.000".into()));
}

#[test]
fn files_that_are_not_report_files_are_refused() {
    let d = dir("refused");
    let refused = |name: &str, body: &[u8]| {
        std::fs::write(d.join(name), body).unwrap();
        read_reports(&[d.join(name)]).unwrap_err()
    };
    let e = refused("a.csv", b"number,region,category,time\n");
    assert!(matches!(&e, PublisherError::NotReports { reason, .. } if reason == "missing columns: reporter"), "{e}");
    assert!(matches!(refused("b.parquet", b"PAR1 not really"), PublisherError::NotReports { .. }));
    assert!(matches!(refused("c.json", b"[]"), PublisherError::UnknownFormat(_)));
    assert!(matches!(refused("d.csv", b"\xff\xfe\n"), PublisherError::NotReports { .. }));
}
