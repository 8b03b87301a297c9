//! Rule sets with lines, schedules and regular expressions.

use super::*;
use crate::error::RegexProblem;
use crate::policy::Schedule;

/// 2026-11-23T00:00:00Z, a Monday.
const MONDAY: i64 = 1_795_392_000;

fn number(p: &str, a: Action) -> Rule {
    Rule::new(Pattern::parse(p, None).unwrap(), a, Category::Spam, None).unwrap()
}
fn target(text: &str, a: Action) -> Rule {
    Rule::with_target(RuleTarget::parse(text, None).unwrap(), a, Category::Spam, None).unwrap()
}
fn e(s: &str) -> Option<E164> {
    E164::from_e164_str(s)
}
fn at(hour: i64, offset: i16) -> Option<CallTime> {
    Some(CallTime { epoch_seconds: MONDAY + hour * 3600, utc_offset_minutes: offset })
}
fn action(set: &RuleSet, q: RuleQuery<'_>) -> Option<Action> {
    set.lookup_call(&q).map(|m| m.action)
}

#[test]
fn a_line_scoped_rule_applies_to_its_line_only() {
    let mut set = RuleSet::default();
    set.insert(number("+41446681800", Action::Block).on_line("work").unwrap()).unwrap();
    let q = |line| RuleQuery { number: e("+41446681800"), line, ..Default::default() };
    assert_eq!(action(&set, q(Some("work"))), Some(Action::Block));
    assert_eq!(action(&set, q(Some("personal"))), None);
    assert_eq!(action(&set, q(None)), None, "a call without a line is on no line");
    assert_eq!(set.lookup(e("+41446681800").unwrap()), None);
}

#[test]
fn a_scheduled_rule_applies_inside_its_schedule_in_local_time() {
    let mut set = RuleSet::default();
    let office: Schedule = "mon-fri 09:00-17:00".parse().unwrap();
    set.insert(number("+41446681800", Action::Silence).during(office).unwrap()).unwrap();
    let q = |time| RuleQuery { number: e("+41446681800"), time, ..Default::default() };
    assert_eq!(action(&set, q(at(9, 0))), Some(Action::Silence));
    assert_eq!(action(&set, q(at(8, 0))), None);
    assert_eq!(action(&set, q(at(8, 60))), Some(Action::Silence), "08:00 UTC is 09:00 at UTC+1");
    assert_eq!(action(&set, q(at(17, 0))), None, "the end is exclusive");
    assert_eq!(action(&set, q(None)), None, "no time: no scheduled rule");
}

#[test]
fn same_target_with_other_conditions_is_another_rule() {
    let mut set = RuleSet::default();
    set.insert(number("+41446681800", Action::Label)).unwrap();
    set.insert(number("+41446681800", Action::Block).on_line("work").unwrap()).unwrap();
    set.insert(number("+41446681800", Action::Silence).on_line("work").unwrap()).unwrap();
    assert_eq!(set.len(), 2, "same target and line: replaced");
    let q = |line| RuleQuery { number: e("+41446681800"), line, ..Default::default() };
    assert_eq!(action(&set, q(Some("work"))), Some(Action::Silence), "the strongest of one specificity");
    assert_eq!(action(&set, q(None)), Some(Action::Label));
    assert_eq!(set.rules().len(), 2);
    assert!(set.remove(&Pattern::parse("+41446681800", None).unwrap()));
    assert!(set.is_empty());
}

#[test]
fn regexes_rank_below_patterns_but_their_allow_wins() {
    let mut set = RuleSet::default();
    set.extend([
        number("+4121560####", Action::Label),
        target(r"regex:^\+4121560", Action::Block),
        target(r"regex:^\+41215609", Action::Allow),
        target("name-regex:(?i)^free prize", Action::Block),
    ])
    .unwrap();
    let q = |n, name| RuleQuery { number: e(n), name, ..Default::default() };
    assert_eq!(action(&set, q("+41215601234", None)), Some(Action::Label), "the pattern is more specific");
    assert_eq!(action(&set, q("+41215609999", None)), Some(Action::Allow), "any allow wins");
    assert_eq!(action(&set, q("+41215611234", None)), None);
    assert_eq!(action(&set, q("+39061234567", Some("FREE PRIZE now"))), Some(Action::Block));
    let withheld = RuleQuery { name: Some("Free prize"), ..Default::default() };
    assert_eq!(action(&set, withheld), Some(Action::Block), "a name rule needs no number");
    let m = set.lookup_call(&q("+39061234567", Some("free prize"))).unwrap();
    assert_eq!(m.target.to_string(), "name-regex:(?i)^free prize");
    assert!(set.remove_target(&RuleTarget::parse("name-regex:(?i)^free prize", None).unwrap()));
    assert_eq!(action(&set, q("+39061234567", Some("free prize"))), None);
    assert_eq!(set.len(), 3);
}

#[test]
fn regex_ties_answer_with_the_strongest_action() {
    let mut set = RuleSet::default();
    set.extend([target("regex:1234$", Action::Label), target("regex:^\\+41", Action::Silence)]).unwrap();
    let q = RuleQuery { number: e("+41215601234"), ..Default::default() };
    assert_eq!(action(&set, q), Some(Action::Silence));
}

#[test]
fn bad_regexes_are_refused_before_they_reach_a_set() {
    for (text, problem) in [
        ("regex:(", RegexProblem::Syntax),
        ("name-regex:[z-a]", RegexProblem::Syntax),
        ("regex:\\d{1000}\\d{1000}\\d{1000}", RegexProblem::TooBig),
    ] {
        assert_eq!(RuleTarget::parse(text, None), Err(RingfenceError::InvalidRegex(problem)), "{text}");
    }
}

#[test]
fn targets_have_a_text_form_that_reads_back() {
    for text in ["+4121560####", r"regex:^\+4121560\d{4}$", "name-regex:(?i)spam", "regex:"] {
        let t = RuleTarget::parse(text, None).unwrap();
        assert_eq!(t.to_string(), text);
        assert_eq!(RuleTarget::parse(&t.to_string(), None).unwrap(), t);
    }
    assert_eq!(RuleTarget::parse("044 668 18 00", "CH".parse().ok()).unwrap().to_string(), "+41446681800");
}

#[test]
fn regex_rule_count_is_capped() {
    let mut set = RuleSet::default();
    let rules = (0..=MAX_REGEX_RULES).map(|i| target(&format!("regex:^\\+{i}$"), Action::Block));
    assert!(matches!(set.extend(rules), Err(RingfenceError::LimitExceeded { .. })));
}

#[test]
fn lines_and_schedules_set_directly_are_validated() {
    let mut rule = number("+41446681800", Action::Block);
    rule.line = Some(" work".into());
    assert!(RuleSet::default().insert(rule.clone()).is_err());
    rule.line = None;
    rule.schedule = Some(Schedule::default());
    assert!(RuleSet::default().insert(rule).is_err());
    assert!(number("+41446681800", Action::Block).on_line("").is_err());
    assert!(number("+41446681800", Action::Block).on_line(&"x".repeat(200)).is_err());
}
