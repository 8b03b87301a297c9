//! Signals from the caller ID itself: hidden, unreadable, impossible, call-back bait types,
//! and the network's verification result.

use super::{Context, Signal, is_hidden, signal};
use crate::call::Verification;
use crate::number::{NumberType, global_service};
use crate::verdict::{Category, Reason};

pub(super) fn signals(ctx: &Context<'_>, out: &mut Vec<Signal>) {
    let hidden = is_hidden(ctx.call);
    if hidden {
        out.push(signal(Reason::HiddenNumber, 25, Category::None));
    }
    match ctx.parsed {
        // A caller ID that says the number is withheld is that, not an unreadable number.
        Some(Err(_)) if hidden => {}
        Some(Err(_)) => out.push(signal(Reason::UnparsableNumber, 40, Category::Suspicious)),
        Some(Ok(n)) if !n.valid => out.push(signal(Reason::InvalidNumber, 45, Category::Spoofed)),
        // A global number's own signal ([`foreign`](super::foreign)) says what it costs.
        Some(Ok(n)) if global_service(n.country_code).is_some() => {}
        Some(Ok(n)) => match n.number_type {
            // Caller IDs that cost money to call back: classic call-back bait.
            NumberType::PremiumRate => out.push(signal(Reason::PremiumRateNumber, 50, Category::PremiumRate)),
            NumberType::PersonalNumber => out.push(signal(Reason::PersonalNumber, 40, Category::PremiumRate)),
            NumberType::SharedCost => out.push(signal(Reason::SharedCostNumber, 20, Category::PremiumRate)),
            _ => {}
        },
        None => {}
    }
    match ctx.call.verification {
        Verification::Failed => out.push(signal(Reason::VerificationFailed, 60, Category::Spoofed)),
        Verification::Passed => out.push(signal(Reason::VerificationPassed, -20, Category::None)),
        Verification::NotVerified => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::call::{Presentation, Verification};
    use crate::heuristics::test_support::signals_for;
    use crate::verdict::Reason::*;

    #[test]
    fn hidden_and_unreadable() {
        assert_eq!(signals_for("", "CH", |c| c.number = None), [HiddenNumber]);
        assert_eq!(signals_for("+41446681800", "CH", |c| c.presentation = Presentation::Unavailable), [HiddenNumber]);
        assert_eq!(signals_for("+41446681800", "CH", |c| c.presentation = Presentation::Payphone), []);
        assert_eq!(signals_for("CALL ME", "CH", |_| {}), [UnparsableNumber]);
    }

    #[test]
    fn withheld_words_are_one_hidden_signal() {
        for word in ["anonymous", "Private Number", "numero privato", "sconosciuto", "sip:anonymous@anonymous.invalid"]
        {
            assert_eq!(signals_for(word, "IT", |_| {}), [HiddenNumber], "{word}");
        }
    }

    #[test]
    fn invalid_numbers() {
        assert_eq!(signals_for("+447700900123", "GB", |_| {}), [InvalidNumber]);
        assert_eq!(signals_for("+390600", "IT", |_| {}), [InvalidNumber]);
    }

    #[test]
    fn call_back_bait_types() {
        assert_eq!(signals_for("0900 123 456", "CH", |_| {}), [PremiumRateNumber]);
        assert_eq!(signals_for("+39 899 123456", "IT", |_| {}), [PremiumRateNumber]);
        assert_eq!(signals_for("+44 70 1234 5678", "GB", |_| {}), [PersonalNumber]);
        assert_eq!(signals_for("0848 123 456", "CH", |_| {}), [SharedCostNumber]);
        assert_eq!(signals_for("+41446681800", "CH", |_| {}), []);
    }

    #[test]
    fn verification() {
        assert_eq!(signals_for("+41446681800", "CH", |c| c.verification = Verification::Failed), [VerificationFailed]);
        assert_eq!(signals_for("+41446681800", "CH", |c| c.verification = Verification::Passed), [VerificationPassed]);
    }
}
