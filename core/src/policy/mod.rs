//! The user's protection settings: a level that sets the risk thresholds, switches, and the
//! controls of when protection acts ([`Schedule`]s, quiet hours, repeated-call breakthrough,
//! pause), possibly per line ([`LinePolicy`]).

pub mod schedule;

use std::sync::Arc;

pub use schedule::{DAY_NAMES, EVERY_DAY, MAX_WINDOWS, MINUTES_PER_DAY, Schedule, Window, local_weekday_minute};

use crate::error::RingfenceError;
use crate::number::emergency::CallbackWindow;

/// Longest repeated-call window accepted, in minutes.
pub const MAX_REPEATED_CALL_MINUTES: u32 = 60;
/// Most calls [`Policy::repeated_call_count`] may ask for.
pub const MAX_REPEATED_CALL_COUNT: u32 = 10;
/// Longest line (SIM subscription / phone account) id accepted, in characters.
pub const MAX_LINE_CHARS: usize = 128;
/// Most per-line policies a screener holds.
pub const MAX_LINE_POLICIES: usize = 16;

/// How eagerly risk turns into action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ProtectionLevel {
    /// Only act on strong evidence.
    Relaxed,
    /// The default balance.
    #[default]
    Standard,
    /// Act on weaker evidence (labels and silences more).
    Strict,
}

/// Minimum risk for each action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Risk at or above which a call is labelled.
    pub label: u8,
    /// Risk at or above which a call is silenced.
    pub silence: u8,
    /// Risk at or above which a call is blocked.
    pub block: u8,
}

impl ProtectionLevel {
    /// The thresholds of this level.
    pub fn thresholds(self) -> Thresholds {
        match self {
            Self::Relaxed => Thresholds { label: 50, silence: 80, block: 95 },
            Self::Standard => Thresholds { label: 40, silence: 70, block: 90 },
            Self::Strict => Thresholds { label: 30, silence: 55, block: 75 },
        }
    }

    /// Stable code (`relaxed`, `standard`, `strict`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Relaxed => "relaxed",
            Self::Standard => "standard",
            Self::Strict => "strict",
        }
    }

    /// Parses a [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Relaxed, Self::Standard, Self::Strict].into_iter().find(|l| l.code() == code)
    }
}

/// Protection settings. None of the switches or controls ever touches emergency numbers, the
/// emergency call-back window, contacts, recently dialled numbers or allow rules.
///
/// The controls (see docs/controls.md):
/// - [`schedule`](Self::schedule): the risk signals and the switches act only inside it;
/// - [`quiet_hours`](Self::quiet_hours): inside them only contacts, allow rules, emergency
///   numbers and call-backs, recently dialled numbers and repeated callers ring; every other
///   call is **silenced** (never blocked by quiet hours), reason `quiet_hours`;
/// - repeated-call breakthrough ([`repeated_call_count`](Self::repeated_call_count) calls
///   within [`repeated_call_minutes`](Self::repeated_call_minutes)): rings, labelled
///   `repeated_call`, instead of being silenced by quiet hours or the risk signals, never
///   against a user rule, a feed entry, a provable spoof or a burst;
/// - [`paused_until`](Self::paused_until): until then only the user's own rules act, every
///   other call rings, and every verdict carries the reason `protection_paused`.
///
/// The bindings' field defaults (`uniffi(default = …)`) are [`Policy::default`]'s values (a test
/// keeps them equal).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Policy {
    /// Risk thresholds.
    pub level: ProtectionLevel,
    /// Block calls with a withheld or unavailable number.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub block_hidden: bool,
    /// Silence every caller who is not a contact (or otherwise trusted).
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub silence_unknown: bool,
    /// Block calls from other countries than the phone's.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub block_foreign: bool,
    /// Silence unknown callers during the night window.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub night_mode: bool,
    /// Night window start, minutes after local midnight (default 22:00).
    #[cfg_attr(feature = "uniffi", uniffi(default = 1320))]
    pub night_start_minute: u16,
    /// Night window end, minutes after local midnight (default 07:00).
    #[cfg_attr(feature = "uniffi", uniffi(default = 420))]
    pub night_end_minute: u16,
    /// How long every call rings after the user dials an emergency number (default 60, at
    /// most 1440: see [`CallbackWindow`]).
    #[cfg_attr(feature = "uniffi", uniffi(default = 60))]
    pub emergency_callback_minutes: u32,
    /// When the risk signals and the switches act (local time); always when absent. Outside
    /// it, unknown callers are answered by the user's rules and the feeds alone.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub schedule: Option<Schedule>,
    /// Quiet hours (local time); off when absent.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub quiet_hours: Option<Schedule>,
    /// The window of the repeated-call breakthrough, in minutes (default 3, at most
    /// [`MAX_REPEATED_CALL_MINUTES`]; 0 turns it off).
    #[cfg_attr(feature = "uniffi", uniffi(default = 3))]
    pub repeated_call_minutes: u32,
    /// The call of one number that breaks through, counting the first (default 2: the second
    /// call within the window; from 2 to [`MAX_REPEATED_CALL_COUNT`]).
    #[cfg_attr(feature = "uniffi", uniffi(default = 2))]
    pub repeated_call_count: u32,
    /// Protection is paused until this moment (seconds since the Unix epoch, exclusive): a call
    /// at that second is screened normally again. Not paused when absent.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub paused_until: Option<i64>,
}

