//! Attack: "feed names are not tied to keys": a key pinned for one feed publishes a database
//! named like another feed, with version 2^64-1, to replace it and lock out its later
//! versions. Trust is pinned per feed: refused (`KeyNotPinnedForFeed`), and a signer change
//! needs an explicit rotation; nothing installed, no file, no floor changes.

mod support;

use ringfence_core::database::{DatabaseError, public_key};
use support::*;

#[test]
fn a_key_cannot_publish_another_feeds_name() {
    let dir = scratch("feed-keys-hijack");
    let s = stored(&dir);
    s.install_database(feed("a", 3, &KEY_A, 2)).unwrap();
    let before = state(&s, "a", Some(&dir));
    let hijack = feed("a", u64::MAX, &KEY_B, 0);
    assert_eq!(refused(s.install_database(hijack.clone())), DatabaseError::KeyNotPinnedForFeed);
    assert_eq!(refused(s.load_installed_database(hijack.clone())), DatabaseError::KeyNotPinnedForFeed);
    let app_file = dir.join("..").join(format!("hijack-{}.rfdb", std::process::id()));
    std::fs::write(&app_file, &hijack).unwrap();
    assert_eq!(refused(s.install_database_file(&app_file)), DatabaseError::KeyNotPinnedForFeed);
    std::fs::remove_file(&app_file).unwrap();
    // A feed nobody pinned, by a pinned key, and by an unknown one.
    assert_eq!(refused(s.install_database(feed("c", 1, &KEY_B, 0))), DatabaseError::KeyNotPinnedForFeed);
    assert_eq!(refused(s.install_database(feed("a", 9, &STRANGER, 0))), DatabaseError::UnknownKey);
    assert_eq!(state(&s, "a", Some(&dir)), before);
    // The genuine next version still installs: nothing was locked out.
    s.install_database(feed("a", 4, &KEY_A, 2)).unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v4"));
}

#[test]
fn a_second_pinned_key_replaces_the_signer_only_after_a_rotation() {
    let dir = scratch("feed-keys-rotation");
    let s = stored(&dir);
    s.install_database(feed("a", 3, &KEY_A, 2)).unwrap();
    // The feed's next key is pinned beside the current one.
    s.pin_feed("a", vec![public_key(&KEY_A), public_key(&KEY_B)]).unwrap();
    let before = state(&s, "a", Some(&dir));
    let next_key = feed("a", 4, &KEY_B, 2);
    assert_eq!(refused(s.install_database(next_key.clone())), DatabaseError::SignerChanged);
    assert_eq!(state(&s, "a", Some(&dir)), before);
    // After a restart too (the floor remembers the signer).
    let restarted = screener();
    restarted.pin_feed("a", vec![public_key(&KEY_A), public_key(&KEY_B)]).unwrap();
    restarted.use_store(&dir, ringfence_core::database::read_file).unwrap();
    assert_eq!(refused(restarted.install_database(next_key.clone())), DatabaseError::SignerChanged);
    // Rotation to a key not pinned for the feed is refused; to the pinned one it works.
    assert_eq!(refused(s.rotate_feed_key("a", public_key(&STRANGER))), DatabaseError::UnknownKey);
    s.rotate_feed_key("a", public_key(&KEY_B)).unwrap();
    assert!(s.databases().is_empty(), "the old signer's database is uninstalled");
    assert_eq!(s.version_floor("a").map(|f| (f.version, f.signer)), Some((3, public_key(&KEY_B))));
    // Not below the floor, even with the new key; the new key's next version installs.
    assert!(matches!(refused(s.install_database(feed("a", 2, &KEY_B, 0))), DatabaseError::Downgrade { .. }));
    s.install_database(next_key).unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v4"));
    assert_eq!(refused(s.install_database(feed("a", 5, &KEY_A, 0))), DatabaseError::SignerChanged);
}

#[test]
fn unpinning_a_key_uninstalls_what_it_signed_for_that_feed_only() {
    let s = screener();
    s.install_database(feed("a", 1, &KEY_A, 0)).unwrap();
    s.install_database(feed("b", 1, &KEY_B, 0)).unwrap();
    s.pin_feed("a", vec![]).unwrap();
    let left: Vec<String> = s.databases().into_iter().map(|d| d.metadata.feed).collect();
    assert_eq!(left, ["b"]);
}
