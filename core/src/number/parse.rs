//! Parsing caller strings with `rlibphonenumber`.
//!
//! Everything libphonenumber accepts is accepted here: E.164, national format with the
//! phone's region as default, IDD prefixes of that region (`00`, `011`, `0011`, …), RFC 3966
//! `tel:` URIs, separators, full-width and other Unicode digits, and vanity letters.

use rlibphonenumber::{PHONE_NUMBER_UTIL, ParseError, PhoneNumber, PhoneNumberFormat};

use super::{E164, NumberType, RegionCode};
use crate::error::{NumberProblem, RingfenceError};

/// Longest raw caller string accepted, in characters (libphonenumber's own input limit).
pub const MAX_RAW_LEN: usize = 250;

/// A caller string after parsing: its E.164 form plus libphonenumber's judgement of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedNumber {
    /// The number in compact E.164 form.
    pub e164: E164,
    /// The country calling code (`41` for `+41…`).
    pub country_code: u16,
    /// Whether the number falls in a range assigned in its country's numbering plan.
    pub valid: bool,
    /// The kind of line, `Unknown` for invalid numbers.
    pub number_type: NumberType,
    /// The region the number belongs to, when libphonenumber can tell.
    pub region: Option<RegionCode>,
}

/// Parses `raw` as a phone number, reading national formats as dialled in `default_region`.
///
/// Errors carry a [`NumberProblem`], never the input itself.
pub fn parse_number(raw: &str, default_region: Option<RegionCode>) -> Result<ParsedNumber, RingfenceError> {
    let number = parse_lib(raw, default_region)?;
    let e164 = e164_of(&number)?;
    // libphonenumber's isValidNumber is exactly "the number type is not UNKNOWN" (both resolve
    // the region and match the national number against the same type patterns), so one call
    // gives both and saves a region lookup and a pass over the patterns.
    let number_type = NumberType::from_lib(number.get_type());
    Ok(ParsedNumber {
        e164: value_as_written(raw, e164, || number_type != NumberType::Unknown),
        country_code: u16::try_from(number.country_code).unwrap_or(0),
        valid: number_type != NumberType::Unknown,
        number_type,
        region: number.get_region_code().and_then(|r| r.to_string().parse().ok()),
    })
}

/// The E.164 value [`parse_number`] gives `raw`, without what only it reports (type, validity
/// where the value does not depend on it, region): what exact patterns need.
pub(crate) fn parse_value(raw: &str, default_region: Option<RegionCode>) -> Result<E164, RingfenceError> {
    let number = parse_lib(raw, default_region)?;
    let e164 = e164_of(&number)?;
    Ok(value_as_written(raw, e164, || NumberType::from_lib(number.get_type()) != NumberType::Unknown))
}

/// libphonenumber's parse of `raw`, its errors as typed problems.
fn parse_lib(raw: &str, default_region: Option<RegionCode>) -> Result<PhoneNumber, RingfenceError> {
    let invalid = |p| Err(RingfenceError::InvalidNumber(p));
    if raw.trim().is_empty() {
        return invalid(NumberProblem::Empty);
    }
    if raw.chars().count() > MAX_RAW_LEN {
        return invalid(NumberProblem::TooLong);
    }
    if crashes_upstream(raw) {
        return invalid(NumberProblem::NotANumber);
    }
    let region = default_region.and_then(RegionCode::to_lib);
    // Backstop: an upstream panic on some other input is "not a number", not a crash.
    match crate::quiet::catch_quietly(|| PHONE_NUMBER_UTIL.parse(raw, region)) {
        Ok(Ok(n)) => Ok(n),
        Ok(Err(e)) => invalid(problem_of(&e, default_region.is_some())),
        Err(_) => invalid(NumberProblem::NotANumber),
    }
}

fn e164_of(number: &PhoneNumber) -> Result<E164, RingfenceError> {
    E164::from_e164_str(&number.format_as(PhoneNumberFormat::E164))
        .ok_or(RingfenceError::InvalidNumber(NumberProblem::NotANumber))
}

