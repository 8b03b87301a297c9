//! Call Directory (iOS) export objects: a snapshot, chunked cursors and incremental plans.
//!
//! Numbers are CallKit's `CXCallDirectoryPhoneNumber`: E.164 digits as an `Int64`, strictly
//! ascending, no duplicates. Each `next…` call returns at most `max` entries; an empty list
//! means the cursor is exhausted. None of these calls throws: a failure inside Ringfence
//! answers an empty list (nothing more to block or identify).

use std::sync::{Arc, Mutex};

use ringfence_core::export::{ExportSet, ExportSkipped, chunk};

use crate::guard::guard_or;

/// A number to identify, with the label the system shows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct IdentificationEntry {
    /// E.164 digits as an integer (no `+`).
    pub number: i64,
    /// The label (never contains the number).
    pub label: String,
}

type Blocking = Box<dyn Iterator<Item = u64> + Send>;
type Identification = Box<dyn Iterator<Item = (u64, Arc<str>)> + Send>;

/// A streaming list of entries; call the `next…` method matching its kind until it is empty.
#[derive(uniffi::Object)]
pub struct CallDirectoryCursor {
    blocking: Mutex<Option<Blocking>>,
    identification: Mutex<Option<Identification>>,
}

impl CallDirectoryCursor {
    fn blocking(it: Blocking) -> Arc<Self> {
        Arc::new(Self { blocking: Mutex::new(Some(it)), identification: Mutex::new(None) })
    }

    fn identification(it: Identification) -> Arc<Self> {
        Arc::new(Self { blocking: Mutex::new(None), identification: Mutex::new(Some(it)) })
    }

    /// An exhausted cursor.
    fn empty() -> Arc<Self> {
        Self::blocking(Box::new(std::iter::empty()))
    }
}

/// At most this many entries per chunk.
const MAX_CHUNK: u32 = 1_000_000;

#[uniffi::export]
impl CallDirectoryCursor {
    /// The next numbers (blocking entries, or plain number lists such as removals); at most
    /// `max` (capped at 1,000,000); empty when done or for an identification cursor.
    pub fn next_numbers(&self, max: u32) -> Vec<i64> {
        guard_or(Vec::new, || {
            let mut it = self.blocking.lock().unwrap_or_else(|e| e.into_inner());
            it.as_mut().map_or_else(Vec::new, |it| chunk(it, limit(max)).into_iter().map(|n| n as i64).collect())
        })
    }

    /// The next identification entries; at most `max`; empty when done or for a number cursor.
    pub fn next_identification(&self, max: u32) -> Vec<IdentificationEntry> {
        guard_or(Vec::new, || {
            let mut it = self.identification.lock().unwrap_or_else(|e| e.into_inner());
            it.as_mut().map_or_else(Vec::new, |it| {
                chunk(it, limit(max))
                    .into_iter()
                    .map(|(n, label)| IdentificationEntry { number: n as i64, label: label.to_string() })
                    .collect()
            })
        })
    }
}

/// A chunk size: `max`, capped at [`MAX_CHUNK`].
fn limit(max: u32) -> usize {
    max.min(MAX_CHUNK) as usize
}

/// An immutable snapshot of a screener's rules (and feeds) for Call Directory exports.
#[derive(uniffi::Object)]
pub struct CallDirectorySnapshot {
    set: ExportSet,
}

impl CallDirectorySnapshot {
    pub(crate) fn new(set: ExportSet) -> Arc<Self> {
        Arc::new(Self { set })
    }

    /// A snapshot with no entries: the fail-open answer when one cannot be taken.
    pub(crate) fn empty() -> Arc<Self> {
        Self::new(ExportSet::default())
    }
}

#[uniffi::export]
impl CallDirectorySnapshot {
    /// What the snapshot's rules and policy hold that a Call Directory cannot express (rules on
    /// a line, a schedule or a regular expression; quiet hours, pause, …), left out of every
    /// export and counted so the app can tell its user (docs/controls.md, "iOS").
    pub fn skipped(&self) -> ExportSkipped {
        guard_or(ExportSkipped::default, || self.set.skipped().clone())
    }

    /// All blocking entries (full load): use `next_numbers`.
    pub fn blocking_entries(&self) -> Arc<CallDirectoryCursor> {
        guard_or(CallDirectoryCursor::empty, || CallDirectoryCursor::blocking(Box::new(self.set.blocking())))
    }

    /// All identification entries (full load): use `next_identification`.
    pub fn identification_entries(&self) -> Arc<CallDirectoryCursor> {
        guard_or(CallDirectoryCursor::empty, || {
            CallDirectoryCursor::identification(Box::new(self.set.identification()))
        })
    }

    /// Blocking entries to remove going from `old` to this snapshot (`next_numbers`).
    pub fn blocking_removals_since(&self, old: Arc<CallDirectorySnapshot>) -> Arc<CallDirectoryCursor> {
        guard_or(CallDirectoryCursor::empty, || {
            CallDirectoryCursor::blocking(Box::new(self.set.blocking_removals_since(&old.set)))
        })
    }

    /// Blocking entries to add going from `old` to this snapshot (`next_numbers`).
    pub fn blocking_additions_since(&self, old: Arc<CallDirectorySnapshot>) -> Arc<CallDirectoryCursor> {
        guard_or(CallDirectoryCursor::empty, || {
            CallDirectoryCursor::blocking(Box::new(self.set.blocking_additions_since(&old.set)))
        })
    }

    /// Identification entries to remove (gone or relabelled) going from `old` (`next_numbers`).
    pub fn identification_removals_since(&self, old: Arc<CallDirectorySnapshot>) -> Arc<CallDirectoryCursor> {
        guard_or(CallDirectoryCursor::empty, || {
            CallDirectoryCursor::blocking(Box::new(self.set.identification_removals_since(&old.set)))
        })
    }

    /// Identification entries to add (new or relabelled) going from `old` (`next_identification`).
    pub fn identification_additions_since(&self, old: Arc<CallDirectorySnapshot>) -> Arc<CallDirectoryCursor> {
        guard_or(CallDirectoryCursor::empty, || {
            CallDirectoryCursor::identification(Box::new(self.set.identification_additions_since(&old.set)))
        })
    }
}
