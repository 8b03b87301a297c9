//! `ringfence build`: lists (.csv, .txt, .json, .plist) → one signed database.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use ringfence_core::database::import::{ImportOptions, ListFormat, read_list_with_progress};
use ringfence_core::database::{DatabaseBuilder, Entry};

use super::keys::{hex, read_key};
use crate::args::RegionArg;

/// What `ringfence build` was asked.
#[derive(Debug, Clone, Args)]
pub struct BuildOptions {
    /// The database to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The secret key file.
    #[arg(long, value_name = "SECRET_FILE")]
    pub key: PathBuf,
    /// `--region`: for national-format numbers in the lists.
    #[command(flatten)]
    pub region: RegionArg,
    /// Feed name (default: the output file name).
    #[arg(long, value_name = "NAME")]
    pub feed: Option<String>,
    /// Feed version (default: now, in seconds since 1970).
    #[arg(long, value_name = "N")]
    pub version: Option<u64>,
    /// Write nothing if any row is rejected.
    #[arg(long)]
    pub strict: bool,
    /// The lists (.csv, .txt, .json, .plist).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// Reads one list, reporting bad rows on `err` as `FILE:LINE: reason`.
fn read_input(path: &Path, opts: &ImportOptions, err: &mut impl Write) -> Result<(Vec<Entry>, u32, usize), String> {
    let format = ListFormat::from_path(path)
        .ok_or_else(|| format!("{}: unknown list format (use .csv, .txt, .json or .plist)", path.display()))?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bar = ProgressBar::new(text.len() as u64).with_message(path.display().to_string());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let result = read_list_with_progress(format, &text, opts, &mut |done| bar.set_position(done as u64));
    bar.finish_and_clear();
    let (entries, report) = result.map_err(|e| format!("{}: {e}", path.display()))?;
    for r in &report.rejected {
        writeln!(err, "{}:{}: {}", path.display(), r.line, r.reason).map_err(|e| e.to_string())?;
    }
    Ok((entries, report.accepted, report.rejected.len()))
}

/// Runs the build; the summary goes to `out`, row errors to `err`.
pub fn run(o: &BuildOptions, out: &mut impl Write, err: &mut impl Write) -> Result<(), String> {
    if o.inputs.is_empty() {
        return Err("give at least one input list".into());
    }
    let secret = read_key(&o.key)?;
    let opts = ImportOptions { region: o.region.region()?, ..ImportOptions::default() };
    let feed =
        o.feed.clone().unwrap_or_else(|| o.out.file_stem().map_or("feed".into(), |s| s.to_string_lossy().into()));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut builder = DatabaseBuilder::new(&feed, o.version.unwrap_or(now)).map_err(|e| e.to_string())?;
    let (mut accepted, mut rejected) = (0u64, 0usize);
    for path in &o.inputs {
        let (entries, ok, bad) = read_input(path, &opts, err)?;
        writeln!(out, "{}: {ok} rows accepted, {bad} rejected", path.display()).map_err(|e| e.to_string())?;
        (accepted, rejected) = (accepted + u64::from(ok), rejected + bad);
        for e in &entries {
            builder.add(e).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if o.strict && rejected > 0 {
        return Err(format!("{rejected} rows rejected (--strict): nothing written"));
    }
    let meta = builder.metadata().clone();
    let built = builder.build(&secret).map_err(|e| e.to_string())?;
    let tmp = o.out.with_extension("rfdb.tmp");
    std::fs::write(&tmp, &built.bytes)
        .and_then(|()| std::fs::rename(&tmp, &o.out))
        .map_err(|e| format!("cannot write {}: {e}", o.out.display()))?;
    let entries = built.exact + built.ranges;
    writeln!(
        out,
        "total: {accepted} rows accepted, {rejected} rejected, {} duplicates merged\n\
         wrote {}: feed {} version {}, {} numbers, {} ranges, {} bytes ({:.2} bytes/entry)\nchecksum {}",
        built.duplicates,
        o.out.display(),
        meta.feed,
        meta.version,
        built.exact,
        built.ranges,
        built.bytes.len(),
        built.bytes.len() as f64 / entries.max(1) as f64,
        hex(&built.checksum),
    )
    .map_err(|e| e.to_string())
}
