//! A capacity budget for Call Directory exports: at most so many entries, blocking and
//! identification together, the highest-scored kept.
//!
//! The budget works on what the export decides, never on the sources: the sweep decides every
//! number by the precedence ladder with every entry present, and the budget then only leaves
//! out decided segments (whole runs of numbers with one deciding entry). A number the
//! precedence blocks is thus either blocked or not exported at all — never identified, allowed
//! or decided by a weaker entry instead.
//!
//! Which segments stay, by priority: every segment a user's rule decides, then feed segments by
//! the score level of their deciding entry ([`crate::database::score_level`]), highest first. A
//! segment costs the numbers it covers (a `#` range its expansion, 10^k; the emergency numbers
//! it may cover, which are never exported, count too, so the budget is never exceeded). Ties are
//! broken by position: of the segments at the priority where the budget runs out, those from
//! the lowest number up are kept while they fit, and the rest are left out. So every segment
//! left out has a priority at most that of every segment kept.
//!
//! Finding the cutoff takes two passes over the decided segments (one when everything fits);
//! each export then filters its own pass, so full loads and incremental plans (the difference
//! of two budgeted exports) agree with the budgeted sets. Memory: one counter per priority.

use super::expand::Segments;
use super::sweep::Segment;
use crate::precedence::Tier;

/// Priorities: one per score level (0–255), then user rules.
const PRIORITIES: usize = 257;
/// The priority of segments a user's rule decides.
const USER: u16 = 256;

/// A decided segment's priority under a budget: user rules above every feed entry, feed entries
/// by score level.
pub(crate) fn priority(s: &Segment) -> u16 {
    if Tier::of_rank(s.rank).is_user() { USER } else { u16::from(s.score) }
}

/// The numbers a segment covers.
pub(crate) fn cost(s: &Segment) -> u64 {
    (s.last - s.first).saturating_add(1)
}

/// Which decided segments a budget keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cutoff {
    /// Segments above this priority are kept, those below left out.
    threshold: u16,
    /// Segments of priority `threshold` are kept when they start before this number.
    stop: u64,
    /// Numbers left out.
    left_out: u64,
}

impl Cutoff {
    /// The cutoff keeping at most `budget` numbers of the segments `pass` yields (each call a
    /// fresh pass over the same segments: blocking and identification, without a cutoff), or
    /// `None` when all of them fit.
    pub(crate) fn of(budget: u64, pass: impl Fn() -> Segments) -> Option<Self> {
        let mut costs = [0u64; PRIORITIES];
        let mut segments = pass();
        while let Some(s) = segments.next() {
            let c = &mut costs[usize::from(priority(&s))];
            *c = c.saturating_add(cost(&s));
        }
        let total = costs.iter().fold(0u64, |sum, c| sum.saturating_add(*c));
        if total <= budget {
            return None;
        }
        let mut room = budget;
        let mut threshold = 0;
        for p in (0..PRIORITIES).rev() {
            if costs[p] > room {
                threshold = p as u16;
                break;
            }
            room -= costs[p];
        }
        let mut stop = u64::MAX;
        let mut segments = pass();
        while let Some(s) = segments.next() {
            if priority(&s) != threshold {
                continue;
            }
            if cost(&s) > room {
                stop = s.first;
                break;
            }
            room -= cost(&s);
        }
        Some(Self { threshold, stop, left_out: total - (budget - room) })
    }

    /// Whether the budget keeps segment `s`.
    #[inline]
    pub(crate) fn keeps(&self, s: &Segment) -> bool {
        let p = priority(s);
        p > self.threshold || (p == self.threshold && s.first < self.stop)
    }

    /// The numbers left out (reported as [`ExportSkipped::over_budget`](super::ExportSkipped::over_budget)).
    pub(crate) fn left_out(&self) -> u64 {
        self.left_out
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
