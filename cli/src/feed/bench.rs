//! `ringfence bench aggregate` and `ringfence bench feed-delta` (JSON).
//!
//! `aggregate`: N synthetic reports (publisher's `synth`, generated in memory as the text an app
//! sends) → normalisation → the SQL on DataFusion → a signed database, in one process, with
//! reports/s and peak resident memory; the peer, in the same run, is a naive Rust aggregation
//! (HashMaps) of the per-number rules over the same normalised rows. `feed-delta`: day 1's
//! aggregate → day 2's (one more day of reports, everything a day older) → the signed delta,
//! with bytes per changed entry.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

use clap::Args;
use ringfence_core::database::{Database, DatabaseBuilder, Entry, diff, public_key};
use ringfence_core::{Action, Category, Pattern};
use ringfence_publisher::synth::{SynthOptions, generate};
use ringfence_publisher::{Aggregate, Intake, ListEntry, Params, RawReport, aggregate, naive_listed};
use serde_json::json;

use crate::db::bench_build::{cpu_seconds, load_average, peak_rss_bytes};

/// What the feed benchmarks need.
#[derive(Debug, Clone, Args)]
pub struct FeedBenchOptions {
    /// Reports to generate.
    #[arg(long, default_value_t = 10_000_000)]
    pub reports: u64,
    /// The generator's seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The end of the synthetic day 1 (2025-01-31T00:00:00Z).
const DAY1: i64 = 1_738_281_600;

/// The benchmark's signing key (a fixed test seed: these databases are thrown away).
const KEY: [u8; 32] = [7; 32];

/// Generates and normalises the reports of `o` (on every core, in blocks).
fn intake(o: &SynthOptions, into: &mut Intake) {
    let mut block = Vec::with_capacity(1 << 16);
    let flush = |block: &mut Vec<_>, into: &mut Intake| {
        let rows: Vec<(u64, RawReport<'_>)> = block
            .iter()
            .enumerate()
            .map(|(i, r): (usize, &ringfence_publisher::synth::SynthRow)| {
                let raw = RawReport {
                    number: &r.number,
                    region: r.region,
                    category: r.category,
                    time: &r.time,
                    reporter: &r.reporter,
                    vote: r.vote,
                    caller_name: "",
                };
                (i as u64, raw)
            })
            .collect();
        into.add_rows(std::path::Path::new("synthetic"), &rows);
        block.clear();
    };
    generate(o, |row| {
        block.push(row);
        if block.len() == block.capacity() {
            flush(&mut block, into);
        }
    });
    flush(&mut block, into);
}

/// The signed database of `entries`.
fn build(entries: &[ListEntry], version: u64) -> Result<Vec<u8>, String> {
    let mut builder = DatabaseBuilder::new("bench-feed", version).map_err(|e| e.to_string())?;
    for e in entries {
        let entry = Entry {
            pattern: Pattern::parse(&e.pattern, None).map_err(|e| e.to_string())?,
            action: Action::from_code(&e.action).ok_or("unknown action")?,
            category: Category::from_code(&e.category).ok_or("unknown category")?,
            label: None,
            // As `ringfence build` reads the list's score column: rounded to a whole score.
            score: u64::try_from((e.score_milli + 500) / 1000).unwrap_or(0),
        };
        builder.add(&entry).map_err(|e| e.to_string())?;
    }
    Ok(builder.build(&KEY).map_err(|e| e.to_string())?.bytes)
}

/// The peak resident memory since the last call (the process's peak when the kernel cannot
/// reset it), then resets it: writing 5 to `/proc/self/clear_refs` restarts `VmHWM`.
fn phase_peak() -> u64 {
    let peak = peak_rss_bytes();
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    peak
}

/// Runs `bench aggregate`.
pub fn run_aggregate(o: &FeedBenchOptions, out: &mut impl Write) -> Result<(), String> {
    let load_before = load_average();
    phase_peak();
    let start = Instant::now();
    let mut into = Intake::default();
    intake(&SynthOptions { reports: o.reports, seed: o.seed, now: DAY1, span_days: 90 }, &mut into);
    let reports = into.finish();
    let normalized = start.elapsed().as_secs_f64();
    let normalized_peak = phase_peak();
    let params = Params::new(DAY1);
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let peer_listed = naive_listed(&reports, &params);
    let (peer, peer_cpu, peer_peak) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu, phase_peak());
    let t = Instant::now();
    let result = aggregate(reports, &Default::default(), &params, None).map_err(|e| e.to_string())?;
    let (sql, sql_peak) = (t.elapsed().as_secs_f64(), phase_peak());
    let t = Instant::now();
    let db = build(&result.entries, 1)?;
    let (signed, signed_peak) = (t.elapsed().as_secs_f64(), phase_peak());
    let peak = [normalized_peak, sql_peak, signed_peak].into_iter().max();
    let total = normalized + sql + signed;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let figures = json!({
        "bench": "feed-aggregate",
        "reports": o.reports,
        "cores": cores,
        "load_average": { "before": load_before, "after": load_average() },
        "summary": result.summary(),
        "seconds": { "generate_and_normalize": normalized, "aggregate_sql": sql, "build_signed": signed, "total": total },
        "cpu_seconds": cpu_seconds() - peer_cpu,
        "reports_per_sec": o.reports as f64 / total,
        "sql_reports_per_sec_per_core": o.reports as f64 / sql / cores as f64,
        "peak_rss_bytes": peak,
        "peak_rss_bytes_by_phase": { "generate_and_normalize": normalized_peak, "aggregate_sql": sql_peak, "build_signed": signed_peak },
        "database_bytes": db.len(),
        "peer_naive_hashmap": { "seconds": peer, "cpu_seconds": peer_cpu, "peak_rss_bytes": peer_peak, "numbers_listed": peer_listed, "note": "per-number rules only, no ranges/allow/category" },
        "goal": { "seconds": 60, "peak_rss_bytes": 2u64 << 30 },
    });
    writeln!(out, "{figures}").map_err(|e| e.to_string())
}

/// One day's aggregate: the base history (`o`), plus `extra` days of new reports.
fn day(o: &FeedBenchOptions, days: u32) -> Result<Aggregate, String> {
    let mut into = Intake::default();
    intake(&SynthOptions { reports: o.reports, seed: o.seed, now: DAY1, span_days: 90 }, &mut into);
    for d in 1..=days {
        let now = DAY1 + i64::from(d) * 86_400;
        intake(&SynthOptions { reports: o.reports / 90, seed: o.seed + u64::from(d), now, span_days: 1 }, &mut into);
    }
    let params = Params::new(DAY1 + i64::from(days) * 86_400);
    aggregate(into.finish(), &Default::default(), &params, None).map_err(|e| e.to_string())
}

/// Runs `bench feed-delta`.
pub fn run_delta(o: &FeedBenchOptions, out: &mut impl Write) -> Result<(), String> {
    let (a, b) = (day(o, 0)?, day(o, 1)?);
    let says = |x: &Aggregate| -> BTreeMap<String, (String, String)> {
        x.entries.iter().map(|e| (e.pattern.clone(), (e.action.clone(), e.category.clone()))).collect()
    };
    let (sa, sb) = (says(&a), says(&b));
    let changed =
        sa.iter().filter(|(k, v)| sb.get(*k) != Some(v)).count() + sb.keys().filter(|k| !sa.contains_key(*k)).count();
    let key = [public_key(&KEY)];
    let old = Database::open(build(&a.entries, 1)?, &key, None).map_err(|e| e.to_string())?;
    let new = Database::open(build(&b.entries, 2)?, &key, None).map_err(|e| e.to_string())?;
    let delta = diff(&old, &new, &KEY).map_err(|e| e.to_string())?;
    let figures = json!({
        "bench": "feed-delta",
        "reports_day1": o.reports,
        "new_reports_day2": o.reports / 90,
        "entries_day1": sa.len(),
        "entries_day2": sb.len(),
        "changed_entries": changed,
        "changed_percent": 100.0 * changed as f64 / sb.len().max(1) as f64,
        "database_bytes_day2": new.as_bytes().len(),
        "delta_bytes": delta.len(),
        "delta_bytes_per_changed_entry": delta.len() as f64 / changed.max(1) as f64,
    });
    writeln!(out, "{figures}").map_err(|e| e.to_string())
}
