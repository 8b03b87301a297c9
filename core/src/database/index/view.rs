//! Reading the number index in place: lookups, ascending iteration, full validation.

use super::{BUCKET_RECORD, CHUNK_RECORD, IndexParams, OCCUPANCY_LEN, WIDE, WIDE_BUCKET_RECORD, occupancy_bit};
use crate::database::DatabaseError;
use crate::database::bits::{self, mask};
use crate::database::format::{Section, u16_at, u32_at, u64_at};

/// A chunk record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunk {
    first: u64,
    at: usize,
    bit: u64,
    shift: u8,
    /// `mask(shift)`.
    low_mask: u64,
    pub(super) wide: bool,
    /// Size of its bucket records ([`BUCKET_RECORD`] or [`WIDE_BUCKET_RECORD`]).
    bucket_record: usize,
}

/// A lookup between its stages: the chunk, the value's low bits, and its bucket's entries.
#[derive(Debug, Clone, Copy)]
struct Probe {
    chunk: Chunk,
    low: u64,
    lo: u64,
    len: u64,
}

/// Iteration state over the index (positions only, so it can outlive any borrow).
#[derive(Debug, Clone, Default)]
pub(crate) struct IndexCursor {
    i: u64,
    c: u64,
    j: u64,
    last: Option<u64>,
}

/// The index read in place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IndexView<'a> {
    pub p: IndexParams,
    pub chunks: &'a [u8],
    pub buckets: &'a [u8],
    pub lows: &'a [u8],
    pub classes: &'a [u8],
}

impl<'a> IndexView<'a> {
    /// The index with parameters `p` over its sections, as `section` gives them.
    pub(crate) fn new(p: IndexParams, section: impl Fn(Section) -> &'a [u8]) -> Self {
        IndexView {
            p,
            chunks: section(Section::IndexChunks),
            buckets: section(Section::IndexBuckets),
            lows: section(Section::IndexLows),
            classes: section(Section::IndexClasses),
        }
    }

    /// Chunk record `c` (one bounds check for the whole record).
    #[inline]
    pub(super) fn chunk(&self, c: u64) -> Option<Chunk> {
        let at = usize::try_from(c).ok()?.checked_mul(CHUNK_RECORD)?;
        let rec: &[u8; CHUNK_RECORD] = self.chunks.get(at..at.checked_add(CHUNK_RECORD)?)?.try_into().ok()?;
        let [f0, f1, f2, f3, a0, a1, a2, a3, word @ ..] = *rec;
        let word = u64::from_le_bytes(word);
        let (flags, shift) = ((word >> 56) as u8, (word >> 56) as u8 & !WIDE);
        let wide = flags & WIDE != 0;
        Some(Chunk {
            first: u64::from(u32::from_le_bytes([f0, f1, f2, f3])),
            at: u32::from_le_bytes([a0, a1, a2, a3]) as usize,
            bit: word & mask(56),
            shift,
            low_mask: mask(shift),
            wide,
            // Branch-free: a lookup reads the same bytes for narrow and wide chunks.
            bucket_record: BUCKET_RECORD + usize::from(wide) * (WIDE_BUCKET_RECORD - BUCKET_RECORD),
        })
    }

    /// Bucket `j` of chunk `c`: its first and end entries as offsets from the chunk's first
    /// entry, and its occupancy bits (reads the same bytes for narrow and wide chunks, masked).
    #[inline]
    fn bucket_span(&self, c: &Chunk, j: u64) -> Option<(u64, u64, u64)> {
        let size = c.bucket_record;
        let bound_mask = mask(8 * (size - OCCUPANCY_LEN) as u8);
        let at = c.at.checked_add(usize::try_from(j).ok()?.checked_mul(size)?)?;
        let lo = u64::from(u32_at(self.buckets, at)?) & bound_mask;
        let occupied = u64_at(self.buckets, at.wrapping_add(size - OCCUPANCY_LEN))?;
        let hi = u64::from(u32_at(self.buckets, at.wrapping_add(size))?) & bound_mask;
        Some((lo, occupied, hi))
    }

    /// Bound `j` of chunk `c`, as an entry offset from the chunk's first entry.
    #[inline]
    fn bound(&self, c: &Chunk, j: u64) -> Option<u64> {
        let at = c.at.checked_add(usize::try_from(j).ok()?.checked_mul(c.bucket_record)?)?;
        match c.wide {
            true => u32_at(self.buckets, at).map(u64::from),
            false => u16_at(self.buckets, at).map(u64::from),
        }
    }

