//! Regular-expression rules: on the caller's E.164 number (`+41215601234`) or on the caller
//! name, with the `regex` crate (linear-time matching: no backtracking, so no pattern can make
//! a call slow).
//!
//! Every pattern is checked when its rule is made ([`RuleRegex::new`]): at most
//! [`MAX_REGEX_CHARS`] characters and [`REGEX_SIZE_LIMIT`] bytes compiled, else a typed
//! [`RingfenceError::InvalidRegex`] that never quotes it. A rule set compiles all its number
//! patterns into one [`RegexSet`] and all its name patterns into another, once per change of
//! the set (never per call), so a call costs one pass over the number and one over the name
//! whatever the number of rules (at most [`MAX_REGEX_RULES`]).
//!
//! A pattern matches anywhere in the text unless anchored (`^\+4121560\d{4}$`); the name is
//! the caller name as screening reads it; `(?i)` makes a pattern case-insensitive.

use std::sync::Arc;

use regex::{RegexBuilder, RegexSet, RegexSetBuilder};

use crate::error::{RegexProblem, RingfenceError};

/// Longest pattern accepted, in characters.
pub const MAX_REGEX_CHARS: usize = 256;
/// Largest compiled size of one pattern, in bytes (`regex`'s `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 64 * 1024;
/// Largest compiled size of all the patterns of one kind together, in bytes.
pub const REGEX_SET_SIZE_LIMIT: usize = 256 * 1024 * 1024;
/// Most regular-expression rules one rule set holds.
pub const MAX_REGEX_RULES: usize = 10_000;
/// Cache of the lazy DFA of each compiled set, in bytes.
const DFA_CACHE_BYTES: usize = 8 * 1024 * 1024;

/// A checked regular-expression pattern (its source text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleRegex(Arc<str>);

impl RuleRegex {
    /// Checks `source` (length, syntax, compiled size).
    pub fn new(source: &str) -> Result<Self, RingfenceError> {
        if source.chars().count() > MAX_REGEX_CHARS {
            return Err(RingfenceError::InvalidRegex(RegexProblem::TooLong));
        }
        RegexBuilder::new(source).size_limit(REGEX_SIZE_LIMIT).build().map_err(problem)?;
        Ok(Self(Arc::from(source)))
    }

    /// The pattern's source text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn problem(e: regex::Error) -> RingfenceError {
    RingfenceError::InvalidRegex(match e {
        regex::Error::CompiledTooBig(_) => RegexProblem::TooBig,
        _ => RegexProblem::Syntax,
    })
}

/// The compiled patterns of one kind (number or name), with the rule each belongs to.
#[derive(Debug, Clone, Default)]
pub(super) struct CompiledSet {
    set: Option<Arc<RegexSet>>,
    /// `rules[i]`: the index (in the rule set's regex rules) of pattern `i`.
    rules: Arc<[usize]>,
}

impl CompiledSet {
    /// Compiles `patterns`, `(rule index, source)`, into one set.
    pub fn compile<'a>(patterns: impl Iterator<Item = (usize, &'a str)>) -> Result<Self, RingfenceError> {
        let (rules, sources): (Vec<usize>, Vec<&str>) = patterns.unzip();
        if sources.is_empty() {
            return Ok(Self::default());
        }
        let set = RegexSetBuilder::new(sources)
            .size_limit(REGEX_SET_SIZE_LIMIT)
            .dfa_size_limit(DFA_CACHE_BYTES)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(_) => RingfenceError::LimitExceeded {
                    what: "compiled size of the regex rules",
                    limit: REGEX_SET_SIZE_LIMIT as u64,
                },
                e => problem(e),
            })?;
        Ok(Self { set: Some(Arc::new(set)), rules: rules.into() })
    }

    /// The indexes of the rules whose pattern matches `text`, in rule order.
    pub fn matching(&self, text: &str) -> impl Iterator<Item = usize> + '_ {
        let matches = self.set.as_ref().map(|s| s.matches(text));
        matches.into_iter().flat_map(|m| m.into_iter()).map(|i| self.rules[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_patterns_are_typed_errors_that_never_quote_them() {
        let syntax = RuleRegex::new(r"^\+41(44").unwrap_err();
        assert_eq!(syntax, RingfenceError::InvalidRegex(RegexProblem::Syntax));
        let long = RuleRegex::new(&"4".repeat(MAX_REGEX_CHARS + 1)).unwrap_err();
        assert_eq!(long, RingfenceError::InvalidRegex(RegexProblem::TooLong));
        let big = RuleRegex::new(r"\w{100}\w{100}").unwrap_err();
        assert_eq!(big, RingfenceError::InvalidRegex(RegexProblem::TooBig));
        for e in [syntax, long, big] {
            assert!(!e.to_string().chars().any(|c| c.is_ascii_digit()), "{e}");
        }
        assert!(RuleRegex::new(&"4".repeat(MAX_REGEX_CHARS)).is_ok());
    }

    #[test]
    fn a_compiled_set_answers_rule_indexes_in_order() {
        let set = CompiledSet::compile([(4, r"^\+4121"), (7, r"5601234$"), (9, "^x")].into_iter()).unwrap();
        assert_eq!(set.matching("+41215601234").collect::<Vec<_>>(), [4, 7]);
        assert_eq!(set.matching("+39").count(), 0);
        assert_eq!(CompiledSet::default().matching("+41").count(), 0);
    }
}
