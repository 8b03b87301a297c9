//! Emergency numbers: every emergency question Ringfence asks is answered here, from one
//! table (libphonenumber's emergency short numbers, see [`is_emergency_digits`]).
//!
//! - Is this digit string an emergency number in region R? [`is_emergency_digits`]
//! - Is this string, dialled in region R, an emergency number? [`is_emergency_number`]
//!   (libphonenumber's `isEmergencyNumber`: a leading `+` never counts).
//! - Is this number an emergency number in international form (`+41 112`, `+1 911`)?
//!   [`is_emergency_value`], [`is_emergency_e164`].
//! - Is this caller ID (or this number the user dialled, once [`dialled_number`] has removed
//!   caller-ID prefixes and pauses) an emergency number in any notation, for a phone on a
//!   network in one region whose user is at home in another? [`is_emergency_call`]: what a
//!   phone dials as an emergency number is [`UNIVERSAL`] (`112`, `911`) everywhere, plus the
//!   numbers of the network's region and of the home region (the SIM's list, dialled also
//!   while roaming). A call the user places to such a number opens the [`CallbackWindow`],
//!   during which every incoming call rings.
//!
//! [`dialled_number`]: crate::number::dialled_number
//!
//! Emergency numbers are short codes: none is longer than [`max_digits`] digits (read from the
//! table's patterns), so longer numbers are ruled out without a lookup. Where emergency
//! numbers stand in the precedence ladder: [`precedence`](crate::precedence).

mod callback;
mod longest;
mod table;

use std::sync::LazyLock;

use rlibphonenumber::PHONE_NUMBER_UTIL;

pub use callback::CallbackWindow;
pub(crate) use table::EmergencyEntry;
pub use table::{emergency_examples, emergency_regions, is_emergency_digits};

use super::{MAX_RAW_LEN, ParsedNumber, RegionCode, digits_only};

/// The most digits an emergency number has (in national form): the longest string any
/// region's emergency pattern matches.
pub fn max_digits() -> usize {
    *table::MAX_DIGITS
}

/// Emergency numbers every phone dials as such in every region, whatever the network's own
/// (3GPP TS 22.101: `112` and `911` are emergency numbers on every network).
pub const UNIVERSAL: [&str; 2] = ["112", "911"];

/// The regions whose emergency numbers a phone dials as such: the network it is on and its
/// user's home (both `None`: unknown, then every region's numbers count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EmergencyRegions {
    /// The region of the network the phone is on.
    pub network: Option<RegionCode>,
    /// The user's home region (the SIM's country).
    pub home: Option<RegionCode>,
}

impl EmergencyRegions {
    /// Whether `digits` is an emergency number for a phone in these regions.
    fn dial(self, digits: &str) -> bool {
        let of = |r: Option<RegionCode>| r.is_some_and(|r| is_emergency_digits(digits, r.as_str()));
        UNIVERSAL.contains(&digits)
            || of(self.network)
            || of(self.home)
            || (self.network.is_none()
                && self.home.is_none()
                && emergency_regions().any(|r| is_emergency_digits(digits, r)))
    }
}

/// Most digits of a country calling code.
const MAX_COUNTRY_CODE_DIGITS: usize = 3;

/// E.164 values at or above this bound are never emergency numbers: a country code followed
/// by at most [`max_digits`] digits.
static INTERNATIONAL_BOUND: LazyLock<u64> = LazyLock::new(|| {
    let digits = u32::try_from(MAX_COUNTRY_CODE_DIGITS.saturating_add(max_digits())).unwrap_or(u32::MAX);
    10u64.checked_pow(digits).unwrap_or(u64::MAX)
});

/// Whether `raw`, dialled in `region`, is an emergency number there (`112`, `911`, `999`…).
///
/// Like libphonenumber's `isEmergencyNumber`: numbers written with a leading `+` never count,
/// and the digits must match the region's emergency pattern exactly.
pub fn is_emergency_number(raw: &str, region: RegionCode) -> bool {
    dialled_digits(raw).is_some_and(|d| is_emergency_digits(&d, region.as_str()))
}

/// The digits of `raw` as dialled, when it could be an emergency number in some region: no
/// leading `+` (also after `tel:`), no letters, at most [`max_digits`] digits.
fn dialled_digits(raw: &str) -> Option<String> {
    let t = raw.trim_start();
    if t.is_empty() || t.chars().count() > MAX_RAW_LEN || t.starts_with(['+', '\u{FF0B}']) {
        return None;
    }
    let t = t.strip_prefix("tel:").unwrap_or(t);
    if t.starts_with(['+', '\u{FF0B}']) || t.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    Some(digits_only(t)).filter(|d| d.len() <= max_digits())
}

/// Whether an E.164 value (digits as an integer) is an emergency number in international form
/// (`39112` for `+39 112`): after its country code come the digits of an emergency number of a
/// region using that code. Fast for every number longer than an emergency number can be.
#[inline]
pub fn is_emergency_value(value: u64) -> bool {
    value < *INTERNATIONAL_BOUND && international(value)
}