/// The value of a parsed number: for an invalid number written as `+digits`, libphonenumber may
/// strip a national prefix (`+4900800` → `+490800`), so parsing its own output would change it
/// again. Keep the digits as written: normalization stays idempotent (E.164 in, same E.164 out).
/// `valid` is asked only when the two differ.
fn value_as_written(raw: &str, parsed: E164, valid: impl FnOnce() -> bool) -> E164 {
    match plain_e164(raw) {
        Some(written) if written != parsed && !valid() => written,
        _ => parsed,
    }
}

/// rlibphonenumber 2.2.15 panics (slice out of range) when `tel:` first appears after
/// `;phone-context=`; such text is not a phone number anyway.
fn crashes_upstream(raw: &str) -> bool {
    if !raw.contains(';') {
        return false; // every caller ID without parameters: no allocation on the screening path
    }
    let lower = raw.to_ascii_lowercase();
    match (lower.find(";phone-context="), lower.find("tel:")) {
        (Some(context), Some(tel)) => tel > context,
        _ => false,
    }
}

/// `raw` when it is exactly `+` and digits forming a storable E.164 value.
fn plain_e164(raw: &str) -> Option<E164> {
    let digits = raw.trim().strip_prefix('+')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| E164::from_e164_str(&format!("+{digits}")))
        .flatten()
}

fn problem_of(e: &ParseError, had_region: bool) -> NumberProblem {
    match e {
        ParseError::InvalidCountryCode if had_region => NumberProblem::InvalidCountryCode,
        ParseError::InvalidCountryCode => NumberProblem::NeedsRegion,
        ParseError::NotANumber(_) => NumberProblem::NotANumber,
        ParseError::TooShortAfterIdd | ParseError::TooShortNsn => NumberProblem::TooShort,
        ParseError::TooLongNsn => NumberProblem::TooLong,
    }
}

/// The decimal digits of `raw`, with Unicode digits (full-width, Arabic-Indic…) mapped to ASCII.
pub fn digits_only(raw: &str) -> String {
    PHONE_NUMBER_UTIL.normalize_digits_only(raw)
}

