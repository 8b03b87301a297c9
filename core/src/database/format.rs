//! The file framing: header, section table, checksum and signature (see `docs/database-format.md`).
//!
//! All integers are little-endian. The header is 160 bytes, followed by the section table
//! (24 bytes per section), then the sections, each starting at a multiple of 64 bytes with
//! zero padding between them. The file ends exactly at the end of the last section.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::DatabaseError;

/// The first 8 bytes of every database file.
pub const MAGIC: [u8; 8] = *b"\x89RFDB\r\n\x1a";
/// The format version this library writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// Size of the fixed header.
pub(crate) const HEADER_LEN: usize = 160;
/// Size of one section-table record: `kind u32, flags u32, offset u64, length u64`.
pub(crate) const SECTION_RECORD: usize = 24;
/// Sections start at multiples of this.
pub(crate) const ALIGN: usize = 64;
/// The format version (`u16`), right after the magic (in database files and deltas alike).
pub(crate) const VERSION_AT: usize = 8;
/// Header fields: header length (`u16`), section count (`u32`), file length (`u64`), reserved
/// (`u64`, zero).
const HEADER_LEN_AT: usize = 10;
const SECTION_COUNT_AT: usize = 12;
const FILE_LEN_AT: usize = 16;
const RESERVED_AT: usize = 24;
/// Byte ranges of the checksum, signer and signature fields (checksum and signature are
/// zeroed while checksumming).
const CHECKSUM_AT: usize = 32;
const KEY_AT: usize = 64;
const SIGNATURE_AT: usize = 96;
/// Section-table record fields, from the record's start.
const RECORD_FLAGS_AT: usize = 4;
pub(crate) const RECORD_OFFSET_AT: usize = 8;
pub(crate) const RECORD_LEN_AT: usize = 16;
/// Domain separation for the signed message.
const SIGN_CONTEXT: &[u8] = b"ringfence-db-v1 checksum:";

/// The sections of a file, in file order (each exactly once in format version 1). The
/// discriminant is the section's kind code in the section table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// `META`: the postcard-encoded feed metadata.
    Meta = 1,
    /// `LABELS`: the label table.
    Labels = 2,
    /// `CLASSES`: the class table (action, category, label id).
    Classes = 3,
    /// `INDEX_HEADER`: the number index parameters.
    IndexHeader = 4,
    /// `INDEX_CHUNKS`: the number index chunk records.
    IndexChunks = 5,
    /// `INDEX_BUCKETS`: the number index bucket records.
    IndexBuckets = 6,
    /// `INDEX_LOWS`: the bit-packed low bits of the exact numbers.
    IndexLows = 7,
    /// `INDEX_CLASSES`: the bit-packed class id of each exact number.
    IndexClasses = 8,
    /// `RANGES`: the `#`-range table.
    Ranges = 9,
}

impl Section {
    /// Every section, in file order.
    pub const ALL: [Section; 9] = [
        Section::Meta,
        Section::Labels,
        Section::Classes,
        Section::IndexHeader,
        Section::IndexChunks,
        Section::IndexBuckets,
        Section::IndexLows,
        Section::IndexClasses,
        Section::Ranges,
    ];
    /// Number of sections.
    pub const COUNT: usize = Self::ALL.len();

    /// The kind code stored in the section table.
    pub const fn kind(self) -> u32 {
        self as u32
    }

    /// The section's position in the section table and in the file (0-based).
    pub const fn position(self) -> usize {
        self as usize - 1
    }

    /// Byte offset of the section's record in the section table.
    pub const fn record_at(self) -> usize {
        HEADER_LEN + self.position() * SECTION_RECORD
    }
}

// `ALL` lists the sections in kind order, without gaps: `position` indexes it.
const _: () = {
    let mut i = 0;
    while i < Section::COUNT {
        assert!(Section::ALL[i].position() == i);
        i += 1;
    }
};

/// One value per section, indexed by [`Section`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PerSection<T>([T; Section::COUNT]);

impl<T> std::ops::Index<Section> for PerSection<T> {
    type Output = T;
    #[inline]
    fn index(&self, s: Section) -> &T {
        &self.0[s.position()]
    }
}

impl<T> std::ops::IndexMut<Section> for PerSection<T> {
    #[inline]
    fn index_mut(&mut self, s: Section) -> &mut T {
        &mut self.0[s.position()]
    }
}

/// The parsed fixed header.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub checksum: [u8; 32],
    pub key: [u8; 32],
    pub signature: [u8; 64],
    /// Byte range of each section.
    pub sections: PerSection<std::ops::Range<usize>>,
}

