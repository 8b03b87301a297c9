//! Calls from abroad ("abroad" is outside the user's home country, not the network a roaming
//! phone is on): one-ring bait codes ([`wangiri`](super::wangiri)), global numbers of no
//! country (satellite phones, international networks, international premium rate: calling
//! them back is expensive), and any unknown caller from an unfamiliar country at night.

use super::{Context, Signal, signal, wangiri};
use crate::number::{GlobalService, global_service};
use crate::verdict::{Category, Reason};

/// Weight of a bait signal (a wangiri code, a look-alike area code, a global number).
const BAIT: i16 = 30;
/// Added to a bait signal when the user has no contacts in the caller's country.
const UNFAMILIAR_BAIT: i16 = 20;
/// Added to a bait signal at night.
const NIGHT_BAIT: i16 = 15;
/// Each of "unfamiliar country" and "at night" for any other foreign caller: together enough
/// for a label at the standard level, never more.
const UNFAMILIAR_AT_NIGHT: i16 = 20;

pub(super) fn signals(ctx: &Context<'_>, out: &mut Vec<Signal>) {
    let Some(n) = ctx.number() else { return };
    let bait = match global_service(n.country_code) {
        Some(service) => Some(global_signal(service)),
        None => wangiri::bait(ctx, n).map(|reason| signal(reason, BAIT, Category::Wangiri)),
    };
    let familiar = ctx.is_familiar(n.country_code);
    if let Some(bait) = bait {
        out.push(bait);
        // Stronger for codes the user has no contacts in (or when that is unknown)…
        if !familiar || bait.reason == Reason::NanpLookalike {
            out.push(signal(Reason::UnfamiliarCountry, UNFAMILIAR_BAIT, bait.category));
        }
        // …and at night, when a missed one-ring call is most likely called back unthinkingly.
        if ctx.night {
            out.push(signal(Reason::NightCall, NIGHT_BAIT, bait.category));
        }
    } else if ctx.night && !familiar && n.valid && ctx.is_foreign() {
        out.push(signal(Reason::UnfamiliarCountry, UNFAMILIAR_AT_NIGHT, Category::Suspicious));
        out.push(signal(Reason::NightCall, UNFAMILIAR_AT_NIGHT, Category::Suspicious));
    }
}

/// The signal of a global number: satellite and international networks are bait like a
/// wangiri code; international premium rate like a premium-rate number.
fn global_signal(service: GlobalService) -> Signal {
    match service {
        GlobalService::Satellite => signal(Reason::SatelliteNumber, BAIT, Category::Satellite),
        GlobalService::InternationalNetwork => {
            signal(Reason::InternationalNetwork, BAIT, Category::InternationalNetwork)
        }
        GlobalService::InternationalPremiumRate => signal(Reason::InternationalPremiumRate, 50, Category::PremiumRate),
    }
}

#[cfg(test)]
mod tests {
    use crate::heuristics::test_support::{signals_for, signals_with};
    use crate::verdict::Reason::*;

    #[test]
    fn global_numbers_have_their_own_reason_and_count_as_unfamiliar() {
        assert_eq!(signals_for("+881 6 3123 4567", "IT", |_| {}), [SatelliteNumber, UnfamiliarCountry]);
        assert_eq!(signals_for("+870 773 123 456", "US", |_| {}), [SatelliteNumber, UnfamiliarCountry]);
        assert_eq!(signals_for("+882 342 1234", "IT", |_| {}).first(), Some(&InternationalNetwork));
        assert_eq!(signals_for("+883 510 012 345", "GB", |_| {}).first(), Some(&InternationalNetwork));
        assert_eq!(signals_for("+800 1234 5678", "CH", |_| {}), [InternationalNetwork, UnfamiliarCountry]);
        assert_eq!(
            signals_for("+979 1 2345 6789", "IT", |_| {}),
            [InternationalPremiumRate, UnfamiliarCountry],
            "not also premium_rate_number"
        );
        assert_eq!(
            signals_with("+881 6 3123 4567", "IT", None, true, None, |_| {}),
            [SatelliteNumber, UnfamiliarCountry, NightCall]
        );
        assert_eq!(
            signals_with("+881 6 3123 4567", "IT", None, false, Some(&[881]), |_| {}),
            [SatelliteNumber],
            "a contact has a satellite phone"
        );
    }

    #[test]
    fn any_unfamiliar_foreign_country_at_night() {
        let at_night = |number, home, codes| signals_with(number, home, None, true, codes, |_| {});
        assert_eq!(at_night("+33 1 23 45 67 89", "IT", None), [UnfamiliarCountry, NightCall]);
        assert_eq!(at_night("+49 30 1234567", "US", None), [UnfamiliarCountry, NightCall]);
        assert_eq!(at_night("+33 1 23 45 67 89", "IT", Some(&[33])), [], "a country of the user's contacts");
        assert_eq!(at_night("+39 06 1234 5678", "IT", None), [], "home");
        assert_eq!(signals_for("+33 1 23 45 67 89", "IT", |_| {}), [], "by day");
        assert_eq!(at_night("+44 7700 900123", "IT", None), [InvalidNumber], "an invalid number is its own signal");
    }
}
