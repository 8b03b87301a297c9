//! `ringfence feed`: from people's reports to a signed feed. `aggregate` turns report files into
//! a list (ringfence-publisher: normalisation, then one SQL file on DataFusion), `publish` turns
//! a list into the signed database, the signed delta from the previous version and the manifest
//! apps poll, `synth` writes deterministic synthetic reports.

pub mod aggregate;
pub mod bench;
pub mod publish;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use ringfence_publisher::synth::{SynthOptions, write_csv};

/// The `feed` subcommands.
#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Aggregate report files (CSV or Parquet) into a list: `pattern,action,category,label,score`.
    Aggregate(aggregate::AggregateOptions),
    /// Build the signed database NAME-N.rfdb, the signed delta from --previous and manifest.json.
    Publish(publish::PublishOptions),
    /// Write N deterministic synthetic reports as a CSV report file.
    Synth(SynthArgs),
}

/// What `feed synth` needs.
#[derive(Debug, Clone, Args)]
pub struct SynthArgs {
    /// Reports to write.
    #[arg(long, default_value_t = 1_000_000)]
    pub reports: u64,
    /// The seed (the same seed writes the same file).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The day's end (RFC 3339); reports are up to 90 days older.
    #[arg(long, default_value = "2025-01-31T00:00:00Z")]
    pub now: String,
    /// The CSV file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Runs one `feed` subcommand.
pub fn run(command: &FeedCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        FeedCommand::Aggregate(o) => aggregate::run(o, out, &mut std::io::stderr()),
        FeedCommand::Publish(o) => publish::run(o, out, &mut std::io::stderr()),
        FeedCommand::Synth(o) => {
            let options =
                SynthOptions { reports: o.reports, seed: o.seed, now: aggregate::parse_time(&o.now)?, span_days: 90 };
            let file = std::fs::File::create(&o.out).map_err(|e| format!("cannot write {}: {e}", o.out.display()))?;
            write_csv(&options, &mut std::io::BufWriter::new(file)).map_err(|e| format!("{}: {e}", o.out.display()))
        }
    }
}
