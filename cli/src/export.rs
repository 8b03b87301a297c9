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

use ringfence_core::Database;
use ringfence_core::export::{EntrySource, ExportSet, chunk};

use crate::screen;

/// What `export calldirectory` reads.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// CSV rule lists (the user's rules).
    pub lists: Vec<PathBuf>,
    /// The previous version's rule lists (incremental plan).
    pub since_lists: Vec<PathBuf>,
    /// Compiled databases (feeds), in installation order.
    pub dbs: Vec<PathBuf>,
    /// The previous version's databases (incremental plan).
    pub since_dbs: Vec<PathBuf>,
    /// Public key files the databases must be signed with.
    pub pubkeys: Vec<PathBuf>,
    /// Entries pulled per chunk.
    pub chunk: usize,
    /// Language code of default labels (`en`/`it`).
    pub lang: String,
    /// Region for national-format numbers in the lists.
    pub region: Option<String>,
}

/// Opens each database after the full check (framing, checksum, pinned key, signature,
/// structure) against the keys in `pubkeys`; the first that fails is an error naming it. Of two
/// versions of one feed only the newer is kept (one database per feed, as in a screener).
pub fn open_databases(paths: &[PathBuf], pubkeys: &[PathBuf]) -> Result<Vec<Database>, String> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    if pubkeys.is_empty() {
        return Err("--db and --since need --pubkey PUBLIC_FILE (the feed's public key) to verify databases".into());
    }
    let keys = pubkeys.iter().map(|p| crate::db::keys::read_key(p)).collect::<Result<Vec<_>, _>>()?;
    let opened = paths
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let bytes = crate::db::map::map(path).map_err(|e| format!("cannot open {name}: {e}"))?;
            let db = Database::open(bytes, &keys, None).map_err(|e| format!("{name}: rejected: {e}"))?;
            let m = db.metadata();
            eprintln!(
                "{name}: feed {} version {} ({} numbers, {} ranges)",
                m.feed,
                m.version,
                db.exact_count(),
                db.range_count()
            );
            Ok((name, db))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(crate::db::one_per_feed::newest_per_feed(opened))
}

/// The export set of rule `lists` and `dbs`.
fn export_set(opts: &Options, lists: &[PathBuf], dbs: &[Database]) -> Result<ExportSet, String> {
    let screen_opts = screen::Options {
        lists: lists.to_vec(),
        lang: opts.lang.clone(),
        region: opts.region.clone(),
        level: "standard".into(),
        ..screen::Options::default()
    };
    let set = screen::build_screener(&screen_opts)?.export_set();
    Ok(dbs.iter().fold(set, |set, db| set.with_source(Arc::new(db.clone()) as Arc<dyn EntrySource>)))
}

/// Runs `export calldirectory`: a full load, or an incremental plan when `--since` or
/// `--since-list` is given. Returns the number of lines written.
pub fn run(opts: &Options, out: &mut impl Write) -> Result<u64, String> {
    let dbs = open_databases(&opts.dbs, &opts.pubkeys)?;
    let new = export_set(opts, &opts.lists, &dbs)?;
    let incremental = !opts.since_dbs.is_empty() || !opts.since_lists.is_empty();
    let old = match incremental {
        false => None,
        true => {
            let old_dbs = match opts.since_dbs.is_empty() {
                true => dbs.clone(),
                false => open_databases(&opts.since_dbs, &opts.pubkeys)?,
            };
            let old_lists = if opts.since_lists.is_empty() { &opts.lists } else { &opts.since_lists };
            Some(export_set(opts, old_lists, &old_dbs)?)
        }
    };
    write(out, &new, old.as_ref(), opts.chunk).map_err(|e| e.to_string())
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
