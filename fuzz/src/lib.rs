//! Fuzz target bodies for `ringfence-core`, shared by the libFuzzer binaries
//! (`fuzz_targets/*.rs`, nightly + cargo-fuzz) and the stable `replay` example, which runs every
//! committed corpus and regression file through the same functions.
//!
//! The library's contract: whatever the bytes, these APIs return values or typed errors and
//! never panic, hang or allocate without bound. Each body also checks a few cheap invariants
//! (marked `contract:`); a failed one panics, which the fuzzer reports like a crash.
//!
//! | target         | what it feeds                                                                     |
//! |----------------|-----------------------------------------------------------------------------------|
//! | `number`       | caller strings: `parse_number`, emergency checks, `Pattern::parse`, helpers        |
//! | `import`       | list files: CSV/text/JSON/plist imports, user rule CSV, brand registry JSON         |
//! | `db_open`      | whole database files: `open`, `open_installed`, `open_unauthenticated`, lookups     |
//! | `db_structure` | database files resealed (length, checksum, signature fixed) so the structure is hit |
//! | `delta`        | deltas (raw, or with framing fixed up), and `diff`/`apply` round trips              |
//! | `screen`       | a screener with rules, a feed and outgoing calls, screening arbitrary call records  |

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use ed25519_dalek::{Signer, SigningKey};
use ringfence_core::database::{self, Database, DatabaseBuilder, DbEntry, ImportOptions, ListFormat};
use ringfence_core::number::{self, E164, Pattern, RegionCode, emergency};
use ringfence_core::rules::{RuleSet, parse_rules_csv};
use ringfence_core::{
    Action, CallTime, Category, IncomingCall, Language, Policy, Presentation, ProtectionLevel, Reason, Rule, Screener,
    ScreenerConfig, Verification,
};
use sha2::{Digest, Sha256};

/// The ed25519 secret key (seed) the fuzz databases are signed with. Test-only.
pub const SECRET: [u8; 32] = [0x5a; 32];

/// The public key of [`SECRET`].
pub fn key() -> [u8; 32] {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    *KEY.get_or_init(|| database::public_key(&SECRET))
}

/// Creation time stamped into every fuzz database (reproducible bytes).
const CREATED: u64 = 1_700_000_000;
/// "Now" for screening (2026-11-28T21:05:00Z), so call histories are reproducible.
const NOW: i64 = 1_795_896_300;

/// Regions the fuzzer picks from (plus `None` and two arbitrary letters).
const REGIONS: [&str; 20] = [
    "CH", "IT", "US", "GB", "DE", "FR", "AT", "IN", "BR", "JP", "AU", "RU", "CN", "MX", "AR", "ZA", "NL", "SE", "KR",
    "ZZ",
];

const ACTIONS: [Action; 4] = [Action::Allow, Action::Label, Action::Silence, Action::Block];

/// A region from one selector byte: `None`, one of [`REGIONS`], or two letters.
fn region_of(sel: u8, extra: u8) -> Option<RegionCode> {
    match sel % 32 {
        0 => None,
        n if (n as usize) <= REGIONS.len() => REGIONS[n as usize - 1].parse().ok(),
        _ => {
            let letters = [b'A' + sel / 32 % 26, b'A' + extra % 26];
            std::str::from_utf8(&letters).ok()?.parse().ok()
        }
    }
}

