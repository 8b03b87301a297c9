//! `ringfence screen`: one number, human-readable, or JSONL calls → JSONL verdicts.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::Args;
use ringfence_core::{
    ParsedNumber, Policy, ProtectionLevel, RegionCode, Screener, ScreenerConfig, Verdict, parse_number,
};

use crate::args::Sources;
use crate::controls::{Controls, record_json};
use crate::feeds;
use crate::jsonl::{ConfigLine, Line, error_json, parse_line, verdict_json};

/// The options of `ringfence screen`, shared by both forms.
#[derive(Debug, Clone, Default, Args)]
pub struct Options {
    /// `--list`, `--db`, `--pubkey`, `--lang`, `--region`.
    #[command(flatten)]
    pub sources: Sources,
    /// The user's home country (ISO alpha-2): calls from outside it are foreign, also while
    /// roaming (default: the country of the call's user_number, else --region).
    #[arg(long, value_name = "XX")]
    pub home_region: Option<String>,
    /// Protection level: risk thresholds.
    #[arg(long, default_value = "standard", value_parser = ["relaxed", "standard", "strict"])]
    pub level: String,
    /// Policy switches.
    #[command(flatten)]
    pub switches: Switches,
    /// Quiet hours, protection schedule, repeated-call breakthrough, pause.
    #[command(flatten)]
    pub controls: Controls,
    /// A brand registry (JSON) replacing the built-in one.
    #[arg(long, value_name = "FILE")]
    pub brands: Option<PathBuf>,
    /// Calling codes the user has contacts in, comma-separated (e.g. 39,41).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub contact_codes: Option<Vec<u16>>,
    /// A brand (in the registry) the user is a customer of: unknown callers' verdicts remind
    /// that it never calls unexpectedly; repeatable.
    #[arg(long = "customer-brand", value_name = "NAME")]
    pub customer_brands: Vec<String>,
}

/// The policy switches, as given on the command line.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Switches {
    /// Block withheld numbers.
    #[arg(long)]
    pub block_hidden: bool,
    /// Silence every caller who is not a contact.
    #[arg(long)]
    pub silence_unknown: bool,
    /// Block calls from other countries than the home country.
    #[arg(long)]
    pub block_foreign: bool,
    /// Silence unknown callers at night (22:00-07:00 in the call's time zone).
    #[arg(long)]
    pub night_mode: bool,
}

/// The screener settings the options describe.
fn config_of(opts: &Options) -> Result<ScreenerConfig, String> {
    let level = ProtectionLevel::from_code(&opts.level).ok_or("unknown protection level")?;
    let sw = opts.switches;
    let policy = opts.controls.apply(Policy {
        level,
        block_hidden: sw.block_hidden,
        silence_unknown: sw.silence_unknown,
        block_foreign: sw.block_foreign,
        night_mode: sw.night_mode,
        ..Policy::default()
    })?;
    let home_region =
        opts.home_region.as_deref().map(str::parse::<RegionCode>).transpose().map_err(|e| e.to_string())?;
    Ok(ScreenerConfig {
        language: opts.sources.lang.language()?,
        default_region: opts.sources.region.region()?,
        home_region,
        policy,
        customer_brands: opts.customer_brands.clone(),
        ..ScreenerConfig::default()
    })
}

/// The options with a config line's settings on top.
fn with_config_line(opts: &Options, line: ConfigLine) -> Options {
    let mut next = opts.clone();
    next.home_region = line.home_region.map(|r| r.to_string()).or(next.home_region);
    next.sources.lang.code = line.language.unwrap_or(next.sources.lang.code);
    next.level = line.level.unwrap_or(next.level);
    next.customer_brands = line.customer_brands.unwrap_or(next.customer_brands);
    next.controls = next.controls.with_line(&line.controls);
    let sw = &mut next.switches;
    for (flag, value) in [&mut sw.block_hidden, &mut sw.block_foreign, &mut sw.silence_unknown, &mut sw.night_mode]
        .into_iter()
        .zip(line.switches)
    {
        *flag = value.unwrap_or(*flag);
    }
    next
}

