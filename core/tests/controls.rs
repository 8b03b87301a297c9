//! The controls through `Screener::screen`, at their edges: quiet hours (window boundaries,
//! offsets), the pause (expiry at the exact second), per-line policies and rules, the protection
//! schedule, regular-expression rules. The repeated-call breakthrough is in
//! `controls_repeated.rs`.

use ringfence_core::{
    Action, CallTime, Category, IncomingCall, LinePolicy, Pattern, Policy, Reason, RingfenceError, Rule, RuleTarget,
    Schedule, Screener, ScreenerConfig,
};

/// 2026-11-23T00:00:00Z, a Monday.
const MONDAY: i64 = 1_795_392_000;
const UNKNOWN: &str = "+41 79 123 45 67";

fn at(day: i64, h: i64, m: i64, offset: i16) -> CallTime {
    CallTime { epoch_seconds: MONDAY + day * 86_400 + h * 3600 + m * 60, utc_offset_minutes: offset }
}

fn call(number: &str, time: CallTime) -> IncomingCall {
    IncomingCall { number: Some(number.into()), time: Some(time), ..Default::default() }
}

fn screener(policy: Policy) -> Screener {
    Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), policy, ..Default::default() })
}

fn schedule(text: &str) -> Option<Schedule> {
    Some(text.parse().unwrap())
}

fn rule(pattern: &str, action: Action, label: Option<&str>) -> Rule {
    Rule::new(Pattern::parse(pattern, None).unwrap(), action, Category::Spam, label).unwrap()
}

/// Quiet hours every night, no breakthrough (each test calls a number once per window).
fn quiet() -> Policy {
    Policy { quiet_hours: schedule("daily 22:00-07:00"), repeated_call_minutes: 0, ..Policy::default() }
}

#[test]
fn quiet_hours_silence_unknown_callers_and_nothing_safe() {
    let s = screener(quiet());
    s.add_rules(vec![
        rule("+41791111111", Action::Allow, None),
        rule("+41792222222", Action::Block, None),
        rule("+41793333333", Action::Label, Some("Pizza Express")),
        rule("+41794444444", Action::Silence, None),
    ])
    .unwrap();
    let night = at(0, 23, 0, 0);
    let v = s.screen(&call(UNKNOWN, night));
    assert_eq!((v.action, v.reasons.as_slice()), (Action::Silence, &[Reason::QuietHours][..]));
    assert_eq!(v.label.as_deref(), Some("Quiet hours"));
    assert!(v.advice.unwrap().contains("Contacts"));
    let contact = IncomingCall { in_contacts: true, ..call("+41795555555", night) };
    assert_eq!(s.screen(&contact).reasons, [Reason::Contact]);
    assert_eq!(s.screen(&call("+41791111111", night)).reasons, [Reason::UserAllow]);
    assert_eq!(s.screen(&call("112", night)).action, Action::Allow);
    let blocked = s.screen(&call("+41792222222", night));
    assert_eq!(
        (blocked.action, blocked.reasons.as_slice()),
        (Action::Block, &[Reason::UserBlock][..]),
        "never softened"
    );
    let labelled = s.screen(&call("+41793333333", night));
    assert_eq!(
        (labelled.action, labelled.reasons.as_slice()),
        (Action::Silence, &[Reason::QuietHours, Reason::UserLabel][..])
    );
    assert_eq!(labelled.label.as_deref(), Some("Pizza Express"), "the user's label is kept");
    assert_eq!(s.screen(&call("+41794444444", night)).reasons, [Reason::UserSilence]);
    s.record_outgoing("+41796666666", None, Some(at(0, 20, 0, 0)));
    assert_eq!(s.screen(&call("+41796666666", night)).reasons, [Reason::RecentlyDialled]);
    s.record_outgoing("112", "CH".parse().ok(), Some(at(0, 22, 50, 0)));
    assert_eq!(s.screen(&call("+41797777777", night)).reasons, [Reason::EmergencyCallback]);
}

