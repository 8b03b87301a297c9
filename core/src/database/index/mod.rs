//! The exact-number index: sorted E.164 values in a two-level radix directory over bit-packed
//! low bits, read in place (see `docs/database-format.md`, "Number index").
//!
//! The value space from `base` is cut into chunks of `2^chunk_shift` values (about one chunk
//! per [`NUMBERS_PER_CHUNK`] numbers). Each non-empty chunk picks its own bucket width
//! `2^shift` so that its buckets hold about [`BUCKET_TARGET`] numbers; its bucket bounds are
//! entry offsets from the chunk's first entry (16-bit, or 32-bit in a "wide" chunk of more than
//! 65,535 numbers) with 64 occupancy bits (which 64th of the bucket's range holds a number), and
//! each number stores only its `shift` low bits. A lookup reads a chunk record and its bucket
//! record; most absent numbers stop at the occupancy bits; otherwise it loads the first and last
//! packed value of the bucket together (one cache miss) and binary-searches between them.

mod encode;
mod view;

pub(crate) use encode::encode;
pub(crate) use view::{IndexCursor, IndexView};

use super::DatabaseError;
use super::bits::packed_len;
use super::format::u64_at;

/// Average numbers per bucket the encoder aims for (between half and all of this).
pub(crate) const BUCKET_TARGET: u64 = 32;
/// About one chunk per this many numbers.
pub(crate) const NUMBERS_PER_CHUNK: u64 = 1024;
/// Size of the index header section.
pub(crate) const HEADER_LEN: usize = 64;
pub(crate) const CHUNK_RECORD: usize = 16;
/// Flag in a chunk record's top byte: bucket bounds are 32-bit.
pub(crate) const WIDE: u8 = 0x80;

/// Which of the 64 occupancy bits of its bucket a low value sets: the bucket's value range is
/// cut into 64 equal parts (or fewer, one per value, in buckets narrower than 64 values).
#[inline]
pub(crate) fn occupancy_bit(low: u64, shift: u8) -> u64 {
    low >> shift.saturating_sub(6)
}

/// The index parameters from its header section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct IndexParams {
    /// Number of values.
    pub n: u64,
    pub base: u64,
    pub chunk_shift: u8,
    /// Bits per class id (0 when every entry has class 0).
    pub class_bits: u8,
    pub chunks: u64,
    pub bucket_bytes: u64,
    pub low_bits: u64,
}

impl IndexParams {
    pub(crate) fn to_bytes(self) -> Vec<u8> {
        let mut h = vec![0u8; HEADER_LEN];
        h[0..8].copy_from_slice(&self.n.to_le_bytes());
        h[8..16].copy_from_slice(&self.base.to_le_bytes());
        h[16] = self.chunk_shift;
        h[17] = self.class_bits;
        h[24..32].copy_from_slice(&self.chunks.to_le_bytes());
        h[32..40].copy_from_slice(&self.bucket_bytes.to_le_bytes());
        h[40..48].copy_from_slice(&self.low_bits.to_le_bytes());
        h
    }

    /// Parses the header and checks every section length it implies (O(1)).
    pub(crate) fn parse(h: &[u8], lens: [usize; 4]) -> Result<Self, DatabaseError> {
        let bad = DatabaseError::Malformed("number index header");
        if h.len() != HEADER_LEN || h[18..24].iter().chain(&h[48..]).any(|b| *b != 0) {
            return Err(bad);
        }
        let field = |at| u64_at(h, at).unwrap_or(u64::MAX);
        let p = IndexParams {
            n: field(0),
            base: field(8),
            chunk_shift: h[16],
            class_bits: h[17],
            chunks: field(24),
            bucket_bytes: field(32),
            low_bits: field(40),
        };
        let sane = p.n <= u64::from(u32::MAX)
            && p.chunk_shift < 63
            && p.class_bits <= 32
            && p.chunks <= p.n
            && p.bucket_bytes <= u64::from(u32::MAX)
            && p.low_bits < 1 << 56;
        if !sane {
            return Err(DatabaseError::Malformed("number index sizes"));
        }
        let expected = [
            (p.chunks + 1) * CHUNK_RECORD as u64,
            p.bucket_bytes,
            packed_len(p.low_bits) as u64,
            packed_len(p.n * u64::from(p.class_bits)) as u64,
        ];
        if expected != lens.map(|l| l as u64) {
            return Err(DatabaseError::Malformed("number index sizes"));
        }
        Ok(p)
    }
}
