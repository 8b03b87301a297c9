//! Schedules: when a rule, the protection or quiet hours apply.
//!
//! A [`Schedule`] is a set of weekly [`Window`]s, in the call's **local** time (the call's
//! [`CallTime`](crate::CallTime) with its UTC offset). A window is a set of weekdays and a
//! start and end minute after local midnight: it covers `[start, end)` on each of its days.
//! An end before the start spans midnight, and the whole span belongs to the **start** day's
//! weekday (`fri 22:00-06:00` covers Friday 22:00 to Saturday 06:00, not Saturday night).
//! `24:00` is a valid end; start and end are never equal (`00:00-24:00` is the whole day).
//!
//! ## Text form
//! Windows separated by `|`; each is `DAYS START-END`. `DAYS` is `daily` or comma-separated
//! days and day ranges (`mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`; `mon-fri`, and
//! `fri-mon` wraps the week). Times are `HH:MM`. Spaces around the separators are ignored and
//! day names are case-insensitive:
//!
//! ```
//! use ringfence_core::policy::Schedule;
//!
//! let s: Schedule = "mon-fri 09:00-17:00 | Sat,sun 10:00-12:00".parse()?;
//! assert_eq!(s.to_string(), "mon-fri 09:00-17:00|sat,sun 10:00-12:00");
//! let night: Schedule = "daily 22:00-07:00".parse()?;
//! assert_eq!(night.to_string().parse::<Schedule>()?, night);
//! # Ok::<(), ringfence_core::RingfenceError>(())
//! ```
//!
//! [`Display`](std::fmt::Display) writes the canonical form (days in week order, runs of three
//! or more days as ranges, all seven as `daily`), which parses back to the same schedule.

use std::fmt;
use std::str::FromStr;

use crate::error::RingfenceError;

/// Most windows one schedule holds.
pub const MAX_WINDOWS: usize = 32;
/// Minutes in a day: the latest end of a window (`24:00`).
pub const MINUTES_PER_DAY: u16 = 1440;
/// Days of the week, Monday first (bit `i` of [`Window::days`] is `DAY_NAMES[i]`).
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Every day of the week, as [`Window::days`] bits.
pub const EVERY_DAY: u8 = 0x7f;

/// One weekly time window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Window {
    /// The weekdays the window starts on, as bits: Monday = bit 0 (1) … Sunday = bit 6 (64).
    pub days: u8,
    /// Start, in minutes after local midnight (0–1439).
    pub start_minute: u16,
    /// End (exclusive), in minutes after local midnight (0–1440); before the start, the window
    /// ends on the next day.
    pub end_minute: u16,
}

impl Window {
    /// Checks the window: at least one day, no bits beyond Sunday, start below `24:00`, end at
    /// most `24:00` and not equal to the start.
    pub fn validate(&self) -> Result<(), RingfenceError> {
        let bad = |what| Err(RingfenceError::InvalidSchedule(what));
        if self.days == 0 || self.days & !EVERY_DAY != 0 {
            return bad("a window needs weekdays (bits 0 to 6)");
        }
        if self.start_minute >= MINUTES_PER_DAY || self.end_minute > MINUTES_PER_DAY {
            return bad("window times must be between 00:00 and 24:00");
        }
        if self.start_minute == self.end_minute {
            return bad("a window cannot start and end at the same minute");
        }
        Ok(())
    }

    /// Whether local `minute` of `weekday` (0 = Monday) falls in the window.
    pub fn contains(&self, weekday: u8, minute: u16) -> bool {
        let on = |day: u8| self.days & (1 << (day % 7)) != 0;
        if self.start_minute < self.end_minute {
            on(weekday) && (self.start_minute..self.end_minute).contains(&minute)
        } else {
            // Spans midnight: the evening of a start day, or the morning after one.
            (on(weekday) && minute >= self.start_minute) || (on(weekday + 6) && minute < self.end_minute)
        }
    }
}

/// A set of weekly windows (see the [module docs](self) for the rules and the text form).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Schedule {
    /// The windows; a moment is in the schedule when it is in any of them.
    pub windows: Vec<Window>,
}

/// A moment in local time: the weekday (0 = Monday) and the minute after local midnight.
pub fn local_weekday_minute(epoch_seconds: i64, utc_offset_minutes: i16) -> (u8, u16) {
    let local = epoch_seconds.saturating_add(i64::from(utc_offset_minutes) * 60);
    // 1970-01-01 was a Thursday (3 days after a Monday).
    let weekday = (local.div_euclid(86_400) + 3).rem_euclid(7) as u8;
    (weekday, (local.rem_euclid(86_400) / 60) as u16)
}

