//! The user's protection settings: a level that sets the risk thresholds, and switches.

use crate::number::emergency::CallbackWindow;

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

/// Protection settings. None of the switches ever touches emergency numbers, the emergency
/// call-back window, contacts, recently dialled numbers or allow rules.
///
/// The bindings' field defaults (`uniffi(default = …)`) are [`Policy::default`]'s values (a test
/// keeps them equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        }
    }
}

impl Policy {
    /// Whether `minute_of_day` (local) falls in the night window (which may wrap midnight).
    pub fn is_night(&self, minute_of_day: u16) -> bool {
        let (start, end) = (self.night_start_minute, self.night_end_minute);
        if start <= end { (start..end).contains(&minute_of_day) } else { minute_of_day >= start || minute_of_day < end }
    }

    /// Checks the minutes are in range (night window times below 24:00, window ≤ 24 h).
    pub fn validate(&self) -> Result<(), crate::error::RingfenceError> {
        let bad = |what| Err(crate::error::RingfenceError::InvalidConfig(what));
        if self.night_start_minute >= 1440 || self.night_end_minute >= 1440 {
            return bad("night window minutes must be below 1440");
        }
        if self.emergency_callback_minutes > CallbackWindow::MAX_MINUTES {
            return bad("emergency call-back window is at most 1440 minutes");
        }
        Ok(())
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
        let declared: Vec<&str> = include_str!("policy.rs")
            .lines()
            .filter_map(|l| l.trim().strip_prefix(prefix)?.strip_suffix("))]"))
            .collect();
        let d = Policy::default();
        let switches = [d.block_hidden, d.silence_unknown, d.block_foreign, d.night_mode].map(|b| b.to_string());
        let minutes = [d.night_start_minute.into(), d.night_end_minute.into(), d.emergency_callback_minutes];
        let expected: Vec<String> = switches.into_iter().chain(minutes.map(|m: u32| m.to_string())).collect();
        assert_eq!(declared, expected);
    }

    #[test]
    fn callback_window_is_capped() {
        let p = Policy { emergency_callback_minutes: u32::MAX, ..Policy::default() };
        assert_eq!(p.emergency_callback().secs(), 24 * 3600);
    }
}
