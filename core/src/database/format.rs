//! The file framing: header, section table, checksum and signature (see `docs/database-format.md`).
//!
//! All integers are little-endian. The header is 160 bytes, followed by the section table
//! (24 bytes per section), then the sections, each starting at a multiple of 64 bytes with
//! zero padding between them. The file ends exactly at the end of the last section.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::DatabaseError;
use crate::verdict::{Action, Category};

/// The first 8 bytes of every database file.
pub const MAGIC: [u8; 8] = *b"\x89RFDB\r\n\x1a";
/// The format version this library writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// Size of the fixed header.
pub(crate) const HEADER_LEN: usize = 160;
/// Size of one section-table record.
pub(crate) const SECTION_RECORD: usize = 24;
/// Sections start at multiples of this.
pub(crate) const ALIGN: usize = 64;
/// Byte ranges of the checksum and signature fields (zeroed while checksumming).
const CHECKSUM_AT: usize = 32;
const KEY_AT: usize = 64;
const SIGNATURE_AT: usize = 96;
/// Domain separation for the signed message.
const SIGN_CONTEXT: &[u8] = b"ringfence-db-v1 checksum:";

/// Section kinds, in the order they appear (each exactly once in format version 1).
pub(crate) const SECTION_KINDS: [u32; 9] =
    [META, LABELS, CLASSES, INDEX_HEADER, INDEX_CHUNKS, INDEX_BUCKETS, INDEX_LOWS, INDEX_CLASSES, RANGES];
pub(crate) const META: u32 = 1;
pub(crate) const LABELS: u32 = 2;
pub(crate) const CLASSES: u32 = 3;
pub(crate) const INDEX_HEADER: u32 = 4;
pub(crate) const INDEX_CHUNKS: u32 = 5;
pub(crate) const INDEX_BUCKETS: u32 = 6;
pub(crate) const INDEX_LOWS: u32 = 7;
pub(crate) const INDEX_CLASSES: u32 = 8;
pub(crate) const RANGES: u32 = 9;

/// The parsed fixed header.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub checksum: [u8; 32],
    pub key: [u8; 32],
    pub signature: [u8; 64],
    /// Byte range of each section, in [`SECTION_KINDS`] order.
    pub sections: Vec<std::ops::Range<usize>>,
}

/// Little-endian readers that never panic.
#[inline]
pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at.checked_add(2)?).and_then(|s| s.try_into().ok()).map(u16::from_le_bytes)
}
/// See [`u16_at`].
#[inline]
pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?).and_then(|s| s.try_into().ok()).map(u32::from_le_bytes)
}
/// See [`u16_at`].
#[inline]
pub(crate) fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at.checked_add(8)?).and_then(|s| s.try_into().ok()).map(u64::from_le_bytes)
}
fn array_at<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    b.get(at..at + N).and_then(|s| s.try_into().ok()).unwrap_or([0; N])
}

/// Checks magic, version and length framing, then reads the header and section table.
pub(crate) fn parse_header(b: &[u8]) -> Result<Header, DatabaseError> {
    if b.len() < MAGIC.len() {
        return Err(DatabaseError::Truncated);
    }
    if b[..MAGIC.len()] != MAGIC {
        return Err(DatabaseError::NotADatabase);
    }
    let version = u16_at(b, 8).ok_or(DatabaseError::Truncated)?;
    if version != FORMAT_VERSION {
        return Err(DatabaseError::UnsupportedVersion { found: version, supported: FORMAT_VERSION });
    }
    if b.len() < HEADER_LEN {
        return Err(DatabaseError::Truncated);
    }
    let declared = u64_at(b, 16).unwrap_or(0);
    match (b.len() as u64).cmp(&declared) {
        std::cmp::Ordering::Less => return Err(DatabaseError::Truncated),
        std::cmp::Ordering::Greater => return Err(DatabaseError::TrailingBytes),
        std::cmp::Ordering::Equal => {}
    }
    if u16_at(b, 10) != Some(HEADER_LEN as u16) || u64_at(b, 24) != Some(0) {
        return Err(DatabaseError::Malformed("header fields"));
    }
    let count = u32_at(b, 12).unwrap_or(0) as usize;
    if count != SECTION_KINDS.len() {
        return Err(DatabaseError::Malformed("section count"));
    }
    let mut sections = Vec::with_capacity(count);
    let mut end = HEADER_LEN + count * SECTION_RECORD;
    for (i, kind) in SECTION_KINDS.iter().enumerate() {
        let at = HEADER_LEN + i * SECTION_RECORD;
        let (k, flags) = (u32_at(b, at), u32_at(b, at + 4));
        let (off, len) = (u64_at(b, at + 8).unwrap_or(u64::MAX), u64_at(b, at + 16).unwrap_or(u64::MAX));
        if k != Some(*kind) || flags != Some(0) {
            return Err(DatabaseError::Malformed("section table"));
        }
        let start = usize::try_from(off).map_err(|_| DatabaseError::Malformed("section offset"))?;
        let stop = usize::try_from(len).ok().and_then(|l| start.checked_add(l));
        let stop = stop.filter(|s| *s <= b.len()).ok_or(DatabaseError::Malformed("section bounds"))?;
        if start % ALIGN != 0 || start < end || start - end >= ALIGN {
            return Err(DatabaseError::Malformed("section alignment"));
        }
        if b[end..start].iter().any(|p| *p != 0) {
            return Err(DatabaseError::Malformed("padding"));
        }
        end = stop;
        sections.push(start..stop);
    }
    if end != b.len() {
        return Err(DatabaseError::Malformed("data after the last section"));
    }
    Ok(Header {
        checksum: array_at(b, CHECKSUM_AT),
        key: array_at(b, KEY_AT),
        signature: array_at(b, SIGNATURE_AT),
        sections,
    })
}

