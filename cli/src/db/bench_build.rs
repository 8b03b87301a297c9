//! `ringfence bench build`: `ringfence build`'s streaming, parallel path against the
//! single-threaded whole-file path it replaced, on the same synthetic feed CSV, each in a fresh
//! process (so that each peak resident memory is its own), in the same run. Both must write
//! byte-identical databases.
//!
//! The feed: realistic numbers (see `synth`) in random order, nineteen in twenty in strict E.164
//! and the others with spaces (the full libphonenumber parse), a category on every row, a label
//! (one of forty) on one in five, and an unparsable row in every ten thousand.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use clap::Args;
use ringfence_core::database::DatabaseBuilder;
use ringfence_core::database::import::ImportOptions;
use serde_json::{Value, json};

use super::build::{add_list, read_whole};
use super::synth::{self, Rng};

/// What `bench build` needs.
#[derive(Debug, Clone, Args)]
pub struct BuildBenchOptions {
    /// Rows of the synthetic CSV.
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Keep the files in this directory (default: a temporary one, removed afterwards).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Internal: build INPUT in this process with path MODE (`streaming` or `single`) and print
    /// its figures as JSON.
    #[arg(long, hide = true, value_name = "MODE", requires = "input")]
    pub child: Option<String>,
    /// Internal: the list the child builds.
    #[arg(long, hide = true, value_name = "INPUT")]
    pub input: Option<PathBuf>,
}

/// The process's peak resident memory in bytes (`VmHWM`), 0 where unknown.
pub fn peak_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().strip_suffix("kB"));
    kb.and_then(|v| v.trim().parse::<u64>().ok()).map_or(0, |kb| kb * 1024)
}

/// CPU time this process has used so far (user and system, all threads), in seconds.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces, so split after its closing paren):
    // state is the 3rd field of the line; utime and stime the 14th and 15th, in clock ticks.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after.split_whitespace().skip(11).take(2).filter_map(|v| v.parse::<u64>().ok()).sum();
    ticks as f64 / CLOCK_TICKS_PER_SECOND
}

/// Linux's `USER_HZ`, the unit of `/proc/*/stat` times (100 on every architecture it supports).
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

