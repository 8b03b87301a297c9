//! The lookup client through the FFI skin: verdicts from cached answers, typed refusals that
//! leave the cache alone and name no number, and Call Directory entries from the cache.

use std::sync::Arc;

use crate::{
    IncomingCall, LookupClient, LookupProblem, RingfenceError, Screener, ScreenerConfig, default_lookup_settings,
};
use ringfence_core::database::{public_key, to_hex};
use ringfence_core::lookup::{PublishOptions, publish};
use ringfence_core::{Action, Category, Database, DatabaseBuilder, Language, Pattern, Presentation, Verification};

const SECRET: [u8; 32] = [7; 32];
const NOW: u64 = 1_800_000_000;
const SCAM: &str = "+41446681800";

fn publication() -> ringfence_core::lookup::Publication {
    let mut b = DatabaseBuilder::new("spam", 3).unwrap();
    let scam = b.class(Action::Block, Category::Scam, Some("Fake bank 044 668 18 00")).unwrap();
    b.push(Pattern::parse(SCAM, None).unwrap(), scam).unwrap();
    let db = Database::open(b.build(&SECRET).unwrap().bytes, &[public_key(&SECRET)], None).unwrap();
    publish(&db, &SECRET, &PublishOptions { bits: Some(4), ..Default::default() }).unwrap()
}

fn client(name: &str) -> LookupClient {
    let dir = std::env::temp_dir().join(format!("ringfence-ffi-lookup-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    LookupClient::new(dir.display().to_string(), format!(" {}\n", to_hex(&public_key(&SECRET))), None).unwrap()
}

fn refusal(e: RingfenceError) -> LookupProblem {
    match e {
        RingfenceError::LookupRefused { kind, reason } => {
            assert!(!reason.chars().any(|c| c.is_ascii_digit()), "{reason}");
            kind
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_fetched_bucket_answers_screening_and_the_call_directory() {
    let p = publication();
    let c = client("answers");
    let no_manifest = c.lookup_path(SCAM.into(), None).err().map(refusal);
    assert_eq!(no_manifest, Some(LookupProblem::NoManifest));
    let m = c.accept_manifest(p.manifest.to_json().into_bytes(), NOW).unwrap();
    assert_eq!((m.feed.as_str(), m.version, m.bits), ("spam", 3, 4));
    assert!(c.manifest_is_fresh(NOW) && !c.manifest_is_fresh(NOW + default_lookup_settings().manifest_ttl_secs));

    let req = c.lookup_path("044 668 18 00".into(), Some("CH".into())).unwrap();
    assert!(req.path().starts_with("b/") && !req.path().contains("4466"), "{}", req.path());
    let bucket = p.buckets[req.bucket_id() as usize].clone();
    let mut tampered = bucket.clone();
    *tampered.last_mut().unwrap() ^= 1;
    assert_eq!(refusal(c.accept_bucket(req.clone(), tampered, NOW).unwrap_err()), LookupProblem::BadSignature);
    assert_eq!(c.cache_usage().buckets, 0, "a refusal caches nothing");
    assert_eq!(c.cached_answer(SCAM.into(), None, NOW), None);

    let answer = c.accept_bucket(req, bucket, NOW).unwrap();
    assert!(answer.listed && answer.action == Some(Action::Block) && answer.version == 3, "{answer:?}");
    assert_eq!(answer.label.as_deref(), Some("Fake bank …"));
    assert_eq!(c.cached_answer("0446681800".into(), Some("CH".into()), NOW), Some(answer));

    let screener = Screener::new(ScreenerConfig {
        language: Language::En,
        default_region: Some("CH".into()),
        policy: None,
        home_region: None,
        customer_brands: vec![],
        reminder_interval_hours: 24,
        line_policies: vec![],
    })
    .unwrap();
    let call = IncomingCall {
        number: Some(SCAM.into()),
        presentation: Presentation::Allowed,
        verification: Verification::NotVerified,
        region: None,
        user_number: None,
        in_contacts: false,
        display_name: None,
        time: None,
        home_region: None,
        line: None,
    };
    assert!(!screener.screen(call.clone()).reasons.contains(&"lookup_listed".into()));
    screener.use_lookup(Some(Arc::new(c)));
    let v = screener.screen(call.clone());
    assert_eq!((v.action, v.reasons[0].as_str()), (Action::Block, "lookup_listed"));
    screener.use_lookup(None);
    assert!(!screener.screen(call).reasons.contains(&"lookup_listed".into()));
}

#[test]
fn identification_entries_come_from_the_cache() {
    let p = publication();
    let c = client("identification");
    c.accept_manifest(p.manifest.to_json().into_bytes(), NOW).unwrap();
    let numbers = vec![SCAM.to_owned(), "not a number".into(), "+41446681899".into()];
    assert!(c.identification_entries(numbers.clone(), None, Language::En, NOW).is_empty());
    let req = c.lookup_path(SCAM.into(), None).unwrap();
    c.accept_bucket(req.clone(), p.buckets[req.bucket_id() as usize].clone(), NOW).unwrap();
    let entries = c.identification_entries(numbers, None, Language::En, NOW);
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].number, entries[0].label.as_str()), (41446681800, "Fake bank …"));
}

#[test]
fn bad_keys_and_numbers_are_typed_errors() {
    let dir = std::env::temp_dir().join("ringfence-ffi-lookup-badkey").display().to_string();
    assert!(matches!(LookupClient::new(dir, "abc".into(), None), Err(RingfenceError::InvalidDatabase { .. })));
    let c = client("numbers");
    c.accept_manifest(publication().manifest.to_json().into_bytes(), NOW).unwrap();
    assert!(matches!(c.lookup_path("hello".into(), None), Err(RingfenceError::InvalidNumber { .. })));
    assert!(matches!(c.lookup_path(SCAM.into(), Some("CHE".into())), Err(RingfenceError::InvalidRegion)));
}
