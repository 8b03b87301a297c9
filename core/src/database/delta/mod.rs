//! Deltas between two versions of a feed, so a phone downloads kilobytes instead of the list.
//!
//! A delta is **signed by the feed's key** and bound to its base and its result: its header
//! ([`frame`]) names the feed, the base version and checksum, the result version and checksum,
//! and the signer; the signature covers all of it and the payload's SHA-256. The payload
//! carries the result's creation time and signature, the removed patterns and the added or
//! changed entries (numbers delta-coded as varints), then — only when a class has a score —
//! the classes' score levels.
//!
//! Applying one ([`apply_with`]) checks, before decoding anything: size cap, framing, signer
//! pinned for the delta's feed, signature, then that it is for this base (same feed, same
//! signer, same version and file); then it rebuilds the result with the canonical encoder and
//! requires the promised checksum. The result has the base's feed name and signer by
//! construction (both come from the checked header), and is opened with every check of
//! [`Database::open`] by [`Database::apply_delta`]. Version 1 deltas (unsigned) are refused.

mod frame;

use std::collections::HashMap;

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use frame::Framed;
pub(crate) use frame::seal;
pub use frame::{DELTA_MAGIC, DELTA_VERSION, DeltaInfo};

use super::entries::Cursor;
use super::limits::{self, Limits};
use super::tables::{action_code, action_from, category_code, category_from};
use super::trust::Trust;
use super::{Database, DatabaseBuilder, DatabaseError, Metadata};
use crate::number::{E164, Pattern};

/// A logical entry: (first, wildcards) → (action code, category code, label, score level).
type Key = (u64, u8);
type Says<'a> = (u8, u8, Option<&'a str>, u8);

/// The payload: the result's creation time and signature (its key and the rest of its
/// metadata are in the signed header), then the changes.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Body {
    created_unix: u64,
    signature: Vec<u8>,
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
        let says = (action_code(c.action), category_code(c.category), c.label.and_then(|l| db.label(l)), c.score);
        Some(((p.first().as_u64(), p.wildcards()), says))
    })
}

