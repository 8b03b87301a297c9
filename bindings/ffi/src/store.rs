//! Trust and custody through the FFI: keys pinned per feed, the feed store the library owns
//! (and maps), the version floor, and the size caps.
//!
//! The library memory-maps only files of its own store (created by it, checked, renamed into
//! place and never modified), so nothing an app does to its own paths can crash or alter a
//! running screener.

use std::fs::File;
use std::path::Path;

use memmap2::Mmap;
use ringfence_core::RingfenceError as Core;
use ringfence_core::database::{DatabaseError, FileBytes, Limits as CoreLimits, key_from_hex, to_hex};

use crate::database::DatabaseInfo;
use crate::error::{DatabaseProblem, RingfenceError};
use crate::guard::{guard, guard_or};
use crate::screener::Screener;

/// A feed and the public keys pinned for it (64 hex digits each).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PinnedFeed {
    /// The feed's name.
    pub feed: String,
    /// The keys that may sign it, hex.
    pub keys: Vec<String>,
}

/// What `use_store` found in the store.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StoreReport {
    /// The databases loaded (one per feed: the newest file of each).
    pub loaded: Vec<DatabaseInfo>,
    /// Files of the store that were not loaded, and why.
    pub refused: Vec<RefusedFile>,
    /// Whether the version floor file was corrupt (it was rebuilt from the loaded files).
    pub floor_was_corrupt: bool,
}

/// A file of the store that was not loaded (e.g. its feed is no longer pinned).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RefusedFile {
    /// The file's name in the store.
    pub file: String,
    /// Why, for the app to act on.
    pub kind: DatabaseProblem,
    /// Why, in words (never a phone number).
    pub reason: String,
}

/// The version floor of a feed: the highest version ever installed and its signer.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VersionFloor {
    /// Older versions of the feed are refused (`Downgrade`).
    pub version: u64,
    /// The key the feed is accepted from, hex (another one is `SignerChanged`).
    pub signer_hex: String,
}

/// Size caps on what the library reads (see docs/security.md); every cap must be above zero.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Limits {
    /// Largest database file accepted, in bytes (default 1 GiB).
    pub max_database_bytes: u64,
    /// Most entries in one database (default 100,000,000).
    pub max_database_entries: u64,
    /// Largest delta accepted, in bytes (default 32 MiB).
    pub max_delta_bytes: u64,
    /// Most changed entries in one delta (default 10,000,000).
    pub max_delta_entries: u64,
    /// Caller display names are cut to this many characters before screening (default 256).
    pub max_display_name_chars: u32,
}

impl From<CoreLimits> for Limits {
    fn from(l: CoreLimits) -> Self {
        Self {
            max_database_bytes: l.max_database_bytes,
            max_database_entries: l.max_database_entries,
            max_delta_bytes: l.max_delta_bytes,
            max_delta_entries: l.max_delta_entries,
            max_display_name_chars: l.max_display_name_chars.try_into().unwrap_or(u32::MAX),
        }
    }
}

impl From<Limits> for CoreLimits {
    fn from(l: Limits) -> Self {
        Self {
            max_database_bytes: l.max_database_bytes,
            max_database_entries: l.max_database_entries,
            max_delta_bytes: l.max_delta_bytes,
            max_delta_entries: l.max_delta_entries,
            max_display_name_chars: l.max_display_name_chars as usize,
        }
    }
}

/// Parses a public key written as 64 hexadecimal digits (as `ringfence keygen` writes it);
/// surrounding whitespace, such as a key file's trailing newline, is ignored.
fn parse_key(text: &str) -> Result<[u8; 32], Core> {
    key_from_hex(text.trim()).ok_or(Core::Database(DatabaseError::InvalidKey("expected 64 hexadecimal digits")))
}

/// Maps a file read-only.
pub(crate) fn map_open(file: &File) -> std::io::Result<Mmap> {
    // SAFETY: a read-only private mapping. The library maps the files of its own store, which
    // it creates, checks and renames into place and never modifies afterwards (and files the
    // caller promises the same of: `load_installed_database_file`). Every read of the bytes is
    // bounds-checked against the length captured here; checksum and signature are verified.
    unsafe { Mmap::map(file) }
}

