//! Deltas between two versions of a feed, so a phone downloads kilobytes instead of the list.
//!
//! A delta names the checksum of the file it applies to and of the file it produces, carries
//! the new metadata, the removed patterns, the added or changed entries (numbers delta-coded
//! as varints), and the new file's key and signature. [`apply`] rebuilds the new file with the
//! canonical encoder and checks it reproduces the promised checksum, so the result carries the
//! feed's own signature: open it with [`Database::open`] like a full download. Deltas are
//! therefore not signed themselves: a tampered delta can only yield a file that is rejected.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::entries::Cursor;
use super::format::{check_length, check_preamble, u16_at, u32_at, u64_at};
use super::tables::{action_code, action_from, category_code, category_from};
use super::{Database, DatabaseBuilder, DatabaseError, Metadata};
use crate::number::{E164, Pattern};

/// The first 8 bytes of every delta.
pub const DELTA_MAGIC: [u8; 8] = *b"\x89RFDL\r\n\x1a";
const DELTA_VERSION: u16 = 1;
/// The header: magic, version `u16`, 6 zero bytes, payload length `u64`, payload SHA-256.
const HEADER_LEN: usize = 56;
const RESERVED_AT: usize = 10;
const PAYLOAD_LEN_AT: usize = 16;
const PAYLOAD_SHA_AT: usize = 24;

/// A logical entry: (first, wildcards) → (action code, category code, label).
type Key = (u64, u8);
type Says<'a> = (u8, u8, Option<&'a str>);

#[derive(Debug, Default, Serialize, Deserialize)]
struct Body {
    base: [u8; 32],
    result: [u8; 32],
    key: [u8; 32],
    signature: Vec<u8>,
    metadata: Option<Metadata>,
    labels: Vec<String>,
    classes: Vec<(u8, u8, Option<u32>)>,
    removed_exact: Vec<u64>,
    upsert_exact: Vec<u64>,
    upsert_exact_class: Vec<u32>,
    removed_ranges: Vec<Key>,
    upsert_ranges: Vec<(u64, u8, u32)>,
}

/// Every entry of `db` as (key, what it says), ascending.
fn logical(db: &Database) -> impl Iterator<Item = (Key, Says<'_>)> {
    let mut cur = Cursor::default();
    std::iter::from_fn(move || {
        let (p, class) = cur.next_raw(db)?;
        let c = db.classes().get(class)?;
        let says = (action_code(c.action), category_code(c.category), c.label.and_then(|l| db.label(l)));
        Some(((p.first().as_u64(), p.wildcards()), says))
    })
}

/// The delta turning `old` into `new` (both opened and verified). Fails if `new` is not in the
/// canonical form this library writes (then ship the whole file).
pub fn diff(old: &Database, new: &Database) -> Result<Vec<u8>, DatabaseError> {
    let mut body = Body {
        base: old.checksum(),
        result: new.checksum(),
        key: new.signer(),
        signature: new.inner.header.signature.to_vec(),
        metadata: Some(new.metadata().clone()),
        ..Body::default()
    };
    let (mut labels, mut classes) = (HashMap::new(), HashMap::new());
    let mut class_of = |body: &mut Body, (a, c, l): Says<'_>| {
        let label = l.map(|l| {
            *labels.entry(l.to_owned()).or_insert_with(|| {
                body.labels.push(l.to_owned());
                body.labels.len() as u32 - 1
            })
        });
        *classes.entry((a, c, label)).or_insert_with(|| {
            body.classes.push((a, c, label));
            body.classes.len() as u32 - 1
        })
    };
    let (mut olds, mut news) = (logical(old).peekable(), logical(new).peekable());
    let (mut last_removed, mut last_upsert) = (0u64, 0u64);
    loop {
        let (o, n) = (olds.peek().map(|e| e.0), news.peek().map(|e| e.0));
        let (removed, upsert) = match (o, n) {
            (None, None) => break,
            (Some(o), Some(n)) if o == n => {
                let (old_says, new_entry) = (olds.next().map(|e| e.1), news.next());
                match new_entry {
                    Some((k, says)) if Some(says) != old_says => (None, Some((k, says))),
                    _ => (None, None),
                }
            }
            (Some(o), n) if n.is_none_or(|n| o < n) => (olds.next().map(|e| e.0), None),
            _ => (None, news.next()),
        };
        if let Some((first, w)) = removed {
            match w {
                0 => body.removed_exact.push(first - std::mem::replace(&mut last_removed, first)),
                _ => body.removed_ranges.push((first, w)),
            }
        }
        if let Some(((first, w), says)) = upsert {
            let class = class_of(&mut body, says);
            if w == 0 {
                body.upsert_exact.push(first - std::mem::replace(&mut last_upsert, first));
                body.upsert_exact_class.push(class);
            } else {
                body.upsert_ranges.push((first, w, class));
            }
        }
    }
    let payload = postcard::to_allocvec(&body).map_err(|_| DatabaseError::Malformed("delta"))?;
    let out = frame(&payload);
    match apply(old, &out) {
        Ok(bytes) if bytes == new.as_bytes() => Ok(out),
        _ => Err(DatabaseError::Malformed("the new database is not in canonical form; ship it whole")),
    }
}

/// A delta file: the header (see [`HEADER_LEN`]) followed by `payload`.
pub(crate) fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&DELTA_MAGIC);
    out.extend_from_slice(&DELTA_VERSION.to_le_bytes());
    out.extend_from_slice(&[0; PAYLOAD_LEN_AT - RESERVED_AT]);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out.extend_from_slice(payload);
    out
}

