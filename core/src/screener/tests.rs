//! Screening with the brand registry: claims, caller-name folding, spoofs behind trusted
//! numbers and customer-brand reminders.

use super::*;
use crate::policy::ProtectionLevel;
use crate::verdict::{Action, Category};

fn call(number: &str, name: &str) -> IncomingCall {
    IncomingCall { number: Some(number.into()), display_name: Some(name.into()), ..Default::default() }
}

fn at(c: IncomingCall, hour: i64) -> IncomingCall {
    IncomingCall { time: Some(CallTime { epoch_seconds: 1_790_000_000 + hour * 3600, utc_offset_minutes: 0 }), ..c }
}

#[test]
fn brand_claims_block_only_when_provable() {
    let s = Screener::default();
    s.load_brands_json(
        r#"{"brands": [
            {"name": "Acme Bank", "support_aliases": ["Acme Bank"], "outbound": ["+4144123####"]},
            {"name": "Beta Telecom", "support_aliases": ["Beta Telecom"]}
        ]}"#,
    )
    .unwrap();
    let acme = s.screen(&call("+41449990000", "Acme Bank"));
    assert_eq!((acme.action, acme.category), (Action::Block, Category::Impersonation));
    assert_eq!(s.screen(&call("+41441230042", "Acme Bank")).action, Action::Allow, "its own outbound line");
    let beta = s.screen(&call("+41449990000", "Beta Telecom"));
    assert_eq!(beta.action, Action::Silence, "may be a genuine unlisted line: silenced, not blocked");
    assert!(beta.advice.unwrap().contains("Beta Telecom"));
}

#[test]
fn brand_words_are_not_proof() {
    for level in [ProtectionLevel::Relaxed, ProtectionLevel::Standard, ProtectionLevel::Strict] {
        let s = Screener::new(ScreenerConfig { policy: Policy { level, ..Policy::default() }, ..Default::default() });
        for business in ["Microsoft Dental", "Poste Street Garage", "Trend Micro Dental", "BancoPosta Bar Sport"] {
            let v = s.screen(&call("+39 06 1234 5678", business));
            assert_eq!((v.action, v.reasons.as_slice()), (Action::Allow, &[][..]), "{business} at {level:?}");
        }
        let bare = s.screen(&call("+39 06 1234 5678", "MICROSOFT"));
        assert_eq!((bare.action, bare.reasons[0]), (Action::Label, Reason::BrandName), "{level:?}");
        assert!(bare.advice.unwrap().contains("Microsoft"));
        let support = s.screen(&call("+39 06 1234 5678", "Microsoft Assistenza Tecnica"));
        assert_eq!((support.action, support.reasons[0]), (Action::Block, Reason::BrandImpersonation));
    }
}

#[test]
fn confusable_and_mixed_script_names() {
    let s = Screener::default();
    let v = s.screen(&call("+39 06 1234 5678", "Міcrosoft Support"));
    assert_eq!(v.action, Action::Block);
    assert_eq!(v.reasons[..2], [Reason::BrandImpersonation, Reason::MixedScriptName]);
    assert_eq!(v.label.as_deref(), Some("Fake Microsoft call"));
    let spaced = s.screen(&call("+39 06 1234 5678", "T-R-E-N-D M1CR0"));
    assert_eq!((spaced.action, spaced.reasons[0]), (Action::Block, Reason::BrandImpersonation));
    let disguised = s.screen(&call("+39 06 1234 5678", "Маrio Rossi"));
    assert_eq!((disguised.action, disguised.reasons.as_slice()), (Action::Label, &[Reason::MixedScriptName][..]));
}

#[test]
fn trusted_numbers_that_are_provably_spoofed_ring_labelled() {
    let s = Screener::default();
    let contact = IncomingCall { number: Some("+1 800 642 7676".into()), in_contacts: true, ..Default::default() };
    let v = s.screen(&contact);
    assert_eq!((v.action, v.category), (Action::Label, Category::Impersonation));
    assert_eq!(v.reasons, [Reason::BrandInboundOnly, Reason::Contact]);
    assert!(v.advice.unwrap().contains("Microsoft never calls"));
    let t = Some(CallTime { epoch_seconds: 1_790_000_000, utc_offset_minutes: 0 });
    s.record_outgoing("+18006427676", None, t);
    let dialled = s.screen(&IncomingCall { in_contacts: false, time: t, ..contact.clone() });
    assert_eq!((dialled.action, dialled.reasons[1]), (Action::Label, Reason::RecentlyDialled));
    s.record_outgoing("112", "IT".parse().ok(), t);
    assert_eq!(s.screen(&IncomingCall { time: t, ..contact.clone() }).action, Action::Allow, "call-back window");
    let unknown = s.screen(&IncomingCall { in_contacts: false, ..contact });
    assert_eq!((unknown.action, unknown.reasons[0]), (Action::Block, Reason::BrandInboundOnly));
}

#[test]
fn customer_brands_are_reminded_on_unknown_calls_only() {
    let config = ScreenerConfig {
        customer_brands: vec!["Trend Micro".into(), "Poste Italiane".into()],
        language: Language::It,
        ..Default::default()
    };
    let s = Screener::new(config.clone());
    let unknown = s.screen(&at(call("+39 347 765 4321", "Mario Rossi"), 0));
    let reminder = unknown.reminder.expect("unknown caller");
    assert!(
        reminder.starts_with("Se chi chiama dice di essere di Trend Micro: Trend Micro non chiama mai"),
        "{reminder}"
    );
    assert_eq!(s.screen(&at(call("+39 347 765 4322", ""), 1)).reminder, None, "rate-limited");
    assert!(s.screen(&at(call("+39 347 765 4323", ""), 25)).reminder.is_some(), "due again after a day");
    let contact = IncomingCall { in_contacts: true, ..at(call("+39 347 765 4321", ""), 60) };
    assert_eq!(s.screen(&contact).reminder, None);
    let blocked = s.screen(&at(call("+39 06 1234 5678", "Trend Micro Support"), 90));
    assert_eq!((blocked.action, blocked.reminder), (Action::Block, None));
    assert!(s.screen(&at(call("+39 347 765 4321", ""), 91)).reminder.is_some(), "a blocked call used none");
    let bad = ScreenerConfig { customer_brands: vec!["Acme".into()], ..config };
    assert_eq!(
        s.set_config(bad.clone()),
        Err(RingfenceError::InvalidConfig("customer brand not in the brand registry"))
    );
    assert!(s.load_brands_json(r#"{"brands": [{"name": "Acme", "never_calls": true}]}"#).is_ok());
    assert_eq!(s.set_config(bad), Ok(()));
    assert!(s.screen(&at(call("+39 347 765 4321", ""), 200)).reminder.unwrap().contains("Acme"));
}
