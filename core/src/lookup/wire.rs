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
//! | 140 | … | postcard `{ feed, labels, entries }`, entries strictly ascending by key |

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
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

/// One entry as stored: the number's key and the feed's class codes (as in the database format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WireEntry {
    pub key: [u8; KEY_LEN],
    pub action: u8,
    pub category: u8,
    /// Index into the bucket's label table.
    pub label: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Body {
    feed: String,
    labels: Vec<String>,
    entries: Vec<WireEntry>,
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

/// A verified bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The signed header.
    pub header: BucketHeader,
    /// The feed's name.
    pub feed: String,
    labels: Vec<String>,
    entries: Vec<WireEntry>,
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

impl Bucket {
    /// The entry for the number with hash `h`, if the bucket lists it.
    pub fn find(&self, h: &NumberHash) -> Option<ListedEntry> {
        let i = self.entries.binary_search_by(|e| e.key.cmp(&h.0)).ok()?;
        let e = self.entries[i];
        Some(ListedEntry {
            action: action_from(e.action)?,
            category: category_from(e.category)?,
            label: e.label.and_then(|l| self.labels.get(l as usize).cloned()),
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
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
    entries: Vec<WireEntry>,
    key: &SigningKey,
) -> Vec<u8> {
    let body = postcard::to_allocvec(&Body { feed: feed.to_owned(), labels, entries }).unwrap_or_default();
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
pub fn decode(b: &[u8], pinned: &[u8; 32]) -> Result<Bucket, LookupError> {
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
    if array::<32>(b, 40) != *pinned {
        return Err(LookupError::UnknownKey);
    }
    let body = &b[HEADER_LEN..];
    let key = VerifyingKey::from_bytes(pinned).map_err(|_| LookupError::UnknownKey)?;
    let signature = Signature::from_bytes(&array(b, SIGNATURE_AT));
    key.verify_strict(&signed_message(b, body), &signature).map_err(|_| LookupError::BadSignature)?;
    let header = BucketHeader {
        bits: b[10],
        bucket: u32::from_le_bytes(array(b, 12)),
        version: u64::from_le_bytes(array(b, 16)),
        salt: array(b, 24),
    };
    if b[11] != 0 || header.bits > MAX_BITS || u64::from(header.bucket) >> header.bits != 0 {
        return Err(LookupError::Malformed("header"));
    }
    let body: Body = postcard::from_bytes(body).map_err(|_| LookupError::Malformed("body"))?;
    validate(&header, &body)?;
    Ok(Bucket { header, feed: body.feed, labels: body.labels, entries: body.entries })
}

fn validate(header: &BucketHeader, body: &Body) -> Result<(), LookupError> {
    if body.labels.iter().any(|l| !matches!(check_label(l), Ok(Some(t)) if t == l)) {
        return Err(LookupError::Malformed("label"));
    }
    if !body.entries.windows(2).all(|w| w[0].key < w[1].key) {
        return Err(LookupError::Malformed("entries not strictly ascending"));
    }
    for e in &body.entries {
        if NumberHash(e.key).bucket(header.bits) != header.bucket {
            return Err(LookupError::Malformed("entry outside its bucket"));
        }
        if action_from(e.action).is_none() || category_from(e.category).is_none() {
            return Err(LookupError::Malformed("action or category code"));
        }
        if e.label.is_some_and(|l| l as usize >= body.labels.len()) {
            return Err(LookupError::Malformed("label id"));
        }
    }
    Ok(())
}
