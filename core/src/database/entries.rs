//! Ascending iteration over a database's entries (exact numbers and `#` ranges merged), for
//! exports such as the iOS Call Directory: ranges are yielded as patterns, to be expanded
//! lazily by the consumer. Memory is O(1) (O(labels) for [`OwnedEntries`]' label cache).

use std::sync::Arc;

use super::index::IndexCursor;
use super::{Database, DbEntry};
use crate::number::{E164, Pattern};
use crate::verdict::{Action, Category};

/// Most wildcard groups (see `ranges`).
const GROUPS: usize = 14;

/// Positions in the index and in each range group, with one peeked item per source.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cursor {
    index: IndexCursor,
    exact: Option<(u64, u32)>,
    exact_done: bool,
    pos: [u32; GROUPS],
    peek: [Option<(Pattern, u32)>; GROUPS],
}

impl Cursor {
    /// The next `(pattern, class id)` by (first number, wildcards).
    pub(crate) fn next_raw(&mut self, db: &Database) -> Option<(Pattern, u32)> {
        if self.exact.is_none() && !self.exact_done {
            self.exact = db.index().next(&mut self.index);
            self.exact_done = self.exact.is_none();
        }
        let table = db.section(8);
        let mut best: Option<(u64, u8, usize)> = self.exact.map(|(v, _)| (v, 0, GROUPS));
        for (gi, g) in db.inner.ranges.groups.iter().enumerate().take(GROUPS) {
            if self.peek[gi].is_none() {
                self.peek[gi] = db.inner.ranges.at(table, g, self.pos[gi]);
            }
            if let Some((p, _)) = self.peek[gi] {
                let key = (p.first().as_u64(), p.wildcards(), gi);
                if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                    best = Some(key);
                }
            }
        }
        let (_, _, source) = best?;
        if source == GROUPS {
            let (v, class) = self.exact.take()?;
            return Some((Pattern::exact(E164::from_u64(v)?), class));
        }
        self.pos[source] += 1;
        self.peek[source].take()
    }
}

/// Entries of a database in ascending order, borrowing it. See [`Database::entries`].
#[derive(Debug)]
pub struct Entries<'a> {
    db: &'a Database,
    cur: Cursor,
}

impl<'a> Entries<'a> {
    pub(crate) fn new(db: &'a Database) -> Self {
        Self { db, cur: Cursor::default() }
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = DbEntry<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let (pattern, class) = self.cur.next_raw(self.db)?;
        let class = self.db.classes().get(class)?;
        Some(self.db.entry(pattern, class))
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