/// SHA-256 over the whole file with the checksum and signature fields read as zeros.
pub(crate) fn checksum(b: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(&b[..CHECKSUM_AT.min(b.len())]);
    h.update([0u8; KEY_AT - CHECKSUM_AT]);
    h.update(b.get(KEY_AT..SIGNATURE_AT).unwrap_or(&[]));
    h.update([0u8; HEADER_LEN - SIGNATURE_AT]);
    h.update(b.get(HEADER_LEN..).unwrap_or(&[]));
    h.finalize().into()
}

/// Verifies `signature` over `checksum` by `key` (strict ed25519: no malleable signatures).
pub(crate) fn verify_signature(key: &[u8; 32], checksum: &[u8; 32], signature: &[u8; 64]) -> Result<(), DatabaseError> {
    let key = VerifyingKey::from_bytes(key).map_err(|_| DatabaseError::BadSignature)?;
    let sig = Signature::from_bytes(signature);
    let msg = [SIGN_CONTEXT, checksum.as_slice()].concat();
    key.verify_strict(&msg, &sig).map_err(|_| DatabaseError::BadSignature)
}

/// Writes the header and section table for sections of the given lengths; returns the file
/// with zeroed checksum/key/signature and every section placed (contents copied in).
pub(crate) fn assemble(sections: &[Vec<u8>]) -> Vec<u8> {
    let mut layout = Vec::with_capacity(sections.len());
    let mut at = HEADER_LEN + sections.len() * SECTION_RECORD;
    for s in sections {
        at = at.div_ceil(ALIGN) * ALIGN;
        layout.push(at);
        at += s.len();
    }
    let mut out = vec![0u8; at];
    out[..8].copy_from_slice(&MAGIC);
    out[8..10].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    out[10..12].copy_from_slice(&(HEADER_LEN as u16).to_le_bytes());
    out[12..16].copy_from_slice(&(sections.len() as u32).to_le_bytes());
    out[16..24].copy_from_slice(&(at as u64).to_le_bytes());
    for (i, (s, off)) in sections.iter().zip(&layout).enumerate() {
        let rec = HEADER_LEN + i * SECTION_RECORD;
        out[rec..rec + 4].copy_from_slice(&SECTION_KINDS[i].to_le_bytes());
        out[rec + 8..rec + 16].copy_from_slice(&(*off as u64).to_le_bytes());
        out[rec + 16..rec + 24].copy_from_slice(&(s.len() as u64).to_le_bytes());
        out[*off..*off + s.len()].copy_from_slice(s);
    }
    out
}

/// Stamps `key` into an assembled file and fills its checksum; returns the checksum.
pub(crate) fn stamp_checksum(file: &mut [u8], key: &[u8; 32]) -> [u8; 32] {
    file[KEY_AT..SIGNATURE_AT].copy_from_slice(key);
    let sum = checksum(file);
    file[CHECKSUM_AT..KEY_AT].copy_from_slice(&sum);
    sum
}

/// Stamps a signature into a file whose checksum is filled.
pub(crate) fn stamp_signature(file: &mut [u8], signature: &[u8; 64]) {
    file[SIGNATURE_AT..HEADER_LEN].copy_from_slice(signature);
}

/// Signs `checksum` with the ed25519 secret key `secret`.
pub(crate) fn sign(secret: &[u8; 32], checksum: &[u8; 32]) -> [u8; 64] {
    let msg = [SIGN_CONTEXT, checksum.as_slice()].concat();
    SigningKey::from_bytes(secret).sign(&msg).to_bytes()
}

/// The ed25519 public key of a 32-byte secret key (seed).
pub fn public_key(secret: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret).verifying_key().to_bytes()
}

/// Hex text of `bytes` (lower case), as key files and checksums are written.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses a 32-byte key written as 64 hexadecimal digits (surrounding white space ignored).
pub fn key_from_hex(text: &str) -> Option<[u8; 32]> {
    let t = text.trim();
    if t.len() != 64 || !t.is_ascii() {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, k) in key.iter_mut().enumerate() {
        *k = u8::from_str_radix(&t[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(key)
}

/// The stable one-byte code of an action in the file.
pub(crate) fn action_code(a: Action) -> u8 {
    match a {
        Action::Allow => 0,
        Action::Label => 1,
        Action::Silence => 2,
        Action::Block => 3,
    }
}

/// Inverse of [`action_code`].
pub(crate) fn action_from(code: u8) -> Option<Action> {
    [Action::Allow, Action::Label, Action::Silence, Action::Block].into_iter().find(|a| action_code(*a) == code)
}

/// The stable one-byte code of a category in the file.
pub(crate) fn category_code(c: Category) -> u8 {
    match c {
        Category::None => 0,
        Category::Emergency => 1,
        Category::UserList => 2,
        Category::Spam => 3,
        Category::Scam => 4,
        Category::Telemarketing => 5,
        Category::Robocall => 6,
        Category::Impersonation => 7,
        Category::Wangiri => 8,
        Category::PremiumRate => 9,
        Category::Spoofed => 10,
        Category::Suspicious => 11,
        Category::Other => 12,
        Category::Satellite => 13,
        Category::InternationalNetwork => 14,
    }
}

/// Inverse of [`category_code`] (derived from it, so the two cannot disagree).
pub(crate) fn category_from(code: u8) -> Option<Category> {
    Category::ALL.into_iter().find(|c| category_code(*c) == code)
}
