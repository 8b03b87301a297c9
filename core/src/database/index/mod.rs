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
//! packed value of the bucket together (one cache miss) and binary-searches between them (the
//! probes' addresses do not wait for those values, so the processor fetches them in parallel).
//!
//! Costs, at 10 million numbers: the chunk records a lookup touches stay in cache (only the
//! non-empty chunks'), the bucket records (about 0.5 byte per number) are one access to a few
//! megabytes, the packed values one access to the rest. Numbers are not spread evenly (countries,
//! operators' ranges, blocks of consecutive numbers): small chunks let each region pick its own
//! bucket width, which keeps buckets near their target size (in the benchmark's synthetic set of
//! 10 million, 30 % of the numbers sat in buckets over twice the target with one chunk per 1,024
//! numbers, 17 % with 256; searching those costs extra cache misses). An empty chunk costs its
//! 16-byte record only.

mod encode;
mod view;

pub(crate) use encode::encode;
pub(crate) use view::{IndexCursor, IndexView};

use super::DatabaseError;
use super::bits::packed_len;
use super::format::{Section, u64_at};

/// Average numbers per bucket the encoder aims for (between half and all of this).
pub(crate) const BUCKET_TARGET: u64 = 32;
/// About one chunk per this many numbers.
pub(crate) const NUMBERS_PER_CHUNK: u64 = 256;
/// Size of the index header section.
pub(crate) const HEADER_LEN: usize = 64;
/// Index header fields (`u64` unless noted); the other bytes are zero.
const N_AT: usize = 0;
const BASE_AT: usize = 8;
/// `u8`, followed by `class_bits` (`u8`) and 6 zero bytes.
const CHUNK_SHIFT_AT: usize = 16;
const CLASS_BITS_AT: usize = 17;
const CHUNKS_AT: usize = 24;
const BUCKET_BYTES_AT: usize = 32;
const LOW_BITS_AT: usize = 40;
/// A chunk record: first entry `u32`, bucket byte offset `u32`, then a `u64` holding the bit
/// offset of its first low value (56 bits) and its flags and `shift` (top byte).
pub(crate) const CHUNK_RECORD: usize = 16;
/// A bucket record: its bound (`u16` in a narrow chunk, `u32` in a wide one), then its
/// occupancy bits (`u64`).
pub(crate) const BUCKET_RECORD: usize = 10;
/// A bucket record of a wide chunk.
pub(crate) const WIDE_BUCKET_RECORD: usize = 12;
/// The occupancy bits at the end of a bucket record.
pub(crate) const OCCUPANCY_LEN: usize = 8;
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
        let mut put = |at: usize, v: u64| h[at..at + 8].copy_from_slice(&v.to_le_bytes());
        put(N_AT, self.n);
        put(BASE_AT, self.base);
        put(CHUNKS_AT, self.chunks);
        put(BUCKET_BYTES_AT, self.bucket_bytes);
        put(LOW_BITS_AT, self.low_bits);
        h[CHUNK_SHIFT_AT] = self.chunk_shift;
        h[CLASS_BITS_AT] = self.class_bits;
        h
    }

    /// Parses the header and checks the length `len` gives for each other index section
    /// against the length the header implies (O(1)).
    pub(crate) fn parse(h: &[u8], len: impl Fn(Section) -> usize) -> Result<Self, DatabaseError> {
        let bad = DatabaseError::Malformed("number index header");
        let reserved = |h: &[u8]| h[CLASS_BITS_AT + 1..CHUNKS_AT].iter().chain(&h[LOW_BITS_AT + 8..]).any(|b| *b != 0);
        if h.len() != HEADER_LEN || reserved(h) {
            return Err(bad);
        }
        let field = |at| u64_at(h, at).unwrap_or(u64::MAX);
        let p = IndexParams {
            n: field(N_AT),
            base: field(BASE_AT),
            chunk_shift: h[CHUNK_SHIFT_AT],
            class_bits: h[CLASS_BITS_AT],
            chunks: field(CHUNKS_AT),
            bucket_bytes: field(BUCKET_BYTES_AT),
            low_bits: field(LOW_BITS_AT),
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
            (Section::IndexChunks, (p.chunks + 1) * CHUNK_RECORD as u64),
            (Section::IndexBuckets, p.bucket_bytes),
            (Section::IndexLows, packed_len(p.low_bits) as u64),
            (Section::IndexClasses, packed_len(p.n * u64::from(p.class_bits)) as u64),
        ];
        if expected.iter().any(|(s, l)| len(*s) as u64 != *l) {
            return Err(DatabaseError::Malformed("number index sizes"));
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::format::PerSection;

    fn encoded(values: &[u64], classes: &[u32], class_bits: u8) -> PerSection<Vec<u8>> {
        let mut sections = PerSection::default();
        encode(values, classes, class_bits, &mut sections);
        sections
    }

    fn view(e: &PerSection<Vec<u8>>) -> IndexView<'_> {
        let p = IndexParams::parse(&e[Section::IndexHeader], |s| e[s].len()).unwrap();
        IndexView::new(p, |s| &e[s])
    }

    /// A cluster dense enough for a wide chunk (more than 65,535 numbers), runs, and outliers.
    fn values() -> Vec<u64> {
        let mut v: Vec<u64> = (0..150_000u64).map(|i| 41_000_000_000 + i * 3 + (i * 7 % 3)).collect();
        v.extend(44_770_000_000..44_770_000_190);
        let mut x = 11u64;
        for i in 0..20_000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            v.push([12_025_550_000u64, 393_200_000_000, 4_915_100_000_000][(i % 3) as usize] + (x >> 24) % 50_000_000);
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn finds_exactly_the_encoded_values_in_wide_and_narrow_chunks() {
        let v = values();
        let classes: Vec<u32> = (0..v.len() as u32).map(|i| i % 3).collect();
        let e = encoded(&v, &classes, 2);
        let ix = view(&e);
        ix.validate(3).unwrap();
        let wide = (0..ix.p.chunks).filter(|c| ix.chunk(*c).is_some_and(|a| a.wide)).count();
        assert!(wide > 0, "the cluster makes a wide chunk");
        for (i, x) in v.iter().enumerate() {
            assert_eq!(ix.find(*x), Some(i as u64), "{x}");
            assert_eq!(ix.class_of(i as u64), classes[i]);
            for y in [x - 1, x + 1, x + 2] {
                assert_eq!(ix.find(y).is_some(), v.binary_search(&y).is_ok(), "{y}");
            }
        }
        assert_eq!(ix.find(0), None);
        assert_eq!(ix.find(u64::MAX), None);
        let mut cur = IndexCursor::default();
        let listed: Vec<u64> = std::iter::from_fn(|| ix.next(&mut cur).map(|(x, _)| x)).collect();
        assert_eq!(listed, v);
    }

    #[test]
    fn corrupt_index_bytes_never_panic() {
        let v: Vec<u64> = values().into_iter().step_by(7).collect();
        let e = encoded(&v, &vec![0; v.len()], 0);
        let mut x = 5u64;
        for round in 0..300 {
            let mut bad = e.clone();
            for _ in 0..1 + round % 4 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let section = match (x >> 60) % 3 {
                    0 => &mut bad[Section::IndexChunks],
                    1 => &mut bad[Section::IndexBuckets],
                    _ => &mut bad[Section::IndexLows],
                };
                let at = (x >> 8) as usize % section.len();
                section[at] = (x >> 40) as u8;
            }
            let ix = view(&bad);
            let _ = ix.validate(1);
            for y in v.iter().step_by(13) {
                let _ = (ix.find(*y), ix.find(y + 1));
            }
            let mut cur = IndexCursor::default();
            let _ = std::iter::from_fn(|| ix.next(&mut cur)).take(v.len() + 10).count();
        }
    }
}
