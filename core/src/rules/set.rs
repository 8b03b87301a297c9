//! [`RuleSet`]: the user's rules, looked up per call.

use std::collections::HashMap;
use std::sync::Arc;

use super::regex::{CompiledSet, MAX_REGEX_RULES, RegexKind};
use super::{MAX_RULES, Rule, RuleMatch, RuleTarget};
use crate::call::CallTime;
use crate::error::RingfenceError;
use crate::number::{E164, Pattern};
use crate::verdict::{Action, Category};

/// What a rule set is asked about one call.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleQuery<'a> {
    /// The caller's number, when readable.
    pub number: Option<E164>,
    /// The caller name.
    pub name: Option<&'a str>,
    /// The line the call arrived on.
    pub line: Option<&'a str>,
    /// When (local time: its offset); scheduled rules never apply without one.
    pub time: Option<CallTime>,
}

impl RuleQuery<'_> {
    /// Whether `rule`'s line and schedule let it apply to this call.
    fn admits(&self, rule: &Rule) -> bool {
        rule.line.as_deref().is_none_or(|l| self.line == Some(l))
            && rule
                .schedule
                .as_ref()
                .is_none_or(|s| self.time.is_some_and(|t| s.contains(t.epoch_seconds, t.utc_offset_minutes)))
    }
}

/// An immutable-by-snapshot set of rules with O(distinct wildcard counts) number lookup, plus
/// the regular-expression rules compiled into one set per kind (see [`super::regex`]).
///
/// Identity: adding a rule replaces the rule with the same target, line and schedule. Inside
/// the set a matching allow rule wins, otherwise the most specific number pattern (fewest
/// `#`), otherwise a regular expression; rules of equal specificity answer with the strongest
/// action (block > silence > label), then the earliest added.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Number rules without line or schedule (the common case), by pattern.
    plain: HashMap<Pattern, (Action, Category, Option<Arc<str>>)>,
    /// Number rules with a line or a schedule, by pattern.
    scoped: HashMap<Pattern, Vec<Rule>>,
    scoped_len: usize,
    /// Distinct wildcard counts present, ascending (most specific first).
    wildcard_counts: Vec<u8>,
    /// Regular-expression rules, in the order added.
    regexes: Vec<Rule>,
    numbers: CompiledSet,
    names: CompiledSet,
}

/// Whether two rules are the same rule (one replaces the other).
fn same(a: &Rule, b: &Rule) -> bool {
    a.target == b.target && a.line == b.line && a.schedule == b.schedule
}

/// The deciding rule among `candidates` of one specificity: any allow, else the strongest
/// action, the first on a tie.
fn decide(candidates: impl Iterator<Item = RuleMatch>) -> Option<RuleMatch> {
    let mut best: Option<RuleMatch> = None;
    for m in candidates {
        if m.action == Action::Allow {
            return Some(m);
        }
        if best.as_ref().is_none_or(|b| m.action > b.action) {
            best = Some(m);
        }
    }
    best
}

fn matched(rule: &Rule) -> RuleMatch {
    RuleMatch { target: rule.target.clone(), action: rule.action, category: rule.category, label: rule.label.clone() }
}

impl RuleSet {
    /// Adds or replaces a rule (recompiling the regular-expression rules if it is one: to add
    /// many, use [`extend`](Self::extend)). On error the set may hold part of the change only
    /// if it came from `extend`; the screener applies changes to a copy.
    pub fn insert(&mut self, rule: Rule) -> Result<(), RingfenceError> {
        self.extend([rule])
    }

    /// Adds or replaces rules, compiling the regular-expression rules once at the end.
    pub fn extend(&mut self, rules: impl IntoIterator<Item = Rule>) -> Result<(), RingfenceError> {
        let mut regexes_changed = false;
        for rule in rules {
            rule.validate()?;
            regexes_changed |= self.insert_one(rule)?;
        }
        if regexes_changed { self.compile() } else { Ok(()) }
    }

    fn insert_one(&mut self, rule: Rule) -> Result<bool, RingfenceError> {
        let pattern = match &rule.target {
            RuleTarget::Number(p) => *p,
            _ => {
                if let Some(old) = self.regexes.iter_mut().find(|r| same(r, &rule)) {
                    *old = rule;
                } else if self.regexes.len() >= MAX_REGEX_RULES {
                    return Err(RingfenceError::LimitExceeded {
                        what: "regex rule count",
                        limit: MAX_REGEX_RULES as u64,
                    });
                } else {
                    self.check_room()?;
                    self.regexes.push(rule);
                }
                return Ok(true);
            }
        };
        if rule.line.is_none() && rule.schedule.is_none() {
            if !self.plain.contains_key(&pattern) {
                self.check_room()?;
            }
            self.plain.insert(pattern, (rule.action, rule.category, rule.label));
        } else {
            if !self.scoped.get(&pattern).is_some_and(|l| l.iter().any(|r| same(r, &rule))) {
                self.check_room()?;
            }
            let list = self.scoped.entry(pattern).or_default();
            match list.iter_mut().find(|r| same(r, &rule)) {
                Some(old) => *old = rule,
                None => {
                    list.push(rule);
                    self.scoped_len += 1;
                }
            }
        }
        let w = pattern.wildcards();
        if let Err(i) = self.wildcard_counts.binary_search(&w) {
            self.wildcard_counts.insert(i, w);
        }
        Ok(false)
    }

