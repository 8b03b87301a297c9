//! `ringfence`: normalize numbers, screen calls, run the demo. See `ringfence --help`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ringfence_cli::{demo, export, normalize, screen};

#[derive(Parser)]
#[command(name = "ringfence", version, about = "Ringfence call screening: normalize, screen, demo")]
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
        /// Calling codes the user has contacts in, comma-separated (e.g. 39,41).
        #[arg(long, value_name = "CODES", value_delimiter = ',')]
        contact_codes: Option<Vec<u16>>,
    },
    /// Export entries for an iOS Call Directory extension.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Screen a built-in set of realistic calls and print a table.
    Demo {
        /// Language of labels and advice.
        #[arg(long, default_value = "en", value_parser = ["en", "it"])]
        lang: String,
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
            contact_codes,
        } => {
            let switches = screen::Switches { block_hidden, silence_unknown, block_foreign, night_mode };
            let opts = screen::Options { lists, lang, region, level, switches, brands, contact_codes };
            match (jsonl, number) {
                (true, None) => screen::run_jsonl(&opts, io::stdin().lock(), &mut out),
                (false, Some(n)) => screen::run_one(&opts, &n, &mut out),
                _ => Err("give either a NUMBER or --jsonl".to_owned()),
            }
        }
        Command::Export(ExportCommand::Calldirectory { lists, since_lists, chunk, lang, region }) => {
            let set = |lists: Vec<PathBuf>| {
                let opts = screen::Options {
                    lists,
                    lang: lang.clone(),
                    region: region.clone(),
                    level: "standard".into(),
                    ..screen::Options::default()
                };
                screen::build_screener(&opts).map(|s| s.export_set())
            };
            let incremental = !since_lists.is_empty();
            set(lists).and_then(|new| {
                let old = if incremental { Some(set(since_lists)?) } else { None };
                export::write(&mut out, &new, old.as_ref(), chunk).map(|_| ()).map_err(|e| e.to_string())
            })
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
