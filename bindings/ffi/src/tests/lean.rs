//! The lean entry points (`lean.rs`) as `dev.ringfence.LeanScreener` drives them: UniFFI's
//! encoding each way through caller-owned buffers, the same verdicts as `screen` and
//! `screen_batch`, `-n` for a short output buffer and `0` for anything malformed.

use std::sync::Arc;

use uniffi::{Lift, Lower};

use crate::lean::{ringfence_lean_release, ringfence_lean_screen, ringfence_lean_screen_batch};
use crate::{IncomingCall, Rule, Screener, ScreenerConfig, UniFfiTag, Verdict};
use ringfence_core::{Action, CallTime, Category, Language, Presentation, Verification};

pub(super) type Entry = unsafe extern "C" fn(u64, *const u8, i32, *mut u8, i32) -> i32;

/// A screener with a block rule, a label rule and a customer brand, behind a cloned handle.
fn screener() -> Screener {
    let config = ScreenerConfig {
        language: Language::It,
        default_region: Some("IT".into()),
        policy: None,
        home_region: None,
        customer_brands: vec!["Trend Micro".into()],
        reminder_interval_hours: 0,
        line_policies: Vec::new(),
    };
    let s = Screener::new(config).unwrap();
    let rule = |pattern: &str, action, category, label: &str| Rule {
        pattern: pattern.into(),
        action,
        category: Some(category),
        label: Some(label.into()),
        line: None,
        schedule: None,
    };
    s.add_rules(vec![
        rule("+39021234####", Action::Block, Category::Spam, "Spam di prova"),
        rule("+4144668####", Action::Label, Category::Telemarketing, "Call centre"),
    ])
    .unwrap();
    s
}

/// Calls of several countries and shapes, withheld ones, names, contacts, day and night.
pub(super) fn calls(count: usize) -> Vec<IncomingCall> {
    const NAMES: [Option<&str>; 5] =
        [None, Some("Mario Rossi"), Some("Microsoft"), Some("Trend Micro Support"), Some("Zoë")];
    (0..count)
        .map(|k| {
            let number = match k % 5 {
                0 => Some(format!("02 1234 {:04}", k % 10_000)),
                1 => Some(format!("+39 347 {:07}", k * 7919 % 10_000_000)),
                2 => None,
                3 => Some(format!("+1 800 642 {:04}", k % 10_000)),
                _ => Some(format!("+41 44 668 {:04}", k % 10_000)),
            };
            IncomingCall {
                presentation: if number.is_none() { Presentation::Restricted } else { Presentation::Allowed },
                number,
                verification: [Verification::NotVerified, Verification::Passed, Verification::Failed][k % 3],
                region: (k % 3 == 0).then(|| "IT".into()),
                user_number: None,
                in_contacts: k % 11 == 0,
                display_name: NAMES[k % NAMES.len()].map(Into::into),
                time: Some(CallTime { epoch_seconds: 1_795_392_000 + (k as i64 % 24) * 3600, utc_offset_minutes: 60 }),
                home_region: None,
                line: None,
            }
        })
        .collect()
}

pub(super) fn encoded<T: Lower<UniFfiTag>>(value: T) -> Vec<u8> {
    let mut bytes = Vec::new();
    T::write(value, &mut bytes);
    bytes
}

pub(super) fn decoded<T: Lift<UniFfiTag>>(mut bytes: &[u8]) -> T {
    let value = T::try_read(&mut bytes).unwrap();
    assert!(bytes.is_empty(), "the answer fills its length");
    value
}

/// A handle as `uniffiCloneHandle` makes one, released when dropped.
pub(super) struct Handle(pub(super) u64);

impl Handle {
    pub(super) fn new(screener: Screener) -> Self {
        Self(Arc::into_raw(Arc::new(screener)) as u64)
    }

    /// `entry` on `input` with `capacity` bytes of output: its return value and the output.
    pub(super) fn call(&self, entry: Entry, input: &[u8], capacity: usize) -> (i32, Vec<u8>) {
        let mut out = vec![0xA5; capacity];
        // SAFETY: a live handle and buffers of the lengths given.
        let n = unsafe { entry(self.0, input.as_ptr(), input.len() as i32, out.as_mut_ptr(), capacity as i32) };
        (n, out)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle's one strong count, released once.
        unsafe { ringfence_lean_release(self.0) };
    }
}

