//! Decided segments expanded into the numbers CallKit wants, with their labels.

use std::sync::Arc;

use super::budget::Cutoff;
use super::stream::Batch;
use super::sweep::{Segment, Sweep};
use crate::i18n::{Language, describe};
use crate::number::is_emergency_value;
use crate::precedence::{Origin, Tier, entry_reason};
use crate::verdict::{Action, Category, Reason};

/// Segments pulled from the sweep at a time.
const SEGMENT_BATCH: usize = 128;

/// Decided segments of the wanted actions, pulled from a sweep in batches, less those a
/// budget leaves out.
pub(super) struct Segments {
    sweep: Sweep,
    /// Pulled and not yet expanded.
    batch: Batch<Segment>,
    more: bool,
    cutoff: Option<Cutoff>,
}

impl Segments {
    pub(super) fn new(sweep: Sweep, cutoff: Option<Cutoff>) -> Self {
        Self { sweep, batch: Batch::with_capacity(SEGMENT_BATCH), more: true, cutoff }
    }

    #[inline]
    pub(super) fn next(&mut self) -> Option<Segment> {
        loop {
            while self.batch.pending() == 0 && self.more {
                self.batch.clear();
                self.more = self.sweep.fill(&mut self.batch, SEGMENT_BATCH);
            }
            let s = self.batch.take()?;
            if self.cutoff.is_none_or(|c| c.keeps(&s)) {
                return Some(s);
            }
        }
    }
}

/// The blocking numbers of decided segments, expanded lazily.
pub(super) struct Blocking {
    segments: Segments,
    /// The rest of the current segment: `next..end`.
    next: u64,
    end: u64,
}

impl Blocking {
    pub(super) fn new(segments: Segments) -> Self {
        Self { segments, next: 0, end: 0 }
    }
}

impl Iterator for Blocking {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        loop {
            if self.next < self.end {
                let n = self.next;
                self.next += 1;
                if !is_emergency_value(n) {
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
pub(super) struct Identification {
    segments: Segments,
    /// The rest of the current segment: `next..end`, and its label.
    next: u64,
    end: u64,
    label: Option<Arc<str>>,
    /// Default labels by reason (see [`LABEL_REASONS`]) and category, made once.
    defaults: [[Option<Arc<str>>; Category::ALL.len()]; LABEL_REASONS.len()],
    language: Language,
}

/// The reasons an identification entry can be shown for: its default label is the one
/// screening shows for that reason.
const LABEL_REASONS: [Reason; 3] = [Reason::UserLabel, Reason::UserSilence, Reason::FeedListed];

impl Identification {
    pub(super) fn new(segments: Segments, language: Language) -> Self {
        Self { segments, next: 0, end: 0, label: None, defaults: Default::default(), language }
    }

    /// The label of a decided segment without one, as screening words it.
    fn default_label(&mut self, rank: u16, action: Action, category: Category) -> Arc<str> {
        let origin = if Tier::of_rank(rank).is_user() { Origin::User } else { Origin::Feed };
        let reason = entry_reason(origin, action);
        let language = self.language;
        let make = || default_label(reason, category, language);
        match LABEL_REASONS.iter().position(|r| *r == reason) {
            Some(i) => self.defaults[i][category as usize].get_or_insert_with(make).clone(),
            None => make(),
        }
    }
}

impl Iterator for Identification {
    type Item = (u64, Arc<str>);

    fn next(&mut self) -> Option<(u64, Arc<str>)> {
        loop {
            if self.next < self.end {
                let n = self.next;
                self.next += 1;
                if let Some(label) = &self.label
                    && !is_emergency_value(n)
                {
                    return Some((n, label.clone()));
                }
                continue;
            }
            let s = self.segments.next()?;
            let label = match s.label {
                Some(l) => l,
                None => self.default_label(s.rank, s.action, s.category),
            };
            (self.next, self.end, self.label) = (s.first, s.last.saturating_add(1), Some(label));
        }
    }
}

/// The label screening shows for `reason` and `category`, else a generic one.
fn default_label(reason: Reason, category: Category, language: Language) -> Arc<str> {
    describe(reason, category, language).0.unwrap_or_else(|| "Ringfence".into()).into()
}