    fn check_room(&self) -> Result<(), RingfenceError> {
        match self.len() >= MAX_RULES {
            true => Err(RingfenceError::LimitExceeded { what: "rule count", limit: MAX_RULES as u64 }),
            false => Ok(()),
        }
    }

    fn compile(&mut self) -> Result<(), RingfenceError> {
        let of_kind = |name: bool| {
            self.regexes.iter().enumerate().filter_map(move |(i, r)| match (&r.target, name) {
                (RuleTarget::NumberRegex(re), false) | (RuleTarget::NameRegex(re), true) => Some((i, re.as_str())),
                _ => None,
            })
        };
        self.numbers = CompiledSet::compile(of_kind(false), RegexKind::Number)?;
        self.names = CompiledSet::compile(of_kind(true), RegexKind::Name)?;
        Ok(())
    }

    /// Removes every rule whose target is this number pattern; whether one existed.
    pub fn remove(&mut self, pattern: &Pattern) -> bool {
        self.remove_target(&RuleTarget::Number(*pattern))
    }

    /// Removes every rule with this target (any line, any schedule); whether one existed.
    pub fn remove_target(&mut self, target: &RuleTarget) -> bool {
        let Some(pattern) = target.pattern() else {
            let before = self.regexes.len();
            self.regexes.retain(|r| r.target != *target);
            let removed = self.regexes.len() != before;
            // Compiling fewer patterns than compiled before cannot fail.
            if removed && self.compile().is_err() {
                self.regexes.clear();
                (self.numbers, self.names) = Default::default();
            }
            return removed;
        };
        let plain = self.plain.remove(&pattern).is_some();
        let scoped = self.scoped.remove(&pattern).map_or(0, |l| l.len());
        self.scoped_len -= scoped;
        let w = pattern.wildcards();
        if !self.plain.keys().chain(self.scoped.keys()).any(|p| p.wildcards() == w) {
            self.wildcard_counts.retain(|&c| c != w);
        }
        plain || scoped > 0
    }

    /// The deciding rule for `number` among the rules without line or schedule (a number
    /// alone says nothing about a call's line or time).
    pub fn lookup(&self, number: E164) -> Option<RuleMatch> {
        self.lookup_call(&RuleQuery { number: Some(number), ..RuleQuery::default() })
    }

    /// The deciding rule for a call: any matching allow rule, else the most specific number
    /// pattern, else a regular expression (see [`RuleSet`]).
    pub fn lookup_call(&self, q: &RuleQuery<'_>) -> Option<RuleMatch> {
        let mut best: Option<RuleMatch> = None;
        if let Some(number) = q.number {
            for &w in &self.wildcard_counts {
                let Some(key) = Pattern::key_for(number, w) else { break };
                let plain = self.plain.get(&key).map(|(action, category, label)| RuleMatch {
                    target: RuleTarget::Number(key),
                    action: *action,
                    category: *category,
                    label: label.clone(),
                });
                let scoped = self.scoped.get(&key).into_iter().flatten().filter(|r| q.admits(r)).map(matched);
                if let Some(m) = decide(plain.into_iter().chain(scoped)) {
                    if m.action == Action::Allow {
                        return Some(m);
                    }
                    best.get_or_insert(m);
                }
            }
        }
        if self.regexes.is_empty() {
            return best;
        }
        let text = q.number.map(|n| n.to_string());
        let mut hits: Vec<usize> = text.iter().flat_map(|t| self.numbers.matching(t)).collect();
        hits.extend(q.name.into_iter().flat_map(|n| self.names.matching(n)));
        hits.sort_unstable();
        let regex = decide(hits.into_iter().map(|i| &self.regexes[i]).filter(|r| q.admits(r)).map(matched));
        match regex {
            Some(m) if m.action == Action::Allow || best.is_none() => Some(m),
            _ => best,
        }
    }

    /// All rules: number rules ordered by pattern (then line and schedule, in the order
    /// added), then the regular-expression rules in the order added.
    pub fn rules(&self) -> Vec<Rule> {
        let mut out: Vec<Rule> = self
            .plain
            .iter()
            .map(|(p, (action, category, label))| Rule {
                target: RuleTarget::Number(*p),
                action: *action,
                category: *category,
                label: label.clone(),
                line: None,
                schedule: None,
            })
            .chain(self.scoped.values().flatten().cloned())
            .collect();
        out.sort_by_key(|r| r.pattern().map(|p| (p.first(), p.wildcards())));
        out.extend(self.regexes.iter().cloned());
        out
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.plain.len() + self.scoped_len + self.regexes.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests;
