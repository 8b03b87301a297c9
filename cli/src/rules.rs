//! `ringfence rules export`: the rules of the user's lists (CSV or JSON, by extension), printed
//! as one list in one format, so a backup can move between the formats without loss
//! (`docs/rules-format.md`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use ringfence_core::rules::{export_rules_csv, export_rules_json, parse_rules_csv, parse_rules_json};
use ringfence_core::{ImportReport, RegionCode, RingfenceError, Rule};

use crate::args::RegionArg;

/// `ringfence rules …`.
#[derive(Debug, Clone, Subcommand)]
pub enum RulesCommand {
    /// Print every rule of the given lists (.csv or .json) as one list, in order.
    Export(ExportOptions),
}

/// A rule list format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// `pattern,action,category,label` with a header row.
    Csv,
    /// An array of objects, one per line.
    Json,
}

impl RulesFormat {
    /// The format of a list file, by its extension (`.csv`, `.json`; any case).
    pub fn of(path: &Path) -> Result<Self, String> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Ok(Self::Csv),
            Some("json") => Ok(Self::Json),
            _ => Err(format!("{}: unknown rule list format (use .csv or .json)", path.display())),
        }
    }

    /// Reads a list of this format.
    fn parse(self, text: &str, region: Option<RegionCode>) -> Result<(Vec<Rule>, ImportReport), RingfenceError> {
        match self {
            Self::Csv => parse_rules_csv(text, region),
            Self::Json => parse_rules_json(text, region),
        }
    }

    /// Writes rules in this format.
    fn export(self, rules: &[Rule]) -> String {
        match self {
            Self::Csv => export_rules_csv(rules),
            Self::Json => export_rules_json(rules),
        }
    }
}

/// What `ringfence rules export` was asked.
#[derive(Debug, Clone, Args)]
pub struct ExportOptions {
    /// The rule lists (.csv or .json); repeatable, and several may follow one --list.
    #[arg(long = "list", value_name = "FILE", required = true, num_args = 1..)]
    pub lists: Vec<PathBuf>,
    /// The format to print.
    #[arg(long, value_enum, default_value_t = RulesFormat::Csv)]
    pub format: RulesFormat,
    /// `--region`: for national-format numbers in the lists.
    #[command(flatten)]
    pub region: RegionArg,
}

/// Runs a `rules` command; the list goes to `out`, row problems to `err` as
/// `FILE:LINE: reason` (warnings as `FILE:LINE: warning: reason`).
pub fn run(command: &RulesCommand, out: &mut impl Write, err: &mut impl Write) -> Result<(), String> {
    match command {
        RulesCommand::Export(o) => export(o, out, err),
    }
}

/// Reads every list, then prints their rules; a list with a rejected row prints nothing.
fn export(o: &ExportOptions, out: &mut impl Write, err: &mut impl Write) -> Result<(), String> {
    let region = o.region.region()?;
    let (mut rules, mut rejected) = (Vec::new(), 0usize);
    for path in &o.lists {
        let format = RulesFormat::of(path)?;
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let (list, report) = format.parse(&text, region).map_err(|e| format!("{}: {e}", path.display()))?;
        let line =
            |tag: &str, r: &ringfence_core::RowError| format!("{}:{}: {tag}{}", path.display(), r.line, r.reason);
        for r in &report.rejected {
            writeln!(err, "{}", line("", r)).map_err(|e| e.to_string())?;
        }
        for r in &report.warnings {
            writeln!(err, "{}", line("warning: ", r)).map_err(|e| e.to_string())?;
        }
        rejected += report.rejected.len();
        rules.extend(list);
    }
    if rejected > 0 {
        return Err(format!("{rejected} rows rejected: nothing exported"));
    }
    out.write_all(o.format.export(&rules).as_bytes()).map_err(|e| e.to_string())
}