/// The store's [`MapFile`](ringfence_core::database::MapFile): files are mapped, not read.
fn map_file(file: &File) -> std::io::Result<FileBytes> {
    Ok(Box::new(map_open(file)?))
}

#[uniffi::export]
impl Screener {
    /// Pins the public keys (64 hex digits each, from `ringfence keygen`; surrounding
    /// whitespace is ignored) that may sign feed `feed`, replacing its previous ones; no keys
    /// unpins it. A database or delta naming `feed` signed by any other key is refused
    /// (`UnknownKey`, `KeyNotPinnedForFeed`). An installed database of `feed` whose signer is
    /// no longer pinned is uninstalled. A new key does not replace the feed's current signer:
    /// that takes [`rotate_feed_key`](Self::rotate_feed_key). Pin before `use_store`.
    pub fn pin_feed(&self, feed: String, keys: Vec<String>) -> Result<(), RingfenceError> {
        guard(|| {
            let keys = keys.iter().map(|k| parse_key(k)).collect::<Result<Vec<_>, _>>()?;
            self.inner.pin_feed(&feed, keys)
        })
    }

    /// Makes `key` (already pinned for `feed`) the one signer `feed` is accepted from, keeping
    /// its version floor; an installed database of `feed` signed by another key is uninstalled.
    pub fn rotate_feed_key(&self, feed: String, key: String) -> Result<(), RingfenceError> {
        guard(|| self.inner.rotate_feed_key(&feed, parse_key(&key)?))
    }

    /// The pinned feeds and their keys, by feed name.
    pub fn feed_keys(&self) -> Vec<PinnedFeed> {
        guard_or(Vec::new, || {
            let pinned = self.inner.feed_keys();
            let hex = |keys: &[[u8; 32]]| keys.iter().map(|k| to_hex(k)).collect();
            pinned.feeds().map(|(feed, keys)| PinnedFeed { feed: feed.to_owned(), keys: hex(keys) }).collect()
        })
    }

    /// Uses `dir` (created if missing; the app must not write in it) as the feed store: the
    /// library keeps there the installed database files, which are the only files it maps,
    /// and the version floor (`version-floor`). Reads the floor, then loads the newest file of
    /// each feed in O(1), refusing any below the floor or with another signer (reported, not
    /// thrown). Call once at start, after `pin_feed`. From then on every install is written to
    /// the store. If the app deletes the store, the floor is lost with it: the next start
    /// accepts any version again.
    pub fn use_store(&self, dir: String) -> Result<StoreReport, RingfenceError> {
        guard(|| {
            let report = self.inner.use_store(Path::new(&dir), map_file)?;
            Ok::<_, RingfenceError>(StoreReport {
                loaded: report.loaded.into_iter().map(Into::into).collect(),
                refused: report
                    .refused
                    .into_iter()
                    .map(|r| RefusedFile { file: r.file, kind: (&r.error).into(), reason: r.error.to_string() })
                    .collect(),
                floor_was_corrupt: report.floor_was_corrupt,
            })
        })
    }

    /// The version floor of `feed` (kept across restarts in the store); `null`/`nil` when the
    /// feed was never installed.
    pub fn version_floor(&self, feed: String) -> Option<VersionFloor> {
        guard_or(
            || None,
            || {
                let entry = self.inner.version_floor(&feed)?;
                Some(VersionFloor { version: entry.version, signer_hex: to_hex(&entry.signer) })
            },
        )
    }

    /// Replaces the size caps; a zero cap throws `InvalidConfig` and changes nothing.
    pub fn set_limits(&self, limits: Limits) -> Result<(), RingfenceError> {
        guard(|| self.inner.set_limits(limits.into()))
    }

    /// The size caps in use.
    pub fn limits(&self) -> Limits {
        guard_or(|| CoreLimits::DEFAULT.into(), || self.inner.limits().into())
    }
}

/// The size caps a new screener uses.
#[uniffi::export]
pub fn default_limits() -> Limits {
    guard_or(|| CoreLimits::DEFAULT.into(), || CoreLimits::DEFAULT.into())
}

/// Most keys pinned for one feed.
#[uniffi::export]
pub fn max_keys_per_feed() -> u32 {
    guard_or(|| 0, || ringfence_core::database::MAX_KEYS_PER_FEED as u32)
}
