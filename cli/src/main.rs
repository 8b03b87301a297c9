//! `ringfence`: normalize numbers, screen calls, run the demo. See `ringfence --help`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ringfence_cli::{demo, normalize, screen};

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
    /// Screen a built-in set of realistic calls and print a table.
    Demo {
        /// Language of labels and advice.
        #[arg(long, default_value = "en", value_parser = ["en", "it"])]
        lang: String,
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
