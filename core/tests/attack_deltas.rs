//! Attack: "a delta made for feed A can produce feed B" (signed by another pinned key), and
//! unsigned or tampered deltas. Each is refused with a typed error before anything is written:
//! the installed file, the active feed and the version floor stay as they were.

mod support;

use ringfence_core::database::test_support::FeedKey;
use ringfence_core::database::{DELTA_MAGIC, DatabaseError, DeltaInfo, apply, diff};
use support::*;

/// Where the payload starts in a delta of feed `a`: the 232-byte header, then the name.
const PAYLOAD_AT: usize = 232 + 1;

#[test]
fn a_delta_for_feed_b_never_turns_feed_a_into_b() {
    let dir = scratch("delta-cross-feed");
    let s = stored(&dir);
    let (a1, b1, b2) = (feed("a", 1, &KEY_A, 3), feed("b", 1, &KEY_B, 5), feed("b", 9, &KEY_B, 8));
    s.install_database(a1.clone()).unwrap();
    let before = state(&s, "a", Some(&dir));
    // The shipped-CLI attack: `diff B1 B2` then patch feed A with it.
    let for_b = diff(&open(&b1, &KEY_B), &open(&b2, &KEY_B), &KEY_B).unwrap();
    assert_eq!(refused(s.install_delta("a", &for_b)), DatabaseError::FeedMismatch);
    assert_eq!(refused(s.apply_delta("a", &for_b)), DatabaseError::FeedMismatch);
    // A delta from A's file to B's: `diff` refuses to write it, and a hand-made one naming
    // feed A is signed by B's key, which is not pinned for A.
    assert_eq!(diff(&open(&a1, &KEY_A), &open(&b2, &KEY_B), &KEY_B).unwrap_err(), DatabaseError::FeedMismatch);
    let a = open(&a1, &KEY_A);
    let forged = DeltaInfo {
        feed: "a".into(),
        base_version: 1,
        base_checksum: a.checksum(),
        result_version: 9,
        result_checksum: open(&b2, &KEY_B).checksum(),
        signer: [0; 32],
    };
    let forged = FeedKey::new(&KEY_B).seal_delta(&forged, b"payload never decoded");
    assert_eq!(refused(s.install_delta("a", &forged)), DatabaseError::KeyNotPinnedForFeed);
    assert_eq!(apply(&a, &forged).unwrap_err(), DatabaseError::UnknownKey, "not the base's signer");
    // The same forged delta signed by a key pinned for nothing.
    let stranger = FeedKey::new(&STRANGER).seal_delta(&DeltaInfo::read(&forged).unwrap(), b"x");
    assert_eq!(refused(s.install_delta("a", &stranger)), DatabaseError::UnknownKey);
    assert_eq!(state(&s, "a", Some(&dir)), before, "nothing changed, no file written");
    assert_eq!(answer(&s).as_deref(), Some("a v1"));
}

#[test]
fn unsigned_tampered_and_re_signed_deltas_are_refused() {
    let dir = scratch("delta-tampered");
    let s = stored(&dir);
    let (a1, a2) = (feed("a", 1, &KEY_A, 3), feed("a", 2, &KEY_A, 6));
    s.install_database(a1.clone()).unwrap();
    let before = state(&s, "a", Some(&dir));
    let delta = diff(&open(&a1, &KEY_A), &open(&a2, &KEY_A), &KEY_A).unwrap();
    // An old (version 1) unsigned delta.
    let mut unsigned = DELTA_MAGIC.to_vec();
    unsigned.extend_from_slice(&1u16.to_le_bytes());
    unsigned.extend_from_slice(&[0; 46]);
    assert_eq!(refused(s.install_delta("a", &unsigned)), DatabaseError::UnsignedDelta);
    // A header field changed (base version, result version and checksum, signature): the
    // signature no longer verifies. The feed name changed: the key is not pinned for that feed.
    for at in [60, 100, 120, 200] {
        let mut t = delta.clone();
        t[at] ^= 1;
        assert_eq!(refused(s.install_delta("a", &t)), DatabaseError::BadSignature, "byte {at}");
    }
    let mut renamed = delta.clone();
    renamed[PAYLOAD_AT - 1] = b'b';
    assert_eq!(refused(s.install_delta("a", &renamed)), DatabaseError::KeyNotPinnedForFeed, "a key of a, naming b");
    // The payload changed: caught by its signed hash.
    let mut t = delta.clone();
    let last = t.len() - 1;
    t[last] ^= 1;
    assert_eq!(refused(s.install_delta("a", &t)), DatabaseError::ChecksumMismatch);
    // Re-signed by feed B's key (pinned, but for feed b).
    let info = DeltaInfo::read(&delta).unwrap();
    let resigned = FeedKey::new(&KEY_B).seal_delta(&info, &delta[PAYLOAD_AT..]);
    assert_eq!(refused(s.install_delta("a", &resigned)), DatabaseError::KeyNotPinnedForFeed);
    assert_eq!(state(&s, "a", Some(&dir)), before);
    // The genuine delta installs, into a new file of the store.
    let info = s.install_delta("a", &delta).unwrap();
    assert_eq!((info.metadata.feed.as_str(), info.metadata.version), ("a", 2));
    assert_eq!(answer(&s).as_deref(), Some("a v2"));
    assert_eq!(s.version_floor("a").unwrap().version, 2);
    // Replaying it now: made for version 1, not the installed file.
    assert_eq!(refused(s.install_delta("a", &delta)), DatabaseError::DeltaBaseMismatch);
}

#[test]
fn a_delta_cannot_change_the_signer() {
    let s = screener();
    s.pin_feed("a", vec![ringfence_core::database::public_key(&KEY_A), ringfence_core::database::public_key(&KEY_B)])
        .unwrap();
    let a1 = feed("a", 1, &KEY_A, 2);
    s.install_database(a1.clone()).unwrap();
    // Both keys are pinned for feed a, but the installed file is KEY_A's.
    let to_b = diff(&open(&a1, &KEY_A), &open(&feed("a", 2, &KEY_B, 2), &KEY_B), &KEY_B).unwrap();
    assert_eq!(refused(s.install_delta("a", &to_b)), DatabaseError::SignerChanged);
    assert_eq!(answer(&s).as_deref(), Some("a v1"));
}
