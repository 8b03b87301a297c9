//! `ringfence feed aggregate`: report files → the aggregate list, with a JSON summary line.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use ringfence_publisher::{Params, aggregate, read_allow_lists, read_reports_at, write_list};

/// What `feed aggregate` was asked.
#[derive(Debug, Clone, Args)]
pub struct AggregateOptions {
    /// Report files (.csv or .parquet); repeatable.
    #[arg(long = "reports", value_name = "FILE", required = true, num_args = 1..)]
    pub reports: Vec<PathBuf>,
    /// The list to write (pattern,action,category,label,score; sorted by pattern).
    #[arg(long, value_name = "LIST.csv")]
    pub out: PathBuf,
    /// The time reports are aged against (RFC 3339; default: now).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Half-life of a report's weight, in days.
    #[arg(long, default_value_t = 30.0, value_name = "D")]
    pub half_life_days: f64,
    /// Distinct reporters a number or range needs.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub min_reporters: u32,
    /// Reported numbers a block of 10 or 100 needs to become a `#` range.
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub range_min: u32,
    /// Score from which an entry is listed (action label).
    #[arg(long, default_value_t = 2.0, value_name = "SCORE")]
    pub label_score: f64,
    /// Score from which the action is silence.
    #[arg(long, default_value_t = 4.0, value_name = "SCORE")]
    pub silence_score: f64,
    /// Score from which the action is block.
    #[arg(long, default_value_t = 8.0, value_name = "SCORE")]
    pub block_score: f64,
    /// Verified allow lists (numbers and # ranges never listed); repeatable.
    #[arg(long = "allow", value_name = "FILE")]
    pub allow: Vec<PathBuf>,
    /// The SQL engine (the same SQL runs on Spark: scripts/spark_aggregate.py).
    #[arg(long, default_value = "datafusion", value_parser = ["datafusion"])]
    pub engine: String,
    /// Also write the normalised tables (Parquet) and parameters (JSON) here, for Spark.
    #[arg(long, value_name = "DIR")]
    pub emit_normalized: Option<PathBuf>,
}

/// An RFC 3339 time as Unix seconds.
pub fn parse_time(text: &str) -> Result<i64, String> {
    ringfence_publisher::parse_time(text).map_err(|e| format!("--now: {e}"))
}

impl AggregateOptions {
    /// The aggregation's parameters.
    pub fn params(&self) -> Result<Params, String> {
        let now = match &self.now {
            Some(t) => parse_time(t)?,
            None => {
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
            }
        };
        Ok(Params {
            half_life_days: self.half_life_days,
            min_reporters: self.min_reporters,
            range_min: self.range_min,
            label: self.label_score,
            silence: self.silence_score,
            block: self.block_score,
            ..Params::new(now)
        })
    }
}

/// Runs the aggregation: rejected rows go to `err` as `FILE:LINE: reason`, the JSON summary to `out`.
pub fn run(o: &AggregateOptions, out: &mut impl Write, err: &mut impl Write) -> Result<(), String> {
    let params = o.params()?;
    params.validate().map_err(|e| e.to_string())?;
    let allowed = read_allow_lists(&o.allow).map_err(|e| e.to_string())?;
    let reports = read_reports_at(&o.reports, params.now).map_err(|e| e.to_string())?;
    let result = aggregate(reports, &allowed, &params, o.emit_normalized.as_deref()).map_err(|e| e.to_string())?;
    for r in &result.rejected {
        writeln!(err, "{}:{}: {}", r.file.display(), r.line, r.problem).map_err(|e| e.to_string())?;
    }
    let unlisted = result.rejected_total - result.rejected.len() as u64;
    if unlisted > 0 {
        writeln!(err, "… and {unlisted} more rejected rows (the first {} are listed)", result.rejected.len())
            .map_err(|e| e.to_string())?;
    }
    // Written beside --out, then renamed over it: --out is the whole list or is left as it was.
    let tmp = o.out.with_extension("csv.tmp");
    let file = std::fs::File::create(&tmp).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    write_list(&result.entries, &mut std::io::BufWriter::new(file))
        .and_then(|()| std::fs::rename(&tmp, &o.out))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", o.out.display())
        })?;
    writeln!(out, "{}", result.summary()).map_err(|e| e.to_string())
}
