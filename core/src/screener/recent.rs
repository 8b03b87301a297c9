//! A bounded, in-memory record of recent incoming calls, for the repeated-call breakthrough
//! ([`Policy::repeated_call_count`](crate::Policy::repeated_call_count)). It holds numbers only
//! in memory, never logs them, and forgets the oldest call first.
//!
//! Unlike burst detection ([`IncomingHistory`](crate::heuristics::IncomingHistory)), which
//! counts *other* numbers of a block or country, this counts the *same* number: the two never
//! feed each other (see docs/controls.md).

use std::collections::VecDeque;

use crate::number::E164;

/// Most incoming calls remembered.
pub const MAX_RECENT_CALLS: usize = 256;

/// Recent incoming calls with a readable number, newest last, at most [`MAX_RECENT_CALLS`].
#[derive(Debug, Default)]
pub(crate) struct RecentCalls {
    calls: VecDeque<(E164, i64)>,
}

impl RecentCalls {
    /// Earlier calls from `number` within `window_secs` before `now` (inclusive), not counting
    /// calls at `now` itself: the same call screened twice is one call.
    pub(crate) fn earlier(&self, number: E164, now: i64, window_secs: i64) -> u32 {
        let recent = |at: i64| at < now && now.saturating_sub(at) <= window_secs;
        self.calls.iter().filter(|(n, at)| *n == number && recent(*at)).count() as u32
    }

    /// Remembers a call.
    pub(crate) fn record(&mut self, number: E164, at: i64) {
        if self.calls.len() == MAX_RECENT_CALLS {
            self.calls.pop_front();
        }
        self.calls.push_back((number, at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_same_number_inside_the_window() {
        let (a, b) = (E164::from_u64(41_446_681_800).unwrap(), E164::from_u64(41_446_681_801).unwrap());
        let mut r = RecentCalls::default();
        r.record(a, 1_000);
        r.record(b, 1_010);
        assert_eq!(r.earlier(a, 1_000, 180), 0, "the same call screened again");
        assert_eq!(r.earlier(a, 1_180, 180), 1, "exactly at the end of the window");
        assert_eq!(r.earlier(a, 1_181, 180), 0, "one second after");
        assert_eq!(r.earlier(a, 999, 180), 0, "a later call does not count");
        r.record(a, 1_100);
        assert_eq!(r.earlier(a, 1_150, 180), 2);
        assert_eq!(r.earlier(b, 1_150, 180), 1, "other numbers are counted apart");
    }

    #[test]
    fn bounded() {
        let mut r = RecentCalls::default();
        let a = E164::from_u64(41_446_681_800).unwrap();
        r.record(a, 0);
        for i in 0..10_000 {
            r.record(E164::from_u64(39_000_000_000 + i).unwrap(), 1);
        }
        assert_eq!(r.calls.len(), MAX_RECENT_CALLS);
        assert_eq!(r.earlier(a, 2, 180), 0, "the oldest call was forgotten");
    }
}
