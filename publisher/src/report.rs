//! One report, as people's apps send it, and its normalisation: the number in any notation to
//! E.164 (with ringfence-core's parser), the time to Unix seconds, the reporter to an opaque
//! 64-bit key, the category to its code. A bad row gets a [`RowProblem`], which never holds
//! the row's text.

use chrono::DateTime;
use ringfence_core::number::{E164, Pattern, RegionCode, country_code_for_region};
use ringfence_core::{Category, NumberProblem, RingfenceError};

/// The columns of a report file, in the documented order; the first five are required.
pub const COLUMNS: [&str; 7] = ["number", "region", "category", "time", "reporter", "vote", "caller_name"];

/// How many of [`COLUMNS`] every report file must have.
pub const REQUIRED: usize = 5;

/// Longest caller name accepted, in characters: what the app's report records carry at most.
pub const MAX_CALLER_NAME: usize = ringfence_core::screener::MAX_CALLER_NAME_CHARS;

/// One report's fields as text (`None`: the file has no such column).
#[derive(Debug, Clone, Copy, Default)]
pub struct RawReport<'a> {
    /// The reported number, in any notation.
    pub number: &'a str,
    /// The reporter's region (ISO alpha-2), for national notations; may be empty.
    pub region: &'a str,
    /// The category code (`spam`, `scam`, `telemarketing`, …); empty means `spam`.
    pub category: &'a str,
    /// When the call came, RFC 3339 with an offset.
    pub time: &'a str,
    /// The reporter's pseudonym (opaque).
    pub reporter: &'a str,
    /// `spam` (the default when empty) or `not_spam`, in any letter case.
    pub vote: &'a str,
    /// The caller name the reporter saw, if any.
    pub caller_name: &'a str,
}

/// One report after normalisation: what the SQL reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The number.
    pub number: E164,
    /// The reporter's opaque key (FNV-1a of the pseudonym).
    pub reporter: i64,
    /// The category's code ([`category_code`]); 0 for a "not spam" vote.
    pub category: i32,
    /// Whether the vote is "spam" (else "not spam").
    pub spam: bool,
    /// The time, in Unix seconds.
    pub time: i64,
}

/// Why a row was rejected. Its text never contains the row's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    /// The number is not a phone number ([`NumberProblem`] says why).
    #[error("invalid number: {0}")]
    Number(NumberProblem),
    /// The number is a `#` pattern: reports name one number.
    #[error("a report names one number, not a range")]
    Pattern,
    /// The region is not the ISO alpha-2 code of a region with a calling code.
    #[error("invalid region")]
    Region,
    /// The category is not one reports can name.
    #[error("unknown category")]
    Category,
    /// The time is not RFC 3339 with an offset, or before 1970.
    #[error("invalid time (RFC 3339 with an offset, after 1970)")]
    Time,
    /// The time is more than a day ([`CLOCK_SKEW_SECS`](crate::CLOCK_SKEW_SECS)) after
    /// the time reports are aged against (`--now`): such a report would weigh as a fresh one,
    /// and stay its reporter's latest vote, until then.
    #[error("time over a day after --now")]
    Future,
    /// No reporter.
    #[error("missing reporter")]
    Reporter,
    /// The vote is neither `spam` nor `not_spam`.
    #[error("invalid vote (spam or not_spam)")]
    Vote,
    /// The caller name is longer than [`MAX_CALLER_NAME`] or holds control characters.
    #[error("invalid caller name")]
    CallerName,
    /// The row has more fields than the header or too few for the required columns, a quote
    /// that does not close, or is not UTF-8 text (or holds a NUL).
    #[error("malformed row")]
    Malformed,
    /// The row is longer than the longest line read (1 MiB); it was skipped, not held.
    #[error("row too long")]
    TooLong,
}

/// The code the SQL uses for `category`: its index in [`Category::ALL`] (1..32).
pub fn category_code(category: Category) -> i32 {
    Category::ALL.iter().position(|c| *c == category).map_or(0, |i| i as i32)
}

/// Whether reports may name `category`: every category but "none" and "emergency".
fn reportable(category: Category) -> bool {
    !matches!(category, Category::None | Category::Emergency)
}

