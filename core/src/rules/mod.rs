//! The user's own rules: exact numbers, `#` ranges and regular expressions (on the number or
//! the caller name), each with an action, optionally scoped to a line and to a [`Schedule`].
//!
//! A [`RuleSet`] answers for a call as every source does in the precedence ladder
//! ([`crate::precedence`]): a matching allow rule, else the most specific matching pattern,
//! else a matching regular expression. A rule scoped to a line applies only to that line's
//! calls (never to a call without a line); a rule with a schedule only inside it (in the
//! call's local time). Rule lists are read and written (backup, restore) as CSV and JSON, with
//! the same columns (`docs/rules-format.md`).

mod columns;
mod csv;
mod json;
pub mod regex;
mod set;

use std::fmt;
use std::sync::Arc;

pub use self::regex::{
    MAX_REGEX_CHARS, MAX_REGEX_RULES, REGEX_SHARD_SIZE_LIMIT, REGEX_SIZE_LIMIT, RegexKind, RuleRegex, SHARD_PATTERNS,
};
pub use csv::{ImportReport, MAX_LIST_BYTES, RowError, export_rules_csv, parse_rules_csv};
pub use json::{export_rules_json, parse_rules_json};
pub use set::{RuleQuery, RuleSet};

use crate::error::RingfenceError;
use crate::number::{Pattern, RegionCode};
use crate::policy::{Schedule, validate_line};
use crate::verdict::{Action, Category};

/// Longest rule label accepted, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// Most rules one [`RuleSet`] holds (big lists belong in a compiled database).
pub const MAX_RULES: usize = 1_000_000;

/// What a rule matches.
///
/// Text form ([`Display`](fmt::Display), [`parse`](Self::parse)): a number pattern as
/// [`Pattern`] writes it (`+4121560####`), `regex:` then a pattern on the E.164 number
/// (`regex:^\+4121560\d{4}$`), or `name-regex:` then a pattern on the caller name
/// (`name-regex:(?i)^spam`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleTarget {
    /// An exact number or a `#` range.
    Number(Pattern),
    /// A regular expression on the E.164 number (`+` and digits).
    NumberRegex(RuleRegex),
    /// A regular expression on the caller name.
    NameRegex(RuleRegex),
}

/// Prefix of a number regular expression in the text form.
pub const NUMBER_REGEX_PREFIX: &str = "regex:";
/// Prefix of a caller-name regular expression in the text form.
pub const NAME_REGEX_PREFIX: &str = "name-regex:";

impl RuleTarget {
    /// Reads the text form; a national number pattern is read in `region`.
    pub fn parse(text: &str, region: Option<RegionCode>) -> Result<Self, RingfenceError> {
        if let Some(source) = text.strip_prefix(NUMBER_REGEX_PREFIX) {
            Ok(Self::NumberRegex(RuleRegex::new(source, RegexKind::Number)?))
        } else if let Some(source) = text.strip_prefix(NAME_REGEX_PREFIX) {
            Ok(Self::NameRegex(RuleRegex::new(source, RegexKind::Name)?))
        } else {
            Pattern::parse(text, region).map(Self::Number)
        }
    }

    /// The number pattern, for number rules.
    pub fn pattern(&self) -> Option<Pattern> {
        match self {
            Self::Number(p) => Some(*p),
            _ => None,
        }
    }
}

impl fmt::Display for RuleTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(p) => write!(f, "{p}"),
            Self::NumberRegex(r) => write!(f, "{NUMBER_REGEX_PREFIX}{}", r.as_str()),
            Self::NameRegex(r) => write!(f, "{NAME_REGEX_PREFIX}{}", r.as_str()),
        }
    }
}

/// One user rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What it matches.
    pub target: RuleTarget,
    /// What to do with matching calls.
    pub action: Action,
    /// What kind of caller they are.
    pub category: Category,
    /// A short label to show (validated: at most [`MAX_LABEL_CHARS`], no control characters).
    pub label: Option<Arc<str>>,
    /// The only line (SIM subscription / phone account id) whose calls it applies to; every
    /// line when absent (validated: see [`validate_line`]).
    pub line: Option<Arc<str>>,
    /// When it applies (the call's local time); always when absent.
    pub schedule: Option<Schedule>,
}

impl Rule {
    /// Builds a number rule, validating the label.
    pub fn new(
        pattern: Pattern,
        action: Action,
        category: Category,
        label: Option<&str>,
    ) -> Result<Self, RingfenceError> {
        Self::with_target(RuleTarget::Number(pattern), action, category, label)
    }

