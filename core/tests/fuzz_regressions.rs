//! Inputs found by the cargo-fuzz targets (`fuzz/`, `scripts/fuzz.sh`), reduced to unit tests.
//!
//! The raw inputs are kept in `fuzz/regressions/<target>/` and replayed by
//! `scripts/fuzz.sh replay`. A test marked `#[ignore]` documents a finding that is not fixed
//! yet: run it with `cargo test -p ringfence-core --test fuzz_regressions -- --ignored`, and
//! remove the `ignore` with the fix.

use ed25519_dalek::{Signer, SigningKey};
use ringfence_core::database::{Database, DatabaseBuilder, public_key};
use ringfence_core::{
    Action, Category, E164, IncomingCall, Pattern, Policy, Reason, Screener, ScreenerConfig, parse_number,
};
use sha2::{Digest, Sha256};

const SECRET: [u8; 32] = [0x5a; 32];

/// Recomputes the declared length, checksum and signature (as the feed's signer would).
fn reseal(file: &mut [u8]) {
    let len = file.len() as u64;
    file[16..24].copy_from_slice(&len.to_le_bytes());
    file[64..96].copy_from_slice(&public_key(&SECRET));
    let mut h = Sha256::new();
    h.update(&file[..32]);
    h.update([0u8; 32]);
    h.update(&file[64..96]);
    h.update([0u8; 64]);
    h.update(&file[160..]);
    let sum: [u8; 32] = h.finalize().into();
    file[32..64].copy_from_slice(&sum);
    let msg = [b"ringfence-db-v1 checksum:".as_slice(), &sum].concat();
    file[96..160].copy_from_slice(&SigningKey::from_bytes(&SECRET).sign(&msg).to_bytes());
}

/// Byte range of section `k` (0-based, in file order) from the section table.
fn section(file: &[u8], k: usize) -> std::ops::Range<usize> {
    let at = 160 + 24 * k;
    let off = u64::from_le_bytes(file[at + 8..at + 16].try_into().unwrap()) as usize;
    let len = u64::from_le_bytes(file[at + 16..at + 24].try_into().unwrap()) as usize;
    off..off + len
}

/// Finding (fuzz target `number`, 2026-11-29), a panic reachable from a caller ID:
/// `parse_number` panics when `tel:` first appears after `;phone-context=`. rlibphonenumber
/// 2.2.15 (`PhoneNumberUtilInternal::build_national_number_for_parsing`,
/// src/phonenumberutil/phonenumberutil_internal.rs:1613) slices
/// `number_to_parse[index_of_national_number..index_of_phone_context]` with the start taken
/// after the first `tel:`, which here lies past the end: "begin > end (35 > 12) when slicing".
#[test]
fn parse_number_survives_tel_after_phone_context() {
    for text in ["+41446681800;phone-context=+41;tel:", "1;phone-context=+1;tel:2"] {
        for region in [None, "US".parse().ok()] {
            let outcome = std::panic::catch_unwind(|| parse_number(text, region).is_ok());
            assert!(outcome.is_ok(), "parse_number({text:?}, {region:?}) panicked");
        }
        let outcome = std::panic::catch_unwind(|| Pattern::parse(text, None).is_ok());
        assert!(outcome.is_ok(), "Pattern::parse({text:?}) panicked");
    }
}

/// The same finding through `screen`: the panic is caught and the call fails open (allow,
/// `internal_error`), so a caller who appends `;phone-context=+41;tel:` to the caller ID skips
/// every risk signal and policy switch (here "silence unknown callers"), where an unreadable
/// number is otherwise silenced.
#[test]
fn a_crafted_caller_id_does_not_fail_open() {
    let policy = Policy { silence_unknown: true, ..Policy::default() };
    let s = Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), policy, ..ScreenerConfig::default() });
    let call = |n: &str| IncomingCall { number: Some(n.to_owned()), ..IncomingCall::default() };
    let unreadable = s.screen(&call("+41446681800;phone-context=+41;tel"));
    assert_eq!(unreadable.action, Action::Silence, "{unreadable:?}");
    let crafted = s.screen(&call("+41446681800;phone-context=+41;tel:"));
    assert!(!crafted.reasons.contains(&Reason::InternalError), "{crafted:?}");
    assert_eq!(crafted.action, Action::Silence, "{crafted:?}");
}

