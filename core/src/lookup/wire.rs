//! The bucket file: a fixed header, a signature, and a postcard body (see docs/privacy.md).
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `\x89RFLB\r\n\x1a` |
//! | 8 | 2 | format version `2` (u16 LE) |
//! | 10 | 1 | bucket bits |
//! | 11 | 1 | reserved, 0 |
//! | 12 | 4 | bucket id (u32 LE, < 2^bits) |
//! | 16 | 8 | feed version (u64 LE) |
//! | 24 | 16 | salt |
//! | 40 | 32 | signer (ed25519 public key) |
//! | 72 | 64 | signature over `"ringfence-lookup-v2 bucket:"` ‖ bytes 8–71 ‖ bytes 136–139 ‖ SHA-256(body) |
//! | 136 | 4 | body length (u32 LE); the file ends exactly after the body |
//! | 140 | … | body: postcard `{ feed, classes }`, then the entries, 10 bytes each, strictly ascending by key |
//!
//! An entry is `key u64 BE, class u16 LE`: the key is the first 8 bytes of the number's salted
//! hash ([`NumberHash::key`]), the class an index into the bucket's class table, where each class
//! is `(action, category, score, label)` with codes as in the database format. Fixed-width
//! entries are read in place (binary search), and a bucket has few classes, so checking a bucket
//! costs little beyond its signature and the hash of its (small) body.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::hash::{NumberHash, Salt, key_bucket};
use super::{LookupError, MAX_BITS};
use crate::database::{action_from, category_from, check_label};
use crate::verdict::{Action, Category};

/// The first 8 bytes of every bucket file.
pub const BUCKET_MAGIC: [u8; 8] = *b"\x89RFLB\r\n\x1a";
/// The bucket format version this library writes and reads.
pub const BUCKET_FORMAT: u16 = 2;
/// Largest bucket file accepted (a client reads no more than this from the network).
pub const MAX_BUCKET_BYTES: usize = 4 << 20;
const HEADER_LEN: usize = 140;
const SIGNED_HEADER: std::ops::Range<usize> = 8..72;
const SIGNATURE_AT: usize = 72;
const BODY_LEN_AT: usize = 136;
const SIGN_CONTEXT: &[u8] = b"ringfence-lookup-v2 bucket:";

/// Bytes of one entry: the key (u64 BE) and the class index (u16 LE).
const ENTRY_LEN: usize = 10;
/// Most classes in one bucket (an entry's class index is a u16).
pub(crate) const MAX_BUCKET_CLASSES: usize = u16::MAX as usize;

/// What a bucket's entries of one class say: codes as in the database format.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct WireClass {
    pub action: u8,
    pub category: u8,
    /// The feed's score level ([`score_level`](crate::database::score_level); 0 when the
    /// feed carries no scores).
    pub score: u8,
    pub label: Option<String>,
}

/// One entry: the number's key and its index in the bucket's class table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WireEntry {
    pub key: u64,
    pub class: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Meta {
    feed: String,
    classes: Vec<WireClass>,
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
    classes: Vec<WireClass>,
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
    /// The feed's score level ([`score_level`](crate::database::score_level); 0 when the
    /// feed carries no scores).
    pub score: u8,
    /// Its label (list-supplied text: mask digit runs before showing it).
    pub label: Option<String>,
}

fn key_at(entries: &[u8], i: usize) -> u64 {
    u64::from_be_bytes(array(entries, i * ENTRY_LEN))
}

fn class_at(entries: &[u8], i: usize) -> u16 {
    u16::from_le_bytes(array(entries, i * ENTRY_LEN + 8))
}

