//! Compiled number databases: millions of exact numbers and `#` ranges, each with an action,
//! a category and a label, in one signed file read in place (memory-mapped or an owned buffer).
//!
//! - **Format** (`docs/database-format.md` in the repository): a 160-byte header, a section
//!   table, 64-byte aligned little-endian sections; a SHA-256 checksum over the whole file and
//!   an ed25519 signature over that checksum by the feed's key. Metadata is postcard.
//! - **Opening**: [`Database::open`] checks everything (framing, checksum, pinned key,
//!   signature, structure, downgrade); [`Database::open_installed`] re-opens a file that passed
//!   `open` when it was installed, in O(1) (framing, pinned key, signature, section sizes).
//! - **Lookups**: [`Database::lookup`] with the rule-list precedence: any matching allow entry
//!   wins, else the most specific match (an exact number, then ranges with fewer `#`).
//! - **Building**: [`DatabaseBuilder`] from CSV, text, JSON and Begone plist lists
//!   ([`import`]); **deltas**, signed by the feed's key: [`diff`] and [`apply_with`].
//! - **Trust**: keys are pinned per feed name ([`FeedKeys`], any [`Trust`]); size caps in
//!   [`Limits`]; files written atomically under unique names ([`write_database_file`]).
//! - **Publishing**: a feed's `manifest.json` ([`FeedManifest`]): what apps poll, and what
//!   to fetch for the installed version ([`FeedUpdate`]).
//!
//! This module sits below rules and the screener: it uses only `number`, `verdict`, `error`.
//! With the `test-support` feature (tests and fuzzing only), `test_support` re-signs edited
//! files so tests reach the checks behind the signature.

mod batch;
mod bits;
mod builder;
mod delta;
mod entries;
mod floor;
mod format;
pub mod import;
mod index;
mod install;
mod limits;
mod manifest;
mod open;
mod ranges;
mod score;
mod tables;
#[cfg(feature = "test-support")]
pub mod test_support;
mod trust;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::error::DatabaseError;

pub(crate) use builder::check_label;
pub use builder::{BuildOutput, DatabaseBuilder, Entry, MAX_FEED_NAME_CHARS, MAX_LABEL_CHARS};
pub use delta::{DELTA_MAGIC, DELTA_VERSION, DeltaInfo, apply, apply_with, diff};
pub use entries::{Entries, OwnedEntries, OwnedEntry};
pub(crate) use entries::{RawEntries, RawEntry};
pub use floor::{FLOOR_FILE, FloorEntry, VersionFloor};
pub use format::{FORMAT_VERSION, MAGIC, key_from_hex, public_key, to_hex};
pub use import::{ImportOptions, ImportReport, ListFormat, RowError};
pub use install::{FileBytes, MapFile, read_file, write_database_file};
pub(crate) use install::{TEMP_PREFIX, TempFile, unique_name};
pub use limits::Limits;
pub use manifest::{
    FEED_MANIFEST_FORMAT, FeedDelta, FeedFile, FeedManifest, FeedUpdate, MAX_FEED_FILE_NAME_BYTES,
    MAX_FEED_MANIFEST_BYTES, ManifestError,
};
pub use score::{level_score, score_level};
pub(crate) use tables::{action_code, action_from, category_code, category_from};
pub use trust::{FeedKeys, MAX_KEYS_PER_FEED, MAX_PINNED_FEEDS, Trust};

use crate::number::{E164, Pattern};
use crate::verdict::{Action, Category};
use format::{Header, Section};
use index::{IndexParams, IndexView};
use ranges::RangeTable;
use tables::{Class, Classes, Labels};

/// What a feed says about itself (stored postcard-encoded in the `META` section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The feed's name (e.g. `"ch-spam"`).
    pub feed: String,
    /// The feed version: increases with every release; older versions are refused as downgrades.
    pub version: u64,
    /// When the file was built, in seconds since the Unix epoch.
    pub created_unix: u64,
}

/// What an installed database is: its metadata and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseInfo {
    /// The feed's name, version and creation time.
    pub metadata: Metadata,
    /// Exact-number entries.
    pub exact_count: u64,
    /// `#`-range entries.
    pub range_count: u64,
    /// The file's SHA-256 checksum.
    pub checksum: [u8; 32],
}

/// One entry of a database: a pattern and what the feed says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbEntry<'a> {
    /// The exact number or `#` range.
    pub pattern: Pattern,
    /// The entry's action.
    pub action: Action,
    /// Its category.
    pub category: Category,
    /// Its label, borrowed from the database.
    pub label: Option<&'a str>,
}

/// The entry that decides a lookup.
pub type DbMatch<'a> = DbEntry<'a>;