/// The load average (1, 5, 15 minutes) as `/proc/loadavg` gives it.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// Runs the benchmark (or, with `--child`, one build) and writes its report.
pub fn run(o: &BuildBenchOptions, out: &mut impl Write) -> Result<(), String> {
    if let (Some(mode), Some(input)) = (&o.child, &o.input) {
        let figures = child(mode, input, o.dir.as_deref().unwrap_or(Path::new(".")))?;
        return writeln!(out, "{figures}").map_err(|e| e.to_string());
    }
    let dir = match &o.dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("ringfence-bench-build-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let result = measure(o.rows.max(1), &dir);
    if o.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let v = result?;
    if o.json {
        return writeln!(out, "{v}").map_err(|e| e.to_string());
    }
    let line = |m: &str| {
        let f = &v[m];
        format!(
            "{m:<9} {:>8.2} s ({:.2} s CPU) {:>10.0} rows/s {:>8.1} MB peak RSS",
            f["seconds"].as_f64().unwrap_or(0.0),
            f["cpu_seconds"].as_f64().unwrap_or(0.0),
            f["rows_per_s"].as_f64().unwrap_or(0.0),
            f["peak_rss_bytes"].as_f64().unwrap_or(0.0) / 1e6
        )
    };
    writeln!(
        out,
        "{} rows ({} bytes), {} threads, load average {}\n{}\n{}\nstreaming: {:.2}x the speed, {:.2}x the memory; same database: {}",
        v["rows"],
        v["input_bytes"],
        v["threads"],
        v["load_average"].as_str().unwrap_or(""),
        line("streaming"),
        line("single"),
        v["speedup"].as_f64().unwrap_or(0.0),
        v["memory_ratio"].as_f64().unwrap_or(0.0),
        v["same_database"],
    )
    .map_err(|e| e.to_string())
}

/// Writes the feed CSV; returns its size in bytes.
fn write_feed(path: &Path, rows: usize) -> Result<u64, String> {
    let mut numbers = synth::numbers(rows, 1);
    let mut rng = Rng::new(5);
    for i in (1..numbers.len()).rev() {
        numbers.swap(i, rng.range(0, i as u64) as usize);
    }
    let categories = ["spam", "scam", "telemarketing", "robocall"];
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    let mut write = || -> std::io::Result<()> {
        writeln!(w, "number,category,label")?;
        for (i, n) in numbers.iter().enumerate() {
            let r = rng.next_u64();
            let category = categories[(r % 4) as usize];
            let label = if r.is_multiple_of(5) { format!("Reported caller {}", r % 40) } else { String::new() };
            if i % 10_000 == 9_999 {
                writeln!(w, "not a number,{category},")?;
            } else if (r >> 32).is_multiple_of(20) {
                let digits = n.to_string();
                let (a, b) = digits.split_at(2);
                writeln!(w, "\"+{a} {} {}\",{category},{label}", &b[..3], &b[3..])?;
            } else {
                writeln!(w, "+{n},{category},{label}")?;
            }
        }
        w.flush()
    };
    write().map_err(|e| e.to_string())?;
    std::fs::metadata(path).map(|m| m.len()).map_err(|e| e.to_string())
}

fn measure(rows: usize, dir: &Path) -> Result<Value, String> {
    eprintln!("writing a {rows}-row feed CSV…");
    let input = dir.join("feed.csv");
    let input_bytes = write_feed(&input, rows)?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut figures = serde_json::Map::new();
    for mode in ["streaming", "single"] {
        eprintln!("building with the {mode} path…");
        let output = Command::new(&exe)
            .args(["bench", "build", "--child", mode, "--input"])
            .arg(&input)
            .arg("--dir")
            .arg(dir)
            .stderr(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let v: Value = serde_json::from_str(text.trim()).map_err(|_| format!("the {mode} build failed"))?;
        figures.insert(mode.to_owned(), v);
    }
    let (s, l) = (&figures["streaming"], &figures["single"]);
    let ratio = |k: &str, a: &Value, b: &Value| a[k].as_f64().unwrap_or(0.0) / b[k].as_f64().unwrap_or(1.0).max(1e-9);
    let same = s["checksum"] == l["checksum"] && s["accepted"] == l["accepted"] && s["rejected"] == l["rejected"];
    if !same {
        return Err("the two paths built different databases".into());
    }
    Ok(json!({
        "rows": rows,
        "input_bytes": input_bytes,
        "threads": rayon::current_num_threads(),
        "load_average": load_average(),
        "streaming": s,
        "single": l,
        "speedup": ratio("seconds", l, s),
        "memory_ratio": ratio("peak_rss_bytes", s, l),
        "same_database": same,
    }))
}

/// One build in this process, as `ringfence build` does it (`streaming`) or as it did before
/// (`single`: the whole file read, then parsed on one thread).
fn child(mode: &str, input: &Path, dir: &Path) -> Result<Value, String> {
    let start = Instant::now();
    let mut builder = DatabaseBuilder::new("bench", 1).map_err(|e| e.to_string())?;
    builder.created_at(0);
    let opts = ImportOptions::default();
    let mut sink = std::io::sink();
    let (accepted, rejected) = match mode {
        "streaming" => add_list(input, &opts, &mut builder, &mut sink)?,
        "single" => {
            let (entries, ok, bad) = read_whole(input, &opts, &mut sink)?;
            entries.iter().try_for_each(|e| builder.add(e)).map_err(|e| e.to_string())?;
            (ok, bad)
        }
        other => return Err(format!("unknown build mode {other}")),
    };
    let built = builder.build(&[7u8; 32]).map_err(|e| e.to_string())?;
    let out = dir.join(format!("{mode}.rfdb"));
    std::fs::write(&out, &built.bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let seconds = start.elapsed().as_secs_f64();
    Ok(json!({
        "seconds": seconds,
        "rows_per_s": f64::from(accepted) / seconds.max(1e-9),
        "cpu_seconds": cpu_seconds(),
        "peak_rss_bytes": peak_rss_bytes(),
        "accepted": accepted,
        "rejected": rejected,
        "exact": built.exact,
        "checksum": ringfence_core::database::to_hex(&built.checksum),
    }))
}
