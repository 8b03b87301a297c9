//! Screening with a lookup's cached answers: reason `lookup_listed`, below user rules,
//! emergency, contacts and the installed feeds' allow.

mod lookup_support;

use std::sync::Arc;

use lookup_support::*;
use ringfence_core::database::public_key;
use ringfence_core::{Action, Category, DatabaseBuilder, IncomingCall, Pattern, Reason, Rule, Screener};

const NOW: u64 = 1_800_000_000;

fn call(number: &str) -> IncomingCall {
    IncomingCall { number: Some(number.into()), ..Default::default() }
}

/// A screener consulting a lookup that has fetched the buckets of the listed numbers.
fn screener(name: &str) -> Screener {
    let p = published(5, 50, 3, &SECRET);
    let c = client(&scratch(name));
    c.accept_manifest(p.manifest.to_json().as_bytes(), NOW).unwrap();
    for n in [SCAM, TELEMARKETING, UNLISTED] {
        let req = c.request(e164(n)).unwrap();
        c.accept_bucket(&req, &p.buckets[req.bucket() as usize], NOW).unwrap();
    }
    let s = Screener::default();
    s.set_lookup(Some(Arc::new(c)));
    s
}

#[test]
fn cached_lookup_answers_are_a_feed_signal_with_their_own_reason() {
    let s = screener("signal");
    let v = s.screen(&call(SCAM));
    assert_eq!((v.action, v.category, v.reasons[0]), (Action::Block, Category::Scam, Reason::LookupListed));
    assert_eq!(v.label.as_deref(), Some("Fake bank …"), "digit runs of list labels are masked");
    let v = s.screen(&call(TELEMARKETING));
    assert_eq!((v.action, v.reasons[0]), (Action::Silence, Reason::LookupListed));
    assert_eq!(v.label.as_deref(), Some("Telemarketing"));
    assert!(!s.screen(&call(UNLISTED)).reasons.contains(&Reason::LookupListed));
    s.set_lookup(None);
    assert!(!s.screen(&call(SCAM)).reasons.contains(&Reason::LookupListed), "no lookup, no answer");
}

#[test]
fn user_rules_contacts_and_installed_feeds_come_first() {
    let s = screener("precedence");
    let scam = Pattern::parse(SCAM, None).unwrap();
    s.add_rules(vec![Rule::new(scam, Action::Allow, Category::None, None).unwrap()]).unwrap();
    assert_eq!(s.screen(&call(SCAM)).reasons, vec![Reason::UserAllow]);
    s.remove_rule(&scam);
    let contact = IncomingCall { in_contacts: true, ..call(SCAM) };
    assert_eq!(s.screen(&contact).reasons, vec![Reason::Contact]);

    let secret = [3u8; 32];
    let mut b = DatabaseBuilder::new("installed", 1).unwrap();
    let allow = b.class(Action::Allow, Category::None, None).unwrap();
    let block = b.class(Action::Block, Category::Spam, None).unwrap();
    b.push(scam, allow).unwrap();
    b.push(Pattern::parse(TELEMARKETING, None).unwrap(), block).unwrap();
    s.pin_feed("installed", vec![public_key(&secret)]).unwrap();
    s.install_database(b.build(&secret).unwrap().bytes).unwrap();
    let v = s.screen(&call(SCAM));
    assert_eq!((v.action, v.reasons[0]), (Action::Allow, Reason::FeedAllow), "an installed feed's allow wins");
    let v = s.screen(&call(TELEMARKETING));
    assert_eq!((v.action, v.category, v.reasons[0]), (Action::Block, Category::Spam, Reason::FeedListed));
}

#[test]
fn call_directory_identification_comes_from_the_cache_only() {
    use ringfence_core::Language;
    use ringfence_core::export::lookup_identification;
    let p = published(5, 50, 3, &SECRET);
    let c = client(&scratch("identification"));
    c.accept_manifest(p.manifest.to_json().as_bytes(), NOW).unwrap();
    let numbers = [TELEMARKETING, UNLISTED, SCAM, SCAM, "+41215601234"].map(e164);
    assert_eq!(lookup_identification(&c, numbers, NOW, Language::En), vec![], "nothing cached, nothing identified");
    for n in [SCAM, TELEMARKETING, UNLISTED] {
        let req = c.request(e164(n)).unwrap();
        c.accept_bucket(&req, &p.buckets[req.bucket() as usize], NOW).unwrap();
    }
    let entries = lookup_identification(&c, numbers, NOW, Language::En);
    assert_eq!(
        entries,
        vec![(41446681800, "Fake bank …".to_owned()), (390255512345, "Telemarketing".to_owned())],
        "ascending, deduplicated, labels masked; unlisted and uncached numbers left out"
    );
    assert_eq!(
        lookup_identification(&c, numbers, NOW + 86_400, Language::En),
        vec![],
        "expired buckets answer nothing"
    );
}
