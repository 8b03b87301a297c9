//! Ascending iteration over a database's entries (exact numbers and `#` ranges merged), for
//! exports such as the iOS Call Directory: ranges are yielded as patterns, to be expanded
//! lazily by the consumer. Memory is O(1) (O(labels) for [`OwnedEntries`]' label cache).

use std::sync::Arc;

use super::format::Section;
use super::index::{IndexCursor, IndexView};
use super::ranges::{MAX_GROUPS, RangeTable};
use super::tables::Classes;
use super::{Database, DbEntry};
use crate::number::{E164, POW10, Pattern};
use crate::verdict::{Action, Category};

/// One entry as stored, for exports: its first number, wildcard count and class id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawEntry {
    /// The first number the entry covers.
    pub first: u64,
    /// Trailing wildcard digits (0 for an exact number).
    pub wildcards: u8,
    /// The entry's class (see [`Database::class_info`]).
    pub class: u32,
}

impl RawEntry {
    /// How many numbers the entry covers (10^wildcards); `None` for a corrupt wildcard count.
    #[inline]
    pub(crate) fn size(&self) -> Option<u64> {
        POW10.get(usize::from(self.wildcards)).copied()
    }

    /// The entry's pattern.
    fn pattern(&self) -> Option<Pattern> {
        let first = E164::from_u64(self.first)?;
        match self.wildcards {
            0 => Some(Pattern::exact(first)),
            w => Pattern::key_for(first, w),
        }
    }
}

/// Positions in the index and in each range group, with one peeked item per source.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cursor {
    index: IndexCursor,
    exact: Option<(u64, u32)>,
    exact_done: bool,
    pos: [u32; MAX_GROUPS],
    /// The next range of each group.
    peek: [Option<RawEntry>; MAX_GROUPS],
    /// The group whose next range comes first, and that range's first number (`u64::MAX`
    /// when none); valid once `ranges_ready`.
    next_range: Option<usize>,
    next_range_first: u64,
    ranges_ready: bool,
}

/// The parts of a database the cursor reads, sliced once (not once per entry).
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    index: IndexView<'a>,
    classes: Classes<'a>,
    table: &'a [u8],
    ranges: &'a RangeTable,
}

impl<'a> View<'a> {
    pub(crate) fn of(db: &'a Database) -> Self {
        let b = db.as_bytes();
        Self {
            index: db.index_in(b),
            classes: db.classes_in(b),
            table: db.inner.header.section(b, Section::Ranges),
            ranges: &db.inner.ranges,
        }
    }
}

impl Cursor {
    /// The next `(pattern, class id)` by (first number, wildcards).
    pub(crate) fn next_raw(&mut self, db: &Database) -> Option<(Pattern, u32)> {
        let e = self.next_in(&View::of(db))?;
        Some((e.pattern()?, e.class))
    }

    /// Re-reads the head of group `g` (at its position).
    fn peek_group(&mut self, v: &View<'_>, g: usize) {
        self.peek[g] = v.ranges.groups.get(g).and_then(|group| {
            let (p, class) = v.ranges.at(v.table, group, self.pos[g])?;
            Some(RawEntry { first: p.first().as_u64(), wildcards: p.wildcards(), class })
        });
    }

    /// Recomputes the next range across groups (fewer wildcards first on equal first numbers).
    fn find_next_range(&mut self) {
        let mut best: Option<(u64, u8, usize)> = None;
        for (g, peek) in self.peek.iter().enumerate() {
            if let Some(e) = peek
                && best.is_none_or(|(f, w, _)| (e.first, e.wildcards) < (f, w))
            {
                best = Some((e.first, e.wildcards, g));
            }
        }
        self.next_range = best.map(|b| b.2);
        self.next_range_first = best.map_or(u64::MAX, |b| b.0);
    }

