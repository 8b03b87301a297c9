//! The fast path for numbers written in strict E.164 (`+` and 8–15 ASCII digits), the form of
//! nearly every row of a large feed: when the digits are a valid number of their country code's
//! main region they are the value, without libphonenumber's full parse (text normalization,
//! extension and prefix handling, the search for the number's region among all that share its
//! code, then its type: most of its time). Anything else, including every invalid number, goes
//! the full way, so the value is always the one [`parse_number`](super::parse_number) gives
//! (its tests check this on every example number of every region, and variants of them).
//!
//! A thread that parses millions of numbers beside others (a build's parsing workers) can take
//! its own copy of libphonenumber's patterns with [`use_own_patterns`]: a compiled `regex` serves
//! one thread from a fast path and makes every other take a lock per match, which cost a third of
//! `ringfence build`'s CPU on two cores.

use std::cell::{Cell, OnceCell};

use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumber, PhoneNumberUtil};

use super::E164;

thread_local! {
    /// Whether this thread asked for its own patterns ([`use_own_patterns`]).
    static WANTS_OWN: Cell<bool> = const { Cell::new(false) };
    /// This thread's own libphonenumber, made at its first fast-path parse (`None` if making it
    /// failed: the shared one serves).
    static OWN: OnceCell<Option<PhoneNumberUtil>> = const { OnceCell::new() };
}

/// Gives the calling thread its own copy of libphonenumber's metadata and compiled patterns for
/// the strict E.164 fast path, made at its first such parse (a few megabytes and some
/// milliseconds of decoding). For long-lived threads that parse in bulk side by side, such as a
/// build's worker pool; the screening path keeps the shared, warmed-up instance.
pub fn use_own_patterns() {
    WANTS_OWN.with(|w| w.set(true));
}

/// `check` with this thread's libphonenumber: its own when it asked for one, else the shared.
fn with_util<R>(check: impl FnOnce(&PhoneNumberUtil) -> R) -> R {
    if !WANTS_OWN.with(Cell::get) {
        return check(&PHONE_NUMBER_UTIL);
    }
    OWN.with(|own| match own.get_or_init(|| PhoneNumberUtil::new().ok()) {
        Some(util) => check(util),
        None => check(&PHONE_NUMBER_UTIL),
    })
}

/// Fewest digits the fast path takes (shorter numbers are rare and often short codes).
const MIN_DIGITS: usize = 8;

/// The value of `text` when it is `+` and 8–15 ASCII digits forming a valid number; `None`
/// when the full parse must decide.
pub(crate) fn valid_e164(text: &str) -> Option<E164> {
    let digits = text.strip_prefix('+')?;
    if !(MIN_DIGITS..=E164::MAX_DIGITS as usize).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || digits.starts_with('0')
    {
        return None;
    }
    with_util(|util| valid_in_main_region(util, digits))
}

/// [`valid_e164`]'s check of `digits` (8–15 ASCII digits, no leading zero) with `util`.
fn valid_in_main_region(util: &PhoneNumberUtil, digits: &str) -> Option<E164> {
    // Country codes have 1–3 digits and none is a prefix of another (ITU E.164).
    let (cc, region, national) = (1..=3).find_map(|len| {
        let cc: i32 = digits[..len].parse().ok()?;
        util.get_region_for_country_code(cc).map(|region| (cc, region, &digits[len..]))
    })?;
    // libphonenumber keeps leading zeros of a national number apart (Italy); such numbers go
    // the full way.
    if national.starts_with('0') {
        return None;
    }
    let number = PhoneNumber { country_code: cc, national_number: national.parse().ok()?, ..PhoneNumber::default() };
    // Valid in the country code's main region: one pass over that region's patterns (the
    // full parse would first look for the region among all that share the code, 25 for +1).
    // The main region's metadata is also what the full parse strips national prefixes with.
    if !util.is_valid_number_for_region(&number, region) {
        return None;
    }
    digits.parse().ok().and_then(E164::from_u64)
}

#[cfg(test)]
mod tests {
    use rlibphonenumber::PhoneNumberFormat;

    use super::super::parse_number;
    use super::*;

    /// Whether the fast path and the full parse agree on `text`: same value, or no fast answer.
    fn agree(text: &str) -> Result<bool, String> {
        let Some(fast) = valid_e164(text) else { return Ok(false) };
        match parse_number(text, None) {
            Ok(full) if full.e164 == fast && full.valid => Ok(true),
            other => Err(format!("{text}: fast {fast}, full {other:?}")),
        }
    }

