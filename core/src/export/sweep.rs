//! A sweep over number intervals that yields, in strictly ascending order, the segments of
//! covered numbers together with what decides them.
//!
//! Entries are intervals `[first, last]` with a precedence rank (lower wins) and the index of
//! the source they come from. Between two consecutive interval boundaries the deciding entry
//! cannot change, so the sweep yields segments (`first..=last` with one decision) and the
//! caller expands them lazily: memory is O(overlapping entries), not O(numbers), and an entry
//! that overlaps nothing (the common case: an exact number) passes through without being
//! stored.
//!
//! The decision follows the precedence ladder ([`crate::precedence`]): the lowest-ranked entry
//! decides when it is a user's; otherwise each source answers with its own lowest-ranked entry
//! (as a database lookup answers) and the sources' answers combine by [`combine_feeds`].

use super::ExportEntry;
use super::stream::{Batch, EntryStream, Skip};
use crate::precedence::{Tier, combine_feeds};
use crate::verdict::Action;

/// Every action.
pub(crate) const ALL_ACTIONS: [Action; 4] = [Action::Allow, Action::Label, Action::Silence, Action::Block];

/// A set of actions, as a bit mask.
pub(crate) const fn actions(list: &[Action]) -> u8 {
    let mut mask = 0;
    let mut i = 0;
    while i < list.len() {
        mask |= 1 << list[i] as u8;
        i += 1;
    }
    mask
}

/// A run of consecutive numbers with one decision: the deciding entry, clipped to the run.
pub(crate) type Segment = ExportEntry;

/// An entry overlapping the sweep position.
#[derive(Debug)]
struct Active {
    source: u32,
    /// Arrival order, for ties within a source.
    seq: u64,
    entry: ExportEntry,
}

impl Active {
    fn key(&self) -> (u16, u64) {
        (self.entry.rank, self.seq)
    }
}

/// Merges the sources (sorted by `first`; on equal `first`, the earlier source first) and
/// yields their decided segments.
pub(crate) struct Sweep {
    /// The streams not yet exhausted, with their source index (exhausted streams are dropped,
    /// so that the common case — one database, the user's rules done — is one stream).
    streams: Vec<(u32, EntryStream)>,
    /// The position in `streams` whose head comes next, and that head's `first`.
    next: Option<(usize, u64)>,
    active: Vec<Active>,
    arrivals: u64,
    /// Next number not yet swept.
    pos: u64,
    done: bool,
    /// The actions whose segments are wanted (others may be left out).
    wanted: u8,
}

impl Sweep {
    /// A sweep over `streams`, each sorted by `first` (entries starting before the sweep
    /// position are clipped, so the output stays strictly ascending whatever the input).
    /// Segments of other actions than `wanted` (see [`actions`]) may be left out.
    pub(crate) fn new(streams: Vec<EntryStream>, wanted: u8) -> Self {
        let streams = (0..).zip(streams).collect();
        let mut sweep = Self { streams, next: None, active: Vec::new(), arrivals: 0, pos: 0, done: false, wanted };
        sweep.alone(None);
        sweep.find_next(None);
        sweep
    }

    /// Once one stream is left, lets its source leave out entries of unwanted actions that
    /// overlap nothing: no other entry of its own, and nothing of the others — neither what is
    /// active nor `taken`, the entry just taken (about to be activated).
    fn alone(&mut self, taken: Option<(u32, u64)>) {
        if let [(source, only)] = self.streams.as_mut_slice() {
            let active = self.active.iter().map(|a| (a.source, a.entry.last));
            let others = active.chain(taken).filter(|(s, _)| s != source).map(|(_, last)| last).max();
            only.skip = Some(Skip { actions: !self.wanted & actions(&ALL_ACTIONS), after: others.unwrap_or(0) });
        }
    }

    /// Finds the stream whose head comes next (after `taken` was taken from a stream).
    #[inline(always)]
    fn find_next(&mut self, taken: Option<(u32, u64)>) {
        if let [(_, only)] = self.streams.as_mut_slice()
            && let Some(e) = only.peek()
        {
            self.next = Some((0, e.first));
            return;
        }
        let before = self.streams.len();
        self.streams.retain_mut(|(_, s)| s.peek().is_some());
        if self.streams.len() == 1 && before > 1 {
            self.alone(taken);
        }
        self.next = None;
        for (i, (_, stream)) in self.streams.iter_mut().enumerate() {
            if let Some(e) = stream.peek()
                && self.next.is_none_or(|(_, f)| e.first < f)
            {
                self.next = Some((i, e.first));
            }
        }
    }

    /// The first number of the next entry not yet taken, if any.
    #[inline]
    fn next_first(&self) -> Option<u64> {
        self.next.map(|(_, f)| f)
    }

