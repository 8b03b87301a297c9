//! Writing the number index (see the parent module for the layout).

use super::{BUCKET_TARGET, IndexParams, NUMBERS_PER_CHUNK, WIDE, occupancy_bit};
use crate::database::bits::{BitWriter, mask};
use crate::database::format::{PerSection, Section};

/// Encodes strictly ascending `values` (< 2^50) with their class ids into the five index
/// sections of `out`.
pub(crate) fn encode(values: &[u64], classes: &[u32], class_bits: u8, out: &mut PerSection<Vec<u8>>) {
    let n = values.len() as u64;
    let (min, max) = (values.first().copied().unwrap_or(0), values.last().copied().unwrap_or(0));
    let target = (n / NUMBERS_PER_CHUNK).max(1);
    let chunk_shift = (0..63u8).find(|s| (max >> s) - (min >> s) < target).unwrap_or(63);
    let base = (min >> chunk_shift) << chunk_shift;
    let n_chunks = if n == 0 { 0 } else { ((max - base) >> chunk_shift) + 1 };
    let (mut chunks, mut buckets, mut lows) = (Vec::new(), Vec::new(), BitWriter::default());
    let mut record = |first: usize, at: usize, bit: u64, flags: u8| {
        chunks.extend_from_slice(&(first as u32).to_le_bytes());
        chunks.extend_from_slice(&(at as u32).to_le_bytes());
        chunks.extend_from_slice(&(bit | u64::from(flags) << 56).to_le_bytes());
    };
    let mut i = 0usize;
    for c in 0..n_chunks {
        let (start, chunk_lo) = (i, base + (c << chunk_shift));
        while i < values.len() && (values[i] - base) >> chunk_shift == c {
            i += 1;
        }
        let k = (i - start) as u64;
        if k == 0 {
            record(start, buckets.len(), lows.len_bits(), 0);
            continue;
        }
        let sub_log = (k.div_ceil(BUCKET_TARGET).next_power_of_two().trailing_zeros() as u8).min(chunk_shift);
        let shift = chunk_shift - sub_log;
        let wide = k > u64::from(u16::MAX);
        record(start, buckets.len(), lows.len_bits(), shift | if wide { WIDE } else { 0 });
        let mut record = |rel: usize, occupied: u64| {
            match wide {
                true => buckets.extend_from_slice(&(rel as u32).to_le_bytes()),
                false => buckets.extend_from_slice(&(rel as u16).to_le_bytes()),
            }
            buckets.extend_from_slice(&occupied.to_le_bytes());
        };
        let mut p = start;
        for j in 0..(1u64 << sub_log) {
            let (first, mut occupied) = (p, 0u64);
            while p < i && (values[p] - chunk_lo) >> shift == j {
                occupied |= 1 << occupancy_bit((values[p] - chunk_lo) & mask(shift), shift);
                p += 1;
            }
            record(first - start, occupied);
        }
        record(i - start, 0);
        for v in &values[start..i] {
            lows.push((v - chunk_lo) & mask(shift), shift);
        }
    }
    record(values.len(), buckets.len(), lows.len_bits(), 0);
    let mut class_writer = BitWriter::default();
    if class_bits > 0 {
        classes.iter().for_each(|c| class_writer.push(u64::from(*c), class_bits));
    }
    let params = IndexParams {
        n,
        base,
        chunk_shift,
        class_bits,
        chunks: n_chunks,
        bucket_bytes: buckets.len() as u64,
        low_bits: lows.len_bits(),
    };
    out[Section::IndexHeader] = params.to_bytes();
    out[Section::IndexChunks] = chunks;
    out[Section::IndexBuckets] = buckets;
    out[Section::IndexLows] = lows.finish();
    out[Section::IndexClasses] = class_writer.finish();
}
