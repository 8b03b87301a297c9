//! Call Directory export (iOS): blocking and identification entries as CallKit wants them —
//! E.164 digits as integers, strictly ascending, no duplicates — streamed in caller-sized
//! chunks, plus incremental plans (remove/add) between two versions.
//!
//! Sources are the user's rules ([`RuleSet`]) and compiled databases ([`Database`]), or any
//! other [`EntrySource`]. Each number takes the verdict its entries give it, with the
//! screener's precedence: a user allow rule, then user rules (most specific first), then any
//! feed allow entry, then feed entries — each database's most specific entry, and across
//! databases the strongest action (block > silence > label), the earlier database on a tie.
//! Allowed numbers and emergency numbers never appear as blocking (or identification) entries.
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

mod database;
mod plan;
mod sweep;

use std::sync::{Arc, LazyLock};

pub use plan::difference;

use crate::database::Database;
use crate::i18n::{Language, describe};
use crate::number::emergency::{emergency_examples, emergency_regions};
use crate::number::is_emergency_value;
use crate::rules::RuleSet;
use crate::verdict::{Action, Category, Reason};
use sweep::{Segment, Sweep, actions};

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
    /// All entries, sorted by `first` (wrap any iterator with [`EntryStream::new`]). The
    /// stream owns what it needs.
    fn entries(self: Arc<Self>) -> EntryStream;

    /// The same entries, whose labels may be left out (the blocking export shows none, and
    /// skips the work of sharing them). By default, [`entries`](Self::entries).
    fn unlabelled_entries(self: Arc<Self>) -> EntryStream {
        self.entries()
    }
}

/// Entries to buffer per stream: the export pulls them in batches, with one dynamic call per
/// batch rather than per entry.
const STREAM_BATCH: usize = 64;

/// Items pulled in a batch and taken one by one, in order (the allocation is reused).
#[derive(Debug)]
struct Batch<T> {
    items: Vec<Option<T>>,
    /// The next item to take.
    at: usize,
}

impl<T> Batch<T> {
    fn with_capacity(n: usize) -> Self {
        Self { items: Vec::with_capacity(n), at: 0 }
    }

    /// Empties the batch, keeping its allocation.
    #[inline]
    fn clear(&mut self) {
        self.items.clear();
        self.at = 0;
    }

    #[inline]
    fn push(&mut self, item: T) {
        self.items.push(Some(item));
    }

    /// Items not yet taken.
    #[inline]
    fn pending(&self) -> usize {
        self.items.len().saturating_sub(self.at)
    }

    /// The item `k` places after the next one.
    #[inline]
    fn peek_at(&self, k: usize) -> Option<&T> {
        self.items.get(self.at.checked_add(k)?)?.as_ref()
    }

    #[inline]
    fn take(&mut self) -> Option<T> {
        let item = self.items.get_mut(self.at)?.take();
        self.at += 1;
        item
    }
}

/// Entries a source may leave out of a stream: those whose action is in `actions` (a mask, see
/// [`sweep::actions`]), that overlap no other entry of the source, and that start after
/// `after` (past every entry of the other sources). Such an entry decides only its own
/// numbers, with an action the export does not want: leaving it out changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Skip {
    actions: u8,
    after: u64,
}

/// Fills a buffer from an iterator (object-safe, so each source's loop is compiled for it).
trait Fill: Send {
    /// Appends up to `max` entries to `out`, possibly leaving out what `skip` allows; `false`
    /// once the entries are exhausted.
    fn fill(&mut self, out: &mut Batch<ExportEntry>, max: usize, skip: Option<Skip>) -> bool;
}

impl<I: Iterator<Item = ExportEntry> + Send> Fill for I {
    fn fill(&mut self, out: &mut Batch<ExportEntry>, max: usize, _: Option<Skip>) -> bool {
        for _ in 0..max {
            match self.next() {
                Some(e) => out.push(e),
                None => return false,
            }
        }
        true
    }
}

/// A source's entries, sorted by `first`, buffered [`STREAM_BATCH`] at a time. Also an
/// iterator over the entries.
pub struct EntryStream {
    source: Box<dyn Fill>,
    /// Entries pulled and not yet taken.
    buffer: Batch<ExportEntry>,
    more: bool,
    /// What the source may leave out (set by the sweep once this stream is the last one).
    skip: Option<Skip>,
}

impl std::fmt::Debug for EntryStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryStream").field("buffered", &self.buffer.pending()).field("more", &self.more).finish()
    }
}

impl EntryStream {
    /// A stream of `entries` (which must be sorted by `first`).
    pub fn new(entries: impl Iterator<Item = ExportEntry> + Send + 'static) -> Self {
        Self::from_fill(entries)
    }

    fn from_fill(source: impl Fill + 'static) -> Self {
        Self { source: Box::new(source), buffer: Batch::with_capacity(STREAM_BATCH), more: true, skip: None }
    }

    /// The next entry, without taking it.
    #[inline(always)]
    pub(crate) fn peek(&mut self) -> Option<&ExportEntry> {
        while self.buffer.pending() == 0 && self.more {
            self.buffer.clear();
            self.more = self.source.fill(&mut self.buffer, STREAM_BATCH, self.skip);
        }
        self.buffer.peek_at(0)
    }
}

impl Iterator for EntryStream {
    type Item = ExportEntry;

    #[inline(always)]
    fn next(&mut self) -> Option<ExportEntry> {
        self.peek()?;
        self.buffer.take()
    }
}

