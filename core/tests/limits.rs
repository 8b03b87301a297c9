//! Resource bounds: inputs over the documented limits are refused with typed errors (and change
//! nothing), and a flood of calls keeps the screener's memory bounded.

use ringfence_core::NumberProblem;
use ringfence_core::database::{DatabaseBuilder, DatabaseError, MAX_FEED_NAME_CHARS, MAX_LABEL_CHARS};
use ringfence_core::heuristics::brands::MAX_REGISTRY_BYTES;
use ringfence_core::heuristics::burst::MAX_INCOMING;
use ringfence_core::number::MAX_RAW_LEN;
use ringfence_core::rules::MAX_LIST_BYTES;
use ringfence_core::screener::{MAX_CONTACT_CODES, MAX_OUTGOING};
use ringfence_core::{
    Action, CallTime, Category, IncomingCall, Pattern, Reason, RingfenceError, Rule, Screener, ScreenerConfig,
    parse_number,
};

fn screener() -> Screener {
    Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), ..Default::default() })
}

fn limit(e: RingfenceError) -> &'static str {
    match e {
        RingfenceError::LimitExceeded { what, .. } => what,
        RingfenceError::Database(DatabaseError::LimitExceeded { what, .. }) => what,
        other => panic!("expected a limit error, got {other:?}"),
    }
}

#[test]
fn caller_ids_longer_than_the_limit_are_typed_errors_and_screen_as_unreadable() {
    let long = "1".repeat(MAX_RAW_LEN + 1);
    assert_eq!(parse_number(&long, None).unwrap_err(), RingfenceError::InvalidNumber(NumberProblem::TooLong));
    let huge = "+41 ".repeat(1_000_000);
    assert!(parse_number(&huge, None).is_err());
    let v = screener().screen(&IncomingCall { number: Some(huge), ..Default::default() });
    assert!(v.reasons.contains(&Reason::UnparsableNumber), "{:?}", v.reasons);
}

#[test]
fn oversized_lists_labels_registries_and_code_sets_are_refused_and_change_nothing() {
    let s = screener();
    s.import_rules_csv("pattern,action,category,label\n+41446681800,block,spam,\n").unwrap();
    let big = format!("pattern,action,category,label\n{}", "#".repeat(MAX_LIST_BYTES));
    assert_eq!(limit(s.import_rules_csv(&big).unwrap_err()), "list size in bytes");
    let label = "x".repeat(ringfence_core::rules::MAX_LABEL_CHARS + 1);
    let e = Rule::new(Pattern::parse("+41446681801", None).unwrap(), Action::Block, Category::Spam, Some(&label));
    assert_eq!(limit(e.unwrap_err()), "label length");
    let registry = format!("{{\"brands\": [], \"pad\": \"{}\"}}", " ".repeat(MAX_REGISTRY_BYTES));
    assert!(matches!(s.load_brands_json(&registry).unwrap_err(), RingfenceError::LimitExceeded { .. }));
    assert!(s.set_contact_calling_codes(Some(vec![39; MAX_CONTACT_CODES + 1])).is_err());
    assert_eq!(s.rules().len(), 1, "nothing half-applied");

    let mut b = DatabaseBuilder::new("feed", 1).unwrap();
    assert_eq!(
        limit(b.class(Action::Block, Category::Spam, Some(&"y".repeat(MAX_LABEL_CHARS + 1))).unwrap_err().into()),
        "label length"
    );
    let name = "n".repeat(MAX_FEED_NAME_CHARS + 1);
    assert_eq!(limit(DatabaseBuilder::new(&name, 1).unwrap_err().into()), "feed name length");
}

#[test]
fn the_rule_count_is_capped() {
    let s = screener();
    let first = 41_000_000_000u64;
    let rules: Vec<Rule> = (0..ringfence_core::rules::MAX_RULES as u64)
        .map(|i| {
            Rule::new(
                Pattern::exact(ringfence_core::E164::from_u64(first + i).unwrap()),
                Action::Block,
                Category::Spam,
                None,
            )
            .unwrap()
        })
        .collect();
    s.add_rules(rules).unwrap();
    let one_more =
        Rule::new(Pattern::parse("+39061234567", None).unwrap(), Action::Block, Category::Spam, None).unwrap();
    assert_eq!(limit(s.add_rules(vec![one_more]).unwrap_err()), "rule count");
    assert_eq!(s.stats().rules, ringfence_core::rules::MAX_RULES);
}

#[test]
fn a_flood_of_calls_keeps_the_histories_bounded() {
    let s = screener();
    let t0 = 1_750_000_000i64;
    for i in 0..5_000i64 {
        let at = Some(CallTime { epoch_seconds: t0 + i, utc_offset_minutes: 0 });
        let number = format!("+4144{:07}", i * 7919 % 10_000_000);
        s.screen(&IncomingCall { number: Some(number.clone()), time: at, ..Default::default() });
        s.record_outgoing(&number, None, at);
    }
    let stats = s.stats();
    assert_eq!(stats.incoming_history, MAX_INCOMING);
    assert_eq!(stats.outgoing_history, MAX_OUTGOING);
}
