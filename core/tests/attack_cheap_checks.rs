//! Attack: "unsigned delta bombs" and "a 4 GiB file with the wrong key is fully hashed": the
//! checks that cost O(1) (size caps, framing, the signer pinned for the feed, the signature
//! over the stored checksum) run before any O(size) work. The order is shown by files that
//! fail several checks at once: the cheap refusal is the one reported. (The 4 GiB sparse file
//! itself is in `cli/tests/sparse_file.rs`, which can memory-map it.)

mod support;

use std::time::{Duration, Instant};

use ringfence_core::Screener;
use ringfence_core::database::test_support::{FeedKey, restamp};
use ringfence_core::database::{Database, DatabaseError, DeltaInfo, Limits, diff, public_key};
use support::*;

/// A 20 MB delta for feed `a`'s installed file: a well-formed header signed by `key`, and a
/// payload of junk that would cost seconds and gigabytes to decode.
fn bomb(s: &Screener, key: &[u8; 32]) -> Vec<u8> {
    let base = s.databases().remove(0);
    let info = DeltaInfo {
        feed: "a".into(),
        base_version: base.metadata.version,
        base_checksum: base.checksum,
        result_version: base.metadata.version + 1,
        result_checksum: [7; 32],
        signer: [0; 32],
    };
    FeedKey::new(key).seal_delta(&info, &vec![0xff; 20 << 20])
}

#[test]
fn a_20_mb_crafted_delta_is_refused_before_its_payload_is_read() {
    let s = screener();
    s.install_database(feed("a", 1, &KEY_A, 3)).unwrap();
    let before = state(&s, "a", None);
    let (stranger, other_feed) = (bomb(&s, &STRANGER), bomb(&s, &KEY_B));
    let mut bad_signature = bomb(&s, &KEY_A);
    bad_signature[200] ^= 1;
    let t = Instant::now();
    assert_eq!(refused(s.install_delta("a", &stranger)), DatabaseError::UnknownKey);
    assert_eq!(refused(s.install_delta("a", &other_feed)), DatabaseError::KeyNotPinnedForFeed);
    assert_eq!(refused(s.install_delta("a", &bad_signature)), DatabaseError::BadSignature);
    assert!(t.elapsed() < Duration::from_millis(250), "three refusals took {:?}", t.elapsed());
    // Signed by the feed's key: the payload hash is checked, then the body refused, cheaply.
    let signed = bomb(&s, &KEY_A);
    let t = Instant::now();
    assert_eq!(refused(s.install_delta("a", &signed)), DatabaseError::Malformed("delta body"));
    assert!(t.elapsed() < Duration::from_secs(1), "took {:?}", t.elapsed());
    // Over the size cap: refused before anything else.
    s.set_limits(Limits { max_delta_bytes: 1 << 20, ..Limits::default() }).unwrap();
    assert!(matches!(refused(s.install_delta("a", &signed)), DatabaseError::LimitExceeded { .. }));
    assert_eq!(state(&s, "a", None), before);
}

#[test]
fn databases_are_refused_by_key_and_signature_before_the_body_is_hashed() {
    let keys = [public_key(&KEY_A)];
    // Body altered (checksum now wrong) and the signer replaced: the key is reported.
    let mut file = feed("a", 1, &KEY_A, 50);
    let n = file.len();
    file[n - 1] ^= 1;
    file[64..96].copy_from_slice(&public_key(&STRANGER));
    assert_eq!(Database::open(file.clone(), &keys, None).unwrap_err(), DatabaseError::UnknownKey);
    // Signed by a key pinned for another feed: refused by feed, before the body.
    let s = screener();
    let mut b_named_a = feed("a", 1, &KEY_B, 50);
    let n = b_named_a.len();
    b_named_a[n - 1] ^= 1;
    assert_eq!(refused(s.install_database(b_named_a)), DatabaseError::KeyNotPinnedForFeed);
    // The right key, a checksum field that is not what it signed: the signature is reported.
    let mut resealed = feed("a", 1, &KEY_A, 50);
    let n = resealed.len();
    resealed[n - 1] ^= 1;
    restamp(&mut resealed, &public_key(&KEY_A));
    resealed[n - 1] ^= 1;
    assert_eq!(Database::open(resealed, &keys, None).unwrap_err(), DatabaseError::BadSignature);
}

#[test]
fn size_and_entry_caps_are_checked_from_the_header() {
    let s = screener();
    s.install_database(feed("a", 1, &KEY_A, 2)).unwrap();
    let before = state(&s, "a", None);
    let big = feed("a", 2, &KEY_A, 500);
    s.set_limits(Limits { max_database_bytes: 1024, ..Limits::default() }).unwrap();
    assert!(matches!(refused(s.install_database(big.clone())), DatabaseError::LimitExceeded { .. }));
    assert!(matches!(refused(s.load_installed_database(big.clone())), DatabaseError::LimitExceeded { .. }));
    s.set_limits(Limits { max_database_entries: 100, ..Limits::default() }).unwrap();
    assert!(matches!(refused(s.install_database(big.clone())), DatabaseError::LimitExceeded { .. }));
    let delta = diff(&open(&feed("a", 1, &KEY_A, 2), &KEY_A), &open(&big, &KEY_A), &KEY_A).unwrap();
    s.set_limits(Limits { max_delta_entries: 10, ..Limits::default() }).unwrap();
    assert!(matches!(refused(s.install_delta("a", &delta)), DatabaseError::LimitExceeded { .. }));
    assert_eq!(state(&s, "a", None), before);
    assert!(s.set_limits(Limits { max_delta_bytes: 0, ..Limits::default() }).is_err());
    s.set_limits(Limits::default()).unwrap();
    s.install_delta("a", &delta).unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v2"));
}
