//! `ringfence build`: lists (.csv, .txt, .json, .plist) → one signed database.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use ringfence_core::database::import::{ImportOptions, ListFormat, read_list_bytes_with_progress};
use ringfence_core::database::{DatabaseBuilder, Entry};

use super::keys::{hex, read_key};
use super::stream;
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

/// A progress bar over `len` bytes of `path`.
fn progress_bar(path: &Path, len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len).with_message(path.display().to_string());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn format_of(path: &Path) -> Result<ListFormat, String> {
    ListFormat::from_path(path)
        .ok_or_else(|| format!("{}: unknown list format (use .csv, .txt, .json or .plist)", path.display()))
}

/// Reads a whole list into memory, then parses it on one thread, reporting bad rows on `err`
/// as `FILE:LINE: reason`. JSON and plist lists are read this way (and, for `bench build`,
/// any list, as every list was before streaming).
pub fn read_whole(path: &Path, opts: &ImportOptions, err: &mut impl Write) -> Result<(Vec<Entry>, u32, usize), String> {
    let format = format_of(path)?;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bar = progress_bar(path, bytes.len() as u64);
    let result = read_list_bytes_with_progress(format, &bytes, opts, &mut |done| bar.set_position(done as u64));
    bar.finish_and_clear();
    let (entries, report) = result.map_err(|e| format!("{}: {e}", path.display()))?;
    for r in &report.rejected {
        writeln!(err, "{}:{}: {}", path.display(), r.line, r.reason).map_err(|e| e.to_string())?;
    }
    Ok((entries, report.accepted, report.rejected.len()))
}

/// Adds one list's entries to `builder`: CSV and text lists streamed in blocks parsed on every
/// core, others read whole. Bad rows go to `err` as `FILE:LINE: reason`. Returns the accepted
/// and rejected row counts.
pub fn add_list(
    path: &Path,
    opts: &ImportOptions,
    builder: &mut DatabaseBuilder,
    err: &mut (impl Write + Send),
) -> Result<(u32, usize), String> {
    let add = |builder: &mut DatabaseBuilder, e: &Entry| builder.add(e).map_err(|e| format!("{}: {e}", path.display()));
    let format = format_of(path)?;
    if matches!(format, ListFormat::Json | ListFormat::Plist) {
        let (entries, ok, bad) = read_whole(path, opts, err)?;
        entries.iter().try_for_each(|e| add(builder, e))?;
        return Ok((ok, bad));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bar = progress_bar(path, file.metadata().map_or(0, |m| m.len()));
    let (mut ok, mut bad) = (0u32, 0usize);
    let mut sink = |parsed: stream::Parsed| {
        for piece in parsed.pieces {
            piece.entries.iter().try_for_each(|e| add(builder, e))?;
            for r in &piece.report.rejected {
                writeln!(err, "{}:{}: {}", path.display(), r.line, r.reason).map_err(|e| e.to_string())?;
            }
            (ok, bad) = (ok.saturating_add(piece.report.accepted), bad + piece.report.rejected.len());
        }
        Ok(())
    };
    let result = stream::read_lines(file, stream::BLOCK, format, opts, &|done| bar.set_position(done), &mut sink);
    bar.finish_and_clear();
    result.map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((ok, bad))
}

/// Runs the build; the summary goes to `out`, row errors to `err`.
pub fn run(o: &BuildOptions, out: &mut impl Write, err: &mut (impl Write + Send)) -> Result<(), String> {
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
        let (ok, bad) = add_list(path, &opts, &mut builder, err)?;
        writeln!(out, "{}: {ok} rows accepted, {bad} rejected", path.display()).map_err(|e| e.to_string())?;
        (accepted, rejected) = (accepted + u64::from(ok), rejected + bad);
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
