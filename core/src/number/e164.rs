//! The compact E.164 value every list and index in Ringfence is keyed by.

use std::fmt;

/// An E.164 number stored as its digits read as one integer (`+41446681800` → `41446681800`).
///
/// E.164 numbers have at most 15 digits and never start with `0` (the country code comes
/// first), so the integer is unique, fits in 50 bits, and sorts like the digit string of the
/// same length. This is also the `Int64` form iOS Call Directory extensions expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164(u64);

impl E164 {
    /// The most digits an E.164 number may have.
    pub const MAX_DIGITS: u32 = 15;

    /// Builds a value from its digits-as-integer form; `None` unless it has 1–15 digits.
    pub fn from_u64(value: u64) -> Option<Self> {
        (value > 0 && value < 10u64.pow(Self::MAX_DIGITS)).then_some(Self(value))
    }

    /// Parses strict E.164 text: `+` then 1–15 ASCII digits, the first not `0`.
    pub fn from_e164_str(text: &str) -> Option<Self> {
        let digits = text.strip_prefix('+')?;
        if digits.is_empty() || digits.len() > Self::MAX_DIGITS as usize || digits.starts_with('0') {
            return None;
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().and_then(Self::from_u64)
    }

    /// The digits as one integer (the CallKit `Int64` form, without `+`).
    pub fn as_u64(self) -> u64 {
        self.0
    }

    /// How many digits the number has.
    pub fn digit_count(self) -> u32 {
        self.0.ilog10() + 1
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_text() {
        let n = E164::from_e164_str("+41446681800").unwrap();
        assert_eq!(n.as_u64(), 41_446_681_800);
        assert_eq!(n.digit_count(), 11);
        assert_eq!(n.to_string(), "+41446681800");
    }

    #[test]
    fn rejects_non_e164_text() {
        for bad in ["", "+", "41446681800", "+0123", "+1234567890123456", "+12a4", "+１２３"] {
            assert!(E164::from_e164_str(bad).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn bounds() {
        assert!(E164::from_u64(0).is_none());
        assert!(E164::from_u64(999_999_999_999_999).is_some());
        assert!(E164::from_u64(1_000_000_000_000_000).is_none());
    }
}