    /// Takes the next entry (the smallest `first`) with its source index.
    #[inline(always)]
    fn take(&mut self) -> Option<(u32, ExportEntry)> {
        let (i, _) = self.next?;
        let (source, stream) = self.streams.get_mut(i)?;
        let (source, e) = (*source, stream.next()?);
        self.find_next(Some((source, e.last)));
        Some((source, e))
    }

    /// Ends the current segment at `last` (moving the sweep position past it).
    #[inline]
    fn advance(&mut self, last: u64) {
        match last.checked_add(1) {
            Some(next) => self.pos = next,
            None => self.done = true,
        }
    }

    fn activate(&mut self, source: u32, entry: ExportEntry) {
        self.arrivals += 1;
        self.active.push(Active { source, seq: self.arrivals, entry });
    }

    /// Appends up to `max` segments of the wanted actions to `out`: the segments iterating
    /// yields, filtered, but faster — an entry of a lone stream that overlaps nothing (the usual
    /// case) goes straight from the stream's buffer to `out`, or nowhere. `false` once the sweep
    /// is done.
    pub(crate) fn fill(&mut self, out: &mut Batch<Segment>, max: usize) -> bool {
        let mask = self.wanted;
        let wanted = |a: Action| mask & (1 << a as u8) != 0;
        let limit = out.pending() + max;
        while out.pending() < limit {
            if let ([(_, stream)], true) = (self.streams.as_mut_slice(), self.active.is_empty()) {
                let buffer = &mut stream.buffer;
                while out.pending() < limit
                    && let (Some(e), Some(after)) = (buffer.peek_at(0), buffer.peek_at(1))
                    && after.first > e.last
                    && e.first >= self.pos
                    && e.last < u64::MAX
                {
                    let Some(e) = buffer.take() else { break };
                    self.pos = e.last + 1;
                    if wanted(e.action) {
                        out.push(e);
                    }
                }
                self.next = buffer.peek_at(0).map(|e| (0, e.first));
                if out.pending() >= limit {
                    break;
                }
            }
            match self.next() {
                Some(s) if wanted(s.action) => out.push(s),
                Some(_) => {}
                None => return false,
            }
        }
        true
    }
}

/// The deciding entry among `active` (non-empty).
fn decide(active: &[Active]) -> &Active {
    let mut best = &active[0];
    for a in &active[1..] {
        if a.key() < best.key() {
            best = a;
        }
    }
    if active.len() == 1 || Tier::of_rank(best.entry.rank).is_user() {
        return best;
    }
    // Feeds only: each source answers with its lowest-ranked entry; the answers combine.
    let answers = active.iter().filter(|a| !active.iter().any(|o| o.source == a.source && o.key() < a.key()));
    combine_feeds(answers, |a| (a.source as usize, a.entry.action)).unwrap_or(best)
}

impl Iterator for Sweep {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        loop {
            if self.done {
                return None;
            }
            let pos = self.pos;
            if !self.active.is_empty() {
                self.active.retain(|a| a.entry.last >= pos);
            }
            if self.active.is_empty() {
                let (source, e) = self.take()?;
                if e.last < pos {
                    continue; // out of order: already swept
                }
                let first = e.first.max(pos);
                if self.next_first().is_none_or(|f| f > e.last) {
                    // Overlaps nothing: one segment, without storing the entry.
                    self.advance(e.last);
                    return Some(Segment { first, ..e });
                }
                self.pos = first;
                self.activate(source, e);
            }
            let pos = self.pos;
            while self.next_first().is_some_and(|f| f <= pos) {
                let Some((source, e)) = self.take() else { break };
                if e.last >= pos {
                    self.activate(source, e);
                }
            }
            let expires = self.active.iter().map(|a| a.entry.last).min().unwrap_or(u64::MAX);
            let last = expires.min(self.next_first().map_or(u64::MAX, |f| f.saturating_sub(1)));
            let segment = Segment { first: pos, last, ..decide(&self.active).entry.clone() };
            self.advance(last);
            return Some(segment);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::precedence::{Origin, entry_rank};
    use crate::verdict::Category;

    fn e(first: u64, last: u64, user: bool, action: Action, wildcards: u8) -> ExportEntry {
        ExportEntry {
            first,
            last,
            rank: entry_rank(if user { Origin::User } else { Origin::Feed }, action, wildcards),
            action,
            category: Category::Spam,
            label: Some(format!("{first}-{last}").into()),
            score: 0,
        }
    }

    fn sweep(items: Vec<(u32, ExportEntry)>) -> Vec<(u64, u64, Action, String)> {
        let sources = items.iter().map(|i| i.0 as usize + 1).max().unwrap_or(0);
        let streams: Vec<EntryStream> = (0..sources)
            .map(|s| {
                let mine: Vec<ExportEntry> = items.iter().filter(|i| i.0 as usize == s).map(|i| i.1.clone()).collect();
                EntryStream::new(mine.into_iter())
            })
            .collect();
        Sweep::new(streams, actions(&ALL_ACTIONS))
            .map(|s| (s.first, s.last, s.action, s.label.as_deref().unwrap_or_default().to_owned()))
            .collect()
    }