    /// Builds a rule on any target, validating the label.
    pub fn with_target(
        target: RuleTarget,
        action: Action,
        category: Category,
        label: Option<&str>,
    ) -> Result<Self, RingfenceError> {
        let label = match label.map(str::trim).filter(|l| !l.is_empty()) {
            None => None,
            Some(l) if l.chars().count() > MAX_LABEL_CHARS => {
                return Err(RingfenceError::LimitExceeded { what: "label length", limit: MAX_LABEL_CHARS as u64 });
            }
            Some(l) if l.chars().any(char::is_control) => {
                return Err(RingfenceError::InvalidPattern("label has control characters"));
            }
            Some(l) => Some(Arc::from(l)),
        };
        Ok(Self { target, action, category, label, line: None, schedule: None })
    }

    /// The rule scoped to `line` (validated; trimmed).
    pub fn on_line(self, line: &str) -> Result<Self, RingfenceError> {
        Ok(Self { line: Some(validate_line(line)?), ..self })
    }

    /// The rule applying only inside `schedule` (validated).
    pub fn during(self, schedule: Schedule) -> Result<Self, RingfenceError> {
        schedule.validate()?;
        Ok(Self { schedule: Some(schedule), ..self })
    }

    /// The number pattern, for number rules.
    pub fn pattern(&self) -> Option<Pattern> {
        self.target.pattern()
    }

    /// Whether the rule applies to every call its target matches: a number pattern with no
    /// line and no schedule (what a Call Directory export can express).
    pub fn is_unconditional(&self) -> bool {
        matches!(self.target, RuleTarget::Number(_)) && self.line.is_none() && self.schedule.is_none()
    }

    /// Checks what the fields may hold when built directly: the line and the schedule.
    pub fn validate(&self) -> Result<(), RingfenceError> {
        if let Some(line) = &self.line
            && *validate_line(line)? != **line
        {
            return Err(RingfenceError::InvalidConfig("a line id must not start or end with spaces"));
        }
        self.schedule.as_ref().map_or(Ok(()), Schedule::validate)
    }
}

/// What a rule says about one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    /// The target that matched.
    pub target: RuleTarget,
    /// Its action.
    pub action: Action,
    /// Its category.
    pub category: Category,
    /// Its label.
    pub label: Option<Arc<str>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::E164;

    fn rule(p: &str, a: Action) -> Rule {
        Rule::new(Pattern::parse(p, None).unwrap(), a, Category::Spam, None).unwrap()
    }
    fn e(s: &str) -> E164 {
        E164::from_e164_str(s).unwrap()
    }

    #[test]
    fn allow_beats_block_whatever_the_specificity() {
        let mut set = RuleSet::default();
        set.insert(rule("+41215601234", Action::Block)).unwrap();
        set.insert(rule("+4121560####", Action::Allow)).unwrap();
        assert_eq!(set.lookup(e("+41215601234")).unwrap().action, Action::Allow);
    }

    #[test]
    fn most_specific_non_allow_rule_decides() {
        let mut set = RuleSet::default();
        set.insert(rule("+4121560####", Action::Block)).unwrap();
        set.insert(rule("+41215601234", Action::Label)).unwrap();
        assert_eq!(set.lookup(e("+41215601234")).unwrap().action, Action::Label);
        assert_eq!(set.lookup(e("+41215609999")).unwrap().action, Action::Block);
        assert!(set.lookup(e("+41215619999")).is_none());
    }

    #[test]
    fn insert_replaces_and_remove_forgets() {
        let mut set = RuleSet::default();
        set.insert(rule("+4121560####", Action::Block)).unwrap();
        set.insert(rule("+4121560####", Action::Silence)).unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(set.lookup(e("+41215601234")).unwrap().action, Action::Silence);
        assert!(set.remove(&Pattern::parse("+4121560####", None).unwrap()));
        assert!(set.lookup(e("+41215601234")).is_none());
        assert!(set.is_empty());
    }

    #[test]
    fn labels_are_validated() {
        let p = Pattern::parse("+41215601234", None).unwrap();
        assert!(Rule::new(p, Action::Label, Category::Spam, Some(&"x".repeat(101))).is_err());
        assert!(Rule::new(p, Action::Label, Category::Spam, Some("bad\u{0}label")).is_err());
        assert_eq!(Rule::new(p, Action::Label, Category::Spam, Some("  ")).unwrap().label, None);
    }
}
