//! The bucket file: a fixed header, a signature, and a postcard body (see docs/privacy.md).
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `\x89RFLB\r\n\x1a` |
//! | 8 | 2 | format version `1` (u16 LE) |
//! | 10 | 1 | bucket bits |
//! | 11 | 1 | reserved, 0 |
//! | 12 | 4 | bucket id (u32 LE, < 2^bits) |
//! | 16 | 8 | feed version (u64 LE) |
//! | 24 | 16 | salt |
//! | 40 | 32 | signer (ed25519 public key) |
//! | 72 | 64 | signature over `"ringfence-lookup-v1 bucket:"` ‖ bytes 8–71 ‖ bytes 136–139 ‖ SHA-256(body) |
//! | 136 | 4 | body length (u32 LE); the file ends exactly after the body |
//! | 140 | … | body: postcard `{ feed, labels }`, then the entries, 20 bytes each, strictly ascending by key |
//!
//! An entry is `key [16], action u8, category u8, label u16 LE` (an index into the bucket's
//! labels, `0xFFFF` for none); codes as in the database format. Fixed-width entries are read in
//! place (binary search), so checking a bucket costs little beyond its signature.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::hash::{KEY_LEN, NumberHash, Salt};
use super::{LookupError, MAX_BITS};
use crate::database::{action_from, category_from, check_label};
use crate::verdict::{Action, Category};

/// The first 8 bytes of every bucket file.
pub const BUCKET_MAGIC: [u8; 8] = *b"\x89RFLB\r\n\x1a";
/// The bucket format version this library writes and reads.
pub const BUCKET_FORMAT: u16 = 1;
/// Largest bucket file accepted (a client reads no more than this from the network).
pub const MAX_BUCKET_BYTES: usize = 4 << 20;
const HEADER_LEN: usize = 140;
const SIGNED_HEADER: std::ops::Range<usize> = 8..72;
const SIGNATURE_AT: usize = 72;
const BODY_LEN_AT: usize = 136;
const SIGN_CONTEXT: &[u8] = b"ringfence-lookup-v1 bucket:";

/// Bytes of one entry.
const ENTRY_LEN: usize = KEY_LEN + 4;
/// The label index of an entry without a label.
const NO_LABEL: u16 = u16::MAX;
/// Most labels in one bucket.
pub(crate) const MAX_BUCKET_LABELS: usize = NO_LABEL as usize;

/// One entry: the number's key and the feed's class codes (as in the database format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WireEntry {
    pub key: [u8; KEY_LEN],
    pub action: u8,
    pub category: u8,
    /// Index into the bucket's label table (below [`MAX_BUCKET_LABELS`]).
    pub label: Option<u16>,
}

impl WireEntry {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key);
        out.extend_from_slice(&[self.action, self.category]);
        out.extend_from_slice(&self.label.unwrap_or(NO_LABEL).to_le_bytes());
    }

    fn read(b: &[u8]) -> Self {
        let label = u16::from_le_bytes([b[KEY_LEN + 2], b[KEY_LEN + 3]]);
        Self {
            key: array(b, 0),
            action: b[KEY_LEN],
            category: b[KEY_LEN + 1],
            label: (label != NO_LABEL).then_some(label),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Meta {
    feed: String,
    labels: Vec<String>,
}

/// A feed's pinned public key, decoded once (decoding costs as much as a quarter of a check)
/// and checked not to be weak (of small order: such a key would let anyone sign).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinnedKey(VerifyingKey);

impl PinnedKey {
    /// The key `bytes` encode; `UnknownKey` when they are not a point or a weak key.
    pub fn new(bytes: &[u8; 32]) -> Result<Self, LookupError> {
        match VerifyingKey::from_bytes(bytes) {
            Ok(key) if !key.is_weak() => Ok(Self(key)),
            _ => Err(LookupError::UnknownKey),
        }
    }

    /// The key's 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

/// What a bucket header says (all of it covered by the signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketHeader {
    /// Bucket bits of the publication.
    pub bits: u8,
    /// This bucket's id.
    pub bucket: u32,
    /// The feed version.
    pub version: u64,
    /// The feed's salt.
    pub salt: Salt,
}

/// A verified bucket, its entries read in place from the checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket<'a> {
    /// The signed header.
    pub header: BucketHeader,
    /// The feed's name.
    pub feed: String,
    labels: Vec<String>,
    /// The entries, [`ENTRY_LEN`] bytes each.
    entries: &'a [u8],
}

/// What a bucket says about one number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedEntry {
    /// The feed's action.
    pub action: Action,
    /// Its category.
    pub category: Category,
    /// Its label (list-supplied text: mask digit runs before showing it).
    pub label: Option<String>,
}

