//! Reports: the rule they add, the record's fields, and what a record never holds.

use super::*;
use crate::verdict::Reason;

const CALLER: &str = "+41 44 668 18 00";
const USER: &str = "+41 79 123 45 67";

fn report(category: Category, action: Action) -> Report {
    Report { category, action, label: Some("Fake bank".into()), reporter: "install-3fa85f64-5717-4562".into() }
}

fn call() -> IncomingCall {
    IncomingCall {
        number: Some(CALLER.into()),
        region: "CH".parse().ok(),
        user_number: Some(USER.into()),
        display_name: Some("Bank Support \"Desk\", call 079 123 45 67".into()),
        time: CallTime::parse_rfc3339("2026-11-28T21:05:00+01:00"),
        ..Default::default()
    }
}

#[test]
fn a_report_adds_the_rule_and_returns_the_record() {
    let s = Screener::default();
    let record = s.report(&call(), &report(Category::Scam, Action::Silence)).unwrap();
    assert_eq!(record.number, "+41446681800");
    assert_eq!(record.region.as_deref(), Some("CH"));
    assert_eq!(record.category, Category::Scam);
    assert_eq!(record.time, "2026-11-28T21:05:00+01:00");
    assert_eq!(record.reporter, "install-3fa85f64-5717-4562");
    assert_eq!(record.caller_name.as_deref(), Some("Bank Support \"Desk\", call …"));
    let v = s.screen(&call());
    assert_eq!(
        (v.action, v.reasons.as_slice(), v.label.as_deref()),
        (Action::Silence, &[Reason::UserSilence][..], Some("Fake bank"))
    );
    assert_eq!(
        format!("{}\n{}", ReportRecord::CSV_HEADER, record.to_csv_row()),
        "number,region,category,time,reporter,vote,caller_name\n\
         +41446681800,CH,scam,2026-11-28T21:05:00+01:00,install-3fa85f64-5717-4562,spam,\"Bank Support \"\"Desk\"\", call …\""
    );
    let again = s.report(&call(), &report(Category::Spam, Action::Block)).unwrap();
    assert_eq!(again.category, Category::Spam);
    assert_eq!((s.rules().len(), s.screen(&call()).action), (1, Action::Block), "the same number's rule is replaced");
}

#[test]
fn a_record_never_holds_the_users_number_or_contacts_data() {
    let s = Screener::default();
    let contact = IncomingCall { in_contacts: true, display_name: Some("Mum".into()), ..call() };
    let record = s.report(&contact, &report(Category::Spam, Action::Label)).unwrap();
    assert_eq!(record.caller_name, None, "a contact's call carries no name: it may come from the address book");
    for record in [record, s.report(&call(), &report(Category::Spam, Action::Block)).unwrap()] {
        let row = record.to_csv_row();
        assert!(!row.contains("791234567") && !row.contains("Mum"), "{row}");
    }
    let own = IncomingCall { number: Some(USER.into()), ..call() };
    assert!(matches!(s.report(&own, &report(Category::Spam, Action::Block)), Err(RingfenceError::InvalidReport(_))));
    let leaky = Report { reporter: "user-0791234567".into(), ..report(Category::Spam, Action::Block) };
    assert!(matches!(s.report(&call(), &leaky), Err(RingfenceError::InvalidReport(_))));
    assert_eq!(s.rules().len(), 1, "refused reports add nothing");
}

#[test]
fn bad_reports_are_refused_and_add_nothing() {
    let s = Screener::default();
    let hidden = IncomingCall { number: None, ..call() };
    let emergency = IncomingCall { number: Some("112".into()), ..call() };
    for (c, r) in [
        (call(), report(Category::Spam, Action::Allow)),
        (call(), report(Category::None, Action::Block)),
        (call(), report(Category::Emergency, Action::Block)),
        (call(), Report { reporter: " ".into(), ..report(Category::Spam, Action::Block) }),
        (call(), Report { reporter: "x\u{0}".into(), ..report(Category::Spam, Action::Block) }),
        (hidden, report(Category::Spam, Action::Block)),
        (emergency, report(Category::Spam, Action::Block)),
    ] {
        let e = s.report(&c, &r).unwrap_err();
        assert!(matches!(e, RingfenceError::InvalidReport(_)), "{e:?}");
        assert!(!e.to_string().chars().any(|c| c.is_ascii_digit()), "{e}");
    }
    let long = Report { reporter: "x".repeat(MAX_REPORTER_CHARS + 1), ..report(Category::Spam, Action::Block) };
    assert!(matches!(s.report(&call(), &long), Err(RingfenceError::LimitExceeded { .. })));
    let bad_label = Report { label: Some("x".repeat(500)), ..report(Category::Spam, Action::Block) };
    assert!(s.report(&call(), &bad_label).is_err());
    assert!(s.rules().is_empty());
}

#[test]
fn a_records_caller_name_is_one_line_the_publisher_accepts() {
    let s = Screener::default();
    let name = format!("Line one\r\nline\ttwo {}", "\u{e9}".repeat(300));
    let record = s.report(&IncomingCall { display_name: Some(name), ..call() }, &report(Category::Spam, Action::Label));
    let caller_name = record.unwrap().caller_name.unwrap();
    assert!(caller_name.starts_with("Line one  line two \u{e9}"), "{caller_name}");
    assert_eq!(caller_name.chars().count(), MAX_CALLER_NAME_CHARS);
    assert!(!caller_name.chars().any(char::is_control), "{caller_name:?}");
}
