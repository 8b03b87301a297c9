//! Calls as they arrive in the real world (issue 12): emergency call-backs dialled with
//! prefixes or while roaming, home country versus network, SIP caller IDs, withheld words,
//! dialled strings, global numbers, the user's own number, foreign callers at night.

use ringfence_core::{
    Action, CallTime, Category, IncomingCall, Pattern, Policy, Presentation, ProtectionLevel, Reason, RegionCode, Rule,
    Screener, ScreenerConfig, Verification,
};

const DAY: &str = "2026-11-28T14:00:00+01:00";
const NIGHT: &str = "2026-11-28T23:30:00+01:00";

fn at(time: &str) -> Option<CallTime> {
    CallTime::parse_rfc3339(time)
}

fn region(code: &str) -> Option<RegionCode> {
    code.parse().ok()
}

fn screener(network: &str, home: Option<&str>, policy: Policy) -> Screener {
    Screener::new(ScreenerConfig {
        default_region: region(network),
        home_region: home.and_then(region),
        policy,
        ..Default::default()
    })
}

fn call(number: Option<&str>, network: &str, time: &str) -> IncomingCall {
    IncomingCall { number: number.map(str::to_owned), region: region(network), time: at(time), ..Default::default() }
}

fn every_switch() -> Policy {
    Policy {
        level: ProtectionLevel::Strict,
        block_hidden: true,
        block_foreign: true,
        silence_unknown: true,
        night_mode: true,
        ..Policy::default()
    }
}

#[test]
fn decorated_and_roaming_emergency_calls_open_the_window() {
    // (dialled, network, home): prefixes, pauses, 112/911 anywhere, home numbers abroad.
    for (dialled, network, home) in [
        ("#31#112", "IT", None),
        ("*31# 112", "DE", None),
        ("*67 911", "US", None),
        ("141 999", "GB", None),
        ("112,,1", "IT", None),
        ("911;123", "US", None),
        ("112p1", "FR", None),
        ("tel:%2331%23112", "IT", None),
        ("911", "IT", None),
        ("112", "US", None),
        ("911", "GN", None),
        ("113", "GB", Some("IT")),
        ("#31#113", "US", Some("IT")),
        ("000", "AU", None),
        ("1831 000", "AU", None),
    ] {
        let s = screener(network, home, every_switch());
        s.record_outgoing(dialled, region(network), at("2026-11-28T23:00:00+01:00"));
        for number in [None, Some("+222 22 12 34 56"), Some("+44 7700 900123"), Some("anonymous")] {
            let mut c = call(number, network, NIGHT);
            c.verification = Verification::Failed;
            if number.is_none() {
                c.presentation = Presentation::Restricted;
            }
            let v = s.screen(&c);
            assert_eq!(v.action, Action::Allow, "{dialled} in {network}: {number:?}: {v:?}");
            assert_eq!(v.reasons, [Reason::EmergencyCallback], "{dialled} in {network}");
        }
        let later = s.screen(&call(None, network, "2026-11-29T00:01:00+01:00"));
        assert_ne!(later.action, Action::Allow, "{dialled}: the window closes after an hour");
    }
}

#[test]
fn numbers_that_are_not_emergency_numbers_open_no_window() {
    for (dialled, network) in [("0112", "IT"), ("1121", "IT"), ("113", "GB"), ("+112", "IT"), ("141 999", "IT")] {
        let s = screener(network, None, every_switch());
        s.record_outgoing(dialled, region(network), at(DAY));
        let v = s.screen(&call(None, network, DAY));
        assert_eq!(v.action, Action::Block, "{dialled} in {network}: {v:?}");
    }
}

#[test]
fn the_window_also_follows_the_home_country_of_the_users_number() {
    let s = screener("GB", None, every_switch());
    // The screener learns the user's number (Italian) from a call.
    let mut first = call(Some("+44 20 7946 0123"), "GB", DAY);
    first.user_number = Some("+39 333 123 4567".into());
    s.screen(&first);
    s.record_outgoing("113", None, at(DAY));
    assert_eq!(s.screen(&call(None, "GB", DAY)).reasons, [Reason::EmergencyCallback]);
}