/// The delta turning `old` into `new` (both opened and verified), signed with `secret` (the
/// ed25519 seed of the key that signed `new`). Refuses two different feeds (`FeedMismatch`), a
/// `secret` that is not `new`'s signer (`InvalidKey`), and a `new` not in the canonical form
/// this library writes (`Malformed`: ship that one whole). A delta that changes the signer can
/// be written but is refused when applied (`SignerChanged`): a new key ships whole, with a
/// key rotation.
pub fn diff(old: &Database, new: &Database, secret: &[u8; 32]) -> Result<Vec<u8>, DatabaseError> {
    if old.metadata().feed != new.metadata().feed {
        return Err(DatabaseError::FeedMismatch);
    }
    let key = SigningKey::from_bytes(secret);
    if key.verifying_key().to_bytes() != new.signer() {
        return Err(DatabaseError::InvalidKey("a delta is signed with the key of the file it produces"));
    }
    let mut body = Body {
        created_unix: new.metadata().created_unix,
        signature: new.inner.header.signature.to_vec(),
        ..Body::default()
    };
    let (mut labels, mut classes, mut scores) = (HashMap::new(), HashMap::new(), Vec::new());
    let mut class_of = |body: &mut Body, (a, c, l, score): Says<'_>| {
        let label = l.map(|l| {
            *labels.entry(l.to_owned()).or_insert_with(|| {
                body.labels.push(l.to_owned());
                body.labels.len() as u32 - 1
            })
        });
        *classes.entry((a, c, label, score)).or_insert_with(|| {
            body.classes.push((a, c, label));
            scores.push(score);
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
    let mut payload = postcard::to_allocvec(&body).map_err(|_| DatabaseError::Malformed("delta"))?;
    // Scores follow the body only when there are any: a delta between files without scores is
    // byte for byte what it was before scores existed.
    if scores.iter().any(|s| *s != 0) {
        payload.extend(postcard::to_allocvec(&scores).map_err(|_| DatabaseError::Malformed("delta"))?);
    }
    let info = DeltaInfo {
        feed: new.metadata().feed.clone(),
        base_version: old.metadata().version,
        base_checksum: old.checksum(),
        result_version: new.metadata().version,
        result_checksum: new.checksum(),
        signer: new.signer(),
    };
    match rebuild(old, &info, body, &scores, &Limits::DEFAULT) {
        Ok(bytes) if bytes == new.as_bytes() => seal(&info, &payload, &key),
        _ => Err(DatabaseError::Malformed("the new database is not in canonical form; ship it whole")),
    }
}

/// Rebuilds the new file from `old` (opened and verified) and `delta`, which must be signed by
/// `old`'s own signer (the feed's key that `old` was checked against): see [`apply_with`].
/// Open the result with [`Database::open`] (or use [`Database::apply_delta`]).
pub fn apply(old: &Database, delta: &[u8]) -> Result<Vec<u8>, DatabaseError> {
    apply_with(old, delta, &[old.signer()], &Limits::DEFAULT)
}

/// Rebuilds the new file from `old` and `delta` after every check of the delta, in this order,
/// before any decoding: size cap (`LimitExceeded`), framing (`Truncated`, `TrailingBytes`,
/// `NotADatabase`, `UnsignedDelta`, `UnsupportedVersion`, `Malformed`), the signer pinned in
/// `trust` for the delta's feed (`UnknownKey`, `KeyNotPinnedForFeed`), the signature
/// (`BadSignature`), that it is for `old` (`FeedMismatch`, `SignerChanged`,
/// `DeltaBaseMismatch`, `Downgrade`), the payload hash (`ChecksumMismatch`); then the entry
/// cap, and the rebuilt file must have the promised checksum (`ChecksumMismatch`).
pub fn apply_with<T: Trust + ?Sized>(
    old: &Database,
    delta: &[u8],
    trust: &T,
    limits: &Limits,
) -> Result<Vec<u8>, DatabaseError> {
    let framed = Framed::verify(delta, old, trust, limits)?;
    let (body, scores) = match postcard::take_from_bytes::<Body>(framed.payload) {
        Ok((body, [])) => (body, Vec::new()),
        Ok((body, rest)) => match postcard::take_from_bytes::<Vec<u8>>(rest) {
            Ok((scores, [])) => (body, scores),
            _ => return Err(DatabaseError::Malformed("delta scores")),
        },
        _ => return Err(DatabaseError::Malformed("delta body")),
    };
    let bytes = rebuild(old, &framed.info, body, &scores, limits)?;
    Ok(bytes)
}

/// The file `info` promises, from `old` and the changes in `body` (whose classes have the
/// score levels `scores`, or none: all 0).
fn rebuild(
    old: &Database,
    info: &DeltaInfo,
    body: Body,
    scores: &[u8],
    limits: &Limits,
) -> Result<Vec<u8>, DatabaseError> {
    let changes =
        [body.removed_exact.len(), body.upsert_exact.len(), body.removed_ranges.len(), body.upsert_ranges.len()];
    limits::check("delta entries", changes.iter().map(|n| *n as u64).sum(), limits.max_delta_entries)?;
    let bad = DatabaseError::Malformed("delta contents");
    let signature: [u8; 64] = body.signature.as_slice().try_into().map_err(|_| bad.clone())?;
    if body.upsert_exact.len() != body.upsert_exact_class.len()
        || !(scores.is_empty() || scores.len() == body.classes.len())
    {
        return Err(bad);
    }
    let meta = Metadata { feed: info.feed.clone(), version: info.result_version, created_unix: body.created_unix };
    let mut b = DatabaseBuilder::new(&meta.feed, meta.version)?;
    b.created_at(meta.created_unix);
    let mut ids = Vec::with_capacity(body.classes.len());
    for (i, &(a, c, l)) in body.classes.iter().enumerate() {
        let label = l.map(|l| body.labels.get(l as usize).ok_or(bad.clone())).transpose()?;
        let (a, c) = (action_from(a).ok_or(bad.clone())?, category_from(c).ok_or(bad.clone())?);
        let score = scores.get(i).copied().unwrap_or(0);
        ids.push(b.scored_class(a, c, label.map(String::as_str), score).map_err(|_| bad.clone())?);
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
                let id = b.scored_class(c.action, c.category, c.label.and_then(|l| old.label(l)), c.score)?;
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
    let out = b.build_signed_by(&info.signer, |_| signature)?;
    if out.checksum != info.result_checksum {
        return Err(DatabaseError::ChecksumMismatch);
    }
    Ok(out.bytes)
}

impl Database {
    /// Applies `delta` to this database ([`apply_with`]: signer pinned in `trust` for this
    /// feed, signature, bound to this file) and opens the result with every check of
    /// [`open`](Self::open), refusing a feed version older than this one.
    pub fn apply_delta<T: Trust + ?Sized>(&self, delta: &[u8], trust: &T) -> Result<Database, DatabaseError> {
        let bytes = apply_with(self, delta, trust, &Limits::DEFAULT)?;
        Database::open(bytes, trust, Some(self.metadata().version))
    }
}