impl Schedule {
    /// Checks every window and the window count (at least one, at most [`MAX_WINDOWS`]).
    pub fn validate(&self) -> Result<(), RingfenceError> {
        if self.windows.is_empty() {
            return Err(RingfenceError::InvalidSchedule("a schedule needs at least one window"));
        }
        if self.windows.len() > MAX_WINDOWS {
            return Err(RingfenceError::LimitExceeded { what: "schedule windows", limit: MAX_WINDOWS as u64 });
        }
        self.windows.iter().try_for_each(Window::validate)
    }

    /// Whether the moment `epoch_seconds`, at `utc_offset_minutes` from UTC, is in the schedule.
    pub fn contains(&self, epoch_seconds: i64, utc_offset_minutes: i16) -> bool {
        let (weekday, minute) = local_weekday_minute(epoch_seconds, utc_offset_minutes);
        self.windows.iter().any(|w| w.contains(weekday, minute))
    }
}

impl FromStr for Schedule {
    type Err = RingfenceError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() > MAX_WINDOWS * 64 {
            return Err(RingfenceError::LimitExceeded { what: "schedule text length", limit: MAX_WINDOWS as u64 * 64 });
        }
        let windows = text.split('|').map(parse_window).collect::<Result<Vec<_>, _>>()?;
        let schedule = Self { windows };
        schedule.validate()?;
        Ok(schedule)
    }
}

fn parse_window(text: &str) -> Result<Window, RingfenceError> {
    let bad = || RingfenceError::InvalidSchedule("expected `DAYS HH:MM-HH:MM`, e.g. `mon-fri 09:00-17:00`");
    let (days, times) = text.trim().rsplit_once(char::is_whitespace).ok_or_else(bad)?;
    let (start, end) = times.split_once('-').ok_or_else(bad)?;
    let window =
        Window { days: parse_days(days.trim())?, start_minute: parse_time(start)?, end_minute: parse_time(end)? };
    window.validate()?;
    Ok(window)
}

fn parse_days(text: &str) -> Result<u8, RingfenceError> {
    let bad = || RingfenceError::InvalidSchedule("unknown day: use mon, tue, wed, thu, fri, sat, sun or daily");
    if text.eq_ignore_ascii_case("daily") {
        return Ok(EVERY_DAY);
    }
    let day = |name: &str| {
        DAY_NAMES.iter().position(|d| d.eq_ignore_ascii_case(name.trim())).map(|i| i as u8).ok_or_else(bad)
    };
    let mut bits = 0u8;
    for part in text.split(',') {
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (day(a)?, day(b)?),
            None => (day(part)?, day(part)?),
        };
        let span = (last + 7 - first) % 7;
        for i in 0..=span {
            bits |= 1 << ((first + i) % 7);
        }
    }
    Ok(bits)
}

fn parse_time(text: &str) -> Result<u16, RingfenceError> {
    let bad = || RingfenceError::InvalidSchedule("times are HH:MM, from 00:00 to 24:00");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(bad());
    }
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m > 59 || h * 60 + m > MINUTES_PER_DAY {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_days(f, self.days)?;
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, " {}-{}", hm(self.start_minute), hm(self.end_minute))
    }
}

/// The days in week order: runs of three or more as ranges, all seven as `daily`.
fn write_days(f: &mut fmt::Formatter<'_>, days: u8) -> fmt::Result {
    if days & EVERY_DAY == EVERY_DAY {
        return f.write_str("daily");
    }
    let on = |d: usize| d < 7 && days & (1 << d) != 0;
    let (mut d, mut first) = (0, true);
    while d < 7 {
        if !on(d) {
            d += 1;
            continue;
        }
        let mut end = d;
        while on(end + 1) {
            end += 1;
        }
        let sep = if first { "" } else { "," };
        match end - d {
            0 => write!(f, "{sep}{}", DAY_NAMES[d])?,
            1 => write!(f, "{sep}{},{}", DAY_NAMES[d], DAY_NAMES[end])?,
            _ => write!(f, "{sep}{}-{}", DAY_NAMES[d], DAY_NAMES[end])?,
        }
        first = false;
        d = end + 1;
    }
    Ok(())
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, w) in self.windows.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            write!(f, "{w}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
