//! `ringfence lookup publish`: a feed database as static bucket files and a manifest.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use ringfence_core::Database;
use ringfence_core::lookup::hash::bucket_path;
use ringfence_core::lookup::manifest::salt_from_hex;
use ringfence_core::lookup::plan::DEFAULT_MIN_K;
use ringfence_core::lookup::{Publication, PublishOptions, publish};
use serde_json::json;

use crate::db::keys::read_key;
use crate::db::map::map;

/// `lookup publish` options.
#[derive(Debug, Clone, Args)]
pub struct PublishArgs {
    /// The feed database to publish (its exact numbers; `#` ranges stay in the installed feed).
    #[arg(long, value_name = "FEED.rfdb")]
    pub db: PathBuf,
    /// The secret key that signs the buckets and manifest (pin its public key in the app).
    #[arg(long, value_name = "SECRET_FILE")]
    pub key: PathBuf,
    /// The directory to write `manifest.json` and `b/<hex>.bkt` to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Bucket bits (default: the most that keep every bucket at --min-k plausible numbers).
    #[arg(long, value_name = "B")]
    pub bits: Option<u8>,
    /// The least anonymity set per calling code when choosing the bits.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_MIN_K)]
    pub min_k: u64,
    /// The salt, 32 hex digits (default: derived from the feed name and key, stable across versions).
    #[arg(long, value_name = "HEX")]
    pub salt: Option<String>,
}

/// Publishes and writes the files; prints a JSON summary (bits, buckets, k per calling code).
pub fn run(a: &PublishArgs, out: &mut impl Write) -> Result<(), String> {
    let secret = read_key(&a.key)?;
    let bytes = map(&a.db).map_err(|e| format!("cannot read {}: {e}", a.db.display()))?;
    let db = Database::open_unauthenticated(bytes).map_err(|e| format!("{}: {e}", a.db.display()))?;
    let salt = a.salt.as_deref().map(|s| salt_from_hex(s).ok_or("--salt: expected 32 hex digits")).transpose()?;
    let opts = PublishOptions { bits: a.bits, min_k: a.min_k, salt };
    let p = publish(&db, &secret, &opts).map_err(|e| e.to_string())?;
    write_dir(&p, &a.out).map_err(|e| format!("cannot write {}: {e}", a.out.display()))?;
    let m = &p.manifest;
    let k = m.anonymity.iter().map(|r| r.k).min();
    let summary = json!({
        "feed": m.feed, "version": m.version, "bits": m.bits, "buckets": m.buckets, "entries": m.entries,
        "ranges_skipped": m.ranges_skipped, "k": k, "anonymity": m.anonymity,
    });
    writeln!(out, "{summary}").map_err(|e| e.to_string())
}

/// Writes every bucket, then the manifest (so a server never offers a manifest whose buckets
/// are missing); each file through a temporary name and a rename.
pub fn write_dir(p: &Publication, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("b"))?;
    for (id, bytes) in p.buckets.iter().enumerate() {
        write_atomic(&dir.join(bucket_path(id as u32, p.manifest.bits)), bytes)?;
    }
    write_atomic(&dir.join("manifest.json"), p.manifest.to_json().as_bytes())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
