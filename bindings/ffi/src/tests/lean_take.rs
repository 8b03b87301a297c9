//! `ringfence_lean_take`: an answer too large for the caller's output buffer is kept for the
//! caller's thread and taken whole, so a call is screened once whatever the buffer size: the
//! screener's call history (here, the repeated-call breakthrough) sees it once.

use super::lean::{Handle, calls, decoded, encoded};
use crate::lean::{ringfence_lean_screen, ringfence_lean_screen_batch, ringfence_lean_take};
use crate::{IncomingCall, Screener, ScreenerConfig, Verdict};
use ringfence_core::{Action, CallTime, Language, Policy};

/// 2026-11-23T23:00:00Z.
const NIGHT: i64 = 1_795_392_000 + 23 * 3600;

/// A screener whose quiet hours (all day) silence unknown callers and whose third call of one
/// number within three minutes breaks through: a call counted twice would break through early.
fn quiet_screener() -> Screener {
    let policy = Policy {
        quiet_hours: Some("daily 00:00-24:00".parse().unwrap()),
        repeated_call_count: 3,
        repeated_call_minutes: 3,
        ..Policy::default()
    };
    Screener::new(ScreenerConfig {
        language: Language::En,
        default_region: Some("CH".into()),
        policy: Some(policy),
        home_region: None,
        customer_brands: Vec::new(),
        reminder_interval_hours: 0,
        line_policies: Vec::new(),
    })
    .unwrap()
}

/// The same caller (not a contact) at `NIGHT + secs`.
fn ring(secs: i64) -> IncomingCall {
    IncomingCall {
        number: Some("+41 79 123 45 67".into()),
        region: None,
        in_contacts: false,
        time: Some(CallTime { epoch_seconds: NIGHT + secs, utc_offset_minutes: 0 }),
        ..calls(1).remove(0)
    }
}

/// `ringfence_lean_take` for the answer to `input`, with `capacity` bytes of output.
fn take(input: &[u8], capacity: usize) -> (i32, Vec<u8>) {
    let mut out = vec![0xA5; capacity];
    // SAFETY: `out` is valid for `capacity` bytes; `input` is only compared.
    let n = unsafe { ringfence_lean_take(input.as_ptr(), input.len() as i32, out.as_mut_ptr(), capacity as i32) };
    (n, out)
}

fn actions(verdicts: &[Verdict]) -> Vec<Action> {
    verdicts.iter().map(|v| v.action).collect()
}

#[test]
fn a_verdict_too_large_is_taken_and_its_call_counted_once() {
    let (lean, twin) = (Handle::new(quiet_screener()), quiet_screener());
    let first = encoded(ring(0));
    let (needed, out) = lean.call(ringfence_lean_screen, &first, 8);
    assert!(needed < -8, "{needed}");
    assert!(out.iter().all(|&b| b == 0xA5), "nothing written");
    let (n, out) = take(&first, -needed as usize);
    assert_eq!(n, -needed);
    let expected = twin.screen(ring(0));
    assert_eq!(&out[..n as usize], encoded(expected.clone()), "the bytes a large enough buffer gets");
    assert_eq!(take(&first, 8192).0, 0, "taken once");
    let mut verdicts = vec![expected];
    for secs in [60, 120] {
        let (n, out) = lean.call(ringfence_lean_screen, &encoded(ring(secs)), 8192);
        let verdict = twin.screen(ring(secs));
        assert_eq!(decoded::<Verdict>(&out[..n as usize]), verdict, "the call {secs} s later");
        verdicts.push(verdict);
    }
    assert_eq!(actions(&verdicts), [Action::Silence, Action::Silence, Action::Label], "the third breaks through");
}

#[test]
fn a_batch_too_large_is_kept_whole_until_the_buffer_fits_and_screened_once() {
    let (lean, twin) = (Handle::new(quiet_screener()), quiet_screener());
    let batch = encoded(vec![ring(0), ring(60)]);
    let (needed, _) = lean.call(ringfence_lean_screen_batch, &batch, 16);
    assert!(needed < -16, "{needed}");
    let (short, out) = take(&batch, -needed as usize - 1);
    assert_eq!(short, needed, "still too short: the size again");
    assert!(out.iter().all(|&b| b == 0xA5), "nothing written");
    let (n, out) = take(&batch, 1 << 16);
    assert_eq!(n, -needed, "kept through the short take");
    let verdicts: Vec<Verdict> = decoded(&out[..n as usize]);
    assert_eq!(verdicts, twin.screen_batch(vec![ring(0), ring(60)]));
    assert_eq!(actions(&verdicts), [Action::Silence, Action::Silence]);
    let (n, out) = lean.call(ringfence_lean_screen_batch, &encoded(vec![ring(120)]), 1 << 16);
    let third: Vec<Verdict> = decoded(&out[..n as usize]);
    assert_eq!(third, twin.screen_batch(vec![ring(120)]));
    assert_eq!(actions(&third), [Action::Label], "the third call, not the fifth");
}

#[test]
fn nothing_kept_answers_zero_and_the_next_call_replaces_what_was_kept() {
    let lean = Handle::new(quiet_screener());
    let (a, b) = (encoded(ring(0)), encoded(ring(600)));
    assert!(lean.call(ringfence_lean_screen, &a, 8192).0 > 0);
    assert_eq!(take(&a, 8192).0, 0, "a call that fit keeps nothing");
    assert!(lean.call(ringfence_lean_screen, &a, 4).0 < 0);
    assert!(lean.call(ringfence_lean_screen, &b, 8192).0 > 0);
    assert_eq!(take(&a, 8192).0, 0, "dropped by the next call");
    assert!(lean.call(ringfence_lean_screen, &a, 4).0 < 0);
    assert_eq!(lean.call(ringfence_lean_screen, &a[1..], 8192).0, 0);
    assert_eq!(take(&a, 8192).0, 0, "dropped by a malformed call too");
    assert!(lean.call(ringfence_lean_screen, &a, 4).0 < 0);
    let (needed, _) = lean.call(ringfence_lean_screen, &b, 4);
    assert_eq!(take(&a, 8192).0, 0, "replaced by the next answer kept");
    let (n, out) = take(&b, 8192);
    assert_eq!(n, -needed);
    assert_eq!(decoded::<Verdict>(&out[..n as usize]).e164.as_deref(), Some("+41791234567"));
}

#[test]
fn an_answer_is_taken_only_for_its_own_input_on_its_own_thread() {
    let lean = Handle::new(quiet_screener());
    let input = encoded(ring(0));
    let (needed, _) = lean.call(ringfence_lean_screen, &input, 4);
    assert!(needed < 0);
    let copy = input.clone();
    assert_eq!(take(&copy, 8192).0, 0, "the same bytes elsewhere are another caller's");
    assert_eq!(take(&input[..input.len() - 1], 8192).0, 0, "another length");
    std::thread::scope(|s| assert_eq!(s.spawn(|| take(&input, 8192).0).join().unwrap(), 0, "another thread"));
    // SAFETY: a null output, which the entry point must treat as no room.
    let no_room = unsafe { ringfence_lean_take(input.as_ptr(), input.len() as i32, std::ptr::null_mut(), 64) };
    assert_eq!(no_room, needed, "a null output has no room");
    assert_eq!(take(&input, 8192).0, -needed, "still kept for its own caller");
}
