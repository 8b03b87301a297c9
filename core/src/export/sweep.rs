//! A sweep over number intervals that yields, in strictly ascending order, each number
//! covered by at least one entry together with the entry that decides it.
//!
//! Entries are intervals `[first, last]` with a precedence rank (lower wins). Between two
//! consecutive interval boundaries the deciding entry cannot change, so the sweep works in
//! segments and expands them lazily: memory is O(overlapping entries), not O(numbers).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::iter::Peekable;
use std::sync::Arc;

use super::ExportEntry;

/// Yields `(number, deciding entry)` for every covered number, ascending, once each.
pub(crate) struct Sweep<I: Iterator<Item = ExportEntry>> {
    source: Peekable<I>,
    /// Active entries by (rank, arrival) → entry; the first key decides.
    active: BTreeMap<(u16, u64), Arc<ExportEntry>>,
    /// (last, rank, arrival) of active entries, soonest expiry on top.
    expiry: BinaryHeap<Reverse<(u64, u16, u64)>>,
    arrivals: u64,
    /// The current segment: next number to yield, its last number, and the decider.
    segment: Option<(u64, u64, Arc<ExportEntry>)>,
    pos: u64,
}

impl<I: Iterator<Item = ExportEntry>> Sweep<I> {
    /// `source` must be sorted by `first`.
    pub(crate) fn new(source: I) -> Self {
        Self {
            source: source.peekable(),
            active: BTreeMap::new(),
            expiry: BinaryHeap::new(),
            arrivals: 0,
            segment: None,
            pos: 0,
        }
    }

    /// Starts the next segment at or after `self.pos`; `false` when everything is swept.
    fn next_segment(&mut self) -> bool {
        loop {
            while let Some(Reverse((last, rank, seq))) = self.expiry.peek().copied() {
                if last >= self.pos {
                    break;
                }
                self.expiry.pop();
                self.active.remove(&(rank, seq));
            }
            if self.active.is_empty() {
                match self.source.peek() {
                    None => return false,
                    Some(e) => self.pos = self.pos.max(e.first),
                }
            }
            while let Some(e) = self.source.next_if(|e| e.first <= self.pos) {
                if e.last >= self.pos {
                    self.arrivals += 1;
                    self.expiry.push(Reverse((e.last, e.rank, self.arrivals)));
                    self.active.insert((e.rank, self.arrivals), Arc::new(e));
                }
            }
            let Some(decider) = self.active.values().next().cloned() else { continue };
            let expires = self.expiry.peek().map_or(u64::MAX, |Reverse((last, ..))| *last);
            let next_start = self.source.peek().map_or(u64::MAX, |e| e.first.saturating_sub(1));
            self.segment = Some((self.pos, expires.min(next_start), decider));
            return true;
        }
    }
}

impl<I: Iterator<Item = ExportEntry>> Iterator for Sweep<I> {
    type Item = (u64, Arc<ExportEntry>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((n, last, decider)) = self.segment.take() {
                if n < last {
                    self.segment = Some((n + 1, last, decider.clone()));
                } else {
                    self.pos = last.saturating_add(1);
                }
                return Some((n, decider));
            }
            if self.pos == u64::MAX || !self.next_segment() {
                return None;
            }
        }
    }
}