#[test]
fn quiet_hours_boundaries_and_offsets() {
    let s = screener(quiet());
    // Numbers of different blocks, so that no burst adds a label.
    let n = |i: u32| format!("+4179{i:04}000");
    let action = |number: String, t| s.screen(&call(&number, t)).action;
    assert_eq!(action(n(1), at(0, 21, 59, 0)), Action::Allow);
    assert_eq!(action(n(2), at(0, 22, 0, 0)), Action::Silence, "the start minute is inside");
    assert_eq!(action(n(3), at(1, 6, 59, 0)), Action::Silence);
    assert_eq!(action(n(4), at(1, 7, 0, 0)), Action::Allow, "the end minute is outside");
    // 21:30 UTC is 22:30 at UTC+1: inside, in the call's own time zone.
    assert_eq!(action(n(5), at(0, 21, 30, 60)), Action::Silence);
    assert_eq!(action(n(6), at(0, 21, 30, 0)), Action::Allow);
    // Monday 23:30 UTC is Tuesday 00:30 at UTC+1: the next weekday's window.
    let tuesday = screener(Policy { quiet_hours: schedule("tue 00:00-01:00"), ..quiet() });
    assert_eq!(tuesday.screen(&call(&n(7), at(0, 23, 30, 60))).action, Action::Silence);
    assert_eq!(tuesday.screen(&call(&n(8), at(0, 23, 30, 0))).action, Action::Allow);
    // A span past midnight belongs to its start day: Sunday night, not Monday night.
    let sunday = screener(Policy { quiet_hours: schedule("sun 22:00-07:00"), ..quiet() });
    assert_eq!(sunday.screen(&call(&n(9), at(0, 3, 0, 0))).action, Action::Silence, "Monday 03:00");
    assert_eq!(sunday.screen(&call(&n(10), at(0, 23, 0, 0))).action, Action::Allow, "Monday 23:00");
}

#[test]
fn quiet_hours_never_block_and_keep_stronger_verdicts() {
    let s = screener(Policy { block_hidden: true, ..quiet() });
    let hidden = IncomingCall { number: None, time: Some(at(0, 23, 0, 0)), ..Default::default() };
    let v = s.screen(&hidden);
    assert_eq!((v.action, v.reasons[0]), (Action::Block, Reason::PolicyHidden), "the switch blocks, not quiet hours");
    assert!(!v.reasons.contains(&Reason::QuietHours));
}

#[test]
fn the_pause_lets_everything_ring_but_the_users_rules_and_expires_at_its_second() {
    let until = at(0, 12, 0, 0).epoch_seconds;
    let policy = Policy { paused_until: Some(until), block_hidden: true, ..quiet() };
    let s = screener(policy);
    s.add_rules(vec![rule("+41792222222", Action::Block, None), rule("+41791111111", Action::Allow, None)]).unwrap();
    let before = CallTime { epoch_seconds: until - 1, utc_offset_minutes: 0 };
    let hidden = |time| IncomingCall { number: None, time: Some(time), ..Default::default() };
    let v = s.screen(&hidden(before));
    assert_eq!((v.action, v.reasons.as_slice()), (Action::Allow, &[Reason::ProtectionPaused][..]));
    assert_eq!(v.label.as_deref(), Some("Protection paused"));
    let blocked = s.screen(&call("+41792222222", before));
    assert_eq!(
        (blocked.action, blocked.reasons.as_slice()),
        (Action::Block, &[Reason::UserBlock, Reason::ProtectionPaused][..])
    );
    assert_eq!(s.screen(&call("+41791111111", before)).reasons, [Reason::UserAllow, Reason::ProtectionPaused]);
    assert_eq!(s.screen(&call("112", before)).reasons, [Reason::Emergency, Reason::ProtectionPaused]);
    let contact = IncomingCall { in_contacts: true, ..call("+41795555555", before) };
    assert!(s.screen(&contact).reasons.contains(&Reason::ProtectionPaused), "visible on every verdict");
    let after = CallTime { epoch_seconds: until, utc_offset_minutes: 0 };
    let v = s.screen(&hidden(after));
    assert_eq!((v.action, v.reasons[0]), (Action::Block, Reason::PolicyHidden), "expired at the exact second");
    assert!(!v.reasons.contains(&Reason::ProtectionPaused));
    // Quiet hours wait for the pause too.
    let s = screener(Policy { paused_until: Some(at(1, 0, 0, 0).epoch_seconds), ..quiet() });
    assert_eq!(s.screen(&call(UNKNOWN, at(0, 23, 0, 0))).reasons, [Reason::ProtectionPaused]);
}