/// Checks the delta's framing and checksum and decodes it.
fn parse(delta: &[u8]) -> Result<Body, DatabaseError> {
    check_preamble(delta, &DELTA_MAGIC, DELTA_VERSION)?;
    let len = u64_at(delta, PAYLOAD_LEN_AT).ok_or(DatabaseError::Truncated)?;
    if u16_at(delta, RESERVED_AT) != Some(0) || u32_at(delta, RESERVED_AT + 2) != Some(0) {
        return Err(DatabaseError::Malformed("delta header"));
    }
    let payload = delta.get(HEADER_LEN..).ok_or(DatabaseError::Truncated)?;
    check_length(payload.len(), len)?;
    if Sha256::digest(payload).as_slice() != &delta[PAYLOAD_SHA_AT..HEADER_LEN] {
        return Err(DatabaseError::ChecksumMismatch);
    }
    match postcard::take_from_bytes::<Body>(payload) {
        Ok((body, [])) => Ok(body),
        _ => Err(DatabaseError::Malformed("delta body")),
    }
}

/// Rebuilds the new file from `old` (opened and verified) and `delta`. Open the result with
/// [`Database::open`] (or use [`Database::apply_delta`]): it carries the feed's signature.
pub fn apply(old: &Database, delta: &[u8]) -> Result<Vec<u8>, DatabaseError> {
    let body = parse(delta)?;
    if body.base != old.checksum() {
        return Err(DatabaseError::DeltaBaseMismatch);
    }
    let bad = DatabaseError::Malformed("delta contents");
    let meta = body.metadata.as_ref().ok_or(bad.clone())?;
    let signature: [u8; 64] = body.signature.as_slice().try_into().map_err(|_| bad.clone())?;
    if body.upsert_exact.len() != body.upsert_exact_class.len() {
        return Err(bad);
    }
    let mut b = DatabaseBuilder::new(&meta.feed, meta.version)?;
    b.created_at(meta.created_unix);
    let mut ids = Vec::with_capacity(body.classes.len());
    for &(a, c, l) in &body.classes {
        let label = l.map(|l| body.labels.get(l as usize).ok_or(bad.clone())).transpose()?;
        let (a, c) = (action_from(a).ok_or(bad.clone())?, category_from(c).ok_or(bad.clone())?);
        ids.push(b.class(a, c, label.map(String::as_str)).map_err(|_| bad.clone())?);
    }
    let absolute = |gaps: &[u64]| -> Result<Vec<u64>, DatabaseError> {
        let mut at = 0u64;
        gaps.iter()
            .map(|g| at.checked_add(*g).inspect(|v| at = *v).ok_or(DatabaseError::Malformed("delta gaps")))
            .collect()
    };
    let (removed, upserts) = (absolute(&body.removed_exact)?, absolute(&body.upsert_exact)?);
    let pattern = |first: u64, w: u8| {
        let p = Pattern::key_for(E164::from_u64(first).ok_or(DatabaseError::Malformed("delta pattern"))?, w);
        p.filter(|p| p.first().as_u64() == first).ok_or(DatabaseError::Malformed("delta pattern"))
    };
    let skip_ranges: std::collections::HashSet<Key> =
        body.removed_ranges.iter().copied().chain(body.upsert_ranges.iter().map(|r| (r.0, r.1))).collect();
    let (mut r, mut u) = (removed.iter().peekable(), upserts.iter().peekable());
    let mut old_ids: Vec<Option<u32>> = Vec::new();
    let mut cur = Cursor::default();
    while let Some((p, class)) = cur.next_raw(old) {
        let first = p.first().as_u64();
        if p.wildcards() == 0 {
            while r.next_if(|v| **v < first).is_some() {}
            while u.next_if(|v| **v < first).is_some() {}
            if r.peek() == Some(&&first) || u.peek() == Some(&&first) {
                continue;
            }
        } else if skip_ranges.contains(&(first, p.wildcards())) {
            continue;
        }
        if old_ids.len() <= class as usize {
            old_ids.resize(class as usize + 1, None);
        }
        let id = match old_ids[class as usize] {
            Some(id) => id,
            None => {
                let c = old.classes().get(class).ok_or(DatabaseError::Malformed("class id out of range"))?;
                let id = b.class(c.action, c.category, c.label.and_then(|l| old.label(l)))?;
                *old_ids[class as usize].insert(id)
            }
        };
        b.push(p, id)?;
    }
    for (v, c) in upserts.iter().zip(&body.upsert_exact_class) {
        b.push(pattern(*v, 0)?, *ids.get(*c as usize).ok_or(bad.clone())?)?;
    }
    for &(first, w, c) in &body.upsert_ranges {
        b.push(pattern(first, w)?, *ids.get(c as usize).ok_or(bad.clone())?)?;
    }
    let out = b.build_signed_by(&body.key, |_| signature)?;
    if out.checksum != body.result {
        return Err(DatabaseError::ChecksumMismatch);
    }
    Ok(out.bytes)
}

impl Database {
    /// Applies `delta` to this database and opens the result with every check of
    /// [`open`](Self::open), refusing a feed version older than this one.
    pub fn apply_delta(&self, delta: &[u8], trusted_keys: &[[u8; 32]]) -> Result<Database, DatabaseError> {
        let bytes = apply(self, delta)?;
        Database::open(bytes, trusted_keys, Some(self.metadata().version))
    }
}
