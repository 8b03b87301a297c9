//! Inputs found by the cargo-fuzz targets (`fuzz/`, `scripts/fuzz.sh`), reduced to unit tests.
//!
//! The raw inputs are kept in `fuzz/regressions/<target>/` and replayed by
//! `scripts/fuzz.sh replay`. A test marked `#[ignore]` documents a finding that is not fixed
//! yet: run it with `cargo test -p ringfence-core --test fuzz_regressions -- --ignored`, and
//! remove the `ignore` with the fix.

use ringfence_core::database::test_support::{FeedKey, Section, section_range};
use ringfence_core::database::{Database, public_key};
use ringfence_core::{Action, IncomingCall, Pattern, Policy, Reason, Screener, ScreenerConfig, parse_number};

const SECRET: [u8; 32] = [0x5a; 32];

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
    // No repeated-call breakthrough: both calls come from one number, so when a second passes
    // between them (a loaded machine) the second would ring as a repeated call.
    let policy = Policy { silence_unknown: true, repeated_call_minutes: 0, ..Policy::default() };
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

/// The fuzz crate's base database (`fuzz/src/db.rs`, `base_db_bytes`), as `scripts/fuzz.sh`
/// commits it: the seed of the `db_open` corpus.
fn fuzz_base_db() -> Vec<u8> {
    include_bytes!("../../fuzz/corpus/db_open/seed-db0").to_vec()
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
    // The packed low values of the exact numbers.
    let mut file = base;
    let at = section_range(&file, Section::IndexLows).start + 13;
    file[at] = 51;
    FeedKey::new(&SECRET).reseal(&mut file);
    // Fixed: the full check now reads the packed values (ascending per bucket, matching the
    // occupancy bits), so such a file is refused; a file it accepts answers consistently.
    match Database::open(file, &key, None) {
        Err(e) => assert_eq!(e, ringfence_core::database::DatabaseError::Malformed("number index values")),
        Ok(db) => assert_eq!(unanswered(&db), Vec::<String>::new(), "listed entries are not found"),
    }
}
