//! `ringfence`: normalize numbers, screen calls, run the demo. See `ringfence --help`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ringfence_cli::{db, demo, export, normalize, screen};

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
        /// A CSV rule list (`pattern,action,category,label`); repeatable.
        #[arg(long = "list", value_name = "FILE")]
        lists: Vec<PathBuf>,
        /// Language of labels and advice.
        #[arg(long, default_value = "en", value_parser = ["en", "it"])]
        lang: String,
        /// The phone's region (ISO alpha-2) for national-format numbers.
        #[arg(long, value_name = "XX")]
        region: Option<String>,
        /// Protection level: risk thresholds.
        #[arg(long, default_value = "standard", value_parser = ["relaxed", "standard", "strict"])]
        level: String,
        /// Block withheld numbers.
        #[arg(long)]
        block_hidden: bool,
        /// Silence every caller who is not a contact.
        #[arg(long)]
        silence_unknown: bool,
        /// Block calls from other countries than --region.
        #[arg(long)]
        block_foreign: bool,
        /// Silence unknown callers at night (22:00-07:00 in the call's time zone).
        #[arg(long)]
        night_mode: bool,
        /// A brand registry (JSON) replacing the built-in one.
        #[arg(long, value_name = "FILE")]
        brands: Option<PathBuf>,
        /// A brand (in the registry) the user is a customer of: unknown callers' verdicts remind
        /// that it never calls unexpectedly; repeatable.
        #[arg(long = "customer-brand", value_name = "NAME")]
        customer_brands: Vec<String>,
        /// Calling codes the user has contacts in, comma-separated (e.g. 39,41).
        #[arg(long, value_name = "CODES", value_delimiter = ',')]
        contact_codes: Option<Vec<u16>>,
        /// A compiled database (feed) to consult; repeatable. Verified against --pubkey.
        #[arg(long = "db", value_name = "FILE")]
        dbs: Vec<PathBuf>,
        /// A public key file the databases must be signed with; repeatable.
        #[arg(long = "pubkey", value_name = "PUBLIC_FILE")]
        pubkeys: Vec<PathBuf>,
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
    Build {
        /// The database to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The secret key file.
        #[arg(long, value_name = "SECRET_FILE")]
        key: PathBuf,
        /// Region (ISO alpha-2) for national-format numbers in the lists.
        #[arg(long, value_name = "XX")]
        region: Option<String>,
        /// Feed name (default: the output file name).
        #[arg(long, value_name = "NAME")]
        feed: Option<String>,
        /// Feed version (default: now, in seconds since 1970).
        #[arg(long, value_name = "N")]
        version: Option<u64>,
        /// Write nothing if any row is rejected.
        #[arg(long)]
        strict: bool,
        /// The lists.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
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
    /// Write the delta that turns OLD into NEW.
    Diff {
        /// The installed version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// The delta to write.
        #[arg(long, value_name = "DELTA")]
        out: PathBuf,
    },
    /// Apply a delta to OLD, writing the new database.
    Patch {
        /// The installed version.
        old: PathBuf,
        /// The delta.
        delta: PathBuf,
        /// The database to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Verify OLD and the result against this public key (and refuse a downgrade).
        #[arg(long, value_name = "PUBLIC_FILE")]
        pubkey: Option<PathBuf>,
    },
    /// Benchmarks.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Screen a built-in set of realistic calls and print a table.
    Demo {
        /// Language of labels and advice.
        #[arg(long, default_value = "en", value_parser = ["en", "it"])]
        lang: String,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Ringfence vs HashSet<u64>, sorted Vec<u64> and SQLite on N synthetic numbers.
    Lookup {
        /// How many numbers.
        #[arg(long, default_value_t = 1_000_000)]
        numbers: usize,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Keep the files in this directory (default: a temporary one, removed afterwards).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Print `block N`, `identify N<TAB>LABEL` (and `remove-…` with --since) lines, in the
    /// order the extension sends them.
    Calldirectory {
        /// A CSV rule list (`pattern,action,category,label`); repeatable.
        #[arg(long = "list", value_name = "FILE")]
        lists: Vec<PathBuf>,
        /// The previous version's rule lists: print an incremental plan instead of a full load.
        #[arg(long = "since-list", value_name = "FILE")]
        since_lists: Vec<PathBuf>,
        /// A compiled database (feed) to export; repeatable. Verified against --pubkey.
        #[arg(long = "db", value_name = "FILE")]
        dbs: Vec<PathBuf>,
        /// The previous version's database(s): print an incremental plan (removals, then
        /// additions) from it to --db instead of a full load; repeatable.
        #[arg(long = "since", value_name = "OLD_FILE")]
        since_dbs: Vec<PathBuf>,
        /// A public key file the databases must be signed with; repeatable.
        #[arg(long = "pubkey", value_name = "PUBLIC_FILE")]
        pubkeys: Vec<PathBuf>,
        /// Entries pulled per chunk.
        #[arg(long = "chunk", default_value_t = 5000)]
        chunk: usize,
        /// Language of labels.
        #[arg(long, default_value = "en", value_parser = ["en", "it"])]
        lang: String,
        /// Region for national-format numbers in the lists.
        #[arg(long, value_name = "XX")]
        region: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Normalize => normalize::run(io::stdin().lock(), &mut out).map_err(|e| e.to_string()),
        Command::Screen {
            number,
            jsonl,
            lists,
            lang,
            region,
            level,
            block_hidden,
            silence_unknown,
            block_foreign,
            night_mode,
            brands,
            customer_brands,
            contact_codes,
            dbs,
            pubkeys,
        } => {
            let switches = screen::Switches { block_hidden, silence_unknown, block_foreign, night_mode };
            let opts = screen::Options {
                lists,
                lang,
                region,
                level,
                switches,
                brands,
                customer_brands,
                contact_codes,
                dbs,
                pubkeys,
            };
            match (jsonl, number) {
                (true, None) => screen::run_jsonl(&opts, io::stdin().lock(), &mut out),
                (false, Some(n)) => screen::run_one(&opts, &n, &mut out),
                _ => Err("give either a NUMBER or --jsonl".to_owned()),
            }
        }
        Command::Export(ExportCommand::Calldirectory {
            lists,
            since_lists,
            dbs,
            since_dbs,
            pubkeys,
            chunk,
            lang,
            region,
        }) => {
            let opts = export::Options { lists, since_lists, dbs, since_dbs, pubkeys, chunk, lang, region };
            export::run(&opts, &mut out).map(|_| ())
        }
        Command::Keygen { secret, public } => db::keys::keygen(&secret, &public, &mut out),
        Command::Build { out: file, key, region, feed, version, strict, inputs } => {
            let opts = db::build::BuildOptions { out: file, key, region, feed, version, strict, inputs };
            db::build::run(&opts, &mut out, &mut io::stderr().lock())
        }
        Command::Inspect { file } => db::inspect::inspect(&file, &mut out),
        Command::Verify { file, pubkey } => db::inspect::verify(&file, &pubkey, &mut out),
        Command::Diff { old, new, out: delta } => db::inspect::run_diff(&old, &new, &delta, &mut out),
        Command::Patch { old, delta, out: file, pubkey } => {
            db::inspect::run_patch(&old, &delta, &file, pubkey.as_deref(), &mut out)
        }
        Command::Bench(BenchCommand::Lookup { numbers, json, dir }) => {
            db::bench::run(&db::bench::BenchOptions { numbers, json, dir }, &mut out)
        }
        Command::Demo { lang } => demo::run(&lang, &mut out).map_err(|e| e.to_string()),
    };
    match result.and_then(|()| out.flush().map_err(|e| e.to_string())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("ringfence: {e}");
            ExitCode::FAILURE
        }
    }
}
