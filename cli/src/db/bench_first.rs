//! `ringfence bench first-call`: how long the first screening of a call takes in a fresh
//! process, for twenty shapes of caller ID (a phone in Switzerland: national, international,
//! IDD, `tel:`, short and emergency numbers, callers from abroad, a withheld number), without
//! and with [`ringfence_core::warm_up`] beforehand. Every measurement runs in its own process
//! (this binary, with a hidden `--child`), so nothing compiled by one shape helps another; the
//! second screening of the same call is the steady-state peer.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use clap::Args;
use ringfence_core::{IncomingCall, RegionCode, Screener, ScreenerConfig, warm_up};
use serde_json::{Value, json};

use super::bench_build::load_average;

/// The phone's region.
const HOME: &str = "CH";

/// The caller IDs measured (`None`: withheld).
pub const SHAPES: [Option<&str>; 20] = [
    Some("+41446681800"),
    Some("044 668 18 00"),
    Some("0041 44 668 18 00"),
    Some("+41 79 123 45 67"),
    Some("079 123 45 67"),
    Some("0800 123 456"),
    Some("0900 123 456"),
    Some("112"),
    Some("117"),
    Some("1818"),
    Some("tel:+41-44-668-18-00"),
    Some("+12015550123"),
    Some("+447911123456"),
    Some("+4915123456789"),
    Some("+33612345678"),
    Some("+393123456789"),
    Some("+919876543210"),
    Some("+5511987654321"),
    Some("+2348031234567"),
    None,
];

/// What `bench first-call` needs.
#[derive(Debug, Clone, Args)]
pub struct FirstCallOptions {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Measure only the first N shapes (smoke runs).
    #[arg(long, default_value_t = SHAPES.len())]
    pub shapes: usize,
    /// Internal: measure shape N in this process and print the figures as JSON.
    #[arg(long, hide = true, value_name = "N")]
    pub child: Option<usize>,
    /// Internal: warm up first.
    #[arg(long, hide = true)]
    pub warm: bool,
}

/// Runs the benchmark (or, with `--child`, one measurement) and writes its report.
pub fn run(o: &FirstCallOptions, out: &mut impl Write) -> Result<(), String> {
    if let Some(shape) = o.child {
        let v = child(shape, o.warm)?;
        return writeln!(out, "{v}").map_err(|e| e.to_string());
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let measure = |shape: usize, warm: bool| -> Result<Value, String> {
        let mut cmd = Command::new(&exe);
        cmd.args(["bench", "first-call", "--child", &shape.to_string()]);
        if warm {
            cmd.arg("--warm");
        }
        let output = cmd.stderr(Stdio::null()).output().map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        serde_json::from_slice(&output.stdout).map_err(|_| format!("shape {shape}: the measurement failed"))
    };
    let mut rows = Vec::new();
    for (shape, number) in SHAPES.iter().enumerate().take(o.shapes) {
        let (cold, warm) = (measure(shape, false)?, measure(shape, true)?);
        let ms = |v: &Value| v["first_screen_ms"].as_f64().unwrap_or(f64::NAN);
        rows.push(json!({
            "shape": number.unwrap_or("(withheld)"),
            "cold_first_ms": ms(&cold),
            "warm_first_ms": ms(&warm),
            "steady_us": warm["second_screen_us"],
            "warm_up_ms": warm["warm_up_ms"],
            "same_verdict": cold["action"] == warm["action"],
        }));
    }
    let max = |k: &str| rows.iter().filter_map(|r| r[k].as_f64()).fold(0.0, f64::max);
    let within = rows.iter().filter(|r| r["warm_first_ms"].as_f64().is_some_and(|v| v <= 1.0)).count();
    let v = json!({
        "home_region": HOME,
        "load_average": load_average(),
        "shapes": rows,
        "max_cold_first_ms": max("cold_first_ms"),
        "max_warm_first_ms": max("warm_first_ms"),
        "max_warm_up_ms": max("warm_up_ms"),
        "warm_within_1ms": within,
    });
    if o.json {
        return writeln!(out, "{v}").map_err(|e| e.to_string());
    }
    writeln!(out, "first screening in a fresh process (home {HOME}, load average {}):", v["load_average"])
        .map_err(|e| e.to_string())?;
    writeln!(out, "{:<24} {:>10} {:>10} {:>10}", "caller ID", "cold ms", "warm ms", "steady µs")
        .map_err(|e| e.to_string())?;
    for r in &rows {
        let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
        writeln!(
            out,
            "{:<24} {:>10.3} {:>10.3} {:>10.1}",
            r["shape"].as_str().unwrap_or(""),
            f("cold_first_ms"),
            f("warm_first_ms"),
            f("steady_us")
        )
        .map_err(|e| e.to_string())?;
    }
    writeln!(
        out,
        "warm-up took at most {:.1} ms; after it, {within} of {} shapes within 1 ms (max {:.3} ms; cold max {:.3} ms)",
        v["max_warm_up_ms"].as_f64().unwrap_or(0.0),
        rows.len(),
        v["max_warm_first_ms"].as_f64().unwrap_or(0.0),
        v["max_cold_first_ms"].as_f64().unwrap_or(0.0),
    )
    .map_err(|e| e.to_string())
}

/// One measurement: a screener for the home region, optionally a warm-up, then the first and
/// the second screening of shape `shape`.
fn child(shape: usize, warm: bool) -> Result<Value, String> {
    let number = *SHAPES.get(shape).ok_or("no such shape")?;
    let home: RegionCode = HOME.parse().map_err(|_| "bad home region")?;
    let screener = Screener::new(ScreenerConfig { default_region: Some(home), ..ScreenerConfig::default() });
    let t = Instant::now();
    if warm {
        warm_up(&[home]);
    }
    let warm_up_ms = t.elapsed().as_secs_f64() * 1e3;
    let call = IncomingCall { number: number.map(str::to_owned), region: Some(home), ..IncomingCall::default() };
    let t = Instant::now();
    let verdict = screener.screen(&call);
    let first_screen_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    screener.screen(&call);
    let second_screen_us = t.elapsed().as_secs_f64() * 1e6;
    Ok(json!({
        "warm_up_ms": warm_up_ms,
        "first_screen_ms": first_screen_ms,
        "second_screen_us": second_screen_us,
        "action": verdict.action.code(),
    }))
}
