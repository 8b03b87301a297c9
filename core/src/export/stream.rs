//! Entry streams: a source's entries, pulled in batches (one dynamic call per batch).

use super::ExportEntry;

/// Entries to buffer per stream: the export pulls them in batches, with one dynamic call per
/// batch rather than per entry.
const STREAM_BATCH: usize = 64;

/// Items pulled in a batch and taken one by one, in order (the allocation is reused).
#[derive(Debug)]
pub(super) struct Batch<T> {
    items: Vec<Option<T>>,
    /// The next item to take.
    at: usize,
}

impl<T> Batch<T> {
    pub(super) fn with_capacity(n: usize) -> Self {
        Self { items: Vec::with_capacity(n), at: 0 }
    }

    /// Empties the batch, keeping its allocation.
    #[inline]
    pub(super) fn clear(&mut self) {
        self.items.clear();
        self.at = 0;
    }

    #[inline]
    pub(super) fn push(&mut self, item: T) {
        self.items.push(Some(item));
    }

    /// Items not yet taken.
    #[inline]
    pub(super) fn pending(&self) -> usize {
        self.items.len().saturating_sub(self.at)
    }

    /// The item `k` places after the next one.
    #[inline]
    pub(super) fn peek_at(&self, k: usize) -> Option<&T> {
        self.items.get(self.at.checked_add(k)?)?.as_ref()
    }

    #[inline]
    pub(super) fn take(&mut self) -> Option<T> {
        let item = self.items.get_mut(self.at)?.take();
        self.at += 1;
        item
    }
}

/// Entries a source may leave out of a stream: those whose action is in `actions` (a mask, see
/// [`actions`](super::sweep::actions)), that overlap no other entry of the source, and that start after
/// `after` (past every entry of the other sources). Such an entry decides only its own
/// numbers, with an action the export does not want: leaving it out changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Skip {
    pub(super) actions: u8,
    pub(super) after: u64,
}

/// Fills a buffer from an iterator (object-safe, so each source's loop is compiled for it).
pub(super) trait Fill: Send {
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

/// A source's entries, sorted by `first`, buffered in small batches. Also an
/// iterator over the entries.
pub struct EntryStream {
    source: Box<dyn Fill>,
    /// Entries pulled and not yet taken.
    pub(super) buffer: Batch<ExportEntry>,
    more: bool,
    /// What the source may leave out (set by the sweep once this stream is the last one).
    pub(super) skip: Option<Skip>,
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

    pub(super) fn from_fill(source: impl Fill + 'static) -> Self {
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
