//! A bounded, in-memory record of calls the user placed (for call-back safety rules).

use std::collections::VecDeque;

use crate::number::E164;
use crate::number::emergency::CallbackWindow;

/// Most outgoing calls remembered; older ones are forgotten first.
pub const MAX_OUTGOING: usize = 512;
/// How long after dialling a number its call-backs are trusted, in seconds (14 days).
pub const RECENTLY_DIALLED_SECS: i64 = 14 * 86_400;

/// One call the user placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outgoing {
    number: Option<E164>,
    emergency: bool,
    at: i64,
}

/// Outgoing calls, newest last, at most [`MAX_OUTGOING`].
#[derive(Debug, Default)]
pub struct OutgoingHistory {
    calls: VecDeque<Outgoing>,
}

impl OutgoingHistory {
    /// Records a placed call.
    pub fn record(&mut self, number: Option<E164>, emergency: bool, at_epoch_seconds: i64) {
        if self.calls.len() == MAX_OUTGOING {
            self.calls.pop_front();
        }
        self.calls.push_back(Outgoing { number, emergency, at: at_epoch_seconds });
    }

    /// Whether an emergency call placed before `now` keeps `window` open.
    pub fn emergency_callback_active(&self, now: i64, window: CallbackWindow) -> bool {
        self.calls.iter().any(|c| c.emergency && window.is_open(c.at, now))
    }

    /// Whether `number` was dialled within [`RECENTLY_DIALLED_SECS`] before `now`.
    pub fn recently_dialled(&self, number: E164, now: i64) -> bool {
        let window = CallbackWindow::of_secs(RECENTLY_DIALLED_SECS);
        self.calls.iter().any(|c| c.number == Some(number) && window.is_open(c.at, now))
    }

    /// Number of remembered calls.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_windowed() {
        let mut h = OutgoingHistory::default();
        let n = E164::from_u64(41_446_681_800).unwrap();
        h.record(Some(n), false, 1_000);
        h.record(None, true, 2_000);
        assert!(h.recently_dialled(n, 1_000 + RECENTLY_DIALLED_SECS));
        assert!(!h.recently_dialled(n, 1_001 + RECENTLY_DIALLED_SECS));
        assert!(h.emergency_callback_active(2_000 + 3_600, CallbackWindow::of_secs(3_600)));
        assert!(!h.emergency_callback_active(2_000 + 3_601, CallbackWindow::of_secs(3_600)));
        assert!(
            !h.emergency_callback_active(1_000, CallbackWindow::of_secs(3_600)),
            "a call placed later does not count"
        );
        for i in 0..10_000 {
            h.record(None, false, i);
        }
        assert_eq!(h.len(), MAX_OUTGOING);
        assert!(!h.recently_dialled(n, 10_000), "oldest entries are evicted");
    }
}
