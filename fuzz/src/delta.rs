//! Target `delta`: deltas against the base database, and `diff`/`apply` round trips.

use arbitrary::{Arbitrary, Unstructured};
use ringfence_core::database::{self, Database, test_support};

use crate::db::{Trust, base_db, build_db, exercise};
use crate::key;

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

/// Wraps a payload in delta framing for `base` (its first 32 bytes become `base`'s checksum).
pub fn frame_delta(base: &Database, payload: &[u8]) -> Vec<u8> {
    let mut payload = payload.to_vec();
    if payload.len() >= 32 {
        payload[..32].copy_from_slice(&base.checksum());
    }
    test_support::frame_delta(&payload)
}

fn apply_delta(base: &Database, delta: &[u8]) {
    if let Ok(bytes) = database::apply(base, delta)
        && let Ok(db) = Database::open(bytes, &[key()], None)
    {
        exercise(&db, Trust::Canonical);
    }
    let _ = base.apply_delta(delta, &[key()]);
}