impl EntrySource for RuleSet {
    fn entries(self: Arc<Self>) -> EntryStream {
        let rules = self.rules(); // sorted by (first, wildcards)
        EntryStream::new(rules.into_iter().map(|r| {
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

/// Numbers at or above this bound are never emergency numbers: an emergency number in
/// international form is a country code (at most 3 digits) followed by a short code no longer
/// than the longest in the emergency table. Lets the export skip the (slow, exact) emergency
/// check for almost every number.
static EMERGENCY_BOUND: LazyLock<u64> = LazyLock::new(|| {
    let longest = emergency_regions().flat_map(emergency_examples).map(|e| e.len()).max().unwrap_or(0);
    u32::try_from(3 + longest).map_or(u64::MAX, |digits| 10u64.saturating_pow(digits))
});

/// Whether `n` is an emergency number (never exported), checking exactly only below the bound.
#[inline]
fn is_emergency(n: u64, bound: u64) -> bool {
    n < bound && is_emergency_value(n)
}

impl ExportSet {
    /// A set over `sources`, labelling identification entries in `language`. The order of
    /// `sources` matters only between feeds: on a tie the earlier one wins (pass the user's
    /// rules first, then databases in installation order, as the screener does).
    pub fn new(sources: Vec<Arc<dyn EntrySource>>, language: Language) -> Self {
        Self { sources, language }
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
        Self { sources, language }
    }

    /// This set with `source` added after the others.
    pub fn with_source(mut self, source: Arc<dyn EntrySource>) -> Self {
        self.sources.push(source);
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
        Blocking {
            segments: self.segments(false, actions(&[Action::Block])),
            next: 0,
            end: 0,
            emergency_bound: *EMERGENCY_BOUND,
        }
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
        Identification {
            segments: self.segments(true, actions(&[Action::Label, Action::Silence])),
            next: 0,
            end: 0,
            label: None,
            defaults: Default::default(),
            language: self.language,
            emergency_bound: *EMERGENCY_BOUND,
        }
    }
}

/// Segments pulled from the sweep at a time.
const SEGMENT_BATCH: usize = 128;

/// Decided segments of the wanted actions, pulled from a sweep in batches.
struct Segments {
    sweep: Sweep,
    /// Pulled and not yet expanded.
    batch: Batch<Segment>,
    more: bool,
}

impl Segments {
    fn new(sweep: Sweep) -> Self {
        Self { sweep, batch: Batch::with_capacity(SEGMENT_BATCH), more: true }
    }

    #[inline]
    fn next(&mut self) -> Option<Segment> {
        while self.batch.pending() == 0 && self.more {
            self.batch.clear();
            self.more = self.sweep.fill(&mut self.batch, SEGMENT_BATCH);
        }
        self.batch.take()
    }
}

/// The blocking numbers of decided segments, expanded lazily.
struct Blocking {
    segments: Segments,
    /// The rest of the current segment: `next..end`.
    next: u64,
    end: u64,
    emergency_bound: u64,
}

impl Iterator for Blocking {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        loop {
            if self.next < self.end {
                let n = self.next;
                self.next += 1;
                if !is_emergency(n, self.emergency_bound) {
                    return Some(n);
                }
                continue;
            }
            let s = self.segments.next()?;
            (self.next, self.end) = (s.first, s.last.saturating_add(1));
        }
    }
}

/// The identification entries of decided segments, expanded lazily, with shared labels.
struct Identification {
    segments: Segments,
    /// The rest of the current segment: `next..end`, and its label.
    next: u64,
    end: u64,
    label: Option<Arc<str>>,
    /// Default labels by category, made once.
    defaults: [Option<Arc<str>>; Category::ALL.len()],
    language: Language,
    emergency_bound: u64,
}

impl Iterator for Identification {
    type Item = (u64, Arc<str>);

    fn next(&mut self) -> Option<(u64, Arc<str>)> {
        loop {
            if self.next < self.end {
                let n = self.next;
                self.next += 1;
                if let Some(label) = &self.label
                    && !is_emergency(n, self.emergency_bound)
                {
                    return Some((n, label.clone()));
                }
                continue;
            }
            let s = self.segments.next()?;
            let language = self.language;
            let label = match s.label {
                Some(l) => l,
                None => self.defaults[s.category as usize]
                    .get_or_insert_with(|| default_label(s.category, language))
                    .clone(),
            };
            (self.next, self.end, self.label) = (s.first, s.last.saturating_add(1), Some(label));
        }
    }
}

/// The label for an entry without one: its category's, else a generic one.
fn default_label(category: Category, language: Language) -> Arc<str> {
    describe(Reason::UserLabel, category, language).0.unwrap_or_else(|| "Ringfence".into()).into()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{RegionCode, country_code_for_region};

    #[test]
    fn emergency_numbers_are_all_below_the_bound() {
        let bound = *EMERGENCY_BOUND;
        assert!(bound <= 1_000_000_000, "short codes: the bound spares every full-length number");
        let mut checked = 0;
        for region in emergency_regions() {
            let Some(cc) = region.parse::<RegionCode>().ok().and_then(country_code_for_region) else { continue };
            for example in emergency_examples(region) {
                let value: u64 = format!("{cc}{example}").parse().unwrap();
                assert!(value < bound, "{region} {example}");
                assert_eq!(is_emergency(value, bound), is_emergency_value(value), "{region} {example}");
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
        // Above the bound nothing is an emergency number (a sample of lengths and prefixes).
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let value = bound + x % (100_000_000_000 - bound);
            assert!(!is_emergency_value(value), "{value}");
        }
    }
}
