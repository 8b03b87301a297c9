//! Neighbour spoofing: robocallers fake caller IDs that share the user's own leading digits
//! (in NANP the same area code and exchange, NPA-NXX) so the call looks local. The strongest
//! form is the user's own number calling: no one else can call from it.

use super::{Context, Signal, signal};
use crate::call::Verification;
use crate::verdict::{Category, Reason};

/// Weight of the user's own number calling: silenced at the standard level on its own.
const OWN_NUMBER: i16 = 70;

/// Digits at the end of a number that a neighbour-spoofed caller ID varies.
const VARIED_DIGITS: u32 = 4;

pub(super) fn signals(ctx: &Context<'_>, out: &mut Vec<Signal>) {
    let (Some(n), Some(user)) = (ctx.number(), ctx.user) else { return };
    if n.e164 == user.e164 {
        out.push(signal(Reason::NeighbourSpoofing, OWN_NUMBER, Category::Spoofed));
        return;
    }
    if ctx.call.verification == Verification::Passed {
        return;
    }
    let same_prefix = n.e164.digit_count() == user.e164.digit_count()
        && n.country_code == user.country_code
        && n.e164.as_u64() / 10u64.pow(VARIED_DIGITS) == user.e164.as_u64() / 10u64.pow(VARIED_DIGITS);
    if same_prefix {
        out.push(signal(Reason::NeighbourSpoofing, 40, Category::Spoofed));
    }
}

#[cfg(test)]
mod tests {
    use crate::call::Verification;
    use crate::heuristics::test_support::signals_with;
    use crate::verdict::Reason::*;

    #[test]
    fn same_npa_nxx_is_neighbour_spoofing() {
        let user = Some("+1 201 555 0100");
        assert_eq!(signals_with("+1 201 555 9876", "US", user, false, None, |_| {}), [NeighbourSpoofing]);
        assert_eq!(signals_with("+1 201 556 9876", "US", user, false, None, |_| {}), []);
        assert_eq!(signals_with("+1 201 555 0100", "US", user, false, None, |_| {}), [NeighbourSpoofing], "own number");
        let verified = |c: &mut crate::IncomingCall| c.verification = Verification::Passed;
        assert_eq!(signals_with("+1 201 555 9876", "US", user, false, None, verified), [VerificationPassed]);
        assert_eq!(signals_with("+1 201 555 9876", "US", None, false, None, |_| {}), [], "no user number");
    }

    #[test]
    fn own_number_is_the_strongest_signal_in_any_notation() {
        let user = Some("+39 333 123 4567");
        assert_eq!(signals_with("+39 333 123 4567", "IT", user, false, None, |_| {}), [NeighbourSpoofing]);
        assert_eq!(signals_with("333 1234567", "IT", user, false, None, |_| {}), [NeighbourSpoofing]);
        assert_eq!(
            signals_with("0039 333 123 4567", "IT", Some("3331234567"), false, None, |_| {}),
            [NeighbourSpoofing]
        );
        let verified = |c: &mut crate::IncomingCall| c.verification = Verification::Passed;
        assert_eq!(
            signals_with("+39 333 123 4567", "IT", user, false, None, verified),
            [NeighbourSpoofing, VerificationPassed],
            "still flagged, weighed down"
        );
    }

    #[test]
    fn works_outside_nanp() {
        let user = Some("+39 333 123 4567");
        assert_eq!(signals_with("+39 333 123 9999", "IT", user, false, None, |_| {}), [NeighbourSpoofing]);
        assert_eq!(signals_with("+39 333 124 9999", "IT", user, false, None, |_| {}), []);
    }
}