/// Finding (fuzz target `number`, 2026-11-29): an E.164 string does not always normalize to
/// itself. `+4900800` parses to `+490800`: for an invalid number whose national part starts
/// with the region's national prefix, libphonenumber strips that prefix even in international
/// format, and `parse_number` keeps the result, so one parse's output is not a fixed point; each
/// further parse strips one more `0` (India: `+9100800077676` → `+910800077676` →
/// `+91800077676`). Valid numbers were not affected in the fuzz runs. Found from
/// `"\u{5}\0" + "00080(0"` in region DE and `"000)8000)-7-7676"` in region IN.
#[test]
fn e164_text_normalizes_to_itself() {
    let de = "DE".parse().ok();
    let first = parse_number("\u{5}\u{0}00080(0", de).unwrap();
    assert_eq!(first.e164.to_string(), "+4900800");
    for region in [None, de] {
        let again = parse_number("+4900800", region).unwrap();
        assert_eq!(again.e164, first.e164, "E.164 in, same E.164 out (region {region:?})");
    }
    for text in ["+910800077676", "+9100800077676"] {
        let again = parse_number(text, None).unwrap();
        assert_eq!(again.e164.to_string(), text, "E.164 in, same E.164 out");
    }
}

/// The fuzz crate's base database (`fuzz/src/lib.rs`, `base_db_bytes`).
fn fuzz_base_db() -> Vec<u8> {
    let mut b = DatabaseBuilder::new("fuzz-feed", 10).unwrap();
    b.created_at(1_700_000_000);
    let classes = [
        b.class(Action::Block, Category::Spam, Some("Spam")).unwrap(),
        b.class(Action::Label, Category::Scam, Some("Fake bank")).unwrap(),
        b.class(Action::Allow, Category::None, None).unwrap(),
        b.class(Action::Silence, Category::Telemarketing, Some("Telemarketing")).unwrap(),
        b.class(Action::Block, Category::Wangiri, None).unwrap(),
        b.class(Action::Label, Category::Other, Some("Ünïcödé label ✓")).unwrap(),
    ];
    let mut items: Vec<(u64, u8, usize)> = (0..40u64).map(|i| (41_446_680_000 + i * 7, 0, (i % 6) as usize)).collect();
    items.extend([
        (41_215_601_234, 0, 1),
        (41_215_600_000, 4, 0),
        (41_215_609_999, 0, 2),
        (39_061_234_567, 3, 3),
        (442_079_460_000, 5, 4),
        (19_005_550_100, 2, 5),
    ]);
    for (n, w, c) in items {
        b.push(Pattern::key_for(E164::from_u64(n).unwrap(), w).unwrap(), classes[c]).unwrap();
    }
    b.build(&SECRET).unwrap().bytes
}

/// Entries that `entries()` yields but `lookup` does not find.
fn unanswered(db: &Database) -> Vec<String> {
    db.entries().filter(|e| db.lookup(e.pattern.first()).is_none()).map(|e| e.pattern.to_string()).collect()
}

/// Finding (fuzz targets `db_open` and `db_structure`, 2026-11-29): the full structure check
/// of `Database::open` (and `open_unauthenticated`) accepts a file whose exact-number index
/// disagrees with itself, so `entries()` (Call Directory exports, deltas) lists a number that
/// `lookup` (screening) never finds. `IndexView::validate` (core/src/database/index/view.rs)
/// checks chunk and bucket records, O(chunks + buckets), but never reads the packed low values:
/// not that they ascend inside a bucket and lie in its range, nor that the occupancy bits match
/// them. Changing one byte of the packed values and signing the file again with the feed key
/// gives such a file. Only a feed's signing key (or a bug in a feed's builder) can produce one,
/// and the answers were wrong but safe (no panic, no hang).
#[test]
fn open_refuses_an_index_whose_lookups_and_entries_disagree() {
    let key = [public_key(&SECRET)];
    let base = fuzz_base_db();
    assert!(unanswered(&Database::open(base.clone(), &key, None).unwrap()).is_empty());
    // Section 6 holds the packed low values of the exact numbers.
    let mut file = base;
    let at = section(&file, 6).start + 13;
    file[at] = 51;
    reseal(&mut file);
    // Fixed: the full check now reads the packed values (ascending per bucket, matching the
    // occupancy bits), so such a file is refused; a file it accepts answers consistently.
    match Database::open(file, &key, None) {
        Err(e) => assert_eq!(e, ringfence_core::database::DatabaseError::Malformed("number index values")),
        Ok(db) => assert_eq!(unanswered(&db), Vec::<String>::new(), "listed entries are not found"),
    }
}