/// Builds a screener from the options: databases installed after the full check, then the
/// lists loaded (row errors go to stderr, by line).
pub fn build_screener(opts: &Options) -> Result<Screener, String> {
    let config = config_of(opts)?;
    let screener = Screener::new(ScreenerConfig { customer_brands: Vec::new(), ..config.clone() });
    if let Some(path) = &opts.brands {
        let name = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let n = screener.load_brands_json(&text).map_err(|e| format!("{name}: {e}"))?;
        eprintln!("{name}: {n} brands loaded");
    }
    // After the registry: the customer brands must be in it.
    screener.set_config(config).map_err(|e| format!("--customer-brand: {e}"))?;
    screener.set_contact_calling_codes(opts.contact_codes.clone()).map_err(|e| e.to_string())?;
    feeds::install(&screener, &opts.sources.databases)?;
    for path in &opts.sources.lists {
        let name = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let report = screener.import_rules_csv(&text).map_err(|e| format!("{name}: {e}"))?;
        for row in &report.rejected {
            eprintln!("{name}: line {}: {}", row.line, row.reason);
        }
        eprintln!("{name}: {} rules loaded, {} rows rejected", report.accepted, report.rejected.len());
    }
    Ok(screener)
}

/// `screen --jsonl`: one verdict (or `{"ok":true}` / `{"config":"ok"}` / a report record /
/// `{"error":…}`) per input line, in order. A config line's settings apply to the lines after it.
pub fn run_jsonl(opts: &Options, input: impl BufRead, out: &mut impl Write) -> Result<(), String> {
    let screener = build_screener(opts)?;
    for line in input.split(b'\n') {
        let line = line.map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let answer = match parse_line(text) {
            Ok(Line::Call(call)) => verdict_json(&screener.screen(&call)),
            Ok(Line::Outgoing { number, region, time }) => {
                screener.record_outgoing(&number, region, time);
                serde_json::json!({ "ok": true })
            }
            Ok(Line::Report(call, report)) => match screener.report(&call, &report) {
                Ok(record) => record_json(&record),
                Err(e) => error_json(&e.to_string()),
            },
            Ok(Line::Config(line)) => {
                let config = config_of(&with_config_line(opts, line));
                match config.and_then(|c| screener.set_config(c).map_err(|e| e.to_string())) {
                    Ok(()) => serde_json::json!({ "config": "ok" }),
                    Err(_) => error_json("invalid config"),
                }
            }
            Err(e) => error_json(&e),
        };
        writeln!(out, "{answer}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `screen NUMBER`: a readable report for one number.
pub fn run_one(opts: &Options, number: &str, out: &mut impl Write) -> Result<(), String> {
    let screener = build_screener(opts)?;
    let call = ringfence_core::IncomingCall {
        number: Some(number.to_owned()),
        region: screener.config().default_region,
        ..Default::default()
    };
    let verdict = screener.screen(&call);
    let parsed = parse_number(number, screener.config().default_region).ok();
    write_report(out, parsed.as_ref(), &verdict).map_err(|e| e.to_string())
}

fn write_report(out: &mut impl Write, parsed: Option<&ParsedNumber>, v: &Verdict) -> std::io::Result<()> {
    match parsed {
        Some(p) => writeln!(
            out,
            "number    {} ({}, {}{})",
            p.e164,
            if p.valid { "valid" } else { "not valid" },
            p.number_type.code(),
            p.region.map(|r| format!(", {r}")).unwrap_or_default()
        )?,
        None => writeln!(out, "number    (not a phone number)")?,
    }
    writeln!(out, "action    {}", v.action.code())?;
    writeln!(out, "risk      {}", v.risk)?;
    writeln!(out, "category  {}", v.category.code())?;
    let reasons: Vec<&str> = v.reasons.iter().map(|r| r.code()).collect();
    writeln!(out, "reasons   {}", if reasons.is_empty() { "-".into() } else { reasons.join(", ") })?;
    writeln!(out, "label     {}", v.label.as_deref().unwrap_or("-"))?;
    writeln!(out, "advice    {}", v.advice.as_deref().unwrap_or("-"))
}
