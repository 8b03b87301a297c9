//! Schedules at their edges: window boundaries, midnight spans, `24:00`, time-zone offsets.

use super::*;

/// 2026-11-23T00:00:00Z, a Monday.
const MONDAY: i64 = 1_795_392_000;

/// Epoch seconds of local `day` (0 = Monday of that week) at `h:m`, with `offset` minutes.
fn at(day: i64, h: i64, m: i64, offset: i16) -> i64 {
    MONDAY + day * 86_400 + h * 3600 + m * 60 - i64::from(offset) * 60
}

fn s(text: &str) -> Schedule {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn weekdays_from_epoch_seconds() {
    assert_eq!(local_weekday_minute(MONDAY, 0), (0, 0));
    assert_eq!(local_weekday_minute(MONDAY - 60, 0), (6, 1439), "a minute before is Sunday 23:59");
    assert_eq!(local_weekday_minute(0, 0), (3, 0), "1970-01-01 was a Thursday");
    assert_eq!(local_weekday_minute(-1, 0), (2, 1439));
    let (d, m) = local_weekday_minute(i64::MIN, i16::MIN);
    assert!(d < 7 && m < 1440);
}

#[test]
fn a_window_covers_start_to_end_exclusive() {
    let office = s("mon-fri 09:00-17:00");
    assert!(!office.contains(at(0, 8, 59, 0), 0));
    assert!(office.contains(at(0, 9, 0, 0), 0), "the start minute is inside");
    assert!(office.contains(at(4, 16, 59, 0), 0));
    assert!(!office.contains(at(4, 17, 0, 0), 0), "the end minute is outside");
    assert!(!office.contains(at(5, 10, 0, 0), 0), "Saturday");
    let late = s("sun 23:00-24:00");
    assert!(late.contains(at(6, 23, 59, 0), 0));
    assert!(!late.contains(at(7, 0, 0, 0), 0), "24:00 ends the day: Monday 00:00 is outside");
    let whole = s("wed 00:00-24:00");
    assert!(whole.contains(at(2, 0, 0, 0), 0) && whole.contains(at(2, 23, 59, 0), 0));
    assert!(!whole.contains(at(3, 0, 0, 0), 0));
}

#[test]
fn midnight_spans_belong_to_the_start_day() {
    let night = s("fri 22:00-06:00");
    assert!(!night.contains(at(4, 21, 59, 0), 0));
    assert!(night.contains(at(4, 22, 0, 0), 0), "Friday evening");
    assert!(night.contains(at(5, 0, 0, 0), 0), "Saturday midnight");
    assert!(night.contains(at(5, 5, 59, 0), 0), "Saturday morning");
    assert!(!night.contains(at(5, 6, 0, 0), 0), "the end is exclusive");
    assert!(!night.contains(at(5, 22, 0, 0), 0), "Saturday evening is not a start day");
    assert!(!night.contains(at(4, 3, 0, 0), 0), "Friday morning follows Thursday, not a start day");
    let sunday = s("sun 23:00-01:00");
    assert!(sunday.contains(at(7, 0, 30, 0), 0), "the span wraps the week into Monday");
}

#[test]
fn local_time_is_the_calls_offset() {
    // Friday 23:30 UTC is Saturday 00:30 at UTC+1.
    let t = at(4, 23, 30, 0);
    assert_eq!(local_weekday_minute(t, 60), (5, 30));
    assert!(s("sat 00:00-01:00").contains(t, 60));
    assert!(!s("sat 00:00-01:00").contains(t, 0));
    assert!(!s("fri 23:00-24:00").contains(t, 60));
    assert!(s("fri 23:00-24:00").contains(t, 0));
    // Monday 02:00 UTC is Sunday 21:00 at UTC-5.
    assert_eq!(local_weekday_minute(at(0, 2, 0, 0), -300), (6, 21 * 60));
    assert!(s("sun 20:00-22:00").contains(at(0, 2, 0, 0), -300));
}

#[test]
fn text_form_round_trips_in_canonical_form() {
    for (text, canonical) in [
        ("mon-fri 09:00-17:00|sat,sun 10:00-12:00", "mon-fri 09:00-17:00|sat,sun 10:00-12:00"),
        (" MON , wed 08:00-08:30 | daily 22:00-07:00 ", "mon,wed 08:00-08:30|daily 22:00-07:00"),
        ("fri-mon 10:00-24:00", "mon,fri-sun 10:00-24:00"),
        ("mon-sun 00:00-24:00", "daily 00:00-24:00"),
        ("tue,wed,thu,sat 01:00-02:00", "tue-thu,sat 01:00-02:00"),
        ("sun-sat 12:00-11:00", "daily 12:00-11:00"),
    ] {
        let parsed = s(text);
        assert_eq!(parsed.to_string(), canonical, "{text}");
        assert_eq!(s(canonical), parsed, "{text}");
    }
    let w = s("mon,sun 00:00-00:01").windows[0];
    assert_eq!(w, Window { days: 1 | 64, start_minute: 0, end_minute: 1 });
}

#[test]
fn bad_schedules_are_typed_errors() {
    for bad in [
        "",
        "|",
        "mon",
        "09:00-17:00",
        "mon 09:00",
        "mon 9:00-17:00",
        "mon 09:00-24:01",
        "mon 24:00-01:00",
        "mon 09:60-10:00",
        "mon 10:00-10:00",
        "monday 09:00-10:00",
        "mon- 09:00-10:00",
        "mon 09:00-10:00|",
        "mon ０９:00-10:00",
    ] {
        assert!(matches!(bad.parse::<Schedule>(), Err(RingfenceError::InvalidSchedule(_))), "{bad:?}");
    }
    let many = vec!["mon 09:00-10:00"; MAX_WINDOWS + 1].join("|");
    assert!(matches!(many.parse::<Schedule>(), Err(RingfenceError::LimitExceeded { .. })));
    assert!(matches!("x".repeat(10_000).parse::<Schedule>(), Err(RingfenceError::LimitExceeded { .. })));
    assert!(Schedule::default().validate().is_err(), "no windows");
    assert!(Schedule { windows: vec![Window { days: 0x80, start_minute: 0, end_minute: 1 }] }.validate().is_err());
}