    #[test]
    fn nested_entries_split_into_segments() {
        let out = sweep(vec![
            (0, e(100, 199, false, Action::Block, 2)),
            (0, e(120, 129, false, Action::Label, 1)),
            (0, e(125, 125, false, Action::Allow, 0)),
            (0, e(300, 300, false, Action::Block, 0)),
        ]);
        assert_eq!(
            out,
            [
                (100, 119, Action::Block, "100-199".to_owned()),
                (120, 124, Action::Label, "120-129".to_owned()),
                (125, 125, Action::Allow, "125-125".to_owned()),
                (126, 129, Action::Label, "120-129".to_owned()),
                (130, 199, Action::Block, "100-199".to_owned()),
                (300, 300, Action::Block, "300-300".to_owned()),
            ]
        );
    }

    #[test]
    fn feeds_combine_by_strongest_action_users_by_rank() {
        // Source 1 answers "label" (its exact entry is more specific than its range); source 2
        // answers "block": the strongest feed answer wins, as the screener combines feeds.
        let out = sweep(vec![
            (1, e(100, 199, false, Action::Block, 2)),
            (2, e(100, 199, false, Action::Block, 2)),
            (1, e(150, 150, false, Action::Label, 0)),
        ]);
        assert_eq!(
            out.iter().map(|s| (s.0, s.1, s.2)).collect::<Vec<_>>(),
            [(100, 149, Action::Block), (150, 150, Action::Block), (151, 199, Action::Block)]
        );
        assert_eq!(out[1].3, "100-199", "source 1's range is dropped for its exact entry: source 2 decides");
        // A user rule beats any feed; a feed allow beats feed entries.
        let out = sweep(vec![
            (0, e(10, 10, true, Action::Label, 0)),
            (1, e(10, 19, false, Action::Block, 1)),
            (1, e(12, 12, false, Action::Allow, 0)),
        ]);
        assert_eq!(
            out.iter().map(|s| (s.0, s.1, s.2)).collect::<Vec<_>>(),
            [(10, 10, Action::Label), (11, 11, Action::Block), (12, 12, Action::Allow), (13, 19, Action::Block)]
        );
    }

    #[test]
    fn unsorted_input_never_goes_backwards() {
        let out = sweep(vec![
            (0, e(10, 20, false, Action::Block, 1)),
            (0, e(5, 8, false, Action::Block, 0)),
            (0, e(15, 30, false, Action::Label, 1)),
        ]);
        assert!(out.windows(2).all(|w| w[0].1 < w[1].0), "{out:?}");
    }

    /// Sources of entries over a small number space, overlapping often (scores 0–5).
    pub(in crate::export) fn arb_streams() -> impl proptest::strategy::Strategy<Value = Vec<Vec<ExportEntry>>> {
        use proptest::prelude::*;
        let span = prop_oneof![Just(0u64), Just(0), 0u64..30];
        let entry =
            (0u64..300, span, 0usize..4, any::<bool>(), 0u8..3, 0u8..6).prop_map(|(first, span, a, user, w, score)| {
                let action = [Action::Allow, Action::Label, Action::Silence, Action::Block][a];
                ExportEntry {
                    first,
                    last: first + span,
                    rank: entry_rank(if user { Origin::User } else { Origin::Feed }, action, w),
                    action,
                    category: Category::Spam,
                    label: None,
                    score,
                }
            });
        let stream = prop::collection::vec(entry, 0..40).prop_map(|mut v| {
            v.sort_by_key(|e| e.first);
            v
        });
        prop::collection::vec(stream, 1..4)
    }

    proptest::proptest! {
        #[test]
        fn fill_yields_the_wanted_segments_of_the_iterator(streams in arb_streams(), max in 1usize..20, mask in 0u8..16) {
            let make = |wanted| Sweep::new(streams.iter().map(|s| EntryStream::new(s.clone().into_iter())).collect(), wanted);
            let want: Vec<Segment> = make(actions(&ALL_ACTIONS)).filter(|s| mask & (1 << s.action as u8) != 0).collect();
            let mut sweep = make(mask);
            let (mut got, mut batch) = (Vec::new(), Batch::with_capacity(max));
            loop {
                batch.clear();
                let more = sweep.fill(&mut batch, max);
                proptest::prop_assert!(batch.pending() <= max);
                while let Some(s) = batch.take() {
                    got.push(s);
                }
                if !more {
                    break;
                }
            }
            proptest::prop_assert_eq!(&got, &want);
            proptest::prop_assert!(want.windows(2).all(|w| w[0].last < w[1].first), "strictly ascending");
        }
    }
}
