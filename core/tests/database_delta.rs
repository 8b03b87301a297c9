//! Deltas: round trips (property test), small size, and typed rejections.

use proptest::prelude::*;
use ringfence_core::database::{Database, DatabaseBuilder, DatabaseError, Entry, apply, diff, public_key};
use ringfence_core::{Action, Category, E164, Pattern};

const SECRET: [u8; 32] = [9; 32];

fn keys() -> [[u8; 32]; 1] {
    [public_key(&SECRET)]
}

fn build(version: u64, entries: &[Entry]) -> Database {
    let mut b = DatabaseBuilder::new("feed", version).unwrap();
    b.created_at(1_000 + version);
    for e in entries {
        b.add(e).unwrap();
    }
    Database::open(b.build(&SECRET).unwrap().bytes, &keys(), None).unwrap()
}

fn entry(v: u64, w: u8, a: usize, label: Option<&str>) -> Entry {
    let actions = [Action::Block, Action::Label, Action::Silence, Action::Allow];
    Entry {
        pattern: Pattern::key_for(E164::from_u64(v).unwrap(), w).unwrap(),
        action: actions[a % 4],
        category: Category::Spam,
        label: label.map(str::to_owned),
        score: 0,
    }
}

fn entries_strategy() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec((0u64..50_000, 0u8..4, 0usize..4, prop::option::of("[a-z]{1,6}")), 0..200).prop_map(|v| {
        v.into_iter()
            .map(|(n, w, a, l)| entry(41_215_600_000 + n * 3, if w == 3 { 2 } else { 0 }, a, l.as_deref()))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn apply_of_diff_reproduces_the_new_file(old in entries_strategy(), new in entries_strategy(), keep in 0usize..200) {
        let old_db = build(1, &old);
        // The new version keeps part of the old one and adds its own entries.
        let mixed: Vec<Entry> = old.iter().take(keep).cloned().chain(new).collect();
        let new_db = build(2, &mixed);
        let delta = diff(&old_db, &new_db, &SECRET).unwrap();
        let bytes = apply(&old_db, &delta).unwrap();
        prop_assert_eq!(bytes.as_slice(), new_db.as_bytes());
        let applied = old_db.apply_delta(&delta, &keys()).unwrap();
        prop_assert_eq!(applied.metadata(), new_db.metadata());
    }
}

#[test]
fn a_small_change_to_a_large_feed_is_a_small_delta() {
    let base: Vec<Entry> = (0..200_000u64).map(|i| entry(41_790_000_000 + i * 37, 0, 0, None)).collect();
    let old = build(1, &base);
    let mut changed = base[500..].to_vec(); // 500 removed
    changed.extend((0..500u64).map(|i| entry(39_312_000_000 + i * 11, 0, 1, Some("Fake bank")))); // 500 added
    changed[1000] = entry(changed[1000].pattern.first().as_u64(), 0, 3, None); // one changed to allow
    let new = build(2, &changed);
    let delta = diff(&old, &new, &SECRET).unwrap();
    assert!(delta.len() < 4_000, "delta of {} bytes for 1,001 changes", delta.len());
    assert!(new.as_bytes().len() > 100 * delta.len());
    let applied = old.apply_delta(&delta, &keys()).unwrap();
    assert_eq!(applied.as_bytes(), new.as_bytes());
    let n = E164::from_u64(changed[1000].pattern.first().as_u64()).unwrap();
    assert_eq!(applied.lookup(n).unwrap().action, Action::Allow);
}

#[test]
fn deltas_are_rejected_with_typed_errors() {
    let a = build(1, &[entry(41_215_600_001, 0, 0, None)]);
    let b = build(2, &[entry(41_215_600_002, 0, 0, Some("x"))]);
    let other = build(1, &[entry(41_215_600_003, 0, 0, None)]);
    let delta = diff(&a, &b, &SECRET).unwrap();
    assert_eq!(apply(&other, &delta).unwrap_err(), DatabaseError::DeltaBaseMismatch);
    assert_eq!(apply(&a, &delta[..delta.len() - 1]).unwrap_err(), DatabaseError::Truncated);
    assert_eq!(apply(&a, &delta[..4]).unwrap_err(), DatabaseError::Truncated);
    assert_eq!(apply(&a, &[delta.as_slice(), &[0]].concat()).unwrap_err(), DatabaseError::TrailingBytes);
    assert_eq!(apply(&a, b"not a delta").unwrap_err(), DatabaseError::NotADatabase);
    let mut tampered = delta.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert_eq!(apply(&a, &tampered).unwrap_err(), DatabaseError::ChecksumMismatch);
    let mut future = delta.clone();
    future[8] = 3; // the version after the current one (2, signed deltas)
    assert!(matches!(apply(&a, &future).unwrap_err(), DatabaseError::UnsupportedVersion { found: 3, .. }));
    // Going back in versions: the rebuilt file is genuine but older than the installed one.
    let back = diff(&b, &a, &SECRET).unwrap();
    assert_eq!(b.apply_delta(&back, &keys()).unwrap_err(), DatabaseError::Downgrade { installed: 2, offered: 1 });
    // A delta to a file signed by another key fails verification by the pinned key.
    let mut rogue = DatabaseBuilder::new("feed", 3).unwrap();
    rogue.add(&entry(41_215_600_009, 0, 0, None)).unwrap();
    let rogue = Database::open_unauthenticated(rogue.build(&[1; 32]).unwrap().bytes).unwrap();
    let d = diff(&a, &rogue, &[1; 32]).unwrap();
    assert_eq!(a.apply_delta(&d, &keys()).unwrap_err(), DatabaseError::UnknownKey);
}

#[test]
fn random_single_byte_mutations_of_a_delta_never_yield_a_wrong_database() {
    let a = build(1, &(0..300u64).map(|i| entry(41_215_600_000 + i * 5, 0, 0, None)).collect::<Vec<_>>());
    let b = build(
        2,
        &(100..450u64).map(|i| entry(41_215_600_000 + i * 5, 0, (i % 3) as usize, Some("L"))).collect::<Vec<_>>(),
    );
    let delta = diff(&a, &b, &SECRET).unwrap();
    let mut state = 42u64;
    for _ in 0..300 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut d = delta.clone();
        let at = (state >> 33) as usize % d.len();
        d[at] ^= ((state >> 20) as u8) | 1;
        if let Ok(db) = a.apply_delta(&d, &keys()) {
            assert_eq!(db.as_bytes(), b.as_bytes(), "a mutated delta produced another database");
        }
    }
}
