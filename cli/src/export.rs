//! `ringfence export calldirectory`: the entries an iOS Call Directory extension would send,
//! as lines, in the order it would send them:
//! full load: `block NUMBER` lines, then `identify NUMBER<TAB>LABEL`;
//! incremental (`--since`, `--since-list`): `remove-block`, `block`, `remove-identify`,
//! `identify` lines (for each kind, removals before additions).
//! Numbers are E.164 digits without `+` (CallKit's form). Entries are pulled in `--chunk`-sized
//! chunks, as the extension does, so memory stays O(chunk) beyond the memory-mapped databases.
//!
//! Sources: CSV rule lists (`--list`, the user's rules) and compiled databases (`--db`, feeds,
//! each verified against the `--pubkey` keys like `screen --db`), combined with the screener's
//! precedence. The previous version for an incremental plan is given by `--since` (its
//! databases) and/or `--since-list` (its rule lists); what is not given is taken as unchanged.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use ringfence_core::Database;
use ringfence_core::export::{EntrySource, ExportSet, ExportSkipped, chunk};

use crate::args::{DatabaseArgs, Sources};
use crate::feeds::open_verified;
use crate::screen;

/// The options of `export calldirectory`.
#[derive(Debug, Clone, Default, Args)]
pub struct Options {
    /// `--list`, `--db`, `--pubkey`, `--lang`, `--region`: the version to export.
    #[command(flatten)]
    pub sources: Sources,
    /// The previous version's rule lists: print an incremental plan instead of a full load.
    #[arg(long = "since-list", value_name = "FILE")]
    pub since_lists: Vec<PathBuf>,
    /// The previous version's database(s): print an incremental plan (removals, then
    /// additions) from it to --db instead of a full load; repeatable.
    #[arg(long = "since", value_name = "OLD_FILE")]
    pub since_dbs: Vec<PathBuf>,
    /// Entries pulled per chunk.
    #[arg(long = "chunk", default_value_t = 5000)]
    pub chunk: usize,
}

/// The export set of rule `lists` and `dbs`.
fn export_set(opts: &Options, lists: &[PathBuf], dbs: &[Database]) -> Result<ExportSet, String> {
    let screen_opts = screen::Options {
        sources: Sources { lists: lists.to_vec(), databases: DatabaseArgs::default(), ..opts.sources.clone() },
        level: "standard".into(),
        ..screen::Options::default()
    };
    let set = screen::build_screener(&screen_opts)?.export_set();
    Ok(dbs.iter().fold(set, |set, db| set.with_source(Arc::new(db.clone()) as Arc<dyn EntrySource>)))
}

/// Runs `export calldirectory`: a full load, or an incremental plan when `--since` or
/// `--since-list` is given. Returns the number of lines written.
pub fn run(opts: &Options, out: &mut impl Write) -> Result<u64, String> {
    let db_args = &opts.sources.databases;
    let dbs = open_verified(&db_args.dbs, db_args)?.databases;
    let new = export_set(opts, &opts.sources.lists, &dbs)?;
    let incremental = !opts.since_dbs.is_empty() || !opts.since_lists.is_empty();
    let old = match incremental {
        false => None,
        true => {
            let old_dbs = match opts.since_dbs.is_empty() {
                true => dbs.clone(),
                false => open_verified(&opts.since_dbs, db_args)?.databases,
            };
            let old_lists = if opts.since_lists.is_empty() { &opts.sources.lists } else { &opts.since_lists };
            Some(export_set(opts, old_lists, &old_dbs)?)
        }
    };
    report_skipped(new.skipped());
    write(out, &new, old.as_ref(), opts.chunk).map_err(|e| e.to_string())
}

/// Tells on stderr, as one JSON line, what the Call Directory cannot carry and the export left
/// out (rules on a line, a schedule or a regex; the policy's time and line controls).
fn report_skipped(skipped: &ExportSkipped) {
    if !skipped.is_empty() {
        let line = serde_json::json!({"skipped": {
            "regex_rules": skipped.regex_rules,
            "line_rules": skipped.line_rules,
            "scheduled_rules": skipped.scheduled_rules,
            "policy_controls": skipped.policy_controls,
        }});
        eprintln!("{line}");
    }
}

/// Writes every item of `it` with `line`, pulling `chunk_size` at a time.
fn drain<T>(
    out: &mut impl Write,
    mut it: impl Iterator<Item = T>,
    chunk_size: usize,
    mut line: impl FnMut(&mut dyn Write, T) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let mut count = 0;
    loop {
        let batch = chunk(&mut it, chunk_size.max(1));
        if batch.is_empty() {
            return Ok(count);
        }
        count += batch.len() as u64;
        for item in batch {
            line(out, item)?;
        }
    }
}

/// Writes the export of `new` (incremental from `old` when given); returns the line count.
pub fn write(
    out: &mut impl Write,
    new: &ExportSet,
    old: Option<&ExportSet>,
    chunk_size: usize,
) -> std::io::Result<u64> {
    let block = |o: &mut dyn Write, n: u64| writeln!(o, "block {n}");
    let identify = |o: &mut dyn Write, (n, label): (u64, std::sync::Arc<str>)| {
        writeln!(o, "identify {n}\t{}", label.replace(['\t', '\n', '\r'], " "))
    };
    Ok(match old {
        None => {
            drain(out, new.blocking(), chunk_size, block)? + drain(out, new.identification(), chunk_size, identify)?
        }
        Some(old) => {
            drain(out, new.blocking_removals_since(old), chunk_size, |o, n| writeln!(o, "remove-block {n}"))?
                + drain(out, new.blocking_additions_since(old), chunk_size, block)?
                + drain(out, new.identification_removals_since(old), chunk_size, |o, n| {
                    writeln!(o, "remove-identify {n}")
                })?
                + drain(out, new.identification_additions_since(old), chunk_size, identify)?
        }
    })
}
