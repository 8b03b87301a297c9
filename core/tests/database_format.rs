//! Every typed rejection of a database file, the fast reopen path, and 1,000 random byte
//! mutations of a valid file (all rejected).

use ringfence_core::database::test_support::{FeedKey, Section, restamp, section_range};
use ringfence_core::database::{Database, DatabaseBuilder, DatabaseError, FORMAT_VERSION, MAGIC, public_key};
use ringfence_core::{Action, Category, E164, Pattern};

const SECRET: [u8; 32] = [11; 32];
const OTHER: [u8; 32] = [22; 32];

fn key() -> [u8; 32] {
    public_key(&SECRET)
}

fn p(s: &str) -> Pattern {
    Pattern::parse(s, None).unwrap()
}

fn sample(version: u64, secret: &[u8; 32]) -> Vec<u8> {
    let mut b = DatabaseBuilder::new("test-feed", version).unwrap();
    b.created_at(1_700_000_000);
    let spam = b.class(Action::Block, Category::Spam, Some("Spam")).unwrap();
    let scam = b.class(Action::Label, Category::Scam, Some("Fake bank")).unwrap();
    let allow = b.class(Action::Allow, Category::None, None).unwrap();
    for i in 0..500u64 {
        b.push(Pattern::exact(E164::from_u64(41_446_680_000 + i * 7).unwrap()), spam).unwrap();
    }
    b.push(p("+41215601234"), scam).unwrap();
    b.push(p("+4121560####"), spam).unwrap();
    b.push(p("+41215609999"), allow).unwrap();
    b.build(secret).unwrap().bytes
}

/// Recomputes the checksum and signs it with `secret`, as an attacker holding that key would.
fn reseal(file: &mut [u8], secret: &[u8; 32]) {
    FeedKey::new(secret).reseal(file);
}

fn open(bytes: Vec<u8>) -> Result<Database, DatabaseError> {
    Database::open(bytes, &[key()], None)
}

#[test]
fn a_valid_file_opens_and_answers() {
    let db = open(sample(5, &SECRET)).unwrap();
    assert_eq!(db.metadata().feed, "test-feed");
    assert_eq!(db.metadata().version, 5);
    assert_eq!(db.metadata().created_unix, 1_700_000_000);
    assert_eq!((db.exact_count(), db.range_count(), db.label_count()), (502, 1, 2));
    let m = db.lookup(E164::from_u64(41_446_680_007).unwrap()).unwrap();
    assert_eq!((m.action, m.category, m.label), (Action::Block, Category::Spam, Some("Spam")));
    assert!(db.lookup(E164::from_u64(41_446_680_008).unwrap()).is_none());
    assert_eq!(db.signer(), key());
    db.verify_checksum().unwrap();
}

#[test]
fn precedence_inside_one_database() {
    let db = open(sample(1, &SECRET)).unwrap();
    let at = |s: &str| db.lookup(E164::from_e164_str(s).unwrap()).map(|m| (m.action, m.pattern.to_string()));
    assert_eq!(at("+41215601234"), Some((Action::Label, "+41215601234".into())), "exact beats range");
    assert_eq!(at("+41215605555"), Some((Action::Block, "+4121560####".into())));
    assert_eq!(at("+41215609999"), Some((Action::Allow, "+41215609999".into())), "allow wins");
    assert_eq!(at("+4121560555"), None, "a range has a fixed length");
}

#[test]
fn wrong_key_is_unknown_key() {
    assert_eq!(open(sample(1, &OTHER)).unwrap_err(), DatabaseError::UnknownKey);
    assert_eq!(Database::open(sample(1, &SECRET), &[], None).unwrap_err(), DatabaseError::UnknownKey);
    assert!(Database::open(sample(1, &OTHER), &[key(), public_key(&OTHER)], None).is_ok(), "any pinned key");
}

#[test]
fn altered_and_resealed_by_another_key_is_bad_signature() {
    // The attacker alters an entry, fixes the checksum, names the pinned key, signs with theirs.
    let mut file = sample(1, &SECRET);
    let at = file.len() - 40;
    file[at] ^= 1;
    reseal(&mut file, &OTHER);
    restamp(&mut file, &key());
    assert_eq!(open(file).unwrap_err(), DatabaseError::BadSignature);
    let mut flipped = sample(1, &SECRET);
    flipped[100] ^= 0x40;
    assert_eq!(open(flipped).unwrap_err(), DatabaseError::BadSignature);
}

#[test]
fn truncated_and_padded_files() {
    let file = sample(1, &SECRET);
    for cut in [0, 4, 9, 100, 159, 160, file.len() / 2, file.len() - 1] {
        assert_eq!(open(file[..cut].to_vec()).unwrap_err(), DatabaseError::Truncated, "cut at {cut}");
    }
    for pad in [&[0u8][..], &[0; 64], b"garbage"] {
        let padded = [file.as_slice(), pad].concat();
        assert_eq!(open(padded).unwrap_err(), DatabaseError::TrailingBytes);
    }
}

#[test]
fn not_a_database_and_unknown_versions() {
    assert_eq!(open(b"PK\x03\x04 not a database at all".to_vec()).unwrap_err(), DatabaseError::NotADatabase);
    let mut future = sample(1, &SECRET);
    future[8..10].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    reseal(&mut future, &SECRET);
    assert_eq!(
        open(future).unwrap_err(),
        DatabaseError::UnsupportedVersion { found: FORMAT_VERSION + 1, supported: FORMAT_VERSION }
    );
    assert_eq!(MAGIC, *b"\x89RFDB\r\n\x1a");
}