#[test]
fn a_batch_answers_screen_batch_s_verdicts_in_order() {
    let (lean, uniffi) = (Handle::new(screener()), screener());
    let calls = calls(250);
    for chunk in calls.chunks(100) {
        let (n, out) = lean.call(ringfence_lean_screen_batch, &encoded(chunk.to_vec()), 1 << 20);
        assert!(n > 0, "{n}");
        let verdicts: Vec<Verdict> = decoded(&out[..n as usize]);
        assert_eq!(verdicts, uniffi.screen_batch(chunk.to_vec()));
    }
    let verdicts = uniffi.screen_batch(calls);
    assert!(verdicts.iter().any(|v| v.action == Action::Block) && verdicts.iter().any(|v| v.reminder.is_some()));
    let (n, out) = lean.call(ringfence_lean_screen_batch, &encoded(Vec::<IncomingCall>::new()), 4);
    assert_eq!((n, &out[..]), (4, &[0u8; 4][..]), "an empty batch is an empty sequence");
}

#[test]
fn a_single_call_answers_screen_s_verdict() {
    let (lean, uniffi) = (Handle::new(screener()), screener());
    for call in calls(60) {
        let (n, out) = lean.call(ringfence_lean_screen, &encoded(call.clone()), 8192);
        assert!(n > 0, "{n}");
        assert_eq!(decoded::<Verdict>(&out[..n as usize]), uniffi.screen(call));
    }
}

#[test]
fn a_short_output_buffer_gets_the_size_it_needs_and_nothing_written() {
    let lean = Handle::new(screener());
    let batch = encoded(calls(20));
    let (needed, out) = lean.call(ringfence_lean_screen_batch, &batch, 64);
    assert!(needed < -64, "{needed}");
    assert!(out.iter().all(|&b| b == 0xA5), "nothing written");
    let (n, _) = lean.call(ringfence_lean_screen_batch, &batch, -needed as usize);
    assert_eq!(n, -needed, "the size asked for is enough");
    let (single, _) = lean.call(ringfence_lean_screen, &encoded(calls(1).remove(0)), 3);
    assert!(single < -3, "{single}");
}

#[test]
fn malformed_input_answers_zero() {
    let lean = Handle::new(screener());
    let batch = encoded(calls(3));
    let mut trailing = batch.clone();
    trailing.push(0);
    let mut overcounted = batch.clone();
    overcounted[3] += 1;
    let mut negative = batch.clone();
    negative[..4].copy_from_slice(&(-1i32).to_be_bytes());
    let mut bad_tag = batch.clone();
    bad_tag[4] = 2; // the first call's number: neither absent (0) nor present (1)
    for input in [&batch[..batch.len() - 1], &trailing, &overcounted, &negative, &bad_tag, &[][..]] {
        assert_eq!(lean.call(ringfence_lean_screen_batch, input, 1 << 16).0, 0, "{input:?}");
    }
    let single = encoded(calls(1).remove(0));
    assert_eq!(lean.call(ringfence_lean_screen, &single[1..], 8192).0, 0);
    assert_eq!(lean.call(ringfence_lean_screen, &batch, 8192).0, 0, "a sequence is not one call");
}

#[test]
fn null_pointers_negative_lengths_and_no_handle_answer_zero() {
    let lean = Handle::new(screener());
    let input = encoded(calls(2));
    let mut out = vec![0u8; 4096];
    for entry in [ringfence_lean_screen_batch as Entry, ringfence_lean_screen] {
        // SAFETY: each call either passes valid buffers or one the entry point must refuse.
        unsafe {
            assert_eq!(entry(0, input.as_ptr(), input.len() as i32, out.as_mut_ptr(), 4096), 0);
            assert_eq!(entry(lean.0, std::ptr::null(), 0, out.as_mut_ptr(), 4096), 0);
            assert_eq!(entry(lean.0, input.as_ptr(), input.len() as i32, std::ptr::null_mut(), 0), 0);
            assert_eq!(entry(lean.0, input.as_ptr(), -1, out.as_mut_ptr(), 4096), 0);
            assert_eq!(entry(lean.0, input.as_ptr(), input.len() as i32, out.as_mut_ptr(), -1), 0);
        }
    }
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_faulting_call_in_a_batch_fails_open_alone() {
    let (lean, uniffi) = (Handle::new(screener()), screener());
    let mut batch = calls(3);
    batch[1].display_name = Some(ringfence_core::fault::TRIGGER.into());
    let (n, out) = lean.call(ringfence_lean_screen_batch, &encoded(batch.clone()), 1 << 16);
    let verdicts: Vec<Verdict> = decoded(&out[..n as usize]);
    assert_eq!(verdicts, uniffi.screen_batch(batch));
    assert_eq!(verdicts[1].reasons, ["internal_error"]);
    assert_eq!(verdicts[1].action, Action::Allow);
}
