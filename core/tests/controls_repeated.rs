//! The repeated-call breakthrough through `Screener::screen`: the N-th call within the window
//! (and the second after it), what it lifts (quiet hours, the risk signals' and switches'
//! silences) and what it never lifts (user rules, feed entries, provable spoofs, bursts), and
//! how it leaves burst detection as it was (docs/controls.md).

use ringfence_core::database::{DatabaseBuilder, public_key};
use ringfence_core::{
    Action, CallTime, Category, IncomingCall, Pattern, Policy, Reason, Rule, Schedule, Screener, ScreenerConfig,
    Verdict,
};

/// 2026-11-23T23:00:00Z, a Monday night.
const NIGHT: i64 = 1_795_392_000 + 23 * 3600;
const CALLER: &str = "+41 79 123 45 67";
const SECRET: [u8; 32] = [9; 32];

fn quiet() -> Policy {
    let quiet_hours: Schedule = "daily 22:00-07:00".parse().unwrap();
    Policy { quiet_hours: Some(quiet_hours), ..Policy::default() }
}

fn screener(policy: Policy) -> Screener {
    Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), policy, ..Default::default() })
}

/// `number` calling at `NIGHT + secs`.
fn ring(s: &Screener, number: &str, secs: i64) -> Verdict {
    let time = CallTime { epoch_seconds: NIGHT + secs, utc_offset_minutes: 0 };
    s.screen(&IncomingCall { number: Some(number.into()), time: Some(time), ..Default::default() })
}

#[test]
fn the_second_call_within_three_minutes_breaks_through_quiet_hours() {
    let s = screener(quiet());
    assert_eq!(ring(&s, CALLER, 0).reasons, [Reason::QuietHours]);
    let again = ring(&s, CALLER, 180);
    assert_eq!((again.action, again.reasons.as_slice()), (Action::Label, &[Reason::RepeatedCall][..]));
    assert_eq!(again.label.as_deref(), Some("Repeated call"));
    let s = screener(quiet());
    ring(&s, CALLER, 0);
    assert_eq!(ring(&s, CALLER, 181).action, Action::Silence, "one second after the window");
    let s = screener(quiet());
    ring(&s, CALLER, 0);
    assert_eq!(ring(&s, CALLER, 0).action, Action::Silence, "the same call screened twice is one call");
    assert_eq!(ring(&s, "+41 79 123 45 68", 60).action, Action::Silence, "another number is not a repeat");
}

#[test]
fn the_nth_call_breaks_through_and_zero_minutes_turn_it_off() {
    let s = screener(Policy { repeated_call_count: 3, repeated_call_minutes: 5, ..quiet() });
    assert_eq!(ring(&s, CALLER, 0).action, Action::Silence);
    assert_eq!(ring(&s, CALLER, 120).action, Action::Silence, "the second of three");
    assert_eq!(ring(&s, CALLER, 300).action, Action::Label, "the third within five minutes");
    let s = screener(Policy { repeated_call_count: 3, repeated_call_minutes: 5, ..quiet() });
    ring(&s, CALLER, 0);
    ring(&s, CALLER, 120);
    assert_eq!(ring(&s, CALLER, 301).action, Action::Silence, "the first call fell out of the window");
    let off = screener(Policy { repeated_call_minutes: 0, ..quiet() });
    assert!((0..5).all(|i| ring(&off, CALLER, i * 30).action == Action::Silence));
    assert!(Policy { repeated_call_count: 1, ..Policy::default() }.validate().is_err());
    assert!(Policy { repeated_call_minutes: 61, ..Policy::default() }.validate().is_err());
}

#[test]
fn it_lifts_the_silence_of_switches_and_signals_outside_quiet_hours() {
    let s = screener(Policy { silence_unknown: true, ..Policy::default() });
    assert_eq!(ring(&s, CALLER, 0).reasons, [Reason::PolicyUnknown]);
    let again = ring(&s, CALLER, 60);
    assert_eq!(
        (again.action, again.reasons[..2].to_vec()),
        (Action::Label, vec![Reason::RepeatedCall, Reason::PolicyUnknown])
    );
}

#[test]
fn it_never_overrides_user_rules_feed_entries_or_provable_spoofs() {
    let s = screener(quiet());
    let rule = |p: &str, a| Rule::new(Pattern::parse(p, None).unwrap(), a, Category::Spam, None).unwrap();
    s.add_rules(vec![rule("+41791111111", Action::Block), rule("+41792222222", Action::Silence)]).unwrap();
    let mut b = DatabaseBuilder::new("feed", 1).unwrap();
    let block = b.class(Action::Block, Category::Scam, None).unwrap();
    let silence = b.class(Action::Silence, Category::Robocall, None).unwrap();
    b.push(Pattern::parse("+41793333333", None).unwrap(), block).unwrap();
    b.push(Pattern::parse("+41794444444", None).unwrap(), silence).unwrap();
    s.pin_feed("feed", vec![public_key(&SECRET)]).unwrap();
    s.install_database(b.build(&SECRET).unwrap().bytes).unwrap();
    for (number, action) in [
        ("+41791111111", Action::Block),
        ("+41792222222", Action::Silence),
        ("+41793333333", Action::Block),
        ("+41794444444", Action::Silence),
        ("+1 800 642 7676", Action::Block),
    ] {
        for secs in [0, 30, 60] {
            let v = ring(&s, number, secs);
            assert_eq!(v.action, action, "{number} at +{secs}s: {v:?}");
            assert!(!v.reasons.contains(&Reason::RepeatedCall), "{number}");
        }
    }
}

/// A robocall wave rotates through one number block: every number is a first call, so the
/// breakthrough never sees it, and burst detection counts it as before.
#[test]
fn a_burst_keeps_its_signal_and_its_retries_stay_silenced() {
    let s = screener(Policy { silence_unknown: true, ..Policy::default() });
    assert_eq!(ring(&s, "+41 44 668 18 01", 0).reasons, [Reason::PolicyUnknown]);
    let wave = ring(&s, "+41 44 668 18 77", 20);
    assert_eq!(wave.action, Action::Silence);
    assert!(wave.reasons.contains(&Reason::BurstNumberBlock), "{:?}", wave.reasons);
    let retry = ring(&s, "+41 44 668 18 77", 60);
    assert_eq!(retry.action, Action::Silence, "a number of a burst calling again does not break through");
    assert!(retry.reasons.contains(&Reason::BurstNumberBlock));
    // In quiet hours the same: the wave is silenced, and so are its retries.
    let s = screener(quiet());
    ring(&s, "+41 44 668 18 01", 0);
    ring(&s, "+41 44 668 18 77", 20);
    let retry = ring(&s, "+41 44 668 18 77", 60);
    assert_eq!((retry.action, retry.reasons[0]), (Action::Silence, Reason::QuietHours));
}

/// One person calling again and again is never a burst, with or without the breakthrough.
#[test]
fn repeated_calls_from_one_number_are_not_a_burst() {
    for policy in [Policy::default(), Policy { repeated_call_minutes: 0, ..Policy::default() }] {
        let s = screener(policy);
        for i in 0..6 {
            let v = ring(&s, CALLER, i * 20);
            assert!(!v.reasons.iter().any(|r| matches!(r, Reason::BurstNumberBlock | Reason::BurstCountry)), "{v:?}");
        }
        assert!(
            ring(&s, "+41 79 123 45 99", 200).reasons.contains(&Reason::BurstNumberBlock),
            "the block still counts"
        );
    }
}