/// FNV-1a, 64 bits: a stable key for a reporter pseudonym (collisions among 10⁸ reporters
/// are below one in a thousand).
fn reporter_key(pseudonym: &str) -> i64 {
    let hash =
        pseudonym.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    i64::from_ne_bytes(hash.to_ne_bytes())
}

impl RawReport<'_> {
    /// The normalised report, or why the row is rejected.
    pub fn normalize(&self) -> Result<Report, RowProblem> {
        let region = match self.region.trim() {
            "" => None,
            r => Some(
                r.parse::<RegionCode>()
                    .ok()
                    .filter(|r| country_code_for_region(*r).is_some())
                    .ok_or(RowProblem::Region)?,
            ),
        };
        let pattern = Pattern::parse(self.number, region).map_err(|e| match e {
            RingfenceError::InvalidNumber(p) => RowProblem::Number(p),
            _ => RowProblem::Pattern,
        })?;
        if pattern.wildcards() > 0 {
            return Err(RowProblem::Pattern);
        }
        let vote = self.vote.trim();
        let spam = if vote.is_empty() || vote.eq_ignore_ascii_case("spam") {
            true
        } else if vote.eq_ignore_ascii_case("not_spam") {
            false
        } else {
            return Err(RowProblem::Vote);
        };
        let category = match self.category.trim() {
            "" => Category::Spam,
            c => Category::from_code(&c.to_ascii_lowercase()).filter(|c| reportable(*c)).ok_or(RowProblem::Category)?,
        };
        let time = DateTime::parse_from_rfc3339(self.time.trim()).map_err(|_| RowProblem::Time)?.timestamp();
        if time < 0 {
            return Err(RowProblem::Time);
        }
        let reporter = self.reporter.trim();
        if reporter.is_empty() {
            return Err(RowProblem::Reporter);
        }
        if self.caller_name.chars().count() > MAX_CALLER_NAME || self.caller_name.chars().any(char::is_control) {
            return Err(RowProblem::CallerName);
        }
        Ok(Report {
            number: pattern.first(),
            reporter: reporter_key(reporter),
            category: if spam { category_code(category) } else { 0 },
            spam,
            time,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>(number: &'a str, region: &'a str) -> RawReport<'a> {
        RawReport { number, region, time: "2024-05-01T12:00:00+02:00", reporter: "r1", ..RawReport::default() }
    }

    #[test]
    fn any_notation_becomes_e164() {
        let a = raw("044 668 18 00", "CH").normalize().unwrap();
        let b = raw("+41 44 668 18 00", "").normalize().unwrap();
        assert_eq!(a.number, b.number);
        assert_eq!(a.number.as_u64(), 41_446_681_800);
        assert_eq!(a.time, 1_714_557_600);
        assert!(a.spam && a.category == category_code(Category::Spam));
    }

    #[test]
    fn bad_fields_are_typed_problems_without_the_text() {
        assert_eq!(raw("044 668 18 00", "").normalize(), Err(RowProblem::Number(NumberProblem::NeedsRegion)));
        assert_eq!(raw("+4144668####", "").normalize(), Err(RowProblem::Pattern));
        assert_eq!(raw("+41446681800", "Z9").normalize(), Err(RowProblem::Region));
        let r = raw("+41446681800", "");
        assert_eq!(RawReport { vote: "maybe", ..r }.normalize(), Err(RowProblem::Vote));
        assert_eq!(RawReport { category: "emergency", ..r }.normalize(), Err(RowProblem::Category));
        assert_eq!(RawReport { time: "2024-05-01 12:00", ..r }.normalize(), Err(RowProblem::Time));
        assert_eq!(RawReport { reporter: " ", ..r }.normalize(), Err(RowProblem::Reporter));
        assert!(!RowProblem::Number(NumberProblem::TooLong).to_string().contains("4144"));
        let not_spam = RawReport { vote: "not_spam", category: "scam", ..r }.normalize().unwrap();
        assert!(!not_spam.spam && not_spam.category == 0);
    }
}
