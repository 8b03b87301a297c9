//! Property tests of the safety invariants under the controls: emergency numbers and their
//! call-backs, contacts and allow rules are never blocked or silenced, whatever the schedules,
//! quiet hours, pause, repeated calls, lines and line policies (and, for emergency numbers and
//! call-backs, whatever the user's block rules, scoped or not, by number or by regex).

use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use ringfence_core::{
    Action, CallTime, Category, IncomingCall, LinePolicy, Pattern, Policy, ProtectionLevel, Rule, RuleTarget, Schedule,
    Screener, ScreenerConfig, Window, parse_number,
};

/// 2026-11-23T00:00:00Z, a Monday: calls happen within the week after it.
const BASE: i64 = 1_795_392_000;
const WEEK: i64 = 7 * 86_400;

fn schedule() -> impl Strategy<Value = Option<Schedule>> {
    let window = (1u8..=127, 0u16..1440, 0u16..=1440).prop_filter_map("start = end", |(days, start, end)| {
        (start != end).then_some(Window { days, start_minute: start, end_minute: end })
    });
    option::of(prop::collection::vec(window, 1..4).prop_map(|windows| Schedule { windows }))
}

fn line() -> impl Strategy<Value = Option<String>> {
    select(vec![None, Some("sim-a"), Some("sim-b")]).prop_map(|l| l.map(str::to_owned))
}

fn policy() -> impl Strategy<Value = Policy> {
    let level = select(vec![ProtectionLevel::Relaxed, ProtectionLevel::Standard, ProtectionLevel::Strict]);
    (level, any::<[bool; 4]>(), (schedule(), schedule()), (0u32..=60, 2u32..=10), option::of(BASE..BASE + WEEK))
        .prop_map(
            |(
                level,
                [block_hidden, silence_unknown, block_foreign, night_mode],
                (schedule, quiet_hours),
                (minutes, count),
                paused_until,
            )| Policy {
                level,
                block_hidden,
                silence_unknown,
                block_foreign,
                night_mode,
                schedule,
                quiet_hours,
                repeated_call_minutes: minutes,
                repeated_call_count: count,
                paused_until,
                ..Policy::default()
            },
        )
}

/// The default policy and one for line `sim-a`.
fn config() -> impl Strategy<Value = ScreenerConfig> {
    (policy(), option::of(policy())).prop_map(|(policy, line_policy)| ScreenerConfig {
        default_region: "CH".parse().ok(),
        home_region: "CH".parse().ok(),
        policy,
        line_policies: line_policy.into_iter().map(|policy| LinePolicy { line: "sim-a".into(), policy }).collect(),
        ..Default::default()
    })
}

fn time() -> impl Strategy<Value = CallTime> {
    (0..WEEK, -720i16..=840).prop_map(|(at, offset)| CallTime { epoch_seconds: BASE + at, utc_offset_minutes: offset })
}

fn caller() -> impl Strategy<Value = Option<String>> {
    select(vec![
        None,
        Some("+41 79 123 45 67"),
        Some("+222 22 12 34 56"),
        Some("+41 44 668 18 00"),
        Some("+1 800 642 7676"),
    ])
    .prop_map(|n| n.map(str::to_owned))
}

/// A rule with `action` on `target`, maybe scoped to a line and a schedule.
fn scoped(target: &str, action: Action, line: Option<&str>, schedule: Option<Schedule>) -> Rule {
    let mut rule = Rule::with_target(RuleTarget::parse(target, None).unwrap(), action, Category::Scam, None).unwrap();
    rule.line = line.map(Into::into);
    rule.schedule = schedule;
    rule
}

/// Block rules on everything: the number, any number (regex), any name (regex).
fn block_everything(call: &IncomingCall, line: Option<&str>, schedule: Option<Schedule>) -> Vec<Rule> {
    let number = call.number.as_deref().and_then(|n| parse_number(n, "CH".parse().ok()).ok());
    let mut rules = vec![
        scoped("regex:.", Action::Block, line, schedule.clone()),
        scoped("name-regex:.", Action::Silence, None, None),
    ];
    rules.extend(number.map(|p| scoped(&p.e164.to_string(), Action::Block, line, schedule)));
    rules
}

/// Screens `call` after `earlier` copies of it a minute apart (repeated calls, bursts).
fn screen_after(s: &Screener, call: &IncomingCall, earlier: u8) -> ringfence_core::Verdict {
    let t = call.time.unwrap();
    for i in (1..=i64::from(earlier)).rev() {
        let time = CallTime { epoch_seconds: t.epoch_seconds - 60 * i, ..t };
        s.screen(&IncomingCall { time: Some(time), ..call.clone() });
    }
    s.screen(call)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn emergency_numbers_and_callbacks_ring_under_every_control(
        config in config(),
        (time, line, rule_line) in (time(), line(), line()),
        (rule_schedule, earlier) in (schedule(), 0u8..3),
        (callback, number, caller, placed) in (any::<bool>(), select(vec!["112", "117", "144", "+41 112"]), caller(), 0i64..=3600),
    ) {
        let s = Screener::new(config);
        let number = if callback { caller } else { Some(number.to_owned()) };
        let call = IncomingCall { number, time: Some(time), line, display_name: Some("x".into()), ..Default::default() };
        if callback {
            let dialled = CallTime { epoch_seconds: time.epoch_seconds - placed, ..time };
            s.record_outgoing("112", "CH".parse().ok(), Some(dialled));
        }
        s.add_rules(block_everything(&call, rule_line.as_deref(), rule_schedule)).unwrap();
        let v = screen_after(&s, &call, earlier);
        prop_assert_eq!(v.action, Action::Allow, "{:?} → {:?}", call, v);
    }

    #[test]
    fn contacts_and_allow_rules_ring_under_every_control(
        config in config(),
        (time, line) in (time(), line()),
        (caller, contact, earlier) in (caller(), any::<bool>(), 0u8..3),
        (allow_line, allow_schedule, block_schedule) in (any::<bool>(), schedule(), schedule()),
    ) {
        let s = Screener::new(config);
        let mut call = IncomingCall { number: caller, time: Some(time), line: line.clone(), ..Default::default() };
        let Some(parsed) = call.number.as_deref().and_then(|n| parse_number(n, "CH".parse().ok()).ok()) else {
            // Without a readable number only a contact can be trusted.
            call.in_contacts = true;
            let v = screen_after(&s, &call, earlier);
            prop_assert!(v.action <= Action::Label, "{:?} → {:?}", call, v);
            return Ok(());
        };
        let allow_active = if contact {
            call.in_contacts = true;
            true
        } else {
            // An allow rule on the number's range, maybe scoped to the call's line and a
            // schedule, over block rules on the number scoped the same way.
            let range = Pattern::parse(&format!("+{}#", parsed.e164.as_u64() / 10), None).unwrap().to_string();
            let rule_line = if allow_line { line.as_deref() } else { None };
            let allow = scoped(&range, Action::Allow, rule_line, allow_schedule.clone());
            s.add_rules(vec![allow, scoped(&parsed.e164.to_string(), Action::Label, rule_line, block_schedule)]).unwrap();
            allow_schedule.is_none_or(|sch| sch.contains(time.epoch_seconds, time.utc_offset_minutes))
        };
        let v = screen_after(&s, &call, earlier);
        if allow_active {
            prop_assert!(v.action <= Action::Label, "{:?} → {:?}", call, v);
            if !contact {
                prop_assert_eq!(v.action, Action::Allow, "allow rule: {:?}", v);
            }
        }
    }
}
