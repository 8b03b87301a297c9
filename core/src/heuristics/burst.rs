//! Bursts: several unknown calls within minutes from *different* numbers of one number block
//! (robocall campaigns rotate through neighbouring numbers) or of one foreign country code.
//! The same number calling again is not a burst: a person retrying is a sign of urgency.
//!
//! The history is in memory and bounded ([`MAX_INCOMING`] calls); old calls fall out.

use std::collections::VecDeque;

use super::{Context, Signal, signal};
use crate::number::E164;
use crate::verdict::{Category, Reason};

/// Most unknown incoming calls remembered.
pub const MAX_INCOMING: usize = 256;
/// Window in which calls count as one burst, in seconds.
pub const BURST_WINDOW_SECS: i64 = 10 * 60;
/// Distinct numbers of one thousand-number block (including the current call) that make a
/// burst. Two different numbers of the same block ringing one phone within minutes is already
/// rare for genuine callers, and the signal only labels the call.
pub const BLOCK_BURST_CALLS: u32 = 2;
/// Distinct numbers with one foreign country code (including the current call) that make a burst.
pub const COUNTRY_BURST_CALLS: u32 = 3;
/// A number block: numbers equal but for their last this-many digits.
const BLOCK_DIGITS: u32 = 3;

/// How many recent unknown calls resemble the current one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BurstCounts {
    /// Earlier calls from other numbers of the same block within the window.
    pub same_block: u32,
    /// Earlier calls from other numbers with the same foreign country code within the window.
    pub same_foreign_code: u32,
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    number: E164,
    block: u64,
    country_code: u16,
    foreign: bool,
    at: i64,
}

/// Recent unknown incoming calls, newest last.
#[derive(Debug, Default)]
pub struct IncomingHistory {
    calls: VecDeque<Seen>,
}

impl IncomingHistory {
    /// Counts earlier calls like this one within the window before `now`.
    pub fn counts(&self, number: E164, country_code: u16, foreign: bool, now: i64) -> BurstCounts {
        let block = block_of(number);
        let recent = self
            .calls
            .iter()
            .filter(|c| c.number != number && c.at <= now && now.saturating_sub(c.at) <= BURST_WINDOW_SECS);
        let mut counts = BurstCounts::default();
        for c in recent {
            counts.same_block += u32::from(c.block == block);
            counts.same_foreign_code += u32::from(foreign && c.foreign && c.country_code == country_code);
        }
        counts
    }

    /// Remembers an unknown call.
    pub fn record(&mut self, number: E164, country_code: u16, foreign: bool, at: i64) {
        if self.calls.len() == MAX_INCOMING {
            self.calls.pop_front();
        }
        self.calls.push_back(Seen { number, block: block_of(number), country_code, foreign, at });
    }

    /// Number of calls remembered.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

/// The block key: digit count and the number without its last digits.
fn block_of(number: E164) -> u64 {
    (u64::from(number.digit_count()) << 56) | (number.as_u64() / 10u64.pow(BLOCK_DIGITS))
}

pub(super) fn signals(ctx: &Context<'_>, out: &mut Vec<Signal>) {
    if ctx.burst.same_block + 1 >= BLOCK_BURST_CALLS {
        out.push(signal(Reason::BurstNumberBlock, 40, Category::Robocall));
    } else if ctx.burst.same_foreign_code + 1 >= COUNTRY_BURST_CALLS {
        out.push(signal(Reason::BurstCountry, 40, Category::Robocall));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: u64) -> E164 {
        E164::from_u64(n).unwrap()
    }

    #[test]
    fn counts_blocks_and_foreign_codes_in_the_window() {
        let mut h = IncomingHistory::default();
        h.record(e(12_015_550_101), 1, false, 0);
        h.record(e(12_015_550_177), 1, false, 60);
        h.record(e(2_222_212_345), 222, true, 120);
        h.record(e(2_222_299_999), 222, true, 180);
        let c = h.counts(e(12_015_550_199), 1, false, 200);
        assert_eq!(c, BurstCounts { same_block: 2, same_foreign_code: 0 });
        let c = h.counts(e(2_223_000_000), 222, true, 200);
        assert_eq!(c, BurstCounts { same_block: 0, same_foreign_code: 2 });
        let late = h.counts(e(12_015_550_199), 1, false, 60 + BURST_WINDOW_SECS + 1);
        assert_eq!(late.same_block, 0, "window passed");
        let again = h.counts(e(12_015_550_177), 1, false, 200);
        assert_eq!(again.same_block, 1, "the same number retrying is not counted");
        assert_eq!(h.counts(e(12_015_550_199), 1, false, i64::MAX).same_block, 0);
    }

    #[test]
    fn bounded() {
        let mut h = IncomingHistory::default();
        for i in 0..10_000 {
            h.record(e(41_000_000_000 + i), 41, false, i as i64);
        }
        assert_eq!(h.len(), MAX_INCOMING);
    }

    #[test]
    fn second_number_of_a_block_or_third_of_a_country_is_a_burst() {
        use crate::heuristics::test_support::signals_for;
        assert!(signals_for("+12015550199", "US", |_| {}).is_empty());
        let mut out = Vec::new();
        let call = crate::IncomingCall::default();
        let ctx = |burst| Context {
            call: &call,
            parsed: None,
            home: None,
            user: None,
            night: false,
            contact_codes: None,
            burst,
        };
        signals(&ctx(BurstCounts { same_block: 0, same_foreign_code: 1 }), &mut out);
        assert!(out.is_empty());
        signals(&ctx(BurstCounts { same_block: 1, same_foreign_code: 0 }), &mut out);
        signals(&ctx(BurstCounts { same_block: 0, same_foreign_code: 2 }), &mut out);
        let got: Vec<Reason> = out.iter().map(|s| s.reason).collect();
        assert_eq!(got, [Reason::BurstNumberBlock, Reason::BurstCountry]);
    }
}