/// An open, verified database. Cheap to clone (one `Arc`), `Send + Sync`; lookups never
/// allocate and never panic, whatever the bytes.
#[derive(Clone)]
pub struct Database {
    inner: Arc<Inner>,
}

struct Inner {
    bytes: Box<dyn AsRef<[u8]> + Send + Sync>,
    header: Header,
    meta: Metadata,
    index: IndexParams,
    ranges: RangeTable,
    labels: u32,
    classes: u32,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("metadata", &self.inner.meta)
            .field("exact", &self.exact_count())
            .field("ranges", &self.range_count())
            .finish()
    }
}

impl Database {
    /// The file's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        (*self.inner.bytes).as_ref()
    }

    /// Section `s` of the file.
    #[inline]
    fn section(&self, s: Section) -> &[u8] {
        self.inner.header.section(self.as_bytes(), s)
    }

    fn labels(&self) -> Labels<'_> {
        Labels::parse(self.section(Section::Labels)).unwrap_or(Labels::EMPTY)
    }

    #[inline]
    fn classes(&self) -> Classes<'_> {
        self.classes_in(self.as_bytes())
    }

    #[inline]
    fn classes_in<'a>(&self, b: &'a [u8]) -> Classes<'a> {
        Classes { bytes: self.inner.header.section(b, Section::Classes), count: self.inner.classes }
    }

    #[inline]
    fn index(&self) -> IndexView<'_> {
        self.index_in(self.as_bytes())
    }

    #[inline]
    fn index_in<'a>(&self, b: &'a [u8]) -> IndexView<'a> {
        IndexView::new(self.inner.index, |s| self.inner.header.section(b, s))
    }

    fn entry(&self, pattern: Pattern, class: Class) -> DbEntry<'_> {
        let label = class.label.and_then(|l| self.label(l));
        DbEntry { pattern, action: class.action, category: class.category, label }
    }

    /// Label `id` of the label table.
    pub(crate) fn label(&self, id: u32) -> Option<&str> {
        Labels { bytes: self.section(Section::Labels), count: self.inner.labels }.get(id)
    }

    /// The entry deciding `number`: any matching allow entry, else the most specific match.
    pub fn lookup(&self, number: E164) -> Option<DbMatch<'_>> {
        self.decide(number, self.index().find(number.as_u64()))
    }

    /// [`lookup`](Self::lookup) given `exact`, the number's entry in the exact-number index.
    #[inline]
    fn decide(&self, number: E164, exact: Option<u64>) -> Option<DbMatch<'_>> {
        let b = self.as_bytes();
        let classes = self.classes_in(b);
        let mut best: Option<(Pattern, Class)> = None;
        let index = self.index_in(b);
        if let Some(class) = exact.and_then(|i| classes.get(index.class_of(i))) {
            if class.action == Action::Allow {
                return Some(self.entry(Pattern::exact(number), class));
            }
            best = Some((Pattern::exact(number), class));
        }
        let table = self.inner.header.section(b, Section::Ranges);
        for g in &self.inner.ranges.groups {
            if best.is_some() && !g.has_allow {
                continue;
            }
            if let Some((p, class)) =
                self.inner.ranges.find(table, g, number).and_then(|(p, c)| Some((p, classes.get(c)?)))
            {
                if class.action == Action::Allow {
                    return Some(self.entry(p, class));
                }
                best.get_or_insert((p, class));
            }
        }
        best.map(|(p, c)| self.entry(p, c))
    }

    /// Metadata, sizes and checksum in one record.
    pub fn info(&self) -> DatabaseInfo {
        DatabaseInfo {
            metadata: self.metadata().clone(),
            exact_count: self.exact_count(),
            range_count: self.range_count(),
            checksum: self.checksum(),
        }
    }

    /// The feed's metadata.
    pub fn metadata(&self) -> &Metadata {
        &self.inner.meta
    }

    /// Number of exact-number entries.
    pub fn exact_count(&self) -> u64 {
        self.inner.index.n
    }

    /// Number of `#`-range entries.
    pub fn range_count(&self) -> u64 {
        u64::from(self.inner.ranges.count)
    }

    /// Number of distinct labels.
    pub fn label_count(&self) -> u32 {
        self.inner.labels
    }

    /// The file's SHA-256 checksum (what the signature covers; identifies this exact file).
    pub fn checksum(&self) -> [u8; 32] {
        self.inner.header.checksum
    }

    /// The public key that signed the file.
    pub fn signer(&self) -> [u8; 32] {
        self.inner.header.key
    }

    /// All entries, ascending by first number (then fewer `#` first), borrowing the database.
    pub fn entries(&self) -> Entries<'_> {
        Entries::new(self)
    }

    /// All entries as an owned, `'static + Send` iterator (for exports and other threads).
    pub fn into_entries(self) -> OwnedEntries {
        OwnedEntries::new(self)
    }
}