impl Header {
    /// Section `s` of `b` (the file this header was parsed from), empty if out of bounds.
    #[inline]
    pub(crate) fn section<'a>(&self, b: &'a [u8], s: Section) -> &'a [u8] {
        b.get(self.sections[s].clone()).unwrap_or(&[])
    }
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
    check_preamble(b, &MAGIC, FORMAT_VERSION)?;
    if b.len() < HEADER_LEN {
        return Err(DatabaseError::Truncated);
    }
    check_length(b.len(), u64_at(b, FILE_LEN_AT).unwrap_or(0))?;
    if u16_at(b, HEADER_LEN_AT) != Some(HEADER_LEN as u16) || u64_at(b, RESERVED_AT) != Some(0) {
        return Err(DatabaseError::Malformed("header fields"));
    }
    if u32_at(b, SECTION_COUNT_AT) != Some(Section::COUNT as u32) {
        return Err(DatabaseError::Malformed("section count"));
    }
    let mut sections = PerSection::default();
    let mut end = HEADER_LEN + Section::COUNT * SECTION_RECORD;
    for section in Section::ALL {
        let at = section.record_at();
        let (kind, flags) = (u32_at(b, at), u32_at(b, at + RECORD_FLAGS_AT));
        let field = |f| u64_at(b, at + f).unwrap_or(u64::MAX);
        let (off, len) = (field(RECORD_OFFSET_AT), field(RECORD_LEN_AT));
        if kind != Some(section.kind()) || flags != Some(0) {
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
        sections[section] = start..stop;
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

/// Checks what database files and deltas start with: `magic`, then the format `version`.
pub(crate) fn check_preamble(b: &[u8], magic: &[u8; 8], version: u16) -> Result<(), DatabaseError> {
    if b.len() < magic.len() {
        return Err(DatabaseError::Truncated);
    }
    if b[..magic.len()] != *magic {
        return Err(DatabaseError::NotADatabase);
    }
    let found = u16_at(b, VERSION_AT).ok_or(DatabaseError::Truncated)?;
    if found != version {
        return Err(DatabaseError::UnsupportedVersion { found, supported: version });
    }
    Ok(())
}

/// Checks that `len` bytes are as many as `declared`: fewer are `Truncated`, more `TrailingBytes`.
pub(crate) fn check_length(len: usize, declared: u64) -> Result<(), DatabaseError> {
    match (len as u64).cmp(&declared) {
        std::cmp::Ordering::Less => Err(DatabaseError::Truncated),
        std::cmp::Ordering::Greater => Err(DatabaseError::TrailingBytes),
        std::cmp::Ordering::Equal => Ok(()),
    }
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

/// Writes the header and section table for `sections`; returns the file with zeroed
/// checksum/key/signature and every section placed (contents copied in).
pub(crate) fn assemble(sections: &PerSection<Vec<u8>>) -> Vec<u8> {
    let mut offsets = PerSection::<usize>::default();
    let mut at = HEADER_LEN + Section::COUNT * SECTION_RECORD;
    for s in Section::ALL {
        at = at.div_ceil(ALIGN) * ALIGN;
        offsets[s] = at;
        at += sections[s].len();
    }
    let mut out = vec![0u8; at];
    put(&mut out, 0, &MAGIC);
    put(&mut out, VERSION_AT, &FORMAT_VERSION.to_le_bytes());
    put(&mut out, HEADER_LEN_AT, &(HEADER_LEN as u16).to_le_bytes());
    put(&mut out, SECTION_COUNT_AT, &(Section::COUNT as u32).to_le_bytes());
    stamp_length(&mut out);
    for s in Section::ALL {
        let (rec, off, bytes) = (s.record_at(), offsets[s], &sections[s]);
        put(&mut out, rec, &s.kind().to_le_bytes());
        put(&mut out, rec + RECORD_OFFSET_AT, &(off as u64).to_le_bytes());
        put(&mut out, rec + RECORD_LEN_AT, &(bytes.len() as u64).to_le_bytes());
        put(&mut out, off, bytes);
    }
    out
}

/// Copies `bytes` into `out` at `at`.
fn put(out: &mut [u8], at: usize, bytes: &[u8]) {
    out[at..at + bytes.len()].copy_from_slice(bytes);
}

/// Writes the file's own length into its header (the declared file length).
pub(crate) fn stamp_length(file: &mut [u8]) {
    let len = file.len() as u64;
    put(file, FILE_LEN_AT, &len.to_le_bytes());
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
    sign_with(&SigningKey::from_bytes(secret), checksum)
}

/// Signs `checksum` with `key` (see [`sign`]).
pub(crate) fn sign_with(key: &SigningKey, checksum: &[u8; 32]) -> [u8; 64] {
    let msg = [SIGN_CONTEXT, checksum.as_slice()].concat();
    key.sign(&msg).to_bytes()
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