impl Bucket<'_> {
    /// The entry for the number with hash `h`, if the bucket lists it.
    pub fn find(&self, h: &NumberHash) -> Option<ListedEntry> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.entries[mid * ENTRY_LEN..mid * ENTRY_LEN + KEY_LEN].cmp(&h.0) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.entry(mid),
            }
        }
        None
    }

    fn entry(&self, i: usize) -> Option<ListedEntry> {
        let e = WireEntry::read(self.entries.get(i * ENTRY_LEN..(i + 1) * ENTRY_LEN)?);
        Some(ListedEntry {
            action: action_from(e.action)?,
            category: category_from(e.category)?,
            label: e.label.and_then(|l| self.labels.get(l as usize).cloned()),
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len() / ENTRY_LEN
    }

    /// Whether the bucket lists no number.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn signed_message(file: &[u8], body: &[u8]) -> Vec<u8> {
    let mut msg = Vec::with_capacity(SIGN_CONTEXT.len() + 64 + 4 + 32);
    msg.extend_from_slice(SIGN_CONTEXT);
    msg.extend_from_slice(&file[SIGNED_HEADER]);
    msg.extend_from_slice(&file[BODY_LEN_AT..HEADER_LEN]);
    msg.extend_from_slice(&Sha256::digest(body));
    msg
}

/// Encodes and signs a bucket. `entries` must be sorted by key (the publisher's order).
pub(crate) fn encode(
    header: &BucketHeader,
    feed: &str,
    labels: Vec<String>,
    entries: &[WireEntry],
    key: &SigningKey,
) -> Vec<u8> {
    let mut body = postcard::to_allocvec(&Meta { feed: feed.to_owned(), labels }).unwrap_or_default();
    body.reserve(entries.len() * ENTRY_LEN);
    entries.iter().for_each(|e| e.write(&mut body));
    let mut file = Vec::with_capacity(HEADER_LEN + body.len());
    file.extend_from_slice(&BUCKET_MAGIC);
    file.extend_from_slice(&BUCKET_FORMAT.to_le_bytes());
    file.extend_from_slice(&[header.bits, 0]);
    file.extend_from_slice(&header.bucket.to_le_bytes());
    file.extend_from_slice(&header.version.to_le_bytes());
    file.extend_from_slice(&header.salt);
    file.extend_from_slice(&key.verifying_key().to_bytes());
    file.extend_from_slice(&[0; 64]);
    file.extend_from_slice(&(body.len() as u32).to_le_bytes());
    let signature = key.sign(&signed_message(&file, &body)).to_bytes();
    file[SIGNATURE_AT..SIGNATURE_AT + 64].copy_from_slice(&signature);
    file.extend_from_slice(&body);
    file
}

fn array<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&b[at..at + N]);
    out
}

/// Checks a bucket file: framing (`Truncated`, `NotALookupFile`, `UnsupportedVersion`,
/// `TrailingBytes`), the signer is `pinned` (`UnknownKey`), the signature (`BadSignature`),
/// then the contents (`Malformed`). Says nothing yet about which bucket was asked for.
///
/// The signature is checked with ed25519's cofactorless equation and a canonical `s` (dalek's
/// `verify`), which is unforgeable under a key of large order — what [`PinnedKey`] ensures
/// once — so the per-file order checks of `verify_strict` (the key's again, and `R`'s, which
/// cost a point decompression) are left out: they guard against weak keys, not forgery.
pub fn decode<'a>(b: &'a [u8], pinned: &PinnedKey) -> Result<Bucket<'a>, LookupError> {
    if b.len() > MAX_BUCKET_BYTES {
        return Err(LookupError::LimitExceeded { what: "bucket bytes", limit: MAX_BUCKET_BYTES as u64 });
    }
    if b.len() < BUCKET_MAGIC.len() {
        return Err(LookupError::Truncated);
    }
    if b[..8] != BUCKET_MAGIC {
        return Err(LookupError::NotALookupFile);
    }
    if b.len() < HEADER_LEN {
        return Err(LookupError::Truncated);
    }
    let format = u16::from_le_bytes(array(b, 8));
    if format != BUCKET_FORMAT {
        return Err(LookupError::UnsupportedVersion(format));
    }
    let body_len = u32::from_le_bytes(array(b, BODY_LEN_AT)) as usize;
    match (b.len() - HEADER_LEN).cmp(&body_len) {
        std::cmp::Ordering::Less => return Err(LookupError::Truncated),
        std::cmp::Ordering::Greater => return Err(LookupError::TrailingBytes),
        std::cmp::Ordering::Equal => {}
    }
    if array::<32>(b, 40) != pinned.to_bytes() {
        return Err(LookupError::UnknownKey);
    }
    let body = &b[HEADER_LEN..];
    let signature = Signature::from_bytes(&array(b, SIGNATURE_AT));
    pinned.0.verify(&signed_message(b, body), &signature).map_err(|_| LookupError::BadSignature)?;
    let header = BucketHeader {
        bits: b[10],
        bucket: u32::from_le_bytes(array(b, 12)),
        version: u64::from_le_bytes(array(b, 16)),
        salt: array(b, 24),
    };
    if b[11] != 0 || header.bits > MAX_BITS || u64::from(header.bucket) >> header.bits != 0 {
        return Err(LookupError::Malformed("header"));
    }
    let (meta, entries) = postcard::take_from_bytes::<Meta>(body).map_err(|_| LookupError::Malformed("body"))?;
    validate(&header, &meta, entries)?;
    Ok(Bucket { header, feed: meta.feed, labels: meta.labels, entries })
}

