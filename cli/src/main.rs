//! `ringfence`: normalize numbers, screen calls, run the demo. See `ringfence --help`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ringfence_cli::args::LangArg;
use ringfence_cli::output::Output;
use ringfence_cli::{db, demo, export, feed, lookup, normalize, rules, screen};

#[derive(Parser)]
#[command(name = "ringfence", version, about = "Ringfence call screening: normalize, screen, demo, compiled databases")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read `RAW<TAB>REGION` lines on stdin; write `E164<TAB>VALID<TAB>TYPE` lines.
    Normalize,
    /// Screen one NUMBER (human-readable), or JSON calls on stdin with --jsonl.
    Screen {
        /// The caller number to screen (omit with --jsonl).
        number: Option<String>,
        /// Read one JSON call per stdin line, write one JSON verdict per line.
        #[arg(long)]
        jsonl: bool,
        #[command(flatten)]
        opts: screen::Options,
    },
    /// Export entries for an iOS Call Directory extension.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Create an ed25519 key pair for signing databases (hex text files).
    Keygen {
        /// Where to write the secret key (created readable by you only).
        #[arg(long, value_name = "FILE")]
        secret: PathBuf,
        /// Where to write the public key (pin it in the app).
        #[arg(long, value_name = "FILE")]
        public: PathBuf,
    },
    /// Compile lists (.csv, .txt, .json, .plist) into one signed database.
    Build(db::build::BuildOptions),
    /// Show what a database holds.
    Inspect {
        /// The database.
        file: PathBuf,
    },
    /// Exit 0 only if FILE is a sound database signed by the key in --pubkey.
    Verify {
        /// The database.
        file: PathBuf,
        /// The feed's public key file.
        #[arg(long, value_name = "PUBLIC_FILE")]
        pubkey: PathBuf,
    },
    /// Write the delta that turns OLD into NEW, signed with the feed's secret key.
    Diff {
        /// The installed version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// The feed's secret key file (the key that signed NEW).
        #[arg(long, value_name = "SECRET_FILE")]
        key: PathBuf,
        /// The delta to write.
        #[arg(long, value_name = "DELTA")]
        out: PathBuf,
    },
    /// Apply a signed delta to OLD, writing the new database.
    Patch {
        /// The installed version.
        old: PathBuf,
        /// The delta.
        delta: PathBuf,
        /// The database to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Verify OLD, the delta's signer and the result against this public key (and refuse a
        /// downgrade); without it the delta must be signed by OLD's signer.
        #[arg(long, value_name = "PUBLIC_FILE")]
        pubkey: Option<PathBuf>,
    },
    /// From people's reports to a signed feed: aggregate, publish, synth.
    #[command(subcommand)]
    Feed(feed::FeedCommand),
    /// The user's rule lists: export them as one CSV or JSON list (backup, restore).
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Private online lookup: publish a feed as signed buckets, or query one.
    #[command(subcommand)]
    Lookup(lookup::LookupCommand),
    /// Benchmarks.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Screen a built-in set of realistic calls and print a table.
    Demo {
        #[command(flatten)]
        lang: LangArg,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Ringfence vs HashSet<u64>, sorted Vec<u64> and SQLite on N synthetic numbers.
    Lookup(db::bench::BenchOptions),
    /// `ringfence build`'s streaming parallel path vs the single-threaded one, on N CSV rows.
    Build(db::bench_build::BuildBenchOptions),
    /// The first screening in a fresh process, for 20 caller-ID shapes, without and with warm_up.
    FirstCall(db::bench_first::FirstCallOptions),
    /// N synthetic reports → aggregate (DataFusion) → signed database: reports/s, peak memory (JSON).
    Aggregate(feed::bench::FeedBenchOptions),
    /// Day-1 aggregate → day-2 aggregate → signed delta: bytes per changed entry (JSON).
    FeedDelta(feed::bench::FeedBenchOptions),
    /// Publish an N-number feed as lookup buckets; verify + lookup of one bucket (JSON).
    LookupPublish(lookup::bench::PublishBenchOptions),
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Print `block N`, `identify N<TAB>LABEL` (and `remove-…` with --since) lines, in the
    /// order the extension sends them.
    Calldirectory(export::Options),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Bulk parsing (builds, report intake) runs on rayon's workers: each takes its own copy of
    // libphonenumber's patterns instead of contending for the shared ones.
    let _ =
        rayon::ThreadPoolBuilder::new().start_handler(|_| ringfence_core::number::use_own_patterns()).build_global();
    let mut out = BufWriter::new(Output::new(io::stdout().lock()));
    let result = match cli.command {
        Command::Normalize => normalize::run(io::stdin().lock(), &mut out).map_err(|e| e.to_string()),
        Command::Screen { number, jsonl, opts } => match (jsonl, number) {
            (true, None) => screen::run_jsonl(&opts, io::stdin().lock(), &mut out),
            (false, Some(n)) => screen::run_one(&opts, &n, &mut out),
            _ => Err("give either a NUMBER or --jsonl".to_owned()),
        },
        Command::Export(ExportCommand::Calldirectory(opts)) => export::run(&opts, &mut out).map(|_| ()),
        Command::Keygen { secret, public } => db::keys::keygen(&secret, &public, &mut out),
        Command::Build(opts) => db::build::run(&opts, &mut out, &mut io::stderr()),
        Command::Inspect { file } => db::inspect::inspect(&file, &mut out),
        Command::Verify { file, pubkey } => db::inspect::verify(&file, &pubkey, &mut out),
        Command::Diff { old, new, key, out: delta } => db::inspect::run_diff(&old, &new, &key, &delta, &mut out),
        Command::Patch { old, delta, out: file, pubkey } => {
            db::inspect::run_patch(&old, &delta, &file, pubkey.as_deref(), &mut out)
        }
        Command::Feed(command) => feed::run(&command, &mut out),
        Command::Rules(command) => rules::run(&command, &mut out, &mut io::stderr()),
        Command::Lookup(command) => lookup::run(&command, &mut out),
        Command::Bench(BenchCommand::Lookup(opts)) => db::bench::run(&opts, &mut out),
        Command::Bench(BenchCommand::Build(opts)) => db::bench_build::run(&opts, &mut out),
        Command::Bench(BenchCommand::FirstCall(opts)) => db::bench_first::run(&opts, &mut out),
        Command::Bench(BenchCommand::Aggregate(opts)) => feed::bench::run_aggregate(&opts, &mut out),
        Command::Bench(BenchCommand::FeedDelta(opts)) => feed::bench::run_delta(&opts, &mut out),
        Command::Bench(BenchCommand::LookupPublish(opts)) => lookup::bench::run(&opts, &mut out),
        Command::Demo { lang } => demo::run(&lang.code, &mut out).map_err(|e| e.to_string()),
    };
    let result = result.and_then(|()| out.flush().map_err(|e| e.to_string()));
    // A reader that stopped reading (`ringfence export … | head`) is not a failure.
    if out.get_ref().reader_gone() {
        return ExitCode::SUCCESS;
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("ringfence: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
