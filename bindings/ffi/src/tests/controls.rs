//! The controls through the FFI skin (docs/controls.md): lines on calls, rules and policies,
//! schedule text, regex rules and their typed errors, reports, and rule backup.

use crate::{
    IncomingCall, LinePolicy, Policy, RegexProblem, RingfenceError, Rule, Screener, ScreenerConfig, parse_schedule,
    schedule_text,
};
use ringfence_core::{Action, CallTime, Category, Language, Presentation, Verification};

const CALLER: &str = "+41791234567";
const USER: &str = "+41781112233";

fn config() -> ScreenerConfig {
    ScreenerConfig {
        language: Language::En,
        default_region: Some("CH".into()),
        policy: None,
        home_region: None,
        customer_brands: Vec::new(),
        reminder_interval_hours: 24,
        line_policies: Vec::new(),
    }
}

/// Monday 2026-11-23 at `hour`:00 UTC.
fn call(number: &str, hour: i64, line: Option<&str>) -> IncomingCall {
    IncomingCall {
        number: Some(number.into()),
        presentation: Presentation::Allowed,
        verification: Verification::NotVerified,
        region: None,
        user_number: Some(USER.into()),
        in_contacts: false,
        display_name: Some("ACME Ltd".into()),
        time: Some(CallTime { epoch_seconds: 1_795_392_000 + hour * 3600, utc_offset_minutes: 0 }),
        home_region: None,
        line: line.map(Into::into),
    }
}

fn rule(pattern: &str, line: Option<&str>, schedule: Option<&str>) -> Rule {
    Rule {
        pattern: pattern.into(),
        action: Action::Block,
        category: Some(Category::Spam),
        label: Some("Work spam".into()),
        line: line.map(Into::into),
        schedule: schedule.map(Into::into),
    }
}

fn no_digits(reason: &str) {
    assert!(!reason.chars().any(|c| c.is_ascii_digit()), "{reason}");
}

#[test]
fn line_and_schedule_scope_a_rule() {
    let s = Screener::new(config()).unwrap();
    s.add_rule(rule(CALLER, Some("sim-work"), Some("mon-fri 09:00-17:00"))).unwrap();
    assert_eq!(s.screen(call(CALLER, 10, Some("sim-work"))).action, Action::Block);
    assert_eq!(s.screen(call(CALLER, 10, Some("sim-home"))).action, Action::Allow);
    assert_eq!(s.screen(call(CALLER, 10, None)).action, Action::Allow);
    assert_eq!(s.screen(call(CALLER, 18, Some("sim-work"))).action, Action::Allow);
    let rules = s.rules();
    assert_eq!(rules[0].line.as_deref(), Some("sim-work"));
    assert_eq!(rules[0].schedule.as_deref(), Some("mon-fri 09:00-17:00"));
}

#[test]
fn regex_rules_match_and_bad_ones_are_typed_errors_adding_nothing() {
    let s = Screener::new(config()).unwrap();
    s.add_rule(rule(r"regex:^\+4179123", None, None)).unwrap();
    s.add_rule(rule("name-regex:(?i)^acme", None, None)).unwrap();
    assert_eq!(s.screen(call(CALLER, 10, None)).action, Action::Block);
    assert_eq!(s.screen(call("+41441234567", 10, None)).action, Action::Block, "by name");
    let before = s.rules();
    let batch = vec![rule("+41440000000", None, None), rule("regex:+41(", None, None)];
    match s.add_rules(batch) {
        Err(RingfenceError::InvalidRegex { kind: RegexProblem::Syntax, reason }) => no_digits(&reason),
        other => panic!("{other:?}"),
    }
    let long = format!("regex:{}", "1".repeat(300));
    assert!(matches!(
        s.add_rule(rule(&long, None, None)),
        Err(RingfenceError::InvalidRegex { kind: RegexProblem::TooLong, .. })
    ));
    assert_eq!(s.rules(), before, "nothing half-applied");
    assert!(s.remove_rule(r"regex:^\+4179123".into()).unwrap());
    assert_eq!(s.screen(call(CALLER, 10, None)).action, Action::Block, "the name rule is left");
    let nameless = IncomingCall { display_name: None, ..call(CALLER, 10, None) };
    assert_eq!(s.screen(nameless).action, Action::Allow, "the number rule is gone");
}

