//! ISO 3166-1 alpha-2 region codes, as libphonenumber uses them for default regions.

use std::fmt;
use std::str::FromStr;

use crate::error::RingfenceError;

/// A two-letter region code (`CH`, `IT`, `US`…), stored upper-case.
///
/// Any two ASCII letters are accepted; whether libphonenumber knows the region is decided
/// at parse time (an unknown region simply cannot parse national-format numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode([u8; 2]);

impl RegionCode {
    /// The region code as text, e.g. `"CH"`.
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII upper-case letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("ZZ")
    }

    /// The matching `rlibphonenumber` region.
    pub(crate) fn to_lib(self) -> Option<rlibphonenumber::Region> {
        rlibphonenumber::Region::from_code(self.as_str()).ok()
    }
}

impl FromStr for RegionCode {
    type Err = RingfenceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.trim().as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic) {
            Ok(Self([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]))
        } else {
            Err(RingfenceError::InvalidRegion)
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_case_insensitively() {
        assert_eq!("ch".parse::<RegionCode>().unwrap().as_str(), "CH");
        assert_eq!(" It ".parse::<RegionCode>().unwrap().as_str(), "IT");
    }

    #[test]
    fn rejects_non_codes() {
        for bad in ["", "C", "CHE", "1A", "ÄB"] {
            assert!(bad.parse::<RegionCode>().is_err(), "{bad:?}");
        }
    }
}