#[test]
fn checksum_mismatch() {
    let mut file = sample(1, &SECRET);
    let mid = file.len() / 2;
    file[mid] ^= 0x10;
    assert_eq!(open(file).unwrap_err(), DatabaseError::ChecksumMismatch);
}

#[test]
fn downgrade_and_replay_are_refused() {
    let old = sample(4, &SECRET);
    assert_eq!(
        Database::open(old.clone(), &[key()], Some(5)).unwrap_err(),
        DatabaseError::Downgrade { installed: 5, offered: 4 }
    );
    assert!(Database::open(old.clone(), &[key()], Some(4)).is_ok(), "reinstalling the same version is fine");
    assert!(Database::open(old, &[key()], Some(3)).is_ok());
}

#[test]
fn malformed_sections_signed_by_the_feed_key_are_malformed() {
    let file = sample(1, &SECRET);
    let at = |s: Section| section_range(&file, s).start;
    // A section-table record: kind u32, flags u32, offset u64 (at +8), length u64.
    let (labels_record, meta_end) = (Section::Labels.record_at(), section_range(&file, Section::Meta).end);
    type Corrupt<'a> = Box<dyn Fn(&mut Vec<u8>) + 'a>;
    let cases: Vec<(&str, Corrupt)> = vec![
        ("section kind", Box::new(|f: &mut Vec<u8>| f[Section::Meta.record_at()] = 99)),
        ("section offset", Box::new(move |f: &mut Vec<u8>| f[labels_record + 8] ^= 8)),
        ("metadata", Box::new(move |f: &mut Vec<u8>| f[at(Section::Meta)] = 0xff)),
        ("label count", Box::new(move |f: &mut Vec<u8>| f[at(Section::Labels)] = 9)),
        ("class action", Box::new(move |f: &mut Vec<u8>| f[at(Section::Classes) + 8] = 7)),
        ("index header", Box::new(move |f: &mut Vec<u8>| f[at(Section::IndexHeader) + 16] = 70)),
        ("chunk record", Box::new(move |f: &mut Vec<u8>| f[at(Section::IndexChunks) + 4] ^= 2)),
        ("range count", Box::new(move |f: &mut Vec<u8>| f[at(Section::Ranges) + 4] ^= 1)),
        ("range record", Box::new(move |f: &mut Vec<u8>| f[at(Section::Ranges) + 8 + 16] ^= 1)),
        ("padding", Box::new(move |f: &mut Vec<u8>| f[meta_end] = 1)),
    ];
    for (what, corrupt) in cases {
        let mut f = file.clone();
        corrupt(&mut f);
        reseal(&mut f, &SECRET);
        match open(f) {
            Err(DatabaseError::Malformed(_)) => {}
            other => panic!("{what}: expected Malformed, got {other:?}"),
        }
    }
}

#[test]
fn fast_reopen_checks_framing_key_and_signature_but_not_the_body_hash() {
    let file = sample(1, &SECRET);
    let db = Database::open_installed(file.clone(), &[key()]).unwrap();
    assert_eq!(db.exact_count(), 502);
    assert_eq!(Database::open_installed(file.clone(), &[public_key(&OTHER)]).unwrap_err(), DatabaseError::UnknownKey);
    assert_eq!(
        Database::open_installed(file[..file.len() - 1].to_vec(), &[key()]).unwrap_err(),
        DatabaseError::Truncated
    );
    let mut sig = file.clone();
    sig[120] ^= 1;
    assert_eq!(Database::open_installed(sig, &[key()]).unwrap_err(), DatabaseError::BadSignature);
    // A body byte altered after installation is not detected by the fast path, never panics,
    // and is caught by verify_checksum.
    let mut body = file.clone();
    body[section_range(&file, Section::IndexLows).start + 5] ^= 0xff;
    let db = Database::open_installed(body, &[key()]).unwrap();
    for v in 41_446_680_000..41_446_684_000u64 {
        let _ = db.lookup(E164::from_u64(v).unwrap());
    }
    assert!(db.entries().count() <= 503);
    assert_eq!(db.verify_checksum().unwrap_err(), DatabaseError::ChecksumMismatch);
}

#[test]
fn a_thousand_random_single_byte_mutations_are_all_rejected() {
    let file = sample(1, &SECRET);
    let mut state = 0x1234_5678_9abc_def0u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..1000 {
        let mut f = file.clone();
        let at = (next() % f.len() as u64) as usize;
        let delta = (next() % 255 + 1) as u8;
        f[at] = f[at].wrapping_add(delta);
        assert!(open(f).is_err(), "mutation at byte {at} accepted");
    }
}

#[test]
fn empty_database() {
    let b = DatabaseBuilder::new("empty", 1).unwrap();
    let db = open(b.build(&SECRET).unwrap().bytes).unwrap();
    assert_eq!((db.exact_count(), db.range_count()), (0, 0));
    assert!(db.lookup(E164::from_u64(41_446_681_800).unwrap()).is_none());
    assert_eq!(db.entries().count(), 0);
}

#[test]
fn database_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Database>();
    assert_send_sync::<ringfence_core::database::OwnedEntries>();
    let db = open(sample(1, &SECRET)).unwrap();
    let clone = db.clone();
    assert_eq!(clone.as_bytes().as_ptr(), db.as_bytes().as_ptr(), "clones share the bytes");
}