/// A policy for the calls of one line (SIM subscription / phone account), in place of the
/// default one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LinePolicy {
    /// The line's id, as calls carry it ([`IncomingCall::line`](crate::IncomingCall::line)).
    pub line: String,
    /// The policy of its calls.
    pub policy: Policy,
}

/// Checks a line id: not blank, at most [`MAX_LINE_CHARS`], no control characters. Returns it
/// trimmed.
pub fn validate_line(line: &str) -> Result<Arc<str>, RingfenceError> {
    let line = line.trim();
    if line.is_empty() || line.chars().any(char::is_control) {
        return Err(RingfenceError::InvalidConfig("a line id must be non-blank text without control characters"));
    }
    if line.chars().count() > MAX_LINE_CHARS {
        return Err(RingfenceError::LimitExceeded { what: "line id length", limit: MAX_LINE_CHARS as u64 });
    }
    Ok(Arc::from(line))
}

impl LinePolicy {
    /// Checks the line id and the policy.
    pub fn validate(&self) -> Result<(), RingfenceError> {
        validate_line(&self.line)?;
        self.policy.validate()
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            level: ProtectionLevel::Standard,
            block_hidden: false,
            silence_unknown: false,
            block_foreign: false,
            night_mode: false,
            night_start_minute: 22 * 60,
            night_end_minute: 7 * 60,
            emergency_callback_minutes: CallbackWindow::DEFAULT_MINUTES,
            schedule: None,
            quiet_hours: None,
            repeated_call_minutes: 3,
            repeated_call_count: 2,
            paused_until: None,
        }
    }
}

impl Policy {
    /// Whether `minute_of_day` (local) falls in the night window (which may wrap midnight).
    pub fn is_night(&self, minute_of_day: u16) -> bool {
        let (start, end) = (self.night_start_minute, self.night_end_minute);
        if start <= end { (start..end).contains(&minute_of_day) } else { minute_of_day >= start || minute_of_day < end }
    }