/// [`is_emergency_value`] below the bound: tries each country-code length.
fn international(value: u64) -> bool {
    let digits = value.to_string();
    (1..=MAX_COUNTRY_CODE_DIGITS.min(digits.len().saturating_sub(1))).any(|cc_len| {
        let (cc, national) = digits.split_at(cc_len);
        national.len() <= max_digits() && cc.parse().is_ok_and(|cc| national_in_code(national, cc))
    })
}

/// Whether `national` is an emergency number of a region that uses calling code `cc`.
fn national_in_code(national: &str, cc: i32) -> bool {
    PHONE_NUMBER_UTIL
        .get_regions_for_country_calling_code(cc)
        .into_iter()
        .flatten()
        .any(|r| is_emergency_digits(national, &r.to_string()))
}

/// Whether a parsed number is an emergency number written in international form
/// (`+41112`, `+1911`). Emergency numbers are never blocked, whatever the notation.
pub fn is_emergency_e164(number: &ParsedNumber) -> bool {
    is_emergency_value(number.e164.as_u64())
}

/// Whether a caller ID, or a number the user dialled (see [`dialled_number`]), is an emergency
/// number in any notation: dialled as in `regions` (every region when both are unknown: a
/// wrong "yes" only lets a call ring), [`UNIVERSAL`] everywhere, or in international form.
/// `parsed` is `raw` parsed, when it could be.
///
/// [`dialled_number`]: crate::number::dialled_number
pub fn is_emergency_call(raw: &str, regions: EmergencyRegions, parsed: Option<&ParsedNumber>) -> bool {
    dialled_digits(raw).is_some_and(|d| regions.dial(&d)) || parsed.is_some_and(is_emergency_e164)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{country_code_for_region, parse_number};

    #[test]
    fn emergency_numbers() {
        let it: RegionCode = "IT".parse().unwrap();
        let us: RegionCode = "US".parse().unwrap();
        assert!(is_emergency_number("112", it));
        assert!(is_emergency_number(" 1 1 2 ", it));
        assert!(is_emergency_number("911", us));
        assert!(is_emergency_number("tel:911", us));
        assert!(!is_emergency_number("+1911", us));
        assert!(!is_emergency_number("912", us));
        assert!(!is_emergency_number("", us));
        let intl = |raw: &str| is_emergency_e164(&parse_number(raw, None).unwrap());
        assert!(intl("+41112"));
        assert!(intl("+1911"));
        assert!(intl("+39113"));
        assert!(!intl("+41446681800"));
        assert!(!intl("+1912"));
        assert!(is_emergency_value(39112) && is_emergency_value(1911) && is_emergency_value(44999));
        assert!(!is_emergency_value(41446681800) && !is_emergency_value(391_130));
    }

    #[test]
    fn any_notation_and_any_region_when_unknown() {
        let ch: RegionCode = "CH".parse().unwrap();
        let in_ch = EmergencyRegions { network: Some(ch), home: None };
        let parsed = |raw: &str| parse_number(raw, Some(ch)).ok();
        assert!(is_emergency_call("117", in_ch, None));
        assert!(is_emergency_call("+41 117", in_ch, parsed("+41 117").as_ref()));
        assert!(is_emergency_call("999", EmergencyRegions::default(), None), "some region's emergency number");
        assert!(!is_emergency_call("999", in_ch, None), "not Switzerland's");
        assert!(!is_emergency_call("+41446681800", in_ch, parsed("+41446681800").as_ref()));
    }

    #[test]
    fn universal_numbers_everywhere_and_home_numbers_while_roaming() {
        for region in emergency_regions().chain(["GN", "ZZ"]) {
            let network = region.parse().ok();
            for number in UNIVERSAL {
                assert!(is_emergency_call(number, EmergencyRegions { network, home: None }, None), "{region} {number}");
            }
        }
        let (it, gb, us) = ("IT".parse().ok(), "GB".parse().ok(), "US".parse().ok());
        let roaming = EmergencyRegions { network: gb, home: it };
        assert!(is_emergency_call("113", roaming, None), "the Italian police from a British network");
        assert!(is_emergency_call("999", roaming, None), "the British number");
        assert!(!is_emergency_call("113", EmergencyRegions { network: gb, home: us }, None));
        assert!(!is_emergency_call("+112", roaming, None), "a leading + never counts");
        assert!(!is_emergency_call("1123", roaming, None));
    }

    #[test]
    fn emergency_numbers_are_all_below_the_bound() {
        let bound = *INTERNATIONAL_BOUND;
        assert!(bound <= 1_000_000_000, "short codes: the bound spares every full-length number");
        let mut checked = 0;
        for region in emergency_regions() {
            let Some(cc) = region.parse::<RegionCode>().ok().and_then(country_code_for_region) else { continue };
            for example in emergency_examples(region) {
                let value: u64 = format!("{cc}{example}").parse().unwrap();
                assert!(value < bound, "{region} {example}");
                assert_eq!(is_emergency_value(value), international(value), "{region} {example}");
                assert!(is_emergency_value(value), "{region} {example}");
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
        // Above the bound nothing is an emergency number (a sample of lengths and prefixes).
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let value = bound + x % (100_000_000_000 - bound);
            assert!(!international(value), "{value}");
        }
    }
}
