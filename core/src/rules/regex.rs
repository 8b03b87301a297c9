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
//!
//! Two things keep screening fast whatever the rules: word boundaries (`\b`, `\B`, `\b{start}`…)
//! are **ASCII** word boundaries (a letter outside ASCII counts as a non-word character: the
//! engine's lazy DFA cannot decide Unicode ones on non-ASCII text and would fall back to a far
//! slower simulation), and the patterns are compiled in shards of [`SHARD_PATTERNS`], so a
//! pattern whose DFA explodes slows only its own shard.

use std::sync::Arc;

use regex::{RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};

use crate::error::{RegexProblem, RingfenceError};

/// Longest pattern accepted, in characters.
pub const MAX_REGEX_CHARS: usize = 256;
/// Largest compiled size of one pattern, in bytes (`regex`'s `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 32 * 1024;
/// Largest compiled size of one shard of [`SHARD_PATTERNS`] patterns, in bytes (room for
/// every pattern at its own limit, twice): with at most [`MAX_REGEX_RULES`] rules, this bounds
/// the memory of all of them.
pub const REGEX_SHARD_SIZE_LIMIT: usize = 2 * SHARD_PATTERNS * REGEX_SIZE_LIMIT;
/// Most regular-expression rules one rule set holds.
pub const MAX_REGEX_RULES: usize = 10_000;
/// Patterns per compiled shard.
pub const SHARD_PATTERNS: usize = 64;
/// Cache of the lazy DFA of each shard, in bytes.
const DFA_CACHE_BYTES: usize = 1024 * 1024;

/// What a pattern is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegexKind {
    /// The E.164 number (`+` and ASCII digits): classes are compiled for ASCII only (`\d` is
    /// `[0-9]` there), which changes no match and keeps patterns small.
    Number,
    /// The caller name (any Unicode text).
    Name,
}

/// A checked regular-expression pattern (its source text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleRegex(Arc<str>);

impl RuleRegex {
    /// Checks `source` as a pattern of `kind` (length, syntax, compiled size).
    pub fn new(source: &str, kind: RegexKind) -> Result<Self, RingfenceError> {
        if source.chars().count() > MAX_REGEX_CHARS {
            return Err(RingfenceError::InvalidRegex(RegexProblem::TooLong));
        }
        RegexBuilder::new(&engine_pattern(source, kind)?).size_limit(REGEX_SIZE_LIMIT).build().map_err(problem)?;
        Ok(Self(Arc::from(source)))
    }

    /// The pattern's source text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the engine compiles for `source`: the same pattern with ASCII word boundaries, and
/// for numbers ASCII classes.
fn engine_pattern(source: &str, kind: RegexKind) -> Result<String, RingfenceError> {
    let syntax = || RingfenceError::InvalidRegex(RegexProblem::Syntax);
    let hir = regex_syntax::Parser::new().parse(source).map_err(|_| syntax())?;
    if kind == RegexKind::Name && !hir.properties().look_set().contains_word_unicode() {
        return Ok(source.to_owned());
    }
    Ok(rewrite(&hir, kind).to_string())
}

/// `hir` with every Unicode word-boundary assertion replaced by its ASCII one and, for
/// numbers, every class cut to ASCII.
fn rewrite(hir: &Hir, kind: RegexKind) -> Hir {
    let sub = |h: &Hir| Box::new(rewrite(h, kind));
    match hir.kind() {
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Class(Class::Unicode(class)) if kind == RegexKind::Number => {
            let mut ascii = ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]);
            ascii.intersect(class);
            if ascii.ranges().is_empty() { Hir::fail() } else { Hir::class(Class::Unicode(ascii)) }
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition { sub: sub(&r.sub), ..r.clone() }),
        HirKind::Capture(c) => Hir::capture(Capture { sub: sub(&c.sub), ..c.clone() }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| rewrite(h, kind)).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(|h| rewrite(h, kind)).collect()),
        _ => hir.clone(),
    }
}

fn problem(e: regex::Error) -> RingfenceError {
    RingfenceError::InvalidRegex(match e {
        regex::Error::CompiledTooBig(_) => RegexProblem::TooBig,
        _ => RegexProblem::Syntax,
    })
}

/// The compiled patterns of one kind (number or name), in shards, with the rule each belongs to.
#[derive(Debug, Clone, Default)]
pub(super) struct CompiledSet {
    /// Each shard, with `rules[i]`: the index (in the rule set's regex rules) of its pattern `i`.
    shards: Arc<[(RegexSet, Box<[usize]>)]>,
}

