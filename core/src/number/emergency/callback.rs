//! The emergency call-back window: after the user dials an emergency number, every call rings
//! for a while, since the emergency services may call back from any number.

/// How long after a placed call its call-backs are let through, and the check of it.
///
/// The emergency window ([`CallbackWindow::emergency`]) lasts the policy's minutes
/// ([`Policy::emergency_callback_minutes`](crate::Policy::emergency_callback_minutes)); the
/// same check, over [`RECENTLY_DIALLED_SECS`](crate::screener::RECENTLY_DIALLED_SECS), trusts
/// call-backs of any number the user dialled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallbackWindow {
    secs: i64,
}

/// Clock skew tolerated between the phone's clocks: a call placed up to this long "after" the
/// incoming call still opens the window.
const CLOCK_SKEW_SECS: i64 = 60;

impl CallbackWindow {
    /// Default length of the emergency window, in minutes.
    pub const DEFAULT_MINUTES: u32 = 60;
    /// Longest emergency window accepted, in minutes (24 hours).
    pub const MAX_MINUTES: u32 = 24 * 60;

    /// The emergency window of `minutes`, capped at [`MAX_MINUTES`](Self::MAX_MINUTES).
    pub fn emergency(minutes: u32) -> Self {
        Self::of_secs(i64::from(minutes.min(Self::MAX_MINUTES)) * 60)
    }

    /// A window of `secs` seconds (negative: an empty window).
    pub const fn of_secs(secs: i64) -> Self {
        Self { secs }
    }

    /// The window's length in seconds.
    pub const fn secs(self) -> i64 {
        self.secs
    }

    /// Whether a call placed at `placed_at` still lets calls through at `now` (both seconds
    /// since the Unix epoch): `placed_at` lies in `[now - window, now]`, allowing a minute of
    /// clock skew into the future.
    pub fn is_open(self, placed_at: i64, now: i64) -> bool {
        placed_at <= now.saturating_add(CLOCK_SKEW_SECS) && now.saturating_sub(placed_at) <= self.secs
    }
}

impl Default for CallbackWindow {
    fn default() -> Self {
        Self::emergency(Self::DEFAULT_MINUTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_and_closed_on_both_sides() {
        assert_eq!(CallbackWindow::default().secs(), 3_600);
        assert_eq!(CallbackWindow::emergency(u32::MAX).secs(), 24 * 3_600);
        let w = CallbackWindow::emergency(60);
        assert!(w.is_open(2_000, 2_000 + 3_600));
        assert!(!w.is_open(2_000, 2_000 + 3_601));
        assert!(w.is_open(2_060, 2_000), "a minute of clock skew");
        assert!(!w.is_open(2_061, 2_000), "a call placed later does not count");
    }
}
