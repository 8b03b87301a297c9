//! Call Directory export (iOS): blocking and identification entries as CallKit wants them —
//! E.164 digits as integers, strictly ascending, no duplicates — streamed in caller-sized
//! chunks, plus incremental plans (remove/add) between two versions.
//!
//! Sources are the user's rules ([`RuleSet`]) and compiled databases ([`Database`]), or any
//! other [`EntrySource`]. Each number takes the verdict its entries give it, by the
//! screener's precedence ladder ([`crate::precedence`]): entries are ranked by their
//! [`Tier`](crate::precedence::Tier) and feeds combine as in screening. What the export
//! cannot know (contacts, dialled numbers, the risk signals) is left to screening; emergency
//! numbers ([`crate::number::emergency`]) sit above every entry but a user allow, so they never
//! appear as blocking or identification entries, and neither do allowed numbers.
//!
//! `#` ranges are expanded lazily: the sweep works on segments of numbers with one decision, so
//! memory beyond the sources is O(overlapping entries) plus one chunk. A database is read in
//! place; the only per-export state is its iteration cursor, small batches of decoded entries
//! and a bounded cache of decoded classes (which shares each label's `Arc<str>`).
//!
//! Limits: numbers are at most 15 digits (E.164); a range of 10^k numbers yields 10^k entries,
//! so a feed of wide ranges can exceed what an iOS extension may load (the app should cap it:
//! CallKit's limit is undocumented and varies by device). An incremental plan streams both
//! versions side by side, so it costs two full sweeps' time (but no more memory).

//! ```
//! use ringfence_core::{Action, Category, Pattern, Rule, Screener};
//!
//! let screener = Screener::new(Default::default());
//! let rule = |p: &str, action, label| Rule::new(Pattern::parse(p, None).unwrap(), action, Category::Spam, label);
//! screener.add_rules(vec![
//!     rule("+4121560000#", Action::Block, None)?,
//!     rule("+41215600005", Action::Allow, None)?, // allowed numbers are never exported
//!     rule("+41445551234", Action::Label, Some("Survey"))?,
//!     rule("+39112", Action::Block, None)?,       // neither are emergency numbers (112 in Italy)
//! ])?;
//!
//! let export = screener.export_set();
//! let blocking: Vec<u64> = export.blocking().collect(); // strictly ascending, as CallKit wants
//! assert_eq!(blocking, [41215600000, 41215600001, 41215600002, 41215600003, 41215600004,
//!                       41215600006, 41215600007, 41215600008, 41215600009]);
//! let labels: Vec<(u64, String)> = export.identification().map(|(n, l)| (n, l.to_string())).collect();
//! assert_eq!(labels, [(41445551234, "Survey".to_string())]);
//! # Ok::<(), ringfence_core::RingfenceError>(())
//! ```

mod database;
mod expand;
mod lookup;
mod plan;
mod skipped;
mod stream;
mod sweep;

use std::sync::Arc;

pub use lookup::{lookup_identification, lookup_label};
pub use plan::difference;
pub use skipped::ExportSkipped;
pub use stream::EntryStream;

use crate::database::Database;
use crate::i18n::Language;
use crate::precedence::{Origin, entry_rank};
use crate::rules::RuleSet;
use crate::verdict::{Action, Category};
use expand::{Blocking, Identification, Segments};
use sweep::{Sweep, actions};

/// One interval of numbers with what a source says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportEntry {
    /// First number (E.164 digits as an integer).
    pub first: u64,
    /// Last number, inclusive.
    pub last: u64,
    /// Precedence: lower wins ([`entry_rank`]).
    pub rank: u16,
    /// The entry's action.
    pub action: Action,
    /// Its category.
    pub category: Category,
    /// Its label, if any.
    pub label: Option<Arc<str>>,
}

/// Something that can list its entries sorted by `first` (user rules, a database…).
pub trait EntrySource: Send + Sync {
    /// All entries, sorted by `first` (wrap any iterator with [`EntryStream::new`]). The
    /// stream owns what it needs.
    fn entries(self: Arc<Self>) -> EntryStream;

    /// The same entries, whose labels may be left out (the blocking export shows none, and
    /// skips the work of sharing them). By default, [`entries`](Self::entries).
    fn unlabelled_entries(self: Arc<Self>) -> EntryStream {
        self.entries()
    }

    /// The feed this source is a version of (name, version), for the one-database-per-feed
    /// rule of [`ExportSet`]. By default none (user rules, other sources).
    fn feed(&self) -> Option<(&str, u64)> {
        None
    }
}

