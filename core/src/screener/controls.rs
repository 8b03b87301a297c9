//! The controls around the precedence ladder ([`crate::policy`]; docs/controls.md): the pause,
//! quiet hours, the repeated-call breakthrough and the protection schedule. They change what
//! a tier's verdict does, never which tier decides, and never touch the safe tiers (allow
//! rules, emergency numbers and call-backs, contacts and recently dialled numbers).

use super::recent::RecentCalls;
use crate::call::CallTime;
use crate::i18n::{Language, describe};
use crate::number::E164;
use crate::policy::{Policy, Schedule};
use crate::verdict::{Action, Reason, Verdict};

/// How the ladder decided a call, as far as the controls care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decided {
    /// An allow rule, an emergency number or call-back, a contact or a recently dialled number
    /// (also when its caller ID is a provable spoof): quiet hours and breakthrough leave it.
    Safe,
    /// A user block, silence or label rule: never lifted.
    UserRule,
    /// A feed's allow entry.
    FeedAllow,
    /// An unknown caller. `breakable`: it is not blocked, and what silences it comes from quiet
    /// hours, the risk signals or the policy's switches alone (not from a feed or lookup entry
    /// that silences or blocks, a provable spoof or a burst).
    Unknown {
        /// Whether a repeated call may lift its silence.
        breakable: bool,
    },
}

/// The controls in force for one call.
#[derive(Debug, Clone, Copy)]
pub(super) struct Controls {
    /// Protection is paused.
    pub paused: bool,
    /// The call is inside quiet hours.
    pub quiet: bool,
    /// The call is inside the protection schedule (always, without one).
    pub protected: bool,
    /// The same number called often enough within the window.
    pub repeated: bool,
    lang: Language,
}

impl Controls {
    /// The controls of `policy` at `time`; `repeated` from [`repeated`].
    pub fn new(policy: &Policy, time: CallTime, repeated: bool, lang: Language) -> Self {
        let inside = |s: &Option<Schedule>| s.as_ref().map(|s| s.contains(time.epoch_seconds, time.utc_offset_minutes));
        Self {
            paused: policy.is_paused(time.epoch_seconds),
            quiet: inside(&policy.quiet_hours).unwrap_or(false),
            protected: inside(&policy.schedule).unwrap_or(true),
            repeated,
            lang,
        }
    }

    /// The verdict of every call the pause lets through (below the user's rules).
    pub fn paused_verdict(&self, e164: Option<E164>) -> Verdict {
        let (label, advice) = describe(Reason::ProtectionPaused, crate::verdict::Category::None, self.lang);
        Verdict { label, advice, ..Verdict::allow(e164, vec![Reason::ProtectionPaused]) }
    }

    /// `verdict` with the controls applied: quiet hours silence what would ring (unless the
    /// call is repeated), a repeated call lifts a breakable silence, and while paused every
    /// verdict says so.
    pub fn finish(&self, mut verdict: Verdict, decided: Decided) -> Verdict {
        let liftable = match decided {
            Decided::Safe => false,
            Decided::UserRule | Decided::FeedAllow => verdict.action < Action::Silence,
            Decided::Unknown { breakable } => breakable,
        };
        let quiet = self.quiet && !self.paused && decided != Decided::Safe && verdict.action < Action::Silence;
        if self.repeated && liftable && (quiet || verdict.action == Action::Silence) {
            self.break_through(&mut verdict);
        } else if quiet {
            verdict.action = Action::Silence;
            verdict.reasons.insert(0, Reason::QuietHours);
            let (label, advice) = describe(Reason::QuietHours, verdict.category, self.lang);
            verdict.label = verdict.label.or(label);
            verdict.advice = advice;
        }
        if self.paused && !verdict.reasons.contains(&Reason::ProtectionPaused) {
            verdict.reasons.push(Reason::ProtectionPaused);
        }
        verdict
    }

    /// A repeated caller rings, labelled: why it rings leads its reasons.
    fn break_through(&self, verdict: &mut Verdict) {
        verdict.action = Action::Label;
        verdict.reasons.insert(0, Reason::RepeatedCall);
        (verdict.label, verdict.advice) = describe(Reason::RepeatedCall, verdict.category, self.lang);
    }
}

/// Whether a call from `number` at `now` is a repeated call under `policy` (the
/// [`repeated_call_count`](Policy::repeated_call_count)-th within the window), remembering it.
pub(super) fn repeated(recent: &mut RecentCalls, number: Option<E164>, now: i64, policy: &Policy) -> bool {
    let Some(number) = number else { return false };
    let repeated =
        policy.repeated_call().is_some_and(|(window, count)| recent.earlier(number, now, window) + 1 >= count);
    recent.record(number, now);
    repeated
}