    /// Every example number of every region and type, with varied last digits and with the
    /// digits national prefixes use put in front (where libphonenumber strips a prefix, the
    /// value would change): the fast path answers only where the full parse gives that value.
    #[test]
    fn agrees_with_the_full_parse_on_every_example_number_and_variants() {
        use rlibphonenumber::PhoneNumberType as T;
        let util = &*PHONE_NUMBER_UTIL;
        let types = [T::FixedLine, T::Mobile, T::TollFree, T::PremiumRate, T::SharedCost, T::VoIP, T::PersonalNumber];
        let (mut fast, mut checked, mut x) = (0, 0, 3u64);
        let mut failures = Vec::new();
        for region in util.get_supported_regions() {
            for t in types {
                let Ok(example) = util.get_example_number_for_type_and_region(region, t) else { continue };
                let e164 = example.format_as(PhoneNumberFormat::E164).into_owned();
                let cc = example.country_code.to_string();
                let national = &e164[1 + cc.len()..];
                let mut texts = vec![e164.clone()];
                for _ in 0..12 {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    let keep = national.len().saturating_sub(1 + (x >> 60) as usize % 4);
                    let tail: String =
                        (keep..national.len()).map(|i| char::from(b'0' + (x >> (i * 4 % 56)) as u8 % 10)).collect();
                    texts.push(format!("+{cc}{}{tail}", &national[..keep]));
                }
                for prefix in ["0", "1", "8", "9", "00", "80", "90", "01", "06", "15"] {
                    texts.push(format!("+{cc}{prefix}{national}"));
                    texts.push(format!("+{cc}{prefix}{}", &national[..national.len().saturating_sub(prefix.len())]));
                }
                for text in texts {
                    checked += 1;
                    match agree(&text) {
                        Ok(answered) => fast += usize::from(answered),
                        Err(e) => failures.push(e),
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{} disagreements: {failures:#?}", failures.len());
        assert!(checked > 20_000 && fast > checked / 4, "{fast} fast of {checked}");
    }

    /// Random digits after every country code.
    #[test]
    fn agrees_with_the_full_parse_on_random_numbers() {
        let (mut x, mut fast, mut checked) = (11u64, 0, 0);
        for cc in PHONE_NUMBER_UTIL.get_supported_calling_codes() {
            for _ in 0..40 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let len = 8 + (x >> 58) as usize % 8;
                let text = format!("+{cc}{:015}", x >> 14);
                let text = &text[..(len + 1).max(cc.to_string().len() + 3)];
                checked += 1;
                fast += usize::from(agree(text).unwrap_or_else(|e| panic!("{e}")));
            }
        }
        assert!(fast > 100, "{fast} fast of {checked}");
    }

    /// A thread with its own patterns answers as the shared instance does, and really has its
    /// own copy.
    #[test]
    fn own_patterns_answer_alike() {
        let texts = ["+41446681800", "+12015550123", "+4190012345", "+447400123456", "+390612345678", "+61491570156"];
        let shared: Vec<_> = texts.iter().map(|t| valid_e164(t)).collect();
        let own = std::thread::spawn(move || {
            use_own_patterns();
            let answers: Vec<_> = texts.iter().map(|t| valid_e164(t)).collect();
            (answers, OWN.with(|own| own.get().is_some_and(Option::is_some)))
        })
        .join()
        .unwrap();
        assert_eq!(own, (shared, true));
        assert!(OWN.with(|own| own.get().is_none()), "this thread did not ask for its own");
    }

    #[test]
    fn takes_only_plain_valid_numbers() {
        assert_eq!(valid_e164("+41446681800").map(E164::as_u64), Some(41_446_681_800));
        assert_eq!(valid_e164("+12015550123").map(E164::as_u64), Some(12_015_550_123));
        for other in [
            "+4190012345",       // invalid: the full parse decides
            "+4402071234567",    // a national prefix after the country code
            "+41 44 668 18 00",  // separators
            "0446681800",        // national
            "+390612345678",     // Italian leading zero
            "+9991234567",       // unknown country code
            "+4144668",          // short
            "+1234567890123456", // long
            "+41４４６６８１８００",
        ] {
            assert_eq!(valid_e164(other), None, "{other}");
        }
    }
}