/// contract: error and report texts never echo the input's digits (checked for runs of 5+).
fn assert_no_digits_of(text: &str, input: &str) {
    let digits = number::digits_only(input);
    if digits.len() >= 5 {
        assert!(!text.contains(&digits), "text echoes the input's digits: {text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// number

/// Caller strings: `[region selector, extra, u64 bytes (8)?, text…]`.
///
/// Runs `parse_number`, the emergency checks, `Pattern::parse`, `E164` and the text helpers.
/// contract: the E.164 form of a parsed number parses again (the same number when it is valid;
/// invalid ones are the open finding `e164_text_normalizes_to_itself` in
/// `core/tests/fuzz_regressions.rs`); a `#` pattern's display form parses back to it; a pattern
/// contains its first number; error texts never contain the input's digits.
pub fn number(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(2));
    let (sel, extra) = (head.first().copied().unwrap_or(0), head.get(1).copied().unwrap_or(0));
    let region = region_of(sel, extra);
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();

    // Integer entry points, from the first 8 bytes of the text.
    let mut raw = [0u8; 8];
    raw[..rest.len().min(8)].copy_from_slice(&rest[..rest.len().min(8)]);
    let value = u64::from_le_bytes(raw);
    number::is_emergency_value(value);
    number::is_emergency_value(value % 100_000_000_000);
    if let Some(e) = E164::from_u64(value % 1_000_000_000_000_000) {
        for w in 0..=16u8 {
            if let Some(p) = Pattern::key_for(e, w) {
                assert!(p.matches(e), "contract: key_for({e}, {w}) contains {e}");
            }
        }
    }

    match number::parse_number(text, region) {
        Ok(n) => {
            let e164 = n.e164.to_string();
            assert!(e164.starts_with('+') && (2..=16).contains(&e164.len()), "E.164 form {e164:?}");
            number::is_emergency_e164(&n);
            for again_region in [None, region] {
                let again = number::parse_number(&e164, again_region)
                    .unwrap_or_else(|e| panic!("contract: {e164} (from parse) is refused again: {e}"));
                if n.valid {
                    assert_eq!(again.e164, n.e164, "contract: normalization of a valid number is idempotent");
                }
            }
            assert_eq!(E164::from_e164_str(&e164), Some(n.e164));
        }
        Err(e) => assert_no_digits_of(&e.to_string(), text),
    }
    if let Some(r) = region {
        number::is_emergency_number(text, r);
        emergency::is_emergency_digits(text, r.as_str());
        number::country_code_for_region(r);
    }
    emergency::is_emergency_digits(&number::digits_only(text), REGIONS[usize::from(extra) % REGIONS.len()]);
    E164::from_e164_str(text);
    let id = number::read_caller_id(text);
    assert_eq!(id.is_withheld(), id.number.is_none());
    let dialled = number::dialled_number(text, region);
    let regions = emergency::EmergencyRegions { network: region, home: None };
    emergency::is_emergency_call(&dialled, regions, None);

    match Pattern::parse(text, region) {
        Ok(p) => {
            assert!(p.matches(p.first()), "contract: {p} contains its first number");
            assert!(p.wildcards() < 15 && p.size() >= 1);
            let shown = p.to_string();
            let again = Pattern::parse(&shown, None)
                .unwrap_or_else(|e| panic!("contract: pattern {shown} (from parse) is refused again: {e}"));
            if p.wildcards() > 0 || number::parse_number(text.trim(), region).is_ok_and(|n| n.valid) {
                assert_eq!(again, p, "contract: a pattern's display form parses back to it");
            }
        }
        Err(e) => assert_no_digits_of(&e.to_string(), text),
    }

    CallTime::parse_rfc3339(text).map(|t| t.local_minute_of_day());
    Language::from_code(text);
    ringfence_core::i18n::mask_numbers(text);
}

// ---------------------------------------------------------------------------------------------
// import

/// List files: `[format selector, region selector, defaults selector, text…]`.
///
/// Formats: feed CSV, text, JSON, plist (read, then built into a database that must open and
/// answer like its list), the user's rule CSV (into a rule set and a screener), and a brand
/// registry JSON. contract: every accepted row is counted; rejected-row reasons never contain
/// digits; a database built from an import always opens with the full check and answers like
/// its list (an allow entry wins over any other entry for the same pattern); in a rule list
/// the last row for a pattern wins (`RuleSet::insert` replaces), so an allow rule that is the
/// last for its pattern is answered with allow.
pub fn import(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(3));
    let sel = |i: usize| head.get(i).copied().unwrap_or(0);
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    let region = region_of(sel(1), sel(2));
    match sel(0) % 6 {
        f @ 0..=3 => {
            let format = [ListFormat::Csv, ListFormat::Text, ListFormat::Json, ListFormat::Plist][usize::from(f)];
            let opts = ImportOptions {
                region,
                action: ACTIONS[usize::from(sel(2) % 4)],
                category: Category::ALL[usize::from(sel(2) / 4) % Category::ALL.len()],
            };
            import_list(format, text, &opts, sel(0) & 0x80 != 0);
        }
        4 => import_rules(text, region),
        _ => {
            let s = Screener::default();
            if s.load_brands_json(text).is_ok() {
                for name in ["Acme Bank", "", text] {
                    let call = IncomingCall {
                        number: Some("+41446681800".into()),
                        display_name: Some(name.into()),
                        ..IncomingCall::default()
                    };
                    check_verdict(&s, &call);
                }
            }
        }
    }
}

fn import_list(format: ListFormat, text: &str, opts: &ImportOptions, strict: bool) {
    let (entries, report) = match database::import::read_list(format, text, opts) {
        Ok(r) => r,
        Err(e) => return assert_no_digits_of(&e.to_string(), text),
    };
    assert_eq!(report.accepted as usize, entries.len(), "contract: accepted rows are counted");
    for r in &report.rejected {
        assert!(!r.reason.chars().any(|c| c.is_ascii_digit()), "contract: row reason {:?}", r.reason);
    }
    let mut b = DatabaseBuilder::new("fuzz-import", 1).expect("feed name");
    b.created_at(CREATED);
    match b.import(format, text, opts, strict) {
        Ok(again) => assert_eq!(again, report, "contract: importing reads like read_list"),
        Err(_) => {
            assert!(strict && !report.rejected.is_empty(), "contract: a non-strict import of a readable list adds it");
            return;
        }
    }
    let out = b.build(&SECRET).expect("contract: a builder fed by an import builds");
    let db = Database::open(out.bytes, &[key()], None).expect("contract: a built database opens");
    assert_eq!(db.exact_count() + db.range_count() + out.duplicates, entries.len() as u64);
    for e in entries.iter().take(256) {
        let m = db.lookup(e.pattern.first()).expect("contract: a listed number is answered");
        if e.action == Action::Allow {
            assert_eq!(m.action, Action::Allow, "contract: an allow entry wins");
        }
    }
    exercise(&db, Trust::Canonical);
}

fn import_rules(text: &str, region: Option<RegionCode>) {
    let (rules, report) = match parse_rules_csv(text, region) {
        Ok(r) => r,
        Err(e) => return assert_no_digits_of(&e.to_string(), text),
    };
    assert_eq!(report.accepted as usize, rules.len(), "contract: accepted rows are counted");
    for r in &report.rejected {
        assert!(!r.reason.chars().any(|c| c.is_ascii_digit()), "contract: row reason {:?}", r.reason);
    }
    let mut set = RuleSet::default();
    for r in rules.iter().cloned() {
        set.insert(r).expect("rule count is far below the limit");
    }
    let last: std::collections::HashMap<Pattern, Action> = rules.iter().map(|r| (r.pattern, r.action)).collect();
    for r in rules.iter().take(256) {
        let m = set.lookup(r.pattern.first()).expect("contract: a rule's own number is answered");
        if last[&r.pattern] == Action::Allow {
            assert_eq!(m.action, Action::Allow, "contract: an allow rule wins");
        }
    }
    let s = Screener::new(ScreenerConfig { default_region: region, ..ScreenerConfig::default() });
    s.import_rules_csv(text).expect("contract: a list parse_rules_csv reads imports");
    for r in rules.iter().take(32) {
        let call = IncomingCall { number: Some(r.pattern.first().to_string()), region, ..IncomingCall::default() };
        check_verdict(&s, &call);
    }
}

// ---------------------------------------------------------------------------------------------
// databases

/// A small database built from `(number, wildcards, class)` triples over a few classes.
fn build_db(feed: &str, version: u64, items: &[(u64, u8, u8)]) -> Vec<u8> {
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

fn base_db() -> &'static Database {
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
enum Trust {
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
fn exercise(db: &Database, trust: Trust) {
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

/// Recomputes the declared length, checksum and signature of a database file (as the feed
/// would when signing it), so that mutated structure reaches the structure checks.
pub fn reseal(file: &mut [u8]) {
    if file.len() < 160 {
        return;
    }
    let len = file.len() as u64;
    file[16..24].copy_from_slice(&len.to_le_bytes());
    file[64..96].copy_from_slice(&key());
    let mut h = Sha256::new();
    h.update(&file[..32]);
    h.update([0u8; 32]);
    h.update(&file[64..96]);
    h.update([0u8; 64]);
    h.update(&file[160..]);
    let sum: [u8; 32] = h.finalize().into();
    file[32..64].copy_from_slice(&sum);
    let msg = [b"ringfence-db-v1 checksum:".as_slice(), &sum].concat();
    file[96..160].copy_from_slice(&signing_key().sign(&msg).to_bytes());
}

fn signing_key() -> &'static SigningKey {
    static SK: OnceLock<SigningKey> = OnceLock::new();
    SK.get_or_init(|| SigningKey::from_bytes(&SECRET))
}

/// Database files with the framing fixed up (length, checksum, signature by the pinned key):
/// the fuzzer mutates sections, tables and the index, as a feed with a leaked key could.
pub fn db_structure(data: &[u8]) {
    let mut file = data.to_vec();
    reseal(&mut file);
    db_open(&file);
}

// ---------------------------------------------------------------------------------------------
// delta

/// One entry for a generated database, near the base database's numbers so diffs overlap.
#[derive(Debug, Arbitrary)]
struct GenEntry {
    near: u8,
    offset: u16,
    wildcards: u8,
    class: u8,
}

/// Deltas against the base database: `[mode, …]`.
///
/// Mode 0: the rest is a delta file, applied as is. Mode 1: the rest is a delta payload
/// (postcard body); the framing (magic, version, length, SHA-256) and the base checksum are
/// fixed up so the body is decoded and applied. Mode 2: the rest generates a new database;
/// contract: `diff` works both ways between two builder outputs and `apply` reproduces the
/// target byte for byte, and the result opens.
pub fn delta(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let base = base_db();
    match mode % 3 {
        0 => apply_delta(base, rest),
        1 => apply_delta(base, &frame_delta(base, rest)),
        _ => {
            let mut u = Unstructured::new(rest);
            let version: u8 = u.arbitrary().unwrap_or(0);
            let wanted: Vec<GenEntry> = u.arbitrary().unwrap_or_default();
            let anchors: Vec<u64> = base.entries().map(|e| e.pattern.first().as_u64()).collect();
            let items: Vec<(u64, u8, u8)> = wanted
                .iter()
                .take(512)
                .map(|g| {
                    let anchor = anchors.get(usize::from(g.near) % anchors.len().max(1)).copied().unwrap_or(41);
                    (anchor + u64::from(g.offset % 64), g.wildcards % 6, g.class)
                })
                .collect();
            let new_bytes = build_db("fuzz-feed", u64::from(version), &items);
            let new = Database::open(new_bytes, &[key()], None).expect("contract: a built database opens");
            exercise(&new, Trust::Canonical);
            for (from, to) in [(base, &new), (&new, base)] {
                let d = database::diff(from, to).expect("contract: diff between builder outputs works");
                let rebuilt = database::apply(from, &d).expect("contract: a delta from diff applies");
                assert!(rebuilt == to.as_bytes(), "contract: apply reproduces the target");
                apply_delta(from, &d);
            }
        }
    }
}

/// Wraps a payload in delta framing for `base`.
pub fn frame_delta(base: &Database, payload: &[u8]) -> Vec<u8> {
    let mut payload = payload.to_vec();
    if payload.len() >= 32 {
        payload[..32].copy_from_slice(&base.checksum());
    }
    let mut out = Vec::with_capacity(56 + payload.len());
    out.extend_from_slice(&database::DELTA_MAGIC);
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&[0; 6]);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(&payload));
    out.extend_from_slice(&payload);
    out
}

fn apply_delta(base: &Database, delta: &[u8]) {
    if let Ok(bytes) = database::apply(base, delta)
        && let Ok(db) = Database::open(bytes, &[key()], None)
    {
        exercise(&db, Trust::Canonical);
    }
    let _ = base.apply_delta(delta, &[key()]);
}

// ---------------------------------------------------------------------------------------------
// screen

/// Caller-ID text biased towards things that look like numbers.
#[derive(Debug, Arbitrary)]
enum NumberText {
    Raw(String),
    Digits { prefix: u8, digits: Vec<u8>, sep: u8 },
    Emergency { prefix: u8, which: u8 },
}

const PREFIXES: [&str; 12] = ["+", "00", "0", "+41", "+39", "+1", "tel:+", "", "011", "+44 ", "(0", "+٤١"];
const SEPARATORS: [&str; 6] = ["", " ", "-", ".", "\u{00a0}", "/"];
const EMERGENCY: [&str; 10] = ["112", "911", "999", "117", "118", "000", "110", "15", "100", "08"];

impl NumberText {
    fn text(&self) -> String {
        match self {
            Self::Raw(s) => s.clone(),
            Self::Digits { prefix, digits, sep } => {
                let sep = SEPARATORS[usize::from(*sep) % SEPARATORS.len()];
                let mut s = PREFIXES[usize::from(*prefix) % PREFIXES.len()].to_owned();
                for (i, d) in digits.iter().take(20).enumerate() {
                    if i > 0 && i % 3 == 0 {
                        s.push_str(sep);
                    }
                    s.push(char::from(b'0' + d % 10));
                }
                s
            }
            Self::Emergency { prefix, which } => {
                format!(
                    "{}{}",
                    ["", "+41", "+1", "tel:", " "][usize::from(*prefix) % 5],
                    EMERGENCY[usize::from(*which) % 10]
                )
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
enum FuzzTime {
    Now,
    Near { delta_secs: i32, offset_minutes: i16 },
    Raw { epoch_seconds: i64, offset_minutes: i16 },
}

impl FuzzTime {
    fn get(&self) -> CallTime {
        match *self {
            Self::Now => CallTime { epoch_seconds: NOW, utc_offset_minutes: 60 },
            Self::Near { delta_secs, offset_minutes } => {
                CallTime { epoch_seconds: NOW + i64::from(delta_secs), utc_offset_minutes: offset_minutes }
            }
            Self::Raw { epoch_seconds, offset_minutes } => {
                CallTime { epoch_seconds, utc_offset_minutes: offset_minutes }
            }
        }
    }
}

/// A local mirror of [`IncomingCall`] with `Arbitrary`.
#[derive(Debug, Arbitrary)]
struct FuzzCall {
    number: Option<NumberText>,
    presentation: u8,
    verification: u8,
    region: (u8, u8),
    user_number: Option<NumberText>,
    in_contacts: bool,
    display_name: Option<String>,
    brand_name: Option<u8>,
    time: Option<FuzzTime>,
}

const BRAND_NAMES: [&str; 4] = ["Acme Bank", "ACME BANK AG", "Beta Telecom", "Posta"];

impl FuzzCall {
    fn to_call(&self) -> IncomingCall {
        let presentation = [
            Presentation::Allowed,
            Presentation::Restricted,
            Presentation::Unknown,
            Presentation::Payphone,
            Presentation::Unavailable,
        ][usize::from(self.presentation) % 5];
        let verification =
            [Verification::NotVerified, Verification::Passed, Verification::Failed][usize::from(self.verification) % 3];
        let display_name = match self.brand_name {
            Some(b) => Some(BRAND_NAMES[usize::from(b) % BRAND_NAMES.len()].to_owned()),
            None => self.display_name.clone(),
        };
        IncomingCall {
            number: self.number.as_ref().map(NumberText::text),
            presentation,
            verification,
            region: region_of(self.region.0, self.region.1),
            // The same bytes the other way round: roaming and home combinations without a new
            // field (the stored corpus keeps decoding as before).
            home_region: region_of(self.region.1, self.region.0),
            user_number: self.user_number.as_ref().map(NumberText::text),
            in_contacts: self.in_contacts,
            display_name,
            time: self.time.as_ref().map(FuzzTime::get),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct FuzzOutgoing {
    number: NumberText,
    region: (u8, u8),
    time: Option<FuzzTime>,
}

/// Screener settings and call sequence.
#[derive(Debug, Arbitrary)]
struct FuzzScreen {
    level: u8,
    block_hidden: bool,
    silence_unknown: bool,
    block_foreign: bool,
    night_mode: bool,
    night_start_minute: u16,
    night_end_minute: u16,
    emergency_callback_minutes: u32,
    italian: bool,
    default_region: (u8, u8),
    contact_codes: Option<Vec<u16>>,
    with_feed: bool,
    outgoing: Vec<FuzzOutgoing>,
    calls: Vec<FuzzCall>,
}

const RULES_CSV: &str = "pattern,action,category,label\n\
    +41446681800,block,spam,Known spammer\n\
    +4144668####,silence,telemarketing,Call centre\n\
    +41446681801,allow,,\n\
    +3906#######,label,scam,Fake bank\n\
    +1900#######,block,premium_rate,\n\
    +44207946####,allow,,Office\n\
    +41112,block,spam,Misdialled\n";

/// A fresh screener (with rules, optionally the base feed) fed outgoing calls, then screening
/// each call. contract: screening never fails open because of a panic (`internal_error`);
/// an emergency number is never blocked; labels and advice never contain the caller's digits.
pub fn screen(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(f) = FuzzScreen::arbitrary(&mut u) else { return };
    let level =
        [ProtectionLevel::Relaxed, ProtectionLevel::Standard, ProtectionLevel::Strict][usize::from(f.level % 3)];
    let policy = Policy {
        level,
        block_hidden: f.block_hidden,
        silence_unknown: f.silence_unknown,
        block_foreign: f.block_foreign,
        night_mode: f.night_mode,
        night_start_minute: f.night_start_minute % 1500,
        night_end_minute: f.night_end_minute % 1500,
        emergency_callback_minutes: f.emergency_callback_minutes % 2000,
    };
    let config = ScreenerConfig {
        language: if f.italian { Language::It } else { Language::En },
        default_region: region_of(f.default_region.0, f.default_region.1),
        home_region: None,
        policy,
    };
    let s = Screener::new(config.clone());
    let _ = s.set_config(config);
    let _ = s.set_contact_calling_codes(f.contact_codes.clone());
    s.import_rules_csv(RULES_CSV).expect("fixed rules import");
    let pattern = |p: &str| Pattern::parse(p, None).expect("fixed pattern");
    s.add_rules(vec![
        Rule::new(pattern("+4121560####"), Action::Label, Category::Robocall, Some("Robo 0800 1234567"))
            .expect("fixed rule"),
    ])
    .expect("fixed rules");
    if f.with_feed {
        s.set_trusted_keys(vec![key()]).expect("one key");
        s.install_database(base_db_bytes().to_vec()).expect("base feed installs");
    }
    for o in f.outgoing.iter().take(64) {
        s.record_outgoing(&o.number.text(), region_of(o.region.0, o.region.1), o.time.as_ref().map(FuzzTime::get));
    }
    let calls: Vec<IncomingCall> = f.calls.iter().take(64).map(FuzzCall::to_call).collect();
    for call in &calls {
        check_verdict(&s, call);
    }
    let batch = s.screen_batch(&calls[..calls.len().min(4)]);
    assert!(batch.iter().all(|v| !v.reasons.contains(&Reason::InternalError)));
    if calls.len() > 1 {
        s.remove_rule(&pattern("+4144668####"));
        check_verdict(&s, &calls[0]);
    }
}

/// Screens `call` and checks the verdict's contract.
fn check_verdict(s: &Screener, call: &IncomingCall) {
    let v = s.screen(call);
    assert!(!v.reasons.contains(&Reason::InternalError), "contract: screening panicked (failed open): {call:?}");
    assert!(v.risk <= 100, "risk {}", v.risk);
    let Some(raw) = call.number.as_deref() else { return };
    let region = call.region.or(s.config().default_region);
    if let Some(r) = region
        && number::is_emergency_number(raw.trim(), r)
    {
        assert_eq!(v.action, Action::Allow, "contract: emergency number {raw:?} in {r} is never blocked");
    }
    if number::parse_number(raw.trim(), region).is_ok_and(|n| number::is_emergency_e164(&n)) {
        assert_eq!(v.action, Action::Allow, "contract: emergency number {raw:?} (international) is never blocked");
    }
    let mut caller_digits = vec![number::digits_only(raw)];
    if let Some(e) = v.e164 {
        caller_digits.push(e.as_u64().to_string());
    }
    for text in [v.label.as_deref(), v.advice.as_deref()].into_iter().flatten() {
        for d in caller_digits.iter().filter(|d| d.len() >= 5) {
            assert!(!text.contains(d.as_str()), "contract: verdict text {text:?} contains the caller's digits");
        }
    }
}

/// A target body.
pub type Target = fn(&[u8]);

/// Every target, by name (for the replay example).
pub const TARGETS: [(&str, Target); 6] = [
    ("number", number),
    ("import", import),
    ("db_open", db_open),
    ("db_structure", db_structure),
    ("delta", delta),
    ("screen", screen),
];