    /// Checks the minutes are in range (night window times below 24:00, call-back window
    /// ≤ 24 h, repeated-call window and count), and the schedules.
    pub fn validate(&self) -> Result<(), RingfenceError> {
        let bad = |what| Err(RingfenceError::InvalidConfig(what));
        if self.night_start_minute >= 1440 || self.night_end_minute >= 1440 {
            return bad("night window minutes must be below 1440");
        }
        if self.emergency_callback_minutes > CallbackWindow::MAX_MINUTES {
            return bad("emergency call-back window is at most 1440 minutes");
        }
        if self.repeated_call_minutes > MAX_REPEATED_CALL_MINUTES {
            return bad("repeated-call window is at most 60 minutes");
        }
        if !(2..=MAX_REPEATED_CALL_COUNT).contains(&self.repeated_call_count) {
            return bad("repeated-call count is from 2 to 10");
        }
        self.schedule.iter().chain(&self.quiet_hours).try_for_each(Schedule::validate)
    }

    /// Whether protection is paused at `now` (epoch seconds): before [`paused_until`](Self::paused_until).
    pub fn is_paused(&self, now: i64) -> bool {
        self.paused_until.is_some_and(|until| now < until)
    }

    /// The repeated-call breakthrough as (window in seconds, count), when on.
    pub fn repeated_call(&self) -> Option<(i64, u32)> {
        (self.repeated_call_minutes > 0).then(|| (i64::from(self.repeated_call_minutes) * 60, self.repeated_call_count))
    }

    /// The emergency call-back window (capped at [`CallbackWindow::MAX_MINUTES`]).
    pub fn emergency_callback(&self) -> CallbackWindow {
        CallbackWindow::emergency(self.emergency_callback_minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_order_thresholds() {
        let (r, s, x) = (ProtectionLevel::Relaxed, ProtectionLevel::Standard, ProtectionLevel::Strict);
        assert!(r.thresholds().label > s.thresholds().label && s.thresholds().label > x.thresholds().label);
        assert!(r.thresholds().block > s.thresholds().block && s.thresholds().block > x.thresholds().block);
        assert_eq!(ProtectionLevel::from_code("strict"), Some(x));
        assert_eq!(ProtectionLevel::from_code("paranoid"), None);
    }

    #[test]
    fn night_window_wraps_midnight() {
        let p = Policy::default();
        assert!(p.is_night(23 * 60));
        assert!(p.is_night(3 * 60));
        assert!(!p.is_night(7 * 60));
        assert!(!p.is_night(12 * 60));
        let day = Policy { night_start_minute: 60, night_end_minute: 120, ..p };
        assert!(day.is_night(90) && !day.is_night(130));
    }

    #[test]
    fn validation() {
        assert!(Policy::default().validate().is_ok());
        assert!(Policy { night_start_minute: 1440, ..Policy::default() }.validate().is_err());
        assert!(Policy { emergency_callback_minutes: 1441, ..Policy::default() }.validate().is_err());
    }

    #[test]
    fn binding_defaults_are_the_default_policy() {
        let prefix = "#[cfg_attr(feature = \"uniffi\", uniffi(default = ";
        let declared: Vec<&str> =
            include_str!("mod.rs").lines().filter_map(|l| l.trim().strip_prefix(prefix)?.strip_suffix("))]")).collect();
        let d = Policy::default();
        let switches = [d.block_hidden, d.silence_unknown, d.block_foreign, d.night_mode].map(|b| b.to_string());
        let minutes = [d.night_start_minute.into(), d.night_end_minute.into(), d.emergency_callback_minutes];
        let mut expected: Vec<String> = switches.into_iter().chain(minutes.map(|m: u32| m.to_string())).collect();
        let none = |o: bool| if o { "None".to_owned() } else { "Some".to_owned() };
        expected.extend([none(d.schedule.is_none()), none(d.quiet_hours.is_none())]);
        expected.extend([d.repeated_call_minutes.to_string(), d.repeated_call_count.to_string()]);
        expected.push(none(d.paused_until.is_none()));
        assert_eq!(declared, expected);
    }

    #[test]
    fn callback_window_is_capped() {
        let p = Policy { emergency_callback_minutes: u32::MAX, ..Policy::default() };
        assert_eq!(p.emergency_callback().secs(), 24 * 3600);
    }
}
