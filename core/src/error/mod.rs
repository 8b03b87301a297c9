//! Typed errors, at the bottom of the crate's layers (they depend on nothing else in it). No
//! error text ever contains a phone number or any caller input.

mod database;

use std::fmt;

pub use database::DatabaseError;

/// Why a string is not a usable phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    /// Nothing but white space.
    Empty,
    /// Longer than a phone number can be.
    TooLong,
    /// Too few digits to be a number.
    TooShort,
    /// No phone number can be read from the text.
    NotANumber,
    /// The number starts with a country code that does not exist.
    InvalidCountryCode,
    /// A national-format number was given without a region to read it in.
    NeedsRegion,
}

impl fmt::Display for NumberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "empty",
            Self::TooLong => "too long",
            Self::TooShort => "too short",
            Self::NotANumber => "not a phone number",
            Self::InvalidCountryCode => "unknown country code",
            Self::NeedsRegion => "national format needs a region",
        })
    }
}

/// Why a regular expression is refused as a rule. The pattern itself is never quoted (it may
/// hold a phone number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RegexProblem {
    /// Not a valid regular expression (syntax).
    Syntax,
    /// Longer than the longest pattern accepted.
    TooLong,
    /// Compiles to more than the size limit (e.g. large counted repetitions).
    TooBig,
}

impl fmt::Display for RegexProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Syntax => "syntax error",
            Self::TooLong => "pattern too long",
            Self::TooBig => "compiled pattern over the size limit",
        })
    }
}

/// Every error Ringfence reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RingfenceError {
    /// A caller string or rule number could not be read as a phone number.
    #[error("invalid number: {0}")]
    InvalidNumber(NumberProblem),
    /// A region code is not two ASCII letters.
    #[error("invalid region code: expected two letters such as CH or IT")]
    InvalidRegion,
    /// A rule pattern is malformed.
    #[error("invalid pattern: {0}")]
    InvalidPattern(&'static str),
    /// A rule list (CSV) is malformed as a whole, e.g. its header is missing.
    #[error("invalid list: {0}")]
    InvalidList(&'static str),
    /// A setting is out of range.
    #[error("invalid setting: {0}")]
    InvalidConfig(&'static str),
    /// A schedule (its text form or a window) is malformed.
    #[error("invalid schedule: {0}")]
    InvalidSchedule(&'static str),
    /// A regular-expression rule's pattern is unusable.
    #[error("invalid regular expression: {0}")]
    InvalidRegex(RegexProblem),
    /// A call cannot be reported (see `Screener::report`).
    #[error("invalid report: {0}")]
    InvalidReport(&'static str),
    /// A brand registry is malformed.
    #[error("invalid brand registry: {0}")]
    InvalidBrands(&'static str),
    /// An input is over one of the documented limits.
    #[error("limit exceeded: {what} (at most {limit})")]
    LimitExceeded {
        /// What was too large.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// A compiled database (or delta) was rejected or could not be built.
    #[error(transparent)]
    Database(#[from] DatabaseError),
    /// A bug in Ringfence; screening fails open when it happens.
    #[error("internal error")]
    Internal,
}
