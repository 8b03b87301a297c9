//! Call Directory export (iOS): blocking and identification entries as CallKit wants them —
//! E.164 digits as integers, strictly ascending, no duplicates — streamed in caller-sized
//! chunks, plus incremental plans (remove/add) between two versions.
//!
//! Each number takes the verdict its entries give it, with the screener's precedence: a user
//! allow rule, then user rules (most specific first), then feed allow entries, then feed
//! entries (most specific first). Allowed numbers and emergency numbers never appear as
//! blocking (or identification) entries. `#` ranges are expanded lazily; memory beyond the
//! sources is O(overlapping entries) plus one chunk.
//!
//! Limits: numbers are at most 15 digits (E.164); a range of 10^k numbers yields 10^k entries,
//! so a feed of wide ranges can exceed what an iOS extension may load (the app should cap it).

mod plan;
mod sweep;

use std::sync::Arc;

pub use plan::difference;

use crate::i18n::{Language, describe};
use crate::number::is_emergency_value;
use crate::rules::RuleSet;
use crate::verdict::{Action, Category, Reason};
use sweep::Sweep;

/// One interval of numbers with what a source says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportEntry {
    /// First number (E.164 digits as an integer).
    pub first: u64,
    /// Last number, inclusive.
    pub last: u64,
    /// Precedence: lower wins (see [`rank`]).
    pub rank: u16,
    /// The entry's action.
    pub action: Action,
    /// Its category.
    pub category: Category,
    /// Its label, if any.
    pub label: Option<Arc<str>>,
}

/// Precedence rank of an entry: user allow < user rules < feed allow < feed entries, and
/// within each tier fewer wildcards (more specific) first.
pub fn rank(from_user: bool, action: Action, wildcards: u8) -> u16 {
    let tier = match (from_user, action == Action::Allow) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 3,
    };
    tier * 32 + u16::from(wildcards)
}

/// Something that can list its entries sorted by `first` (user rules, a database…).
pub trait EntrySource: Send + Sync {
    /// All entries, sorted by `first`. The iterator owns what it needs.
    fn entries(self: Arc<Self>) -> Box<dyn Iterator<Item = ExportEntry> + Send>;
}

impl EntrySource for RuleSet {
    fn entries(self: Arc<Self>) -> Box<dyn Iterator<Item = ExportEntry> + Send> {
        let rules = self.rules(); // sorted by (first, wildcards)
        Box::new(rules.into_iter().map(|r| {
            let first = r.pattern.first().as_u64();
            ExportEntry {
                first,
                last: first + (r.pattern.size() - 1),
                rank: rank(true, r.action, r.pattern.wildcards()),
                action: r.action,
                category: r.category,
                label: r.label,
            }
        }))
    }
}

/// An immutable set of sources to export from (a screener's rules and feeds at one moment).
#[derive(Clone, Default)]
pub struct ExportSet {
    sources: Vec<Arc<dyn EntrySource>>,
    language: Language,
}

impl std::fmt::Debug for ExportSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportSet").field("sources", &self.sources.len()).field("language", &self.language).finish()
    }
}

/// Merges sorted entry streams into one sorted stream.
fn merged(sources: &[Arc<dyn EntrySource>]) -> impl Iterator<Item = ExportEntry> + Send + use<> {
    let mut streams: Vec<_> = sources.iter().map(|s| s.clone().entries().peekable()).collect();
    std::iter::from_fn(move || {
        let mut best: Option<(usize, u64)> = None;
        for (i, s) in streams.iter_mut().enumerate() {
            if let Some(first) = s.peek().map(|e| e.first).filter(|f| best.is_none_or(|(_, b)| *f < b)) {
                best = Some((i, first));
            }
        }
        streams[best?.0].next()
    })
}

impl ExportSet {
    /// A set over `sources`, labelling identification entries in `language`.
    pub fn new(sources: Vec<Arc<dyn EntrySource>>, language: Language) -> Self {
        Self { sources, language }
    }

    /// Numbers to block, ascending.
    pub fn blocking(&self) -> impl Iterator<Item = u64> + Send + use<> {
        Sweep::new(merged(&self.sources))
            .filter(|(n, e)| e.action == Action::Block && !is_emergency_value(*n))
            .map(|(n, _)| n)
    }

    /// Blocking entries to remove when going from `old` to `self`, ascending.
    pub fn blocking_removals_since(&self, old: &ExportSet) -> impl Iterator<Item = u64> + Send + use<> {
        difference(old.blocking(), self.blocking(), |n| *n)
    }

    /// Blocking entries to add when going from `old` to `self`, ascending.
    pub fn blocking_additions_since(&self, old: &ExportSet) -> impl Iterator<Item = u64> + Send + use<> {
        difference(self.blocking(), old.blocking(), |n| *n)
    }

    /// Identification entries to remove (gone, or relabelled) going from `old` to `self`.
    pub fn identification_removals_since(&self, old: &ExportSet) -> impl Iterator<Item = u64> + Send + use<> {
        difference(old.identification(), self.identification(), |e| e.0).map(|e| e.0)
    }

    /// Identification entries to add (new, or relabelled) going from `old` to `self`.
    pub fn identification_additions_since(
        &self,
        old: &ExportSet,
    ) -> impl Iterator<Item = (u64, Arc<str>)> + Send + use<> {
        difference(self.identification(), old.identification(), |e| e.0)
    }

    /// Numbers to identify (labelled or silenced entries), with their labels, ascending.
    pub fn identification(&self) -> impl Iterator<Item = (u64, Arc<str>)> + Send + use<> {
        let language = self.language;
        Sweep::new(merged(&self.sources))
            .filter(|(n, e)| matches!(e.action, Action::Label | Action::Silence) && !is_emergency_value(*n))
            .map(move |(n, e)| (n, e.label.clone().unwrap_or_else(|| default_label(e.category, language))))
    }
}

/// The label for an entry without one: its category's, else a generic one.
fn default_label(category: Category, language: Language) -> Arc<str> {
    describe(Reason::UserLabel, category, language).0.unwrap_or_else(|| "Ringfence".into()).into()
}

/// Pulls up to `max` items from an iterator (a chunk for the extension).
pub fn chunk<T>(iter: &mut impl Iterator<Item = T>, max: usize) -> Vec<T> {
    iter.by_ref().take(max).collect()
}
