//! One-ring ("wangiri") call-back bait: calls from country codes and NANP area codes that
//! scammers use because calling back costs the victim international or premium rates.
//!
//! Sources (public advisories):
//! - FCC consumer alert "One Ring" scam, 2019: +222 Mauritania, +232 Sierra Leone.
//! - FTC/FCC: NANP area codes that look domestic but are Caribbean countries billed
//!   internationally: 268, 284, 473, 649, 664, 767, 809, 829, 849, 876.
//! - Italian Polizia Postale and operators' warnings 2019–2024: +216, +373, +383, +375, +371,
//!   +255, +678, +53 (and UK premium/personal ranges, covered by the number-type signals).

use phf::phf_set;

use super::Context;
use crate::number::ParsedNumber;
use crate::verdict::Reason;

/// Country calling codes named in wangiri advisories.
static WANGIRI_CODES: phf::Set<u16> = phf_set! {
    222u16, 232u16, 216u16, 373u16, 383u16, 375u16, 371u16, 255u16, 678u16, 53u16,
};

/// NANP area codes of Caribbean countries that look like US/Canadian numbers.
static NANP_LOOKALIKE: phf::Set<u16> = phf_set! {
    268u16, 284u16, 473u16, 649u16, 664u16, 767u16, 809u16, 829u16, 849u16, 876u16,
};

/// The one-ring bait reason of a caller (unfamiliarity and night are weighed by the caller of
/// this, [`foreign`](super::foreign)).
pub(super) fn bait(ctx: &Context<'_>, n: &ParsedNumber) -> Option<Reason> {
    if WANGIRI_CODES.contains(&n.country_code) && ctx.home_code() != Some(n.country_code) {
        Some(Reason::WangiriCountry)
    } else if n.country_code == 1 && is_lookalike(n.e164.as_u64()) && n.region != ctx.home {
        Some(Reason::NanpLookalike)
    } else {
        None
    }
}

/// Whether a `+1` number (digits as integer, 11 digits) is in a look-alike area code.
fn is_lookalike(digits: u64) -> bool {
    digits / 10_000_000 >= 1000 && NANP_LOOKALIKE.contains(&((digits / 10_000_000 % 1000) as u16))
}

#[cfg(test)]
mod tests {
    use crate::heuristics::test_support::{signals_for, signals_with};
    use crate::verdict::Reason::*;

    #[test]
    fn wangiri_codes_are_flagged_stronger_at_night_and_when_unfamiliar() {
        assert_eq!(signals_for("+222 22 12 34 56", "IT", |_| {}), [WangiriCountry, UnfamiliarCountry]);
        assert_eq!(
            signals_with("+222 22 12 34 56", "IT", None, true, None, |_| {}),
            [WangiriCountry, UnfamiliarCountry, NightCall]
        );
        assert_eq!(signals_with("+222 22 12 34 56", "IT", None, false, Some(&[222]), |_| {}), [WangiriCountry]);
        // A domestic call in a wangiri country is not wangiri.
        assert_eq!(signals_for("+216 71 123 456", "TN", |_| {}), []);
    }

    #[test]
    fn nanp_lookalikes() {
        assert_eq!(signals_for("+1 876 555 1234", "US", |_| {}).first(), Some(&NanpLookalike));
        assert_eq!(signals_for("+1 809 555 1234", "CA", |_| {}).first(), Some(&NanpLookalike));
        assert_eq!(signals_for("+1 212 555 1234", "US", |_| {}), []);
        // Jamaicans calling Jamaicans are fine.
        assert!(!signals_for("+1 876 927 1234", "JM", |_| {}).contains(&NanpLookalike));
    }
}