/// The user's number rules that apply to every call (no line, no schedule). Rules scoped to a
/// line or a schedule and regular-expression rules are not exported: a Call Directory entry
/// applies always, so screening alone can honour them.
impl EntrySource for RuleSet {
    fn entries(self: Arc<Self>) -> EntryStream {
        let rules = self.rules(); // sorted by (first, wildcards)
        EntryStream::new(rules.into_iter().filter(|r| r.is_unconditional()).filter_map(|r| {
            let pattern = r.pattern()?;
            let first = pattern.first().as_u64();
            Some(ExportEntry {
                first,
                last: first + (pattern.size() - 1),
                rank: entry_rank(Origin::User, r.action, pattern.wildcards()),
                action: r.action,
                category: r.category,
                label: r.label,
            })
        }))
    }
}

/// An immutable set of sources to export from (a screener's rules and feeds at one moment).
#[derive(Clone, Default)]
pub struct ExportSet {
    sources: Vec<Arc<dyn EntrySource>>,
    language: Language,
    skipped: ExportSkipped,
}

impl std::fmt::Debug for ExportSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportSet")
            .field("sources", &self.sources.len())
            .field("language", &self.language)
            .field("skipped", &self.skipped)
            .finish()
    }
}

impl ExportSet {
    /// A set over `sources`, labelling identification entries in `language`. The order of
    /// `sources` matters only between feeds: on a tie the earlier one wins (pass the user's
    /// rules first, then databases in installation order, as the screener does).
    ///
    /// **One database per feed**, as in a screener: of two sources that are versions of the
    /// same feed ([`EntrySource::feed`]), only the newer is exported (the first on equal
    /// versions), in the place of the first one; the older one's entries never export.
    pub fn new(sources: Vec<Arc<dyn EntrySource>>, language: Language) -> Self {
        let empty = Self { sources: Vec::new(), language, skipped: ExportSkipped::default() };
        sources.into_iter().fold(empty, Self::with_source)
    }

    /// This set, reporting `skipped` as what its export leaves out ([`skipped`](Self::skipped)).
    pub fn with_skipped(self, skipped: ExportSkipped) -> Self {
        Self { skipped, ..self }
    }

    /// What the sources hold that a Call Directory cannot express, left out of every export
    /// (rules on a line, a schedule or a regular expression, the policy's time and line
    /// controls); empty unless set by [`with_skipped`](Self::with_skipped), as
    /// [`Screener::export_set`](crate::Screener::export_set) does.
    pub fn skipped(&self) -> &ExportSkipped {
        &self.skipped
    }

    /// A set over the user's `rules` and the installed `databases` (in installation order),
    /// as a screener combines them.
    pub fn from_rules_and_databases(
        rules: Arc<RuleSet>,
        databases: impl IntoIterator<Item = Database>,
        language: Language,
    ) -> Self {
        let mut sources: Vec<Arc<dyn EntrySource>> = vec![rules];
        sources.extend(databases.into_iter().map(|db| Arc::new(db) as Arc<dyn EntrySource>));
        Self::new(sources, language)
    }

    /// This set with `source` added after the others; a newer version of a feed already in
    /// the set takes that one's place, an older (or the same) version is left out (see [`new`](Self::new)).
    pub fn with_source(mut self, source: Arc<dyn EntrySource>) -> Self {
        let same_feed = source
            .feed()
            .and_then(|(name, _)| self.sources.iter().position(|s| s.feed().is_some_and(|(other, _)| other == name)));
        match same_feed {
            None => self.sources.push(source),
            Some(i) if self.sources[i].feed().map(|f| f.1) < source.feed().map(|f| f.1) => self.sources[i] = source,
            Some(_) => {}
        }
        self
    }

    /// Decided segments whose action is in `wanted`, ascending (without labels unless `labels`).
    fn segments(&self, labels: bool, wanted: u8) -> Segments {
        let stream = |s: &Arc<dyn EntrySource>| match labels {
            true => s.clone().entries(),
            false => s.clone().unlabelled_entries(),
        };
        Segments::new(Sweep::new(self.sources.iter().map(stream).collect(), wanted))
    }

    /// Numbers to block, ascending.
    pub fn blocking(&self) -> impl Iterator<Item = u64> + Send + use<> {
        Blocking::new(self.segments(false, actions(&[Action::Block])))
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
    /// Entries without a label get their category's (shared: no allocation per number).
    pub fn identification(&self) -> impl Iterator<Item = (u64, Arc<str>)> + Send + use<> {
        Identification::new(self.segments(true, actions(&[Action::Label, Action::Silence])), self.language)
    }
}

/// Pulls up to `max` items from an iterator (a chunk for the extension). The chunk is
/// allocated once, at its final size for chunks up to [`CHUNK_PREALLOCATION`] items.
pub fn chunk<T>(iter: &mut impl Iterator<Item = T>, max: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(max.min(CHUNK_PREALLOCATION));
    out.extend(iter.by_ref().take(max));
    out
}

/// Items [`chunk`] reserves up front (bigger chunks grow as needed).
pub const CHUNK_PREALLOCATION: usize = 8192;
