//! Risk signals read from the call itself, each an explainable [`Reason`] with a weight.
//!
//! This is the heuristics layer's entry point; later signals slot into [`risk_signals`].

use crate::call::{IncomingCall, Presentation, Verification};
use crate::error::RingfenceError;
use crate::number::ParsedNumber;
use crate::verdict::{Category, Reason};

/// One risk signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal {
    /// The explainable reason.
    pub reason: Reason,
    /// Contribution to risk (negative lowers it).
    pub weight: i16,
    /// The category the signal suggests.
    pub category: Category,
}

const fn signal(reason: Reason, weight: i16, category: Category) -> Signal {
    Signal { reason, weight, category }
}

/// Whether the caller's number is withheld or unavailable.
pub fn is_hidden(call: &IncomingCall) -> bool {
    call.number.as_deref().is_none_or(|n| n.trim().is_empty())
        || matches!(call.presentation, Presentation::Restricted | Presentation::Unknown | Presentation::Unavailable)
}

/// The risk signals of a call, strongest first.
pub fn risk_signals(call: &IncomingCall, parsed: Option<&Result<ParsedNumber, RingfenceError>>) -> Vec<Signal> {
    let mut out = Vec::with_capacity(4);
    if is_hidden(call) {
        out.push(signal(Reason::HiddenNumber, 25, Category::None));
    }
    match parsed {
        Some(Err(_)) => out.push(signal(Reason::UnparsableNumber, 40, Category::Suspicious)),
        Some(Ok(n)) if !n.valid => out.push(signal(Reason::InvalidNumber, 45, Category::Spoofed)),
        _ => {}
    }
    match call.verification {
        Verification::Failed => out.push(signal(Reason::VerificationFailed, 60, Category::Spoofed)),
        Verification::Passed => out.push(signal(Reason::VerificationPassed, -20, Category::None)),
        Verification::NotVerified => {}
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.weight));
    out
}

/// Sum of weights, clamped to 0–100.
pub fn total_risk(signals: &[Signal]) -> u8 {
    signals.iter().map(|s| i32::from(s.weight)).sum::<i32>().clamp(0, 100) as u8
}
