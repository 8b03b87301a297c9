//! Backup and restore (issue 17, item 7): a rule list exported as CSV or JSON reads back into
//! exactly the same rules, and CSV → JSON → CSV reproduces the CSV byte for byte.

use proptest::prelude::*;
use ringfence_core::policy::{Schedule, Window};
use ringfence_core::rules::{RegexKind, RuleRegex, RuleTarget};
use ringfence_core::rules::{export_rules_csv, export_rules_json, parse_rules_csv, parse_rules_json};
use ringfence_core::{Action, Category, Pattern, Rule};

/// Exact Zurich numbers, and `#` ranges of any country code and length.
fn pattern() -> impl Strategy<Value = Pattern> {
    let exact = (0u32..10_000).prop_map(|n| format!("+4144668{n:04}"));
    let range = ("[1-9][0-9]{0,9}", 1usize..=5)
        .prop_filter("at most 15 digits", |(digits, wild)| digits.len() + wild <= 15)
        .prop_map(|(digits, wild)| format!("+{digits}{}", "#".repeat(wild)));
    prop_oneof![exact, range].prop_map(|text| Pattern::parse(&text, None).expect("a valid pattern"))
}

/// Labels with commas, quotes, semicolons, line breaks, white space and non-ASCII letters;
/// the ones a rule refuses (control characters, such as line breaks) are left out of the set.
fn label() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[a-zA-Z0-9 ,;\"'#\\n\\r\\tÄéß€漢🙂\\u{200B}]{0,40}")
}

/// Number patterns, and regular expressions (with commas, quotes and spaces) on the number or
/// on the caller name.
fn target() -> impl Strategy<Value = RuleTarget> {
    let regex = prop::sample::select(vec![r"^\+4121560\d{4}$", r"(?i)^spam, \x22inc\x22", "^a b|c'd$", r"\d{3,}"]);
    prop_oneof![
        pattern().prop_map(RuleTarget::Number),
        regex.clone().prop_map(|r| RuleTarget::NumberRegex(RuleRegex::new(r, RegexKind::Number).expect("valid"))),
        regex.prop_map(|r| RuleTarget::NameRegex(RuleRegex::new(r, RegexKind::Name).expect("valid"))),
    ]
}

/// Schedules of one to three windows, midnight spans included.
fn schedule() -> impl Strategy<Value = Schedule> {
    let window = (1u8..=0x7f, 0u16..1440, 1u16..=1440)
        .prop_filter("start and end differ", |(_, s, e)| s != e)
        .prop_map(|(days, start_minute, end_minute)| Window { days, start_minute, end_minute });
    prop::collection::vec(window, 1..=3).prop_map(|windows| Schedule { windows })
}

fn rule() -> impl Strategy<Value = Option<Rule>> {
    let action = prop::sample::select(vec![Action::Allow, Action::Label, Action::Silence, Action::Block]);
    let category = prop::sample::select(Category::ALL.to_vec());
    let line = proptest::option::of("[a-zA-Z0-9 ,\"-]{1,12}");
    (target(), action, category, label(), line, proptest::option::of(schedule())).prop_map(|(t, a, c, l, line, s)| {
        let mut rule = Rule::with_target(t, a, c, l.as_deref()).ok()?;
        if let Some(line) = line.filter(|l| !l.trim().is_empty()) {
            rule = rule.on_line(&line).ok()?;
        }
        if let Some(schedule) = s {
            rule = rule.during(schedule).ok()?;
        }
        Some(rule)
    })
}

fn rules() -> impl Strategy<Value = Vec<Rule>> {
    prop::collection::vec(rule(), 0..40).prop_map(|rules| rules.into_iter().flatten().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn csv_backup_restores_the_same_rules(rules in rules()) {
        let (back, report) = parse_rules_csv(&export_rules_csv(&rules), None).unwrap();
        prop_assert_eq!(&back, &rules);
        prop_assert_eq!(report.accepted as usize, rules.len());
        prop_assert!(report.rejected.is_empty() && report.warnings.is_empty(), "{:?}", report);
    }

    #[test]
    fn json_backup_restores_the_same_rules(rules in rules()) {
        let (back, report) = parse_rules_json(&export_rules_json(&rules), None).unwrap();
        prop_assert_eq!(&back, &rules);
        prop_assert!(report.rejected.is_empty() && report.warnings.is_empty(), "{:?}", report);
    }

    #[test]
    fn csv_to_json_to_csv_is_byte_for_byte(rules in rules()) {
        let csv = export_rules_csv(&rules);
        let (from_csv, _) = parse_rules_csv(&csv, None).unwrap();
        let json = export_rules_json(&from_csv);
        let (from_json, _) = parse_rules_json(&json, None).unwrap();
        prop_assert_eq!(export_rules_csv(&from_json), csv);
        prop_assert_eq!(export_rules_json(&from_json), json);
    }
}

#[test]
fn a_backup_holds_every_row_even_duplicate_patterns_in_order() {
    let p = Pattern::parse("+41446681800", None).unwrap();
    let rules = vec![
        Rule::new(p, Action::Block, Category::Spam, Some("first")).unwrap(),
        Rule::new(p, Action::Allow, Category::UserList, Some("second, \"quoted\"")).unwrap(),
    ];
    assert_eq!(parse_rules_csv(&export_rules_csv(&rules), None).unwrap().0, rules);
    assert_eq!(parse_rules_json(&export_rules_json(&rules), None).unwrap().0, rules);
}