#[test]
fn foreign_means_outside_home_not_the_network() {
    let block_foreign = Policy { block_foreign: true, ..Policy::default() };
    // Explicit home setting, the phone roaming in the UK.
    let s = screener("GB", Some("IT"), block_foreign.clone());
    assert_eq!(s.screen(&call(Some("+39 06 1234 5678"), "GB", DAY)).action, Action::Allow, "a call from home");
    let local = s.screen(&call(Some("020 7946 0123"), "GB", DAY));
    assert_eq!((local.action, local.reasons.first()), (Action::Block, Some(&Reason::PolicyForeign)), "UK is abroad");
    // No setting: the country of the user's number.
    let s = screener("GB", None, block_foreign.clone());
    let mut c = call(Some("+39 06 1234 5678"), "GB", DAY);
    c.user_number = Some("+39 333 123 4567".into());
    assert_eq!(s.screen(&c).action, Action::Allow);
    c.number = Some("+44 20 7946 0123".into());
    assert_eq!(s.screen(&c).action, Action::Block);
    // Per call, the home region given with the call wins.
    let mut c = call(Some("+41 44 668 18 00"), "GB", DAY);
    c.home_region = region("CH");
    assert_eq!(screener("GB", Some("IT"), block_foreign.clone()).screen(&c).action, Action::Allow);
    // Nothing known: the network's region, as before.
    assert_eq!(
        screener("GB", None, block_foreign.clone()).screen(&call(Some("020 7946 0123"), "GB", DAY)).action,
        Action::Allow
    );
}

#[test]
fn sip_caller_ids_match_rules_and_carry_verstat() {
    let s = screener("US", None, Policy::default());
    let rule = Rule::new(Pattern::parse("+12015550123", None).unwrap(), Action::Block, Category::Spam, None).unwrap();
    s.add_rules(vec![rule]).unwrap();
    for raw in [
        "sip:+12015550123@ims.example.net;user=phone",
        "\"Spam Co\" <sip:+1-201-555-0123;verstat=TN-Validation-Passed@example.net;user=phone>;tag=9",
        "tel:+12015550123;cpc=ordinary",
        "tel:5550123;phone-context=+1201",
        "tel:%2B12015550123",
    ] {
        let v = s.screen(&call(Some(raw), "US", DAY));
        assert_eq!((v.action, v.e164.map(|e| e.to_string())), (Action::Block, Some("+12015550123".into())), "{raw}");
    }
    let failed = s.screen(&call(Some("<sip:+12125550147;verstat=TN-Validation-Failed@example.net>"), "US", DAY));
    assert_eq!(failed.reasons.first(), Some(&Reason::VerificationFailed));
    let mut platform = call(Some("<sip:+12125550147;verstat=TN-Validation-Failed@example.net>"), "US", DAY);
    platform.verification = Verification::Passed;
    assert_eq!(s.screen(&platform).reasons, [Reason::VerificationPassed], "the platform's result wins");
    let passed = s.screen(&call(Some("tel:+12125550147;verstat=TN-Validation-Passed"), "US", DAY));
    assert_eq!(passed.reasons, [Reason::VerificationPassed]);
}

#[test]
fn withheld_words_are_hidden_numbers() {
    let s = screener("IT", None, Policy::default());
    let blocking = screener("IT", None, Policy { block_hidden: true, ..Policy::default() });
    for word in [
        "anonymous",
        "Unavailable",
        "Private Number",
        "sip:anonymous@anonymous.invalid",
        "numero privato",
        "Sconosciuto",
    ] {
        let v = s.screen(&call(Some(word), "IT", DAY));
        assert_eq!(
            (v.action, v.reasons.as_slice(), v.e164),
            (Action::Allow, &[Reason::HiddenNumber][..], None),
            "{word}"
        );
        let b = blocking.screen(&call(Some(word), "IT", DAY));
        assert_eq!(b.action, Action::Block, "{word}");
        assert_eq!(b.reasons, [Reason::PolicyHidden, Reason::HiddenNumber], "{word}");
        assert_eq!(b.label.as_deref(), Some("Hidden number"), "{word}");
    }
}