    /// The packed low bits of the chunk's `r`-th entry.
    #[inline]
    fn low(&self, c: &Chunk, r: u64) -> u64 {
        bits::word_at(self.lows, r.wrapping_mul(u64::from(c.shift)).wrapping_add(c.bit)) & c.low_mask
    }

    /// The packed low bits of the chunk's `r`-th entry; `None` beyond the array (corrupt data).
    #[inline]
    fn try_low(&self, c: &Chunk, r: u64) -> Option<u64> {
        let pos = r.wrapping_mul(u64::from(c.shift)).wrapping_add(c.bit);
        let byte = usize::try_from(pos / 8).ok()?;
        let word: [u8; 8] = self.lows.get(byte..byte.checked_add(8)?)?.try_into().ok()?;
        Some(u64::from_le_bytes(word) >> (pos % 8) & c.low_mask)
    }

    /// The class id of entry `i`.
    #[inline]
    pub(crate) fn class_of(&self, i: u64) -> u32 {
        bits::read(self.classes, i.wrapping_mul(u64::from(self.p.class_bits)), self.p.class_bits) as u32
    }

    /// The entry index of `x`, if present.
    #[inline]
    pub(crate) fn find(&self, x: u64) -> Option<u64> {
        let probe = self.probe(x)?;
        let ends = self.ends(&probe)?;
        self.search(&probe, ends)
    }

    /// [`find`](Self::find) for many values: `out[i]` answers `xs[i]` (`out` as long as `xs`).
    /// The lookups run in groups, stage by stage (bucket records of the whole group, then the
    /// first and last values of its buckets, then the searches), so that the memory accesses of
    /// a group are in flight together: the processor overlaps independent loads by itself, no
    /// prefetch instruction needed. Answers are those of `find`.
    pub(crate) fn find_many(&self, xs: &[u64], out: &mut [Option<u64>]) {
        const GROUP: usize = 16;
        for (xs, out) in xs.chunks(GROUP).zip(out.chunks_mut(GROUP)) {
            let mut probes = [None; GROUP];
            for (p, x) in probes.iter_mut().zip(xs) {
                *p = self.probe(*x);
            }
            let mut ends = [None; GROUP];
            for (e, p) in ends.iter_mut().zip(&probes) {
                *e = p.as_ref().and_then(|p| self.ends(p));
            }
            for ((o, p), e) in out.iter_mut().zip(&probes).zip(ends) {
                *o = p.as_ref().zip(e).and_then(|(p, e)| self.search(p, e));
            }
        }
    }

    /// A lookup's first stage: `x`'s chunk and bucket, read from the bucket record; `None` when
    /// the occupancy bits already say `x` is absent (most absent numbers stop here).
    #[inline(always)]
    fn probe(&self, x: u64) -> Option<Probe> {
        let off = x.checked_sub(self.p.base)?;
        let c = off >> self.p.chunk_shift;
        if c >= self.p.chunks {
            return None;
        }
        let chunk = self.chunk(c)?;
        if chunk.shift > self.p.chunk_shift {
            return None;
        }
        let in_chunk = off & mask(self.p.chunk_shift);
        let (j, low) = (in_chunk >> chunk.shift, in_chunk & chunk.low_mask);
        let (lo, occupied, hi) = self.bucket_span(&chunk, j)?;
        if occupied >> (occupancy_bit(low, chunk.shift) & 63) & 1 == 0 {
            return None;
        }
        let len = hi.checked_sub(lo).filter(|l| *l > 0)?;
        Some(Probe { chunk, low, lo, len })
    }

    /// Second stage: the first and last packed values of the bucket (loaded together: one round
    /// trip to memory for buckets up to two cache lines).
    #[inline(always)]
    fn ends(&self, p: &Probe) -> Option<(u64, u64)> {
        Some((self.try_low(&p.chunk, p.lo)?, self.try_low(&p.chunk, p.lo + p.len - 1)?))
    }

    /// Last stage: the binary search in the bucket, given its first and last values.
    #[inline(always)]
    fn search(&self, p: &Probe, (first, last): (u64, u64)) -> Option<u64> {
        let (a, low, mut lo, mut len) = (&p.chunk, p.low, p.lo, p.len);
        // Branch-free: a mispredicted branch here would also discard the work the processor had
        // started on whatever follows the lookup. The probes' addresses do not depend on
        // `first` and `last`, so their loads overlap with those.
        while len > 1 {
            let half = len / 2;
            lo = std::hint::select_unpredictable(self.try_low(a, lo + half)? <= low, lo + half, lo);
            len -= half;
        }
        let found = (self.try_low(a, lo)? == low) & (first <= low) & (low <= last);
        found.then_some(a.first.wrapping_add(lo))
    }

