//! Targets `db_open` and `db_structure`: whole database files; and the fuzz databases.

use std::sync::OnceLock;

use ringfence_core::database::{Database, DatabaseBuilder, DbEntry};
use ringfence_core::number::{E164, Pattern};
use ringfence_core::{Action, Category};

use crate::{CREATED, SECRET, feed_key, key};

/// A small database built from `(number, wildcards, class)` triples over a few classes.
pub(crate) fn build_db(feed: &str, version: u64, items: &[(u64, u8, u8)]) -> Vec<u8> {
    let mut b = DatabaseBuilder::new(feed, version).expect("feed name");
    b.created_at(CREATED);
    let classes = [
        b.class(Action::Block, Category::Spam, Some("Spam")).unwrap(),
        b.class(Action::Label, Category::Scam, Some("Fake bank")).unwrap(),
        b.class(Action::Allow, Category::None, None).unwrap(),
        b.class(Action::Silence, Category::Telemarketing, Some("Telemarketing")).unwrap(),
        b.class(Action::Block, Category::Wangiri, None).unwrap(),
        b.class(Action::Label, Category::Other, Some("Ünïcödé label ✓")).unwrap(),
    ];
    for &(n, w, c) in items {
        let Some(e) = E164::from_u64(n) else { continue };
        if let Some(p) = Pattern::key_for(e, w) {
            b.push(p, classes[usize::from(c) % classes.len()]).unwrap();
        }
    }
    b.build(&SECRET).expect("build").bytes
}

/// The base database of the delta and screen targets (and a corpus seed).
pub fn base_db_bytes() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut items: Vec<(u64, u8, u8)> = (0..40u64).map(|i| (41_446_680_000 + i * 7, 0, (i % 6) as u8)).collect();
        items.extend([
            (41_215_601_234, 0, 1),
            (41_215_600_000, 4, 0),
            (41_215_609_999, 0, 2),
            (39_061_234_567, 3, 3),
            (442_079_460_000, 5, 4),
            (19_005_550_100, 2, 5),
        ]);
        build_db("fuzz-feed", 10, &items)
    })
}

pub(crate) fn base_db() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| Database::open(base_db_bytes(), &[key()], None).expect("base database opens"))
}

/// Seed databases for the corpus (valid, small, signed with [`SECRET`]).
pub fn seed_databases() -> Vec<Vec<u8>> {
    vec![
        base_db_bytes().to_vec(),
        build_db("empty", 1, &[]),
        build_db("one", 2, &[(41_446_681_800, 0, 0)]),
        build_db("ranges", 3, &[(41_215_600_000, 4, 0), (41_215_600_000, 2, 2), (39_000_000_000, 9, 3)]),
        build_db(
            "mixed",
            4,
            &(0..200u64).map(|i| (33_100_000_000 + i * 1_234_567, (i % 3) as u8, i as u8)).collect::<Vec<_>>(),
        ),
    ]
}

/// Numbers worth looking up in any database: fixed ones plus the ends of its first entries.
fn probes(db: &Database) -> Vec<E164> {
    let mut out: Vec<E164> =
        [41_446_680_007u64, 41_446_680_008, 41_215_601_234, 41_215_605_555, 41_215_609_999, 1, 999_999_999_999_999]
            .into_iter()
            .filter_map(E164::from_u64)
            .collect();
    for e in db.entries().take(32) {
        let first = e.pattern.first();
        out.push(first);
        out.extend(E164::from_u64(first.as_u64() + (e.pattern.size() - 1)));
        out.extend(E164::from_u64(first.as_u64().saturating_sub(1)));
    }
    out
}

/// How much an open database promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Trust {
    /// Opened with `open_installed` only: wrong answers are allowed, panics and hangs are not.
    Installed,
    /// Passed `open` / `open_unauthenticated` (checksum and structure checks).
    Verified,
    /// Written by `DatabaseBuilder` (or `apply`): lookups and iteration agree exactly.
    Canonical,
}

/// Uses an open database every way a caller can, checking what its [`Trust`] promises.
/// contract (Verified): the checksum verifies, a lookup's deciding entry contains the number.
/// contract (Canonical): entries ascend, each is answered by a lookup, all are iterated.
/// Not checked for merely verified files: `entries_and_lookups_agree_in_a_verified_file` in
/// `core/tests/fuzz_regressions.rs` (the structure check does not read the packed values).
pub(crate) fn exercise(db: &Database, trust: Trust) {
    let verified = trust >= Trust::Verified;
    let canonical = trust == Trust::Canonical;
    let _ = (db.metadata(), db.exact_count(), db.range_count(), db.label_count(), db.checksum(), db.signer());
    let _ = format!("{db:?}");
    db.signature_is_valid();
    let checksum_ok = db.verify_checksum().is_ok();
    if verified {
        assert!(checksum_ok, "contract: a verified database's checksum verifies");
    }
    for n in probes(db) {
        if let Some(m) = db.lookup(n)
            && verified
        {
            assert!(m.pattern.matches(n), "contract: the deciding entry {} contains {n}", m.pattern);
        }
    }
    // A database cannot hold more entries than it has bits; the cap keeps a bad file finite.
    let cap = db.as_bytes().len() * 8 + 64;
    let mut last: Option<(u64, u8)> = None;
    let mut count = 0u64;
    for DbEntry { pattern, .. } in db.entries().take(cap) {
        count += 1;
        let key = (pattern.first().as_u64(), pattern.wildcards());
        if canonical {
            assert!(last.is_none_or(|l| l < key), "contract: entries ascend ({last:?} then {key:?})");
            assert!(db.lookup(pattern.first()).is_some(), "contract: entry {pattern} is answered");
        }
        last = Some(key);
    }
    if canonical {
        assert_eq!(count, db.exact_count() + db.range_count(), "contract: entries() yields every entry");
    }
    for e in db.clone().into_entries().take(64) {
        let _ = e.label.as_deref().map(str::len);
    }
}

/// Whole database files, as downloaded or as read back from storage.
///
/// contract: `open` and `open_unauthenticated` accept only files that pass every check;
/// whatever `open_installed` accepts (no structure check) can be used without panicking.
pub fn db_open(data: &[u8]) {
    let keys = [key()];
    let opened = Database::open(data.to_vec(), &keys, None);
    if let Ok(db) = &opened {
        exercise(db, Trust::Verified);
        assert!(Database::open(data.to_vec(), &keys, Some(db.metadata().version)).is_ok());
    }
    if let Ok(db) = Database::open_unauthenticated(data.to_vec()) {
        exercise(&db, Trust::Verified);
    }
    match Database::open_installed(data.to_vec(), &keys) {
        Ok(db) => exercise(&db, if opened.is_ok() { Trust::Verified } else { Trust::Installed }),
        Err(_) => assert!(opened.is_err(), "contract: a file open accepts, open_installed accepts"),
    }
}

/// Database files with the framing fixed up (length, checksum, signature by the pinned key):
/// the fuzzer mutates sections, tables and the index, as a feed with a leaked key could.
pub fn db_structure(data: &[u8]) {
    let mut file = data.to_vec();
    feed_key().reseal(&mut file);
    db_open(&file);
}
