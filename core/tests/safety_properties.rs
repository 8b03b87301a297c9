//! Property tests of the safety invariants over random real-world calls: an emergency
//! call-back rings at every policy and in every region (dialled with prefixes or pauses, also
//! while roaming, withheld or not), and no heuristic blocks or silences a contact or a number
//! an allow rule covers.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use ringfence_core::number::emergency::{UNIVERSAL, emergency_examples, emergency_regions};
use ringfence_core::{
    Action, CallTime, Category, IncomingCall, Pattern, Policy, Presentation, ProtectionLevel, Reason, RegionCode, Rule,
    Screener, ScreenerConfig, Verification, parse_number,
};

/// 2026-11-28T00:00:00Z: calls happen within a day of it, at any local hour.
const BASE: i64 = 1_795_824_000;

fn regions() -> Vec<&'static str> {
    emergency_regions().collect()
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        select(vec![ProtectionLevel::Relaxed, ProtectionLevel::Standard, ProtectionLevel::Strict]),
        any::<[bool; 4]>(),
        (0u16..1440, 0u16..1440),
        1u32..=1440,
    )
        .prop_map(|(level, [block_hidden, silence_unknown, block_foreign, night_mode], (start, end), minutes)| {
            Policy {
                level,
                block_hidden,
                silence_unknown,
                block_foreign,
                night_mode,
                night_start_minute: start,
                night_end_minute: end,
                emergency_callback_minutes: minutes,
                ..Policy::default()
            }
        })
}

/// Any caller: withheld (no number, a withheld word), or a number in any notation that sets
/// off signals (wangiri codes, global numbers, invalid ranges, SIP URIs with a failed verstat).
fn caller() -> impl Strategy<Value = (Option<String>, Presentation)> {
    let number = prop_oneof![
        "\\+[1-9][0-9]{6,12}",
        select(vec!["+222", "+881", "+882", "+979", "+1876", "+4470", "+39"])
            .prop_flat_map(|cc| { "[0-9]{6,10}".prop_map(move |rest| format!("{cc}{rest}")) }),
        "[0-9]{3,11}",
        "\\+[1-9][0-9]{6,12}".prop_map(|n| format!("<sip:{n};verstat=TN-Validation-Failed@example.net>")),
        select(vec!["anonymous", "Private Number", "sip:anonymous@anonymous.invalid", "sconosciuto", "CALL ME"])
            .prop_map(str::to_owned),
    ];
    prop_oneof![
        Just((None, Presentation::Restricted)),
        Just((None, Presentation::Unavailable)),
        (number, select(vec![Presentation::Allowed, Presentation::Restricted, Presentation::Payphone]))
            .prop_map(|(n, p)| (Some(n), p)),
    ]
}

fn incoming(
    (number, presentation): (Option<String>, Presentation),
    network: Option<RegionCode>,
    verification: Verification,
    time: CallTime,
) -> IncomingCall {
    IncomingCall {
        number,
        presentation,
        verification,
        region: network,
        display_name: Some("Trend Micro Support".into()),
        time: Some(time),
        ..Default::default()
    }
}

