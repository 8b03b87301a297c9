//! Property tests of caller-name screening: a brand's word is no proof, contacts are never
//! blocked whatever their name or number, and any name is screened without failing.

use proptest::prelude::*;
use ringfence_core::{
    Action, CallTime, IncomingCall, Policy, ProtectionLevel, Reason, Screener, ScreenerConfig, Verification,
};

const LEVELS: [ProtectionLevel; 3] = [ProtectionLevel::Relaxed, ProtectionLevel::Standard, ProtectionLevel::Strict];

fn screener(level: ProtectionLevel) -> Screener {
    Screener::new(ScreenerConfig {
        policy: Policy { level, ..Policy::default() },
        customer_brands: vec!["Trend Micro".into(), "Microsoft".into()],
        ..Default::default()
    })
}

/// A brand word of the default registry, written as evaders and businesses write it.
fn brand_word() -> impl Strategy<Value = String> {
    let words =
        prop::sample::select(vec!["Microsoft", "Trend Micro", "Poste", "PostePay", "BancoPosta", "Poste Italiane"]);
    (words, 0usize..4).prop_map(|(w, style)| match style {
        0 => w.to_owned(),
        1 => w.to_uppercase(),
        2 => w.replace('o', "0").replace('i', "1"),
        _ => w.chars().flat_map(|c| [c, ' ']).collect(),
    })
}

/// Words of other businesses' names (none of them a support word).
fn business_word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Dental",
        "Street Garage",
        "Bar",
        "Pizzeria",
        "Avenue Bakery",
        "Studio Legale",
        "Hair Salon",
        "Physiotherapy",
        "Tabacchi",
        "Driving School",
    ])
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+1 800 642 7676".to_owned()), // Microsoft's inbound-only support line
        Just("+39 803 160".to_owned()),     // Poste Italiane's
        (0u32..1_000_000).prop_map(|n| format!("+39 347 1{n:06}")),
        (0u32..1_000_000).prop_map(|n| format!("+1 212 5{n:06}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_brand_word_in_another_business_name_is_never_blocked_or_silenced(
        brand in brand_word(), business in business_word(), before in any::<bool>(), n in 0u32..1_000_000,
    ) {
        let name = if before { format!("{business} {brand}") } else { format!("{brand} {business}") };
        for level in LEVELS {
            let v = screener(level).screen(&IncomingCall {
                number: Some(format!("+39 347 1{n:06}")),
                region: "IT".parse().ok(),
                display_name: Some(name.clone()),
                ..Default::default()
            });
            prop_assert!(v.action <= Action::Label, "{name} at {level:?}: {v:?}");
        }
    }

    #[test]
    fn contacts_are_never_blocked_or_reminded_whatever_their_name_and_number(
        name in prop_oneof![brand_word(), "\\PC{0,40}"],
        number in number(),
        verification in prop::sample::select(vec![Verification::Failed, Verification::NotVerified]),
    ) {
        for level in LEVELS {
            let v = screener(level).screen(&IncomingCall {
                number: Some(number.clone()),
                in_contacts: true,
                verification,
                display_name: Some(format!("{name} Support")),
                ..Default::default()
            });
            prop_assert!(v.action <= Action::Label, "{v:?}");
            prop_assert_eq!(v.reminder, None);
            prop_assert!(v.reasons.contains(&Reason::Contact));
        }
    }

    #[test]
    fn any_caller_name_is_screened(name in "\\PC{0,600}", number in number()) {
        let s = screener(ProtectionLevel::Strict);
        let time = Some(CallTime { epoch_seconds: 1_790_000_000, utc_offset_minutes: 60 });
        let v = s.screen(&IncomingCall { number: Some(number), display_name: Some(name), time, ..Default::default() });
        prop_assert!(!v.reasons.contains(&Reason::InternalError));
    }
}
