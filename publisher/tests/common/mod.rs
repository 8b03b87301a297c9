//! Helpers: reports at given ages, aggregated on the embedded engine.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

use chrono::DateTime;
use ringfence_core::Pattern;
use ringfence_publisher::{Intake, ListEntry, Params, RawReport, aggregate};

/// The time every test ages its reports against.
pub const NOW: i64 = 1_700_000_000;

/// One half-life (the default, 30 days), in seconds.
pub const HALF_LIFE: i64 = 30 * 86_400;

/// A report: number, reporter, age in seconds, vote, category.
#[derive(Debug, Clone, Copy)]
pub struct R<'a>(pub &'a str, pub &'a str, pub i64, pub &'a str, pub &'a str);

/// Fresh spam reports of `number` by `reporters` distinct people (`p0`, `p1`, …).
pub fn fresh(number: &'static str, reporters: usize) -> Vec<R<'static>> {
    (0..reporters).map(|i| R(number, Box::leak(format!("p{i}").into_boxed_str()), 0, "spam", "spam")).collect()
}

/// Aggregates `reports` with `params` and `allow`.
pub fn run_with(reports: &[R<'_>], params: &Params, allow: &[&str]) -> Vec<ListEntry> {
    let times: Vec<String> =
        reports.iter().map(|r| DateTime::from_timestamp(NOW - r.2, 0).unwrap().to_rfc3339()).collect();
    let mut intake = Intake::default();
    let rows: Vec<(u64, RawReport<'_>)> = reports
        .iter()
        .zip(&times)
        .enumerate()
        .map(|(i, (r, t))| {
            let raw =
                RawReport { number: r.0, time: t, reporter: r.1, vote: r.3, category: r.4, ..RawReport::default() };
            (i as u64 + 2, raw)
        })
        .collect();
    intake.add_rows(Path::new("test.csv"), &rows);
    let reports = intake.finish();
    assert!(reports.rejected.is_empty(), "{:?}", reports.rejected);
    let allow: BTreeSet<Pattern> = allow.iter().map(|p| Pattern::parse(p, None).unwrap()).collect();
    aggregate(reports, &allow, params, None).unwrap().entries
}

/// Aggregates with the default parameters and no allow list.
pub fn run(reports: &[R<'_>]) -> Vec<ListEntry> {
    run_with(reports, &Params::new(NOW), &[])
}

/// The entries as `pattern action category score` strings.
pub fn lines(entries: &[ListEntry]) -> Vec<String> {
    entries.iter().map(|e| format!("{} {} {} {}", e.pattern, e.action, e.category, e.score())).collect()
}
