//! Rule patterns: one exact E.164 number, or a `#`-wildcard range such as `+4121560####`.

use std::fmt;

use super::parse::parse_value;
use super::{E164, RegionCode};
use crate::error::RingfenceError;

/// Powers of ten up to 10^15, for digit arithmetic on [`E164`] values.
pub(crate) const POW10: [u64; 16] = {
    let mut t = [1u64; 16];
    let mut i = 1;
    while i < 16 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// A set of numbers a rule applies to: every number of `len` digits whose first
/// `len - wildcards` digits equal `prefix`. An exact number has no wildcards.
///
/// Patterns are written `+` + digits + zero or more trailing `#` (one `#` = one digit).
/// Exact numbers may use any notation `parse_number` understands, given a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern {
    len: u8,
    wildcards: u8,
    prefix: u64,
}

impl Pattern {
    /// The pattern matching exactly `number`.
    pub fn exact(number: E164) -> Self {
        Self { len: number.digit_count() as u8, wildcards: 0, prefix: number.as_u64() }
    }

    /// Parses pattern text; national-format exact numbers are read in `region`.
    pub fn parse(text: &str, region: Option<RegionCode>) -> Result<Self, RingfenceError> {
        let t = text.trim();
        if let Some(number) = super::fast::valid_e164(t) {
            return Ok(Self::exact(number));
        }
        if !t.contains('#') {
            return parse_value(t, region).map(Self::exact);
        }
        let compact: String = t.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        let body = compact.strip_prefix('+').ok_or(RingfenceError::InvalidPattern("a range must start with +"))?;
        let digits = body.trim_end_matches('#');
        let wildcards = body.len() - digits.len();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RingfenceError::InvalidPattern("a range is + then digits then trailing #"));
        }
        if digits.starts_with('0') {
            return Err(RingfenceError::InvalidPattern("a country code never starts with 0"));
        }
        let len = digits.len() + wildcards;
        if len > E164::MAX_DIGITS as usize {
            return Err(RingfenceError::InvalidPattern("too many digits"));
        }
        let prefix = digits.parse().map_err(|_| RingfenceError::InvalidPattern("bad digits"))?;
        Ok(Self { len: len as u8, wildcards: wildcards as u8, prefix })
    }

    /// Whether `number` is in this pattern's set.
    pub fn matches(&self, number: E164) -> bool {
        number.digit_count() == u32::from(self.len) && Self::key_for(number, self.wildcards) == Some(*self)
    }

    /// The pattern with `wildcards` trailing wildcards that would contain `number`
    /// (`None` when `wildcards` is not below the number's digit count).
    pub fn key_for(number: E164, wildcards: u8) -> Option<Self> {
        let len = number.digit_count() as u8;
        (wildcards < len).then(|| Self { len, wildcards, prefix: number.as_u64() / POW10[wildcards as usize] })
    }

    /// Number of trailing wildcard digits (0 for an exact number).
    pub fn wildcards(&self) -> u8 {
        self.wildcards
    }

    /// How many numbers the pattern covers (10^wildcards).
    pub fn size(&self) -> u64 {
        POW10[self.wildcards as usize]
    }

    /// The smallest number in the set.
    pub fn first(&self) -> E164 {
        E164::from_u64(self.prefix * POW10[self.wildcards as usize]).expect("a pattern has 1-15 digits")
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.prefix)?;
        (0..self.wildcards).try_for_each(|_| f.write_str("#"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: &str) -> E164 {
        E164::from_e164_str(s).unwrap()
    }

    #[test]
    fn ranges_match_by_prefix_and_length() {
        let p = Pattern::parse("+4121560####", None).unwrap();
        assert_eq!(p.to_string(), "+4121560####");
        assert_eq!(p.size(), 10_000);
        assert!(p.matches(e("+41215601234")));
        assert!(p.matches(e("+41215600000")));
        assert!(!p.matches(e("+41215611234")));
        assert!(!p.matches(e("+4121560123")), "one digit short");
        assert!(!p.matches(e("+412156012345")), "one digit long");
        assert_eq!(p.first(), e("+41215600000"));
    }

    #[test]
    fn exact_numbers_are_normalized() {
        let ch = "CH".parse().ok();
        let p = Pattern::parse("044 668 18 00", ch).unwrap();
        assert_eq!(p, Pattern::exact(e("+41446681800")));
        assert!(p.matches(e("+41446681800")));
        assert_eq!(p.to_string(), "+41446681800");
    }

    #[test]
    fn malformed_patterns_are_typed_errors() {
        for bad in ["4121560####", "+41#21", "+0##", "+#", "+412156000000####", "+41a##", "", "#"] {
            assert!(Pattern::parse(bad, None).is_err(), "{bad:?}");
        }
    }
}