#[test]
fn bad_schedules_are_typed_errors() {
    let s = Screener::new(config()).unwrap();
    match s.add_rule(rule(CALLER, None, Some("mon 25:00-26:00"))) {
        Err(RingfenceError::InvalidSchedule { reason }) => no_digits(&reason.replace("00:00", "").replace("24:00", "")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(parse_schedule("someday 09:00-10:00".into()), Err(RingfenceError::InvalidSchedule { .. })));
    let schedule = parse_schedule("mon,tue,wed,thu,fri 09:00-17:00|sun 22:00-07:00".into()).unwrap();
    assert_eq!(schedule_text(schedule), "mon-fri 09:00-17:00|sun 22:00-07:00");
    assert!(s.rules().is_empty());
}

#[test]
fn policies_carry_the_controls_per_line() {
    let quiet = parse_schedule("daily 22:00-07:00".into()).unwrap();
    let work = Policy { quiet_hours: Some(quiet), ..Policy::default() };
    let s = Screener::new(ScreenerConfig {
        line_policies: vec![LinePolicy { line: "sim-work".into(), policy: work.clone() }],
        ..config()
    })
    .unwrap();
    let v = s.screen(call(CALLER, 23, Some("sim-work")));
    assert_eq!((v.action, v.reasons[0].as_str()), (Action::Silence, "quiet_hours"));
    assert_eq!(s.screen(call(CALLER, 23, Some("sim-home"))).action, Action::Allow);
    // The second call within three minutes breaks through.
    let mut again = call(CALLER, 23, Some("sim-work"));
    again.time = again.time.map(|t| CallTime { epoch_seconds: t.epoch_seconds + 120, ..t });
    assert_eq!(s.screen(again).reasons[0], "repeated_call");
    // Paused: everything rings, and says so.
    let paused = Policy { paused_until: Some(1_795_392_000 + 24 * 3600), ..Policy::default() };
    s.set_policy(paused).unwrap();
    assert!(s.screen(call("+41441234567", 10, None)).reasons.contains(&"protection_paused".to_owned()));
    let two =
        vec![LinePolicy { line: "a".into(), policy: work.clone() }, LinePolicy { line: "a".into(), policy: work }];
    assert!(matches!(s.set_line_policies(two), Err(RingfenceError::InvalidConfig { .. })));
    assert_eq!(s.line_policies().len(), 1, "unchanged");
    let bad = Policy { repeated_call_count: 1, ..Policy::default() };
    assert!(matches!(s.set_policy(bad), Err(RingfenceError::InvalidConfig { .. })));
}

#[test]
fn a_report_adds_the_rule_and_never_holds_the_users_number() {
    let s = Screener::new(config()).unwrap();
    let record = s.report(call(CALLER, 10, None), Category::Scam, Action::Block, "install-7f3a".into(), None).unwrap();
    assert_eq!(record.number, CALLER);
    assert_eq!(record.category, Category::Scam);
    assert_eq!(record.time, "2026-11-23T10:00:00Z");
    assert_eq!(record.reporter, "install-7f3a");
    assert_eq!(record.caller_name.as_deref(), Some("ACME Ltd"));
    let text = format!("{record:?}");
    assert!(!text.contains(&USER[3..]), "{text}");
    assert_eq!(s.screen(call(CALLER, 11, None)).action, Action::Block);
    let own = s.report(call(USER, 10, None), Category::Scam, Action::Block, "install".into(), None);
    match own {
        Err(RingfenceError::InvalidReport { reason }) => no_digits(&reason),
        other => panic!("{other:?}"),
    }
    let leaky = s.report(call(CALLER, 10, None), Category::Scam, Action::Block, format!("me{}", &USER[3..]), None);
    assert!(matches!(leaky, Err(RingfenceError::InvalidReport { .. })));
}

#[test]
fn exports_restore_the_same_rules() {
    let s = Screener::new(config()).unwrap();
    s.add_rules(vec![
        rule(CALLER, Some("sim-work"), Some("mon-fri 09:00-17:00")),
        rule("+4121560####", None, None),
        rule("name-regex:(?i)^spam, \"inc\"", None, Some("daily 22:00-07:00")),
    ])
    .unwrap();
    let (csv, json) = (s.export_rules_csv(), s.export_rules_json());
    let from_csv = Screener::new(config()).unwrap();
    assert!(from_csv.import_rules_csv(csv).unwrap().rejected.is_empty());
    assert_eq!(from_csv.rules(), s.rules());
    let from_json = Screener::new(config()).unwrap();
    assert!(from_json.import_rules_json(json).unwrap().rejected.is_empty());
    assert_eq!(from_json.rules(), s.rules());
    assert!(matches!(from_json.import_rules_json("{".into()), Err(RingfenceError::InvalidList { .. })));
}