fn validate(header: &BucketHeader, meta: &Meta, entries: &[u8]) -> Result<(), LookupError> {
    if meta.labels.len() > MAX_BUCKET_LABELS
        || meta.labels.iter().any(|l| !matches!(check_label(l), Ok(Some(t)) if t == l))
    {
        return Err(LookupError::Malformed("label"));
    }
    if !entries.len().is_multiple_of(ENTRY_LEN) {
        return Err(LookupError::Malformed("entry table length"));
    }
    // Keys ascend and a bucket id is a key's first bits, so the first and last entries are in
    // the bucket only when all are.
    let ends =
        [entries.get(..KEY_LEN), entries.len().checked_sub(ENTRY_LEN).and_then(|at| entries.get(at..at + KEY_LEN))];
    if ends.into_iter().flatten().any(|k| NumberHash(array(k, 0)).bucket(header.bits) != header.bucket) {
        return Err(LookupError::Malformed("entry outside its bucket"));
    }
    // One pass over the raw entries: keys compared as big-endian integers (the byte order),
    // each run of one (action, category) pair checked once (a bucket has few classes).
    let (mut previous, mut checked_codes) = (None, None);
    for raw in entries.chunks_exact(ENTRY_LEN) {
        let key = u128::from_be_bytes(array(raw, 0));
        if previous.is_some_and(|p| p >= key) {
            return Err(LookupError::Malformed("entries not strictly ascending"));
        }
        previous = Some(key);
        let codes = (raw[KEY_LEN], raw[KEY_LEN + 1]);
        if checked_codes != Some(codes) {
            if action_from(codes.0).is_none() || category_from(codes.1).is_none() {
                return Err(LookupError::Malformed("action or category code"));
            }
            checked_codes = Some(codes);
        }
        let label = u16::from_le_bytes([raw[KEY_LEN + 2], raw[KEY_LEN + 3]]);
        if label != NO_LABEL && usize::from(label) >= meta.labels.len() {
            return Err(LookupError::Malformed("label id"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(first: u8, last: u8, label: Option<u16>) -> WireEntry {
        let mut key = [0u8; KEY_LEN];
        (key[0], key[KEY_LEN - 1]) = (first, last);
        WireEntry { key, action: 3, category: 2, label }
    }

    /// Bucket 0 of 1 bit (keys below 0x80…), signed, with `entries` in the given order.
    fn checked(entries: &[WireEntry]) -> Result<(), LookupError> {
        let key = SigningKey::from_bytes(&[4; 32]);
        let header = BucketHeader { bits: 1, bucket: 0, version: 1, salt: [0; 16] };
        let file = encode(&header, "feed", vec!["Label".into()], entries, &key);
        decode(&file, &PinnedKey::new(&key.verifying_key().to_bytes())?).map(|_| ())
    }

    #[test]
    fn signed_but_inconsistent_entries_are_malformed() {
        assert_eq!(checked(&[entry(1, 0, None), entry(1, 1, Some(0)), entry(0x7f, 0, None)]), Ok(()));
        let malformed = |what| Err(LookupError::Malformed(what));
        assert_eq!(checked(&[entry(1, 1, None), entry(1, 0, None)]), malformed("entries not strictly ascending"));
        assert_eq!(checked(&[entry(1, 1, None), entry(1, 1, None)]), malformed("entries not strictly ascending"));
        assert_eq!(checked(&[entry(1, 0, None), entry(0x80, 0, None)]), malformed("entry outside its bucket"));
        assert_eq!(checked(&[entry(0x80, 0, None)]), malformed("entry outside its bucket"));
        assert_eq!(checked(&[entry(1, 0, Some(1))]), malformed("label id"));
        let mut bad_code = entry(1, 0, None);
        bad_code.action = 200;
        assert_eq!(checked(&[entry(0, 0, None), bad_code]), malformed("action or category code"));
    }
}