/// The country calling code of a region (`CH` → 41), when libphonenumber knows it.
pub fn country_code_for_region(region: RegionCode) -> Option<u16> {
    let code = PHONE_NUMBER_UTIL.get_country_code_for_region(region.to_lib()?)?;
    u16::try_from(code).ok().filter(|c| *c > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str, region: &str) -> Result<ParsedNumber, RingfenceError> {
        parse_number(raw, Some(region.parse().unwrap()))
    }

    #[test]
    fn parses_many_notations_to_one_value() {
        let want = "+41446681800";
        for (raw, region) in [
            ("+41446681800", "US"),
            ("+41 44 668 18 00", "US"),
            ("044 668 18 00", "CH"),
            ("0041 44 668 18 00", "CH"),
            ("011 41 44 668 1800", "US"),
            ("0011 41 44 668 1800", "AU"),
            ("tel:+41-44-668-18-00", "US"),
            ("(044) 668.18.00", "CH"),
            ("＋４１ ４４ ６６８ １８ ００", "US"),
        ] {
            let n = parse(raw, region).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(n.e164.to_string(), want, "{raw} in {region}");
            assert!(n.valid);
            assert_eq!(n.number_type, NumberType::FixedLine);
            assert_eq!(n.region.unwrap().as_str(), "CH");
        }
    }

    #[test]
    fn the_value_alone_is_the_value_of_the_full_parse() {
        let mut texts =
            vec!["+4900800", "+4402071234567", "07700 900123", "+41 44 668 18 00", "1-800-FLOWERS", "+999 1"];
        texts.extend([
            "+4190012345",
            "+393123456789",
            "tel:+41-44-668-18-00",
            "0041446681800",
            "",
            "abc",
            "+390612345678",
        ]);
        let util = &*PHONE_NUMBER_UTIL;
        let examples: Vec<String> = util
            .get_supported_regions()
            .filter_map(|r| util.get_example_number(r).ok())
            .flat_map(|n| {
                [PhoneNumberFormat::E164, PhoneNumberFormat::International, PhoneNumberFormat::National]
                    .map(|f| n.format_as(f).into_owned())
            })
            .collect();
        for text in texts.into_iter().chain(examples.iter().map(String::as_str)) {
            for region in [None, Some("CH"), Some("US"), Some("GB"), Some("IT")] {
                let region = region.and_then(|r| r.parse().ok());
                assert_eq!(parse_value(text, region), parse_number(text, region).map(|n| n.e164), "{text} {region:?}");
            }
        }
    }

    #[test]
    fn vanity_letters() {
        let n = parse("1-800-FLOWERS", "US").unwrap();
        assert_eq!(n.e164.to_string(), "+18003569377");
        assert_eq!(n.number_type, NumberType::TollFree);
    }

    #[test]
    fn types_and_validity() {
        assert_eq!(parse("+393123456789", "IT").unwrap().number_type, NumberType::Mobile);
        assert_eq!(parse("+4190012345", "CH").map(|n| n.valid).ok(), Some(false));
        let premium = parse("+41900123456", "CH").unwrap();
        assert_eq!(premium.number_type, NumberType::PremiumRate);
        // UK drama range: parseable but not valid.
        let drama = parse("07700 900123", "GB").unwrap();
        assert!(!drama.valid);
        assert_eq!(drama.number_type, NumberType::Unknown);
    }

    #[test]
    fn validity_equals_known_type_for_every_example_number() {
        use rlibphonenumber::PhoneNumberType as T;
        let util = &*PHONE_NUMBER_UTIL;
        let mut checked = 0;
        for region in util.get_supported_regions() {
            for t in [
                T::FixedLine,
                T::Mobile,
                T::TollFree,
                T::PremiumRate,
                T::SharedCost,
                T::VoIP,
                T::PersonalNumber,
                T::UAN,
            ] {
                let Ok(example) = util.get_example_number_for_type_and_region(region, t) else { continue };
                let mut n = example.clone();
                for (i, last) in [0u64, 1, 7].into_iter().enumerate() {
                    n.national_number = example.national_number / 10 * 10 + last;
                    let ours = NumberType::from_lib(n.get_type()) != NumberType::Unknown;
                    assert_eq!(ours, n.is_valid(), "{region:?} {t:?} variant {i}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn bad_input_is_a_typed_error_never_a_panic() {
        let long = "1".repeat(300);
        let cases: [(&str, NumberProblem); 5] = [
            ("", NumberProblem::Empty),
            ("   ", NumberProblem::Empty),
            ("+", NumberProblem::NotANumber),
            (&long, NumberProblem::TooLong),
            ("hello", NumberProblem::NotANumber),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(raw, "CH"), Err(RingfenceError::InvalidNumber(want)), "{raw:?}");
        }
        for raw in ["\0", "+41\u{0}44 668 18 00", "٠٤٤٦٦٨١٨٠٠", "🙂🙂", "+999 123", "0", "tel:;phone-context="]
        {
            let _ = parse(raw, "CH");
            let _ = parse_number(raw, None);
        }
        assert_eq!(parse_number("044 668 18 00", None), Err(RingfenceError::InvalidNumber(NumberProblem::NeedsRegion)));
    }

    #[test]
    fn errors_never_echo_the_number() {
        for raw in ["+41 44 668 18 00 99 99 99", "0041", "abc", "+99912345"] {
            if let Err(e) = parse(raw, "CH") {
                let text = e.to_string();
                assert!(!text.chars().any(|c| c.is_ascii_digit()), "{text}");
            }
        }
    }
}