    /// The next `(value, class)` in ascending order; `None` at the end (or on corrupt data).
    pub(crate) fn next(&self, cur: &mut IndexCursor) -> Option<(u64, u32)> {
        loop {
            if cur.i >= self.p.n || cur.c >= self.p.chunks {
                return None;
            }
            let (a, b) = (self.chunk(cur.c)?, self.chunk(cur.c + 1)?);
            if cur.i >= b.first {
                (cur.c, cur.j) = (cur.c + 1, 0);
                continue;
            }
            let sub_log = self.p.chunk_shift.checked_sub(a.shift)?;
            let r = cur.i.checked_sub(a.first)?;
            while self.bound(&a, cur.j + 1)? <= r {
                cur.j += 1;
                if cur.j >> sub_log != 0 {
                    return None;
                }
            }
            let value =
                self.p.base.wrapping_add(cur.c << self.p.chunk_shift).wrapping_add(cur.j << a.shift) | self.low(&a, r);
            let class = self.class_of(cur.i);
            cur.i += 1;
            if cur.last.is_some_and(|prev| value <= prev) {
                cur.i = self.p.n;
                return None;
            }
            cur.last = Some(value);
            return Some((value, class));
        }
    }

    /// Full structural check, O(chunks + buckets + values): every record consistent with its
    /// neighbours, and the packed values ascending and matching their buckets' occupancy bits.
    pub(crate) fn validate(&self, class_count: u32) -> Result<(), DatabaseError> {
        let bad = |what| Err(DatabaseError::Malformed(what));
        let (mut at, mut bit) = (0usize, 0u64);
        for c in 0..self.p.chunks {
            let (a, b) = (self.chunk(c).ok_or(bad_chunk())?, self.chunk(c + 1).ok_or(bad_chunk())?);
            if a.at != at || a.bit != bit || b.first < a.first {
                return bad("number index chunks");
            }
            let k = b.first - a.first;
            if k == 0 {
                continue;
            }
            let Some(sub_log) = self.p.chunk_shift.checked_sub(a.shift).filter(|s| *s < 40) else {
                return bad("number index chunk width");
            };
            if a.wide != (k > u64::from(u16::MAX)) {
                return bad("number index chunk width");
            }
            let mut prev = 0;
            for j in 0..=(1u64 << sub_log) {
                let v = self.bound(&a, j).ok_or(bad_chunk())?;
                if v < prev || (j == 0 && v != 0) || v > k {
                    return bad("number index buckets");
                }
                prev = v;
            }
            if prev != k {
                return bad("number index buckets");
            }
            // The packed values: ascending within each bucket and exactly the bucket's
            // occupancy bits, so that `find` answers for precisely the values `next` lists.
            for j in 0..(1u64 << sub_log) {
                let (lo, occupied, hi) = self.bucket_span(&a, j).ok_or(bad_chunk())?;
                let (mut seen, mut last) = (0u64, None);
                for r in lo..hi {
                    let low = self.try_low(&a, r).ok_or(bad_chunk())?;
                    if last.is_some_and(|l| low <= l) {
                        return bad("number index values");
                    }
                    last = Some(low);
                    seen |= 1 << (occupancy_bit(low, a.shift) & 63);
                }
                if seen != occupied {
                    return bad("number index values");
                }
            }
            at += ((1usize << sub_log) + 1) * a.bucket_record;
            bit += k * u64::from(a.shift);
        }
        let end = self.chunk(self.p.chunks).ok_or(bad_chunk())?;
        if end.first != self.p.n || at as u64 != self.p.bucket_bytes || bit != self.p.low_bits {
            return bad("number index totals");
        }
        if end.at != at || end.bit != bit || end.shift != 0 || end.wide {
            return bad("number index totals");
        }
        let all_fit = self.p.class_bits == 0 || 1u64 << self.p.class_bits <= u64::from(class_count);
        if !all_fit && (0..self.p.n).any(|i| self.class_of(i) >= class_count) {
            return bad("class id out of range");
        }
        Ok(())
    }
}

fn bad_chunk() -> DatabaseError {
    DatabaseError::Malformed("number index records")
}
