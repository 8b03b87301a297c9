//! Compiled databases (signed feeds) through the FFI: pin keys, install downloads, reopen
//! installed files at start-up, remove, list. Files are memory-mapped, not copied.

use std::fs::File;
use std::path::Path;

use memmap2::Mmap;
use ringfence_core::database::{DatabaseError, DatabaseInfo as CoreInfo, key_from_hex, to_hex, write_database_file};
use ringfence_core::{RingfenceError as Core, screener};

use crate::error::RingfenceError;
use crate::guard::{guard, guard_or};
use crate::screener::Screener;

/// An installed database, as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DatabaseInfo {
    /// The feed's name (one database per feed is installed).
    pub feed: String,
    /// The feed version; an older one is refused as a downgrade.
    pub version: u64,
    /// When the file was built, seconds since 1970.
    pub created_unix: u64,
    /// Exact-number entries.
    pub exact_count: u64,
    /// `#`-range entries.
    pub range_count: u64,
    /// The file's SHA-256 checksum, hex: identifies exactly this file.
    pub checksum_hex: String,
}

impl From<CoreInfo> for DatabaseInfo {
    fn from(i: CoreInfo) -> Self {
        Self {
            feed: i.metadata.feed,
            version: i.metadata.version,
            created_unix: i.metadata.created_unix,
            exact_count: i.exact_count,
            range_count: i.range_count,
            checksum_hex: to_hex(&i.checksum),
        }
    }
}

/// Parses a public key written as 64 hexadecimal digits (as `ringfence keygen` writes it).
fn parse_key(text: &str) -> Result<[u8; 32], Core> {
    key_from_hex(text).ok_or(Core::Database(DatabaseError::InvalidKey("expected 64 hexadecimal digits")))
}

/// Maps a file read-only. Replace database files by writing a new file and renaming it over
/// the old one: a mapped file must not be truncated or rewritten in place while in use.
fn map(path: &str) -> Result<Mmap, RingfenceError> {
    let file = File::open(path)?;
    // SAFETY: read-only private mapping; the documented contract is that database files are
    // replaced by rename, never modified in place. Every read of the bytes is bounds-checked
    // against the length captured here, and `open` verifies checksum and signature.
    Ok(unsafe { Mmap::map(&file) }?)
}

#[uniffi::export]
impl Screener {
    /// Pins the feed public keys (64 hex digits each, from `ringfence keygen`), replacing the
    /// previous ones; databases signed by a key no longer listed are uninstalled.
    pub fn set_trusted_keys(&self, keys: Vec<String>) -> Result<(), RingfenceError> {
        guard(|| {
            let keys = keys.iter().map(|k| parse_key(k)).collect::<Result<Vec<_>, _>>()?;
            self.inner.set_trusted_keys(keys)
        })
    }

    /// Verifies a downloaded database completely (checksum, pinned key, signature, structure,
    /// no downgrade) and swaps it in for its feed atomically; on error nothing changes.
    pub fn install_database(&self, bytes: Vec<u8>) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| self.inner.install_database(bytes).map(Into::into))
    }

    /// Like [`install_database`](Self::install_database), memory-mapping the file at `path`.
    pub fn install_database_file(&self, path: String) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| Ok::<_, RingfenceError>(self.inner.install_database(map(&path)?)?.into()))
    }

    /// Re-opens a database file this app installed before, in O(1) (pinned key and signature,
    /// no re-hash of the body): for app start-up and the iOS extension. Downloads go through
    /// [`install_database_file`](Self::install_database_file).
    pub fn load_installed_database_file(&self, path: String) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| Ok::<_, RingfenceError>(self.inner.load_installed_database(map(&path)?)?.into()))
    }

    /// Applies a delta (from `ringfence diff`) to the installed database of `feed`, verifies the
    /// result like [`install_database`](Self::install_database), writes it to `out_path`
    /// (through a temporary file and a rename) and swaps it in. A bad delta changes nothing.
    pub fn install_database_delta(
        &self,
        feed: String,
        delta: Vec<u8>,
        out_path: String,
    ) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| {
            let bytes = self.inner.apply_delta(&feed, &delta)?;
            write_database_file(Path::new(&out_path), &bytes)?;
            Ok::<_, RingfenceError>(self.inner.install_database(bytes)?.into())
        })
    }

    /// Uninstalls the database of `feed`; whether one was installed.
    pub fn remove_database(&self, feed: String) -> bool {
        guard_or(|| false, || self.inner.remove_database(&feed))
    }

    /// The installed databases, in installation order.
    pub fn databases(&self) -> Vec<DatabaseInfo> {
        guard_or(Vec::new, || self.inner.databases().into_iter().map(Into::into).collect())
    }
}

/// Most databases one screener holds (one per feed).
#[uniffi::export]
pub fn max_databases() -> u32 {
    guard_or(|| 0, || screener::MAX_DATABASES as u32)
}
