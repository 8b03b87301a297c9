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
//! | `signed_delta` | signed deltas with fuzzed headers (feed, versions, checksums, signer) and payloads  |
//! | `export_installed` | exports over files loaded without the structure check; two versions of a feed  |
//! | `lookup`       | online lookup bucket files (as fetched, and re-signed to reach the entry checks), manifests |

//!
//! Modules: [`number`], [`import`], [`db`] (`db_open`, `db_structure` and the fuzz databases),
//! [`delta`], [`signed_delta`], [`export_installed`], [`screen`], [`lookup`].

pub mod db;
pub mod delta;
pub mod export_installed;
pub mod import;
pub mod lookup;
pub mod number;
pub mod screen;
pub mod signed_delta;

use std::sync::OnceLock;

use ringfence_core::Action;
use ringfence_core::database::test_support::FeedKey;
use ringfence_core::number::{RegionCode, digits_only};

pub use db::{base_db_bytes, db_open, db_structure, seed_databases};
pub use delta::{delta, frame_delta};
pub use export_installed::export_installed;
pub use import::import;
pub use lookup::lookup;
pub use number::number;
pub use screen::screen;
pub use signed_delta::signed_delta;

/// The ed25519 secret key (seed) the fuzz databases are signed with. Test-only.
pub const SECRET: [u8; 32] = [0x5a; 32];

/// The signing key of [`SECRET`], to sign fuzz databases again after mutations.
pub fn feed_key() -> &'static FeedKey {
    static KEY: OnceLock<FeedKey> = OnceLock::new();
    KEY.get_or_init(|| FeedKey::new(&SECRET))
}

/// The public key of [`SECRET`].
pub fn key() -> [u8; 32] {
    feed_key().public()
}

/// Creation time stamped into every fuzz database (reproducible bytes).
pub(crate) const CREATED: u64 = 1_700_000_000;
/// "Now" for screening (2026-11-28T21:05:00Z), so call histories are reproducible.
pub(crate) const NOW: i64 = 1_795_896_300;

/// Regions the fuzzer picks from (plus `None` and two arbitrary letters).
pub(crate) const REGIONS: [&str; 20] = [
    "CH", "IT", "US", "GB", "DE", "FR", "AT", "IN", "BR", "JP", "AU", "RU", "CN", "MX", "AR", "ZA", "NL", "SE", "KR",
    "ZZ",
];

pub(crate) const ACTIONS: [Action; 4] = [Action::Allow, Action::Label, Action::Silence, Action::Block];

/// A region from one selector byte: `None`, one of [`REGIONS`], or two letters.
pub(crate) fn region_of(sel: u8, extra: u8) -> Option<RegionCode> {
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
pub(crate) fn assert_no_digits_of(text: &str, input: &str) {
    let digits = digits_only(input);
    if digits.len() >= 5 {
        assert!(!text.contains(&digits), "text echoes the input's digits: {text:?}");
    }
}

/// A target body.
pub type Target = fn(&[u8]);

/// Every target, by name (for the replay example).
pub const TARGETS: [(&str, Target); 9] = [
    ("number", number),
    ("import", import),
    ("db_open", db_open),
    ("db_structure", db_structure),
    ("delta", delta),
    ("screen", screen),
    ("signed_delta", signed_delta),
    ("export_installed", export_installed),
    ("lookup", lookup),
];