#[test]
fn line_policies_and_line_rules_apply_to_their_line_only() {
    let work = Policy { silence_unknown: true, ..Policy::default() };
    let config = ScreenerConfig {
        default_region: "CH".parse().ok(),
        line_policies: vec![LinePolicy { line: "work".into(), policy: work.clone() }],
        ..Default::default()
    };
    let s = Screener::new(config.clone());
    s.add_rules(vec![rule("+41798888888", Action::Block, None).on_line("personal").unwrap()]).unwrap();
    let on = |number: &str, line: Option<&str>, hour| {
        let c = IncomingCall { line: line.map(str::to_owned), ..call(number, at(0, hour, 0, 0)) };
        s.screen(&c)
    };
    assert_eq!(on(UNKNOWN, Some("work"), 10).reasons, [Reason::PolicyUnknown]);
    assert_eq!(on(UNKNOWN, Some("personal"), 11).action, Action::Allow);
    assert_eq!(on(UNKNOWN, None, 12).action, Action::Allow, "no line: the default policy");
    assert_eq!(on("+41798888888", Some("personal"), 13).action, Action::Block);
    assert_eq!(on("+41798888888", Some("work"), 14).action, Action::Silence, "the work line's policy, not the rule");
    assert_eq!(on("+41798888888", None, 15).action, Action::Allow);
    let twice = vec![LinePolicy { line: "work".into(), policy: work.clone() }; 2];
    let bad = ScreenerConfig { line_policies: twice, ..config.clone() };
    assert_eq!(s.set_config(bad), Err(RingfenceError::InvalidConfig("one policy per line")));
    let blank = ScreenerConfig { line_policies: vec![LinePolicy { line: " ".into(), policy: work }], ..config };
    assert!(s.set_config(blank).is_err());
    assert_eq!(s.config().line_policies.len(), 1, "the old settings stay");
}

#[test]
fn the_protection_schedule_gates_signals_and_switches_not_spoofs_or_rules() {
    let s = screener(Policy { schedule: schedule("mon-fri 09:00-17:00"), block_hidden: true, ..Policy::default() });
    s.add_rules(vec![rule("+41792222222", Action::Block, None)]).unwrap();
    let hidden = |time| IncomingCall { number: None, time: Some(time), ..Default::default() };
    assert_eq!(s.screen(&hidden(at(0, 10, 0, 0))).action, Action::Block);
    let weekend = s.screen(&hidden(at(5, 10, 0, 0)));
    assert_eq!((weekend.action, weekend.reasons.as_slice()), (Action::Allow, &[][..]), "outside: no switch, no signal");
    assert_eq!(s.screen(&hidden(at(0, 17, 0, 0))).action, Action::Allow, "the end is exclusive");
    assert_eq!(s.screen(&call("+41792222222", at(5, 10, 0, 0))).action, Action::Block, "user rules always");
    let spoof = s.screen(&call("+1 800 642 7676", at(5, 10, 0, 0)));
    assert_eq!((spoof.action, spoof.reasons[0]), (Action::Block, Reason::BrandInboundOnly), "a provable spoof always");
}

#[test]
fn regex_rules_screen_numbers_and_names_and_batches_are_all_or_nothing() {
    let s = screener(Policy::default());
    let re =
        |text: &str, action| Rule::with_target(RuleTarget::parse(text, None).unwrap(), action, Category::Scam, None);
    s.add_rules(vec![
        re("name-regex:(?i)^spam", Action::Block).unwrap(),
        re(r"regex:^\+4179123", Action::Silence).unwrap(),
        rule("+41791234567", Action::Label, None),
    ])
    .unwrap();
    let withheld =
        IncomingCall { display_name: Some("SPAM LIKELY".into()), time: Some(at(0, 10, 0, 0)), ..Default::default() };
    assert_eq!(s.screen(&withheld).reasons, [Reason::UserBlock]);
    assert_eq!(s.screen(&call("+41791230000", at(0, 10, 0, 0))).reasons, [Reason::UserSilence]);
    assert_eq!(
        s.screen(&call("+41791234567", at(0, 11, 0, 0))).reasons,
        [Reason::UserLabel],
        "a pattern is more specific"
    );
    assert_eq!(s.screen(&call("112", at(0, 12, 0, 0))).action, Action::Allow);
    let before = s.rules();
    let bad = RuleTarget::parse("regex:(", None);
    assert_eq!(bad, Err(RingfenceError::InvalidRegex(ringfence_core::RegexProblem::Syntax)));
    let mut bad_line = rule("+41790000000", Action::Block, None);
    bad_line.line = Some("bad\nline".into());
    assert!(s.add_rules(vec![re("regex:^\\+39", Action::Block).unwrap(), bad_line]).is_err());
    assert_eq!(s.rules(), before, "nothing of the batch was added");
}