/// A block rule on the caller's own number (screening must still let the call-back ring).
fn block_rule(call: &IncomingCall) -> Vec<Rule> {
    let parsed = call.number.as_deref().and_then(|n| parse_number(n, call.region).ok());
    parsed
        .map(|p| Rule::new(Pattern::exact(p.e164), Action::Block, Category::Scam, None).unwrap())
        .into_iter()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn emergency_callbacks_ring_at_every_policy_and_region(
        (home_i, network_i, example_i) in (any::<Index>(), any::<Index>(), any::<Index>()),
        (roaming, universal) in (any::<bool>(), any::<bool>()),
        prefix in select(vec!["", "#31#", "*31#", "*67", "*82", "tel:", " "]),
        suffix in select(vec!["", ",", ",,1", ";123#", "p1", "w2", " "]),
        policy in policy(),
        caller in caller(),
        verification in select(vec![Verification::Failed, Verification::NotVerified, Verification::Passed]),
        (placed, elapsed_fraction, offset) in (0i64..86_400, 0.0f64..=1.0, -720i16..=840),
        block in any::<bool>(),
    ) {
        let all = regions();
        let home = *home_i.get(&all);
        // Dialled at home, or while roaming on another region's network.
        let network = if roaming { *network_i.get(&all) } else { home };
        let examples = emergency_examples(home);
        let number = if universal { *example_i.get(&UNIVERSAL) } else { *example_i.get(examples) };
        let dialled = format!("{prefix}{number}{suffix}");
        let s = Screener::new(ScreenerConfig {
            default_region: network.parse().ok(),
            home_region: home.parse().ok(),
            policy: policy.clone(),
            ..Default::default()
        });
        let placed_at = BASE + placed;
        s.record_outgoing(&dialled, network.parse().ok(), Some(CallTime { epoch_seconds: placed_at, utc_offset_minutes: offset }));
        let window = i64::from(policy.emergency_callback_minutes) * 60;
        let now = placed_at + (window as f64 * elapsed_fraction) as i64;
        let call = incoming(caller, network.parse().ok(), verification, CallTime { epoch_seconds: now, utc_offset_minutes: offset });
        if block {
            s.add_rules(block_rule(&call)).unwrap();
        }
        let v = s.screen(&call);
        prop_assert_eq!(v.action, Action::Allow, "{} dialled in {} (home {}): {:?} → {:?}", dialled, network, home, call, v);
        prop_assert!(
            v.reasons == [Reason::EmergencyCallback] || v.reasons == [Reason::Emergency],
            "{dialled}: {:?}", v.reasons
        );
    }

    #[test]
    fn contacts_and_allow_rules_are_never_blocked_by_a_heuristic(
        caller in caller(),
        network_i in any::<Index>(),
        home_i in any::<Index>(),
        policy in policy(),
        verification in select(vec![Verification::Failed, Verification::NotVerified]),
        (at, offset) in (0i64..86_400, -720i16..=840),
        (contact, own_number, burst) in (any::<bool>(), any::<bool>(), any::<bool>()),
    ) {
        let all = regions();
        let network = network_i.get(&all).parse().ok();
        let s = Screener::new(ScreenerConfig { default_region: network, home_region: home_i.get(&all).parse().ok(), policy, ..Default::default() });
        let time = CallTime { epoch_seconds: BASE + at, utc_offset_minutes: offset };
        let mut call = incoming(caller, network, verification, time);
        if own_number {
            call.user_number = call.number.clone();
        }
        let Some(parsed) = call.number.as_deref().and_then(|n| parse_number(n, network).ok()) else {
            // Without a readable number only contacts can be trusted.
            call.in_contacts = true;
            let v = s.screen(&call);
            prop_assert!(v.action <= Action::Label, "{:?} → {:?}", call, v);
            return Ok(());
        };
        if burst {
            // A wave of calls from the same block first.
            for i in 1..6u64 {
                let near = ringfence_core::E164::from_u64(parsed.e164.as_u64() ^ i).map(|e| e.to_string());
                s.screen(&IncomingCall { number: near, ..call.clone() });
            }
        }
        if contact {
            call.in_contacts = true;
        } else {
            let range = Pattern::parse(&format!("+{}#", parsed.e164.as_u64() / 10), None).unwrap();
            let pattern = if own_number { Pattern::exact(parsed.e164) } else { range };
            s.add_rules(vec![Rule::new(pattern, Action::Allow, Category::None, None).unwrap()]).unwrap();
        }
        let v = s.screen(&call);
        prop_assert!(v.action <= Action::Label, "{:?} → {:?}", call, v);
        if !contact {
            prop_assert_eq!(v.action, Action::Allow, "allow rule: {:?}", v);
        }
    }
}
