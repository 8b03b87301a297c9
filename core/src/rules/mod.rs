//! The user's own rules: exact numbers and `#` ranges, each with an action.
//!
//! A [`RuleSet`] answers for a number as every source does in the precedence ladder
//! ([`crate::precedence`]): a matching allow rule, else the most specific matching pattern.
//! Rule lists are read and written (backup, restore) as CSV and JSON, with the same columns
//! (`docs/rules-format.md`).

mod columns;
mod csv;
mod json;

use std::collections::HashMap;
use std::sync::Arc;

pub use csv::{ImportReport, MAX_LIST_BYTES, RowError, export_rules_csv, parse_rules_csv};
pub use json::{export_rules_json, parse_rules_json};

use crate::error::RingfenceError;
use crate::number::{E164, Pattern};
use crate::verdict::{Action, Category};

/// Longest rule label accepted, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// Most rules one [`RuleSet`] holds (big lists belong in a compiled database).
pub const MAX_RULES: usize = 1_000_000;

/// One user rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Which numbers it applies to.
    pub pattern: Pattern,
    /// What to do with them.
    pub action: Action,
    /// What kind of caller they are.
    pub category: Category,
    /// A short label to show (validated: at most [`MAX_LABEL_CHARS`], no control characters).
    pub label: Option<Arc<str>>,
}

impl Rule {
    /// Builds a rule, validating the label.
    pub fn new(
        pattern: Pattern,
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
        Ok(Self { pattern, action, category, label })
    }
}

/// What a rule says about one number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    /// The pattern that matched.
    pub pattern: Pattern,
    /// Its action.
    pub action: Action,
    /// Its category.
    pub category: Category,
    /// Its label.
    pub label: Option<Arc<str>>,
}

/// An immutable-by-snapshot set of rules with O(distinct wildcard counts) lookup.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: HashMap<Pattern, (Action, Category, Option<Arc<str>>)>,
    /// Distinct wildcard counts present, ascending (most specific first).
    wildcard_counts: Vec<u8>,
}

impl RuleSet {
    /// Adds or replaces (same pattern) a rule.
    pub fn insert(&mut self, rule: Rule) -> Result<(), RingfenceError> {
        if self.rules.len() >= MAX_RULES && !self.rules.contains_key(&rule.pattern) {
            return Err(RingfenceError::LimitExceeded { what: "rule count", limit: MAX_RULES as u64 });
        }
        let w = rule.pattern.wildcards();
        if let Err(i) = self.wildcard_counts.binary_search(&w) {
            self.wildcard_counts.insert(i, w);
        }
        self.rules.insert(rule.pattern, (rule.action, rule.category, rule.label));
        Ok(())
    }

    /// Removes the rule with exactly this pattern; whether one existed.
    pub fn remove(&mut self, pattern: &Pattern) -> bool {
        let existed = self.rules.remove(pattern).is_some();
        if existed && !self.rules.keys().any(|p| p.wildcards() == pattern.wildcards()) {
            self.wildcard_counts.retain(|&w| w != pattern.wildcards());
        }
        existed
    }

    /// The deciding rule for `number`: any matching allow rule, else the most specific match.
    pub fn lookup(&self, number: E164) -> Option<RuleMatch> {
        let mut best: Option<RuleMatch> = None;
        for &w in &self.wildcard_counts {
            let Some(key) = Pattern::key_for(number, w) else { break };
            if let Some((action, category, label)) = self.rules.get(&key) {
                let m = RuleMatch { pattern: key, action: *action, category: *category, label: label.clone() };
                if m.action == Action::Allow {
                    return Some(m);
                }
                best.get_or_insert(m);
            }
        }
        best
    }

    /// All rules, ordered by pattern.
    pub fn rules(&self) -> Vec<Rule> {
        let mut out: Vec<Rule> = self
            .rules
            .iter()
            .map(|(p, (a, c, l))| Rule { pattern: *p, action: *a, category: *c, label: l.clone() })
            .collect();
        out.sort_by_key(|r| (r.pattern.first(), r.pattern.wildcards()));
        out
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
