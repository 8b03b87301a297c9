//! What a Call Directory export cannot carry, counted so the app can tell its user (issue 17,
//! item 9; `docs/controls.md`, "iOS").
//!
//! A Call Directory entry applies to every call, at every hour, on every line, and names one
//! number or range: a rule scoped to a line or a schedule, a regular-expression rule, and the
//! policy's time- and line-dependent controls have no entry. Screening honours all of them
//! (Android); on iOS, where no app code runs while a call rings, they are left out of the export
//! and counted here. Everything else exports as before.

use crate::policy::Policy;
use crate::rules::{Rule, RuleTarget};

/// Counts of what an export leaves out, by reason. A rule is counted once, under its first
/// reason in the order regex, line, schedule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExportSkipped {
    /// Rules on a regular expression (number or caller name): no number list expresses them.
    pub regex_rules: u32,
    /// Number rules scoped to one line (SIM): the Call Directory has no notion of lines.
    pub line_rules: u32,
    /// Number rules with a schedule: Call Directory entries apply at every hour.
    pub scheduled_rules: u32,
    /// Codes of the policy's controls that only screening applies: `schedule` (protection
    /// hours), `quiet_hours`, `pause`, `line_policies`, `repeated_call`.
    pub policy_controls: Vec<String>,
}

impl ExportSkipped {
    /// What exporting `rules` under `policy` (with `line_policies` configured) leaves out.
    pub fn of(rules: &[Rule], policy: &Policy, line_policies: usize) -> Self {
        let mut skipped = Self::default();
        for rule in rules {
            let counter = match (&rule.target, &rule.line, &rule.schedule) {
                (RuleTarget::NumberRegex(_) | RuleTarget::NameRegex(_), _, _) => &mut skipped.regex_rules,
                (_, Some(_), _) => &mut skipped.line_rules,
                (_, None, Some(_)) => &mut skipped.scheduled_rules,
                (RuleTarget::Number(_), None, None) => continue,
            };
            *counter = counter.saturating_add(1);
        }
        let controls = [
            ("schedule", policy.schedule.is_some()),
            ("quiet_hours", policy.quiet_hours.is_some()),
            ("pause", policy.paused_until.is_some()),
            ("line_policies", line_policies > 0),
            ("repeated_call", policy.repeated_call_minutes > 0 && policy.quiet_hours.is_some()),
        ];
        skipped.policy_controls = controls.iter().filter(|(_, on)| *on).map(|(code, _)| (*code).to_owned()).collect();
        skipped
    }

    /// Rules left out, all reasons together.
    pub fn rules(&self) -> u32 {
        self.regex_rules.saturating_add(self.line_rules).saturating_add(self.scheduled_rules)
    }

    /// Whether nothing is left out.
    pub fn is_empty(&self) -> bool {
        self.rules() == 0 && self.policy_controls.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Schedule;
    use crate::rules::{RegexKind, RuleRegex};
    use crate::{Action, Category, Pattern};

    fn number(text: &str) -> Rule {
        Rule::new(Pattern::parse(text, None).unwrap(), Action::Block, Category::Spam, None).unwrap()
    }

    #[test]
    fn counts_each_rule_once_under_its_first_reason() {
        let night: Schedule = "daily 22:00-07:00".parse().unwrap();
        let regex = RuleTarget::NameRegex(RuleRegex::new("(?i)support", RegexKind::Name).unwrap());
        let rules = vec![
            number("+41446681800"),
            number("+41446681801").on_line("work").unwrap(),
            number("+41446681802").during(night.clone()).unwrap(),
            number("+41446681803").on_line("work").unwrap().during(night.clone()).unwrap(),
            Rule::with_target(regex, Action::Silence, Category::Scam, None).unwrap().on_line("work").unwrap(),
        ];
        let skipped = ExportSkipped::of(&rules, &Policy::default(), 0);
        assert_eq!((skipped.regex_rules, skipped.line_rules, skipped.scheduled_rules), (1, 2, 1));
        assert_eq!(skipped.rules(), 4, "the unconditional number rule exports");
        assert!(skipped.policy_controls.is_empty(), "the default policy has no time or line controls");
    }

    #[test]
    fn names_the_policy_controls_only_screening_applies() {
        let night: Schedule = "daily 22:00-07:00".parse().unwrap();
        let policy = Policy { quiet_hours: Some(night), paused_until: Some(1_800_000_000), ..Policy::default() };
        let skipped = ExportSkipped::of(&[], &policy, 1);
        assert_eq!(skipped.policy_controls, ["quiet_hours", "pause", "line_policies", "repeated_call"]);
        assert!(!skipped.is_empty());
        assert!(ExportSkipped::of(&[number("+41446681800")], &Policy::default(), 0).is_empty());
    }
}
