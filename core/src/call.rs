//! What the phone knows about an incoming call while it rings.

use crate::number::RegionCode;

/// How the network presented the caller ID (Android `Call.Details#getHandlePresentation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Presentation {
    /// The number is shown.
    #[default]
    Allowed,
    /// The caller hid the number.
    Restricted,
    /// The network did not deliver a number.
    Unknown,
    /// A payphone.
    Payphone,
    /// The number is unavailable (e.g. from abroad or an old exchange).
    Unavailable,
}

/// The network's caller-ID verification result (STIR/SHAKEN; Android API 30+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Verification {
    /// No verification was performed or reported.
    #[default]
    NotVerified,
    /// The network vouches for the number.
    Passed,
    /// Verification failed: the number is likely spoofed.
    Failed,
}

/// A moment in time with the phone's local UTC offset (for "at night" style rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CallTime {
    /// Seconds since the Unix epoch (UTC).
    pub epoch_seconds: i64,
    /// The phone's offset from UTC at that moment, in minutes (CET = 60).
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub utc_offset_minutes: i16,
}

impl CallTime {
    /// The current time, in UTC.
    pub fn now_utc() -> Self {
        let secs =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Self { epoch_seconds: secs, utc_offset_minutes: 0 }
    }

    /// Parses RFC 3339 text with an explicit offset: `2026-11-28T21:05:00+01:00` or `…Z`.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let b = text.trim().as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = std::str::from_utf8(b.get(r)?).ok()?;
            s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if hour > 23 || min > 59 || sec > 60 {
            return None;
        }
        let mut rest = &b[19..];
        if rest.first() == Some(&b'.') {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            rest = &rest[1 + digits..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let s = std::str::from_utf8(&[*h1, *h2, *m1, *m2]).ok()?.to_owned();
                if !s.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let (h, m): (i64, i64) = (s[..2].parse().ok()?, s[2..].parse().ok()?);
                if h > 23 || m > 59 {
                    return None;
                }
                if *sign == b'-' { -(h * 60 + m) } else { h * 60 + m }
            }
            _ => return None,
        };
        let days = days_from_civil(year, month, day);
        let local = days * 86_400 + hour * 3600 + min * 60 + sec.min(59);
        Some(Self { epoch_seconds: local - offset * 60, utc_offset_minutes: offset as i16 })
    }

    /// RFC 3339 text with the offset (`2026-11-28T21:05:00+01:00`; `Z` at UTC), as
    /// [`parse_rfc3339`](Self::parse_rfc3339) reads it.
    pub fn to_rfc3339(&self) -> String {
        let offset = i64::from(self.utc_offset_minutes);
        let local = self.epoch_seconds.saturating_add(offset * 60);
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        let secs = local.rem_euclid(86_400);
        let zone = match offset {
            0 => "Z".to_owned(),
            o => format!("{}{:02}:{:02}", if o < 0 { '-' } else { '+' }, o.abs() / 60, o.abs() % 60),
        };
        format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{zone}", secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// Minutes past local midnight (0–1439).
    pub fn local_minute_of_day(&self) -> u16 {
        let local = self.epoch_seconds.saturating_add(i64::from(self.utc_offset_minutes) * 60);
        (local.rem_euclid(86_400) / 60) as u16
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day number since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// An incoming call as the phone sees it while it rings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomingCall {
    /// The caller ID as delivered (any notation); `None` when the number is withheld.
    pub number: Option<String>,
    /// How the caller ID was presented.
    pub presentation: Presentation,
    /// The network's caller-ID verification result.
    pub verification: Verification,
    /// The region of the network the phone is on; national numbers are read in it.
    pub region: Option<RegionCode>,
    /// The user's home country, when the app knows it for this call; otherwise the screener's
    /// [`home_region`](crate::ScreenerConfig::home_region), else the country of `user_number`,
    /// else `region`. "Foreign" means outside it.
    pub home_region: Option<RegionCode>,
    /// The user's own number, when the platform exposes it.
    pub user_number: Option<String>,
    /// Whether the caller is in the user's contacts (the app looks this up).
    pub in_contacts: bool,
    /// The caller name (CNAP), only available to OS-level integrations.
    pub display_name: Option<String>,
    /// When the call arrived; `None` means now.
    pub time: Option<CallTime>,
    /// The line the call arrived on (SIM subscription / phone account id), when the phone has
    /// several: rules and policies scoped to a line apply to its calls only.
    pub line: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339() {
        let t = CallTime::parse_rfc3339("2026-11-28T21:05:00+01:00").unwrap();
        assert_eq!(t.epoch_seconds, 1_795_896_300);
        assert_eq!(t.utc_offset_minutes, 60);
        assert_eq!(t.local_minute_of_day(), 21 * 60 + 5);
        let z = CallTime::parse_rfc3339("1970-01-01T00:00:00.123Z").unwrap();
        assert_eq!(z.epoch_seconds, 0);
        let extreme = CallTime { epoch_seconds: i64::MIN, utc_offset_minutes: i16::MIN };
        assert!(extreme.local_minute_of_day() < 1440);
        let neg = CallTime::parse_rfc3339("2024-02-29T23:30:00-05:30").unwrap();
        assert_eq!(neg.local_minute_of_day(), 23 * 60 + 30);
    }

    #[test]
    fn formats_rfc3339_and_reads_it_back() {
        for text in
            ["2026-11-28T21:05:00+01:00", "1970-01-01T00:00:00Z", "2024-02-29T23:30:59-05:30", "1969-12-31T23:59:59Z"]
        {
            let t = CallTime::parse_rfc3339(text).unwrap();
            assert_eq!(t.to_rfc3339(), text);
        }
        for days in [-800_000i64, -1, 0, 59, 11_016, 20_785, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "",
            "2026-11-28",
            "2026-11-28T21:05:00",
            "2026-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2026-11-28T25:00:00Z",
            "2026-11-28T21:05:00+1:00",
            "２０２６-11-28T21:05:00Z",
            "2026-11-28T21:05:00.Z",
        ] {
            assert!(CallTime::parse_rfc3339(bad).is_none(), "{bad}");
        }
    }
}
