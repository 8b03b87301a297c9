//! `ringfence inspect`, `ringfence verify`, `ringfence diff` and `ringfence patch`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use ringfence_core::database::{Database, DatabaseError, Limits, apply, apply_with, diff, write_database_file};

use super::keys::{hex, read_key};
use super::map::map;

fn open_file(path: &Path) -> Result<memmap2::Mmap, String> {
    map(path).map_err(|e| format!("cannot open {}: {e}", path.display()))
}

fn fail(path: &Path, e: DatabaseError) -> String {
    format!("{}: {e}", path.display())
}

/// Prints what a database holds (checks framing, checksum and structure, reports the signer).
pub fn inspect(path: &Path, out: &mut impl Write) -> Result<(), String> {
    let db = Database::open_unauthenticated(open_file(path)?).map_err(|e| fail(path, e))?;
    let m = db.metadata();
    let mut by_kind: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for e in db.entries() {
        *by_kind.entry((e.action.code(), e.category.code())).or_default() += 1;
    }
    let size = db.as_bytes().len();
    let entries = db.exact_count() + db.range_count();
    let w = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(|e| e.to_string());
    w(out, format!("feed        {}", m.feed))?;
    w(out, format!("version     {}", m.version))?;
    w(out, format!("created     {} (Unix time)", m.created_unix))?;
    w(out, format!("numbers     {}", db.exact_count()))?;
    w(out, format!("ranges      {}", db.range_count()))?;
    w(out, format!("labels      {}", db.label_count()))?;
    w(out, format!("size        {size} bytes ({:.2} bytes/entry)", size as f64 / entries.max(1) as f64))?;
    w(out, format!("checksum    {} (valid)", hex(&db.checksum())))?;
    let sig = if db.signature_is_valid() { "valid" } else { "INVALID" };
    w(out, format!("signed by   {} (signature {sig}; verify against your pinned key)", hex(&db.signer())))?;
    for ((action, category), n) in by_kind {
        w(out, format!("  {action:<8} {category:<14} {n}"))?;
    }
    Ok(())
}

/// Exit status 0 only for a sound file correctly signed by `pubkey`.
pub fn verify(path: &Path, pubkey: &Path, out: &mut impl Write) -> Result<(), String> {
    let key = read_key(pubkey)?;
    let db = Database::open(open_file(path)?, &[key], None).map_err(|e| fail(path, e))?;
    let m = db.metadata();
    writeln!(out, "ok: {} is feed {} version {}, signed by the given key", path.display(), m.feed, m.version)
        .map_err(|e| e.to_string())
}

/// Writes the delta from `old` to `new`, signed with the feed's secret key (`key`, the key
/// that signed `new`).
pub fn run_diff(old: &Path, new: &Path, key: &Path, delta: &Path, out: &mut impl Write) -> Result<(), String> {
    let a = Database::open_unauthenticated(open_file(old)?).map_err(|e| fail(old, e))?;
    let b = Database::open_unauthenticated(open_file(new)?).map_err(|e| fail(new, e))?;
    let bytes = diff(&a, &b, &read_key(key)?).map_err(|e| fail(new, e))?;
    write_database_file(delta, &bytes).map_err(|e| format!("cannot write {}: {e}", delta.display()))?;
    let full = b.as_bytes().len();
    writeln!(
        out,
        "wrote {}: {} bytes ({:.2}% of the new file's {full})",
        delta.display(),
        bytes.len(),
        100.0 * bytes.len() as f64 / full.max(1) as f64
    )
    .map_err(|e| e.to_string())
}

/// Applies the signed `delta` to `old`, writing the new file (atomically: a new temporary file
/// renamed over `new`). The delta must be signed by `old`'s signer; with `pubkey`, that key must
/// be `pubkey`, `old` is fully verified against it first, and the result fully verified (no
/// downgrade) before it is written.
pub fn run_patch(
    old: &Path,
    delta: &Path,
    new: &Path,
    pubkey: Option<&Path>,
    out: &mut impl Write,
) -> Result<(), String> {
    let a = match pubkey {
        Some(k) => Database::open(open_file(old)?, &[read_key(k)?], None),
        None => Database::open_unauthenticated(open_file(old)?),
    }
    .map_err(|e| fail(old, e))?;
    let d = std::fs::read(delta).map_err(|e| format!("cannot read {}: {e}", delta.display()))?;
    let bytes = match pubkey {
        Some(k) => apply_with(&a, &d, &[read_key(k)?], &Limits::DEFAULT),
        None => apply(&a, &d),
    }
    .map_err(|e| fail(delta, e))?;
    let db = match pubkey {
        Some(k) => Database::open(bytes, &[read_key(k)?], Some(a.metadata().version)),
        None => Database::open_unauthenticated(bytes),
    }
    .map_err(|e| fail(delta, e))?;
    write_database_file(new, db.as_bytes()).map_err(|e| format!("cannot write {}: {e}", new.display()))?;
    writeln!(out, "wrote {}: feed {} version {}", new.display(), db.metadata().feed, db.metadata().version)
        .map_err(|e| e.to_string())
}