    /// The next entry by (first number, wildcards), reading `v`. Inlined: the result then
    /// stays in registers (a full export calls this for every entry, twice).
    #[inline(always)]
    pub(crate) fn next_in(&mut self, v: &View<'_>) -> Option<RawEntry> {
        if !self.ranges_ready {
            for g in 0..v.ranges.groups.len().min(MAX_GROUPS) {
                self.peek_group(v, g);
            }
            self.find_next_range();
            self.ranges_ready = true;
        }
        if self.exact.is_none() && !self.exact_done {
            self.exact = v.index.next(&mut self.index);
            self.exact_done = self.exact.is_none();
        }
        // An exact number (no wildcards) comes before a range with the same first number.
        if let Some((value, class)) = self.exact
            && value <= self.next_range_first
        {
            self.exact = None;
            return Some(RawEntry { first: value, wildcards: 0, class });
        }
        let g = self.next_range?;
        let e = self.peek.get(g).copied()??;
        self.pos[g] += 1;
        self.peek_group(v, g);
        self.find_next_range();
        Some(e)
    }
}

/// Entries of a database in ascending order, borrowing it. See [`Database::entries`].
#[derive(Debug)]
pub struct Entries<'a> {
    db: &'a Database,
    view: View<'a>,
    cur: Cursor,
}

impl<'a> Entries<'a> {
    pub(crate) fn new(db: &'a Database) -> Self {
        Self { db, view: View::of(db), cur: Cursor::default() }
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = DbEntry<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let e = self.cur.next_in(&self.view)?;
        let class = self.view.classes.get(e.class)?;
        Some(self.db.entry(e.pattern()?, class))
    }
}

/// An entry with an owned label, yielded by [`OwnedEntries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedEntry {
    /// The exact number or `#` range.
    pub pattern: Pattern,
    /// The entry's action.
    pub action: Action,
    /// Its category.
    pub category: Category,
    /// Its label (shared: one allocation per distinct label).
    pub label: Option<Arc<str>>,
}

/// Entries of a database in ascending order, owning a handle to it (`'static + Send`).
#[derive(Debug)]
pub struct OwnedEntries {
    db: Database,
    cur: Cursor,
    labels: Vec<Option<Arc<str>>>,
}

impl OwnedEntries {
    pub(crate) fn new(db: Database) -> Self {
        Self { db, cur: Cursor::default(), labels: Vec::new() }
    }
}

impl Iterator for OwnedEntries {
    type Item = OwnedEntry;

    fn next(&mut self) -> Option<Self::Item> {
        let (pattern, class) = self.cur.next_raw(&self.db)?;
        let class = self.db.classes().get(class)?;
        let label = class.label.and_then(|id| {
            let slot = id as usize;
            if slot >= self.labels.len() {
                self.labels.resize(slot.min(self.db.inner.labels as usize) + 1, None);
            }
            let cached = self.labels.get_mut(slot)?;
            if cached.is_none() {
                *cached = self.db.label(id).map(Arc::from);
            }
            cached.clone()
        });
        Some(OwnedEntry { pattern, action: class.action, category: class.category, label })
    }
}

/// A database's entries as stored, ascending, owning a handle to the database: what exports
/// read (no patterns, no labels; see [`Database::class_info`]).
#[derive(Debug)]
pub(crate) struct RawEntries {
    db: Database,
    cur: Cursor,
    done: bool,
}

impl RawEntries {
    /// Passes up to `max` entries to `f` (the database is sliced once per call); `false` once
    /// the entries are exhausted.
    #[inline]
    pub(crate) fn for_each(&mut self, max: usize, mut f: impl FnMut(RawEntry)) -> bool {
        if self.done {
            return false;
        }
        let view = View::of(&self.db);
        for _ in 0..max {
            match self.cur.next_in(&view) {
                Some(e) => f(e),
                None => {
                    self.done = true;
                    return false;
                }
            }
        }
        true
    }
}

impl Database {
    /// The entries as stored, for exports.
    pub(crate) fn raw_entries(self) -> RawEntries {
        RawEntries { db: self, cur: Cursor::default(), done: false }
    }

    /// What class `id` says: action, category and label id.
    pub(crate) fn class_info(&self, id: u32) -> Option<(Action, Category, Option<u32>)> {
        self.classes().get(id).map(|c| (c.action, c.category, c.label))
    }

    /// The score level of class `id` (0 in a feed without scores).
    pub(crate) fn class_score(&self, id: u32) -> Option<u8> {
        self.classes().get(id).map(|c| c.score)
    }
}
