//! Property tests of the safety invariants: allow beats block, emergency numbers are never
//! blocked, normalization is idempotent, and verdict texts never carry the caller's digits.

use proptest::prelude::*;
use ringfence_core::number::emergency::{emergency_examples, emergency_regions};
use ringfence_core::{
    Action, Category, IncomingCall, Pattern, Rule, Screener, ScreenerConfig, Verification, parse_number,
};

/// A number in a small Swiss block so random rules and calls collide often.
fn swiss_number() -> impl Strategy<Value = String> {
    (0u32..2000).prop_map(|n| format!("+41215{:06}", n))
}

/// A rule over that block: exact or with 1–4 trailing wildcards.
fn rule() -> impl Strategy<Value = Rule> {
    (
        0u32..2000,
        0usize..5,
        prop_oneof![Just(Action::Allow), Just(Action::Label), Just(Action::Silence), Just(Action::Block)],
    )
        .prop_map(|(n, wild, action)| {
            let digits = format!("41215{:06}", n);
            let text = format!("+{}{}", &digits[..digits.len() - wild], "#".repeat(wild));
            Rule::new(Pattern::parse(&text, None).unwrap(), action, Category::Spam, None).unwrap()
        })
}

fn call(number: &str, region: &str) -> IncomingCall {
    IncomingCall { number: Some(number.to_owned()), region: region.parse().ok(), ..Default::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn allow_rules_beat_every_other_rule(rules in prop::collection::vec(rule(), 1..30), number in swiss_number()) {
        let s = Screener::new(ScreenerConfig::default());
        s.add_rules(rules.clone()).unwrap();
        let e164 = parse_number(&number, None).unwrap().e164;
        // A later rule with the same pattern replaces an earlier one.
        let rules: Vec<&Rule> =
            rules.iter().enumerate().filter(|(i, r)| !rules[i + 1..].iter().any(|l| l.target == r.target)).map(|(_, r)| r).collect();
        let allowed = rules.iter().any(|r| r.action == Action::Allow && r.pattern().is_some_and(|p| p.matches(e164)));
        let v = s.screen(&call(&number, "CH"));
        if allowed {
            prop_assert_eq!(v.action, Action::Allow);
        }
        if rules.iter().any(|r| r.pattern().is_some_and(|p| p.matches(e164))) && !allowed {
            prop_assert_ne!(v.action, Action::Allow);
        }
    }

    #[test]
    fn normalization_is_idempotent(digits in "[1-9][0-9]{6,13}", region in prop::sample::select(vec!["CH", "IT", "US", "GB", "DE", "AU"])) {
        if let Ok(first) = parse_number(&digits, region.parse().ok()) {
            let again = parse_number(&first.e164.to_string(), None).unwrap();
            prop_assert_eq!(again.e164, first.e164);
            prop_assert_eq!(again.valid, first.valid);
        }
    }

    #[test]
    fn verdict_texts_never_contain_the_callers_digits(
        number in "\\+?[0-9 ]{5,16}",
        verification in prop::sample::select(vec![Verification::Failed, Verification::Passed, Verification::NotVerified]),
        label in "[A-Za-z0-9 +]{0,40}",
    ) {
        let s = Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), ..Default::default() });
        if let Ok(p) = parse_number(&number, "CH".parse().ok()) {
            let _ = s.add_rules(vec![Rule::new(Pattern::exact(p.e164), Action::Label, Category::Spam, Some(&label)).unwrap()]);
        }
        let v = s.screen(&IncomingCall { verification, ..call(&number, "CH") });
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        for text in [v.label.unwrap_or_default(), v.advice.unwrap_or_default()] {
            let text_digits: String = text.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(digits.len() < 5 || !text_digits.contains(&digits[digits.len() - 5..]), "{text}");
        }
    }
}

#[test]
fn emergency_numbers_are_never_blocked_in_any_region() {
    let mut checked = 0;
    for region in emergency_regions() {
        for &example in emergency_examples(region) {
            let s = Screener::new(ScreenerConfig { default_region: region.parse().ok(), ..Default::default() });
            // Try hard to block it: its national E.164 form and the whole country code.
            let mut rules = Vec::new();
            let mut notations = vec![example.to_owned()];
            if let Ok(p) = parse_number(example, region.parse().ok()) {
                notations.push(p.e164.to_string());
                rules.push(Rule::new(Pattern::exact(p.e164), Action::Block, Category::Scam, None).unwrap());
                let wild = p.e164.digit_count() as usize - p.country_code.to_string().len();
                let range = format!("+{}{}", p.country_code, "#".repeat(wild));
                rules.push(
                    Rule::new(Pattern::parse(&range, None).unwrap(), Action::Block, Category::Scam, None).unwrap(),
                );
            }
            s.add_rules(rules).unwrap();
            for (verification, raw) in [Verification::Failed, Verification::NotVerified]
                .iter()
                .flat_map(|v| notations.iter().map(move |n| (*v, n)))
            {
                let v = s.screen(&IncomingCall { verification, ..call(raw, region) });
                assert_eq!(v.action, Action::Allow, "{region} {raw}: {v:?}");
                assert_eq!(v.category, Category::Emergency, "{region} {raw}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 240, "only {checked} emergency numbers checked");
}