#[test]
fn dialled_strings_are_remembered_as_the_number_dialled() {
    for (dialled, network, caller) in [
        ("*67 (201) 555-0123", "US", "+1 201 555 0123"),
        ("#31#+39 02 1234 5678", "IT", "+39 02 1234 5678"),
        ("*31#02 1234 5678", "IT", "+39 02 1234 5678"),
        ("+41 44 668 18 00,,123#", "CH", "+41 44 668 18 00"),
        ("+41446681800p123", "CH", "+41 44 668 18 00"),
        ("141 020 7946 0123", "GB", "+44 20 7946 0123"),
        ("tel:%2A67%2B12015550123", "US", "+1 201 555 0123"),
    ] {
        let s = screener(network, None, every_switch());
        s.record_outgoing(dialled, region(network), at(DAY));
        let v = s.screen(&call(Some(caller), network, NIGHT));
        assert_eq!((v.action, v.reasons.as_slice()), (Action::Allow, &[Reason::RecentlyDialled][..]), "{dialled}");
    }
}

#[test]
fn global_numbers_are_foreign_unfamiliar_and_named() {
    let s = screener("IT", None, Policy::default());
    for (number, reason, category) in [
        ("+881 6 1234 5678", Reason::SatelliteNumber, Category::Satellite),
        ("+870 301 234 567", Reason::SatelliteNumber, Category::Satellite),
        ("+882 342 1234", Reason::InternationalNetwork, Category::InternationalNetwork),
        ("+883 510 012 345", Reason::InternationalNetwork, Category::InternationalNetwork),
        ("+979 123 456 789", Reason::InternationalPremiumRate, Category::PremiumRate),
    ] {
        let v = s.screen(&call(Some(number), "IT", DAY));
        assert_eq!(v.reasons, [reason, Reason::UnfamiliarCountry], "{number}");
        assert_eq!(v.category, category, "{number}");
        assert_ne!(v.action, Action::Allow, "{number}: at least labelled");
        assert_ne!(v.action, Action::Block, "{number}");
        let blocked = screener("IT", None, Policy { block_foreign: true, ..Policy::default() });
        assert_eq!(blocked.screen(&call(Some(number), "IT", DAY)).action, Action::Block, "{number} is foreign");
        let unknown_home = Screener::default().screen(&call(Some(number), "ZZ", DAY));
        assert_eq!(unknown_home.reasons.first(), Some(&reason), "{number} without any region");
    }
    let sat = s.screen(&call(Some("+881 6 1234 5678"), "IT", DAY));
    assert_eq!((sat.action, sat.label.as_deref()), (Action::Label, Some("Satellite phone")));
}

#[test]
fn own_number_calling_is_flagged_as_spoofed() {
    let s = screener("IT", None, Policy::default());
    let mut c = call(Some("+39 333 123 4567"), "IT", DAY);
    c.user_number = Some("333 1234567".into());
    let v = s.screen(&c);
    assert_eq!(
        (v.action, v.category, v.reasons.as_slice()),
        (Action::Silence, Category::Spoofed, &[Reason::NeighbourSpoofing][..]),
        "the strongest neighbour spoofing"
    );
    assert_eq!(v.label.as_deref(), Some("Faked local number"));
    c.in_contacts = true;
    assert_eq!(s.screen(&c).action, Action::Allow, "the user saved their own number: a contact rings");
}

#[test]
fn unknown_foreign_callers_at_night_are_labelled_whatever_the_country() {
    let s = screener("IT", None, Policy::default());
    for number in ["+33 1 23 45 67 89", "+49 30 1234567", "+1 212 555 0147", "+44 20 7946 0123", "+86 10 1234 5678"] {
        let v = s.screen(&call(Some(number), "IT", NIGHT));
        assert_eq!(v.action, Action::Label, "{number}: {v:?}");
        assert_eq!(v.label.as_deref(), Some("Unknown caller from abroad"), "{number}");
        assert_eq!(s.screen(&call(Some(number), "IT", DAY)).action, Action::Allow, "{number} by day");
    }
    assert_eq!(s.screen(&call(Some("+39 06 1234 5678"), "IT", NIGHT)).action, Action::Allow, "from home");
    s.set_contact_calling_codes(Some(vec![33])).unwrap();
    assert_eq!(s.screen(&call(Some("+33 1 23 45 67 89"), "IT", NIGHT)).action, Action::Allow, "a familiar country");
    let roaming = screener("FR", Some("IT"), Policy::default());
    assert_eq!(roaming.screen(&call(Some("+39 06 1234 5678"), "FR", NIGHT)).action, Action::Allow, "home, roaming");
}
