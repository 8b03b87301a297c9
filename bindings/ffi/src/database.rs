//! Compiled databases (signed feeds) through the FFI: install downloads and files, apply
//! signed deltas, reopen, remove, list. What is mapped and where files live is the feed
//! store's business (module `store`): this module never writes a file.

use std::fs::File;
use std::path::Path;

use memmap2::Mmap;
use ringfence_core::database::{DatabaseInfo as CoreInfo, to_hex};
use ringfence_core::screener;

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

/// Maps the file at `path` read-only: only for [`load_installed_database_file`]
/// (Screener::load_installed_database_file), whose contract is a file never modified in place.
fn map(path: &str) -> Result<Mmap, RingfenceError> {
    crate::store::map_open(&File::open(path)?).map_err(Into::into)
}

#[uniffi::export]
impl Screener {
    /// Verifies a downloaded database completely (size cap, framing, signer pinned for its
    /// feed, signature, checksum, structure; the same signer as installed; no version below
    /// the installed one or the version floor) and swaps it in for its feed atomically,
    /// raising the floor. With a store (`use_store`), the bytes are written to a new file
    /// there first. On error nothing changes.
    pub fn install_database(&self, bytes: Vec<u8>) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| self.inner.install_database(bytes).map(Into::into))
    }

    /// Like [`install_database`](Self::install_database) for the file at `path` (e.g. a
    /// finished download). The library takes its own copy (into a new file of the store, or
    /// into memory without one) and never maps `path`: the app may delete, truncate or rewrite
    /// it as soon as this returns. `path` is only read; an unreadable one throws `Io`.
    pub fn install_database_file(&self, path: String) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| {
            drop(File::open(&path)?); // the app's own file: its problems are `Io`, not the store's
            Ok::<_, RingfenceError>(self.inner.install_database_file(Path::new(&path))?.into())
        })
    }

    /// Re-opens a database file installed before, in O(1) (size cap, signer pinned for its
    /// feed, signature; no re-hash of the body), refusing a signer change or a version below
    /// the version floor. The file is memory-mapped **as it is** (copied into the store when
    /// one is in use): only for a directory of files the caller's own code never modifies
    /// in place, such as RingfenceCallDirectory's `databases/`. Apps that keep feeds should
    /// prefer `use_store`, which loads the store's files at start-up by itself.
    pub fn load_installed_database_file(&self, path: String) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| Ok::<_, RingfenceError>(self.inner.load_installed_database(map(&path)?)?.into()))
    }

    /// Applies a signed delta (from `ringfence diff`) to the installed database of `feed` and
    /// installs the result. The delta is checked before any work (size cap, signer pinned for
    /// `feed`, signature, made for exactly the installed file: `FeedMismatch`,
    /// `SignerChanged`, `DeltaBaseMismatch`, `Downgrade`); the result is checked as a full
    /// install, written to a new file of the store (when one is in use) and only then swapped
    /// in. On error the installed file, the active feed and the version floor are unchanged.
    pub fn install_database_delta(&self, feed: String, delta: Vec<u8>) -> Result<DatabaseInfo, RingfenceError> {
        guard(|| self.inner.install_delta(&feed, &delta).map(Into::into))
    }

    /// Applies a signed delta to the installed database of `feed` with every check of
    /// [`install_database_delta`](Self::install_database_delta) and answers the result's bytes
    /// without installing it: for an app that keeps its own files (RingfenceCallDirectory's
    /// store, which then installs them as a download). Nothing changes here.
    pub fn apply_database_delta(&self, feed: String, delta: Vec<u8>) -> Result<Vec<u8>, RingfenceError> {
        guard(|| self.inner.apply_delta(&feed, &delta))
    }

    /// Uninstalls the database of `feed` (its file in the store is removed); whether one was
    /// installed. The feed's version floor stays: an older version is still refused.
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