impl Bucket<'_> {
    /// The entry for the number with hash `h`, if the bucket lists it.
    pub fn find(&self, h: &NumberHash) -> Option<ListedEntry> {
        let key = h.key();
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match key_at(self.entries, mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.entry(mid),
            }
        }
        None
    }

    fn entry(&self, i: usize) -> Option<ListedEntry> {
        let c = self.classes.get(usize::from(class_at(self.entries, i)))?;
        Some(ListedEntry {
            action: action_from(c.action)?,
            category: category_from(c.category)?,
            score: c.score,
            label: c.label.clone(),
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

fn signed_message(file: &[u8], body: &[u8]) -> [u8; SIGN_CONTEXT.len() + 64 + 4 + 32] {
    let mut msg = [0u8; SIGN_CONTEXT.len() + 64 + 4 + 32];
    let (context, rest) = msg.split_at_mut(SIGN_CONTEXT.len());
    context.copy_from_slice(SIGN_CONTEXT);
    let (header, rest) = rest.split_at_mut(64);
    header.copy_from_slice(&file[SIGNED_HEADER]);
    let (length, digest) = rest.split_at_mut(4);
    length.copy_from_slice(&file[BODY_LEN_AT..HEADER_LEN]);
    digest.copy_from_slice(&Sha256::digest(body));
    msg
}

/// Encodes and signs a bucket. `entries` must be sorted by key (the publisher's order) and
/// index into `classes`.
pub(crate) fn encode(
    header: &BucketHeader,
    feed: &str,
    classes: Vec<WireClass>,
    entries: &[WireEntry],
    key: &SigningKey,
) -> Vec<u8> {
    let mut body = postcard::to_allocvec(&Meta { feed: feed.to_owned(), classes }).unwrap_or_default();
    body.reserve(entries.len() * ENTRY_LEN);
    for e in entries {
        body.extend_from_slice(&e.key.to_be_bytes());
        body.extend_from_slice(&e.class.to_le_bytes());
    }
    seal(header, &body, key)
}

/// The bucket file of `body` (taken as it is) under `header`, signed with `key`.
pub(crate) fn seal(header: &BucketHeader, body: &[u8], key: &SigningKey) -> Vec<u8> {
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
    let signature = key.sign(&signed_message(&file, body)).to_bytes();
    file[SIGNATURE_AT..SIGNATURE_AT + 64].copy_from_slice(&signature);
    file.extend_from_slice(body);
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
    Ok(Bucket { header, feed: meta.feed, classes: meta.classes, entries })
}

fn validate(header: &BucketHeader, meta: &Meta, entries: &[u8]) -> Result<(), LookupError> {
    if meta.classes.len() > MAX_BUCKET_CLASSES {
        return Err(LookupError::Malformed("class table"));
    }
    for c in &meta.classes {
        if action_from(c.action).is_none() || category_from(c.category).is_none() {
            return Err(LookupError::Malformed("action or category code"));
        }
        if c.label.as_deref().is_some_and(|l| !matches!(check_label(l), Ok(Some(t)) if t == l)) {
            return Err(LookupError::Malformed("label"));
        }
    }
    if !entries.len().is_multiple_of(ENTRY_LEN) {
        return Err(LookupError::Malformed("entry table length"));
    }
    let count = entries.len() / ENTRY_LEN;
    // Keys ascend and a bucket id is a key's first bits, so the first and last entries are in
    // the bucket only when all are.
    let bucket_of = |i: usize| key_bucket(key_at(entries, i), header.bits);
    if count > 0 && (bucket_of(0) != header.bucket || bucket_of(count - 1) != header.bucket) {
        return Err(LookupError::Malformed("entry outside its bucket"));
    }
    let classes = meta.classes.len();
    let mut previous = None;
    for i in 0..count {
        let key = key_at(entries, i);
        if previous.is_some_and(|p| p >= key) {
            return Err(LookupError::Malformed("entries not strictly ascending"));
        }
        previous = Some(key);
        if usize::from(class_at(entries, i)) >= classes {
            return Err(LookupError::Malformed("class id"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(first: u8, last: u8, class: u16) -> WireEntry {
        WireEntry { key: u64::from(first) << 56 | u64::from(last), class }
    }

    /// Bucket 0 of 1 bit (keys below 0x80…), signed, with `entries` in the given order and
    /// one class.
    fn checked(entries: &[WireEntry], class: WireClass) -> Result<(), LookupError> {
        let key = SigningKey::from_bytes(&[4; 32]);
        let header = BucketHeader { bits: 1, bucket: 0, version: 1, salt: [0; 16] };
        let file = encode(&header, "feed", vec![class], entries, &key);
        decode(&file, &PinnedKey::new(&key.verifying_key().to_bytes())?).map(|_| ())
    }

    fn class(action: u8, label: Option<&str>) -> WireClass {
        WireClass { action, category: 2, score: 9, label: label.map(str::to_owned) }
    }

    #[test]
    fn signed_but_inconsistent_entries_are_malformed() {
        let ok = class(3, Some("Label"));
        assert_eq!(checked(&[entry(1, 0, 0), entry(1, 1, 0), entry(0x7f, 0, 0)], ok.clone()), Ok(()));
        let malformed = |what| Err(LookupError::Malformed(what));
        assert_eq!(checked(&[entry(1, 1, 0), entry(1, 0, 0)], ok.clone()), malformed("entries not strictly ascending"));
        assert_eq!(checked(&[entry(1, 1, 0), entry(1, 1, 0)], ok.clone()), malformed("entries not strictly ascending"));
        assert_eq!(checked(&[entry(1, 0, 0), entry(0x80, 0, 0)], ok.clone()), malformed("entry outside its bucket"));
        assert_eq!(checked(&[entry(0x80, 0, 0)], ok.clone()), malformed("entry outside its bucket"));
        assert_eq!(checked(&[entry(1, 0, 1)], ok), malformed("class id"));
        assert_eq!(checked(&[entry(0, 0, 0)], class(200, None)), malformed("action or category code"));
        assert_eq!(checked(&[entry(0, 0, 0)], class(3, Some("a\u{7}b"))), malformed("label"));
    }

    #[test]
    fn an_entry_answers_with_its_class() {
        let key = SigningKey::from_bytes(&[4; 32]);
        let header = BucketHeader { bits: 0, bucket: 0, version: 3, salt: [1; 16] };
        let h = NumberHash([0xAB; 16]);
        let entries = [WireEntry { key: 1, class: 1 }, WireEntry { key: h.key(), class: 0 }];
        let file = encode(&header, "feed", vec![class(1, Some("Scam")), class(3, None)], &entries, &key);
        let bucket = decode(&file, &PinnedKey::new(&key.verifying_key().to_bytes()).unwrap()).unwrap();
        let found = bucket.find(&h).unwrap();
        assert_eq!((found.action, found.score, found.label.as_deref()), (action_from(1).unwrap(), 9, Some("Scam")));
        assert_eq!(bucket.find(&NumberHash([0xAC; 16])), None);
        assert_eq!(bucket.len(), 2);
    }
}