impl CompiledSet {
    /// Compiles `patterns` of `kind`, `(rule index, source)`, in shards of [`SHARD_PATTERNS`].
    pub fn compile<'a>(
        patterns: impl Iterator<Item = (usize, &'a str)>,
        kind: RegexKind,
    ) -> Result<Self, RingfenceError> {
        let patterns: Vec<(usize, &str)> = patterns.collect();
        let too_big = |e| match e {
            regex::Error::CompiledTooBig(_) => {
                let limit = REGEX_SHARD_SIZE_LIMIT as u64;
                RingfenceError::LimitExceeded { what: "compiled size of a shard of regex rules", limit }
            }
            e => problem(e),
        };
        let shards = patterns
            .chunks(SHARD_PATTERNS)
            .map(|chunk| {
                let sources = chunk.iter().map(|(_, s)| engine_pattern(s, kind)).collect::<Result<Vec<_>, _>>()?;
                let set = RegexSetBuilder::new(sources)
                    .size_limit(REGEX_SHARD_SIZE_LIMIT)
                    .dfa_size_limit(DFA_CACHE_BYTES)
                    .build()
                    .map_err(too_big)?;
                Ok((set, chunk.iter().map(|(i, _)| *i).collect()))
            })
            .collect::<Result<Vec<_>, RingfenceError>>()?;
        Ok(Self { shards: shards.into() })
    }

    /// The indexes of the rules whose pattern matches `text`, in rule order.
    pub fn matching<'a>(&'a self, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.shards.iter().flat_map(move |(set, rules)| set.matches(text).into_iter().map(|i| rules[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_patterns_are_typed_errors_that_never_quote_them() {
        let syntax = RuleRegex::new(r"^\+41(44", RegexKind::Number).unwrap_err();
        assert_eq!(syntax, RingfenceError::InvalidRegex(RegexProblem::Syntax));
        let long = RuleRegex::new(&"4".repeat(MAX_REGEX_CHARS + 1), RegexKind::Number).unwrap_err();
        assert_eq!(long, RingfenceError::InvalidRegex(RegexProblem::TooLong));
        let big = RuleRegex::new(r"\w{100}\w{100}", RegexKind::Name).unwrap_err();
        assert_eq!(big, RingfenceError::InvalidRegex(RegexProblem::TooBig));
        for e in [syntax, long, big] {
            assert!(!e.to_string().chars().any(|c| c.is_ascii_digit()), "{e}");
        }
        assert!(RuleRegex::new(&"4".repeat(MAX_REGEX_CHARS), RegexKind::Number).is_ok());
    }

    #[test]
    fn word_boundaries_are_ascii() {
        let set =
            CompiledSet::compile([(0, r"(?i)\bspam\b"), (1, r"t\bà"), (2, r"città\b")].into_iter(), RegexKind::Name)
                .unwrap();
        assert_eq!(set.matching("Spam call").collect::<Vec<_>>(), [0]);
        assert_eq!(set.matching("Spamalot").count(), 0);
        assert_eq!(set.matching("Società").collect::<Vec<_>>(), [1], "à is not a word character");
        assert_eq!(set.matching("città nuova").collect::<Vec<_>>(), [1], "no ASCII boundary after à: not 2");
        assert_eq!(engine_pattern("^\\+41", RegexKind::Name).unwrap(), "^\\+41", "names without boundaries are kept");
    }

    #[test]
    fn number_classes_are_ascii_and_match_as_before() {
        let long = r"^\+(?:39|41)\d{6,7}\D?(?s:.){0,3}$";
        assert!(RuleRegex::new(long, RegexKind::Number).is_ok(), "small once ASCII");
        let set = CompiledSet::compile([(0, long), (1, r"^\+41\w+$"), (2, r"[^\d+]")].into_iter(), RegexKind::Number)
            .unwrap();
        assert_eq!(set.matching("+41791234567").collect::<Vec<_>>(), [0, 1]);
        assert_eq!(set.matching("+391234567").collect::<Vec<_>>(), [0]);
        assert_eq!(
            RuleRegex::new(r"^\+41[١-٩]", RegexKind::Number).map(|_| ()),
            Ok(()),
            "a class with no ASCII never matches"
        );
    }

    #[test]
    fn shards_keep_rule_order() {
        let sources: Vec<String> = (0..200).map(|i| format!("^x{i}$")).collect();
        let set = CompiledSet::compile(sources.iter().enumerate().map(|(i, s)| (i * 2, s.as_str())), RegexKind::Name)
            .unwrap();
        assert_eq!(set.matching("x150").collect::<Vec<_>>(), [300]);
        assert_eq!(set.shards.len(), 200usize.div_ceil(SHARD_PATTERNS));
    }

    #[test]
    fn a_compiled_set_answers_rule_indexes_in_order() {
        let set = CompiledSet::compile([(4, r"^\+4121"), (7, r"5601234$"), (9, "^x")].into_iter(), RegexKind::Number)
            .unwrap();
        assert_eq!(set.matching("+41215601234").collect::<Vec<_>>(), [4, 7]);
        assert_eq!(set.matching("+39").count(), 0);
        assert_eq!(CompiledSet::default().matching("+41").count(), 0);
    }
}
