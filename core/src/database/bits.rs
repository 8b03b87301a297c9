//! Bit-packed arrays: values of a fixed width (0–57 bits) stored back to back, little-endian.
//!
//! Every packed array is followed by 8 zero bytes so a reader can always load a whole
//! 64-bit word; readers still never index out of bounds (a short array reads as zeros).

/// Appends fixed-width values to a byte buffer.
#[derive(Debug, Default)]
pub(crate) struct BitWriter {
    bytes: Vec<u8>,
    bits: u64,
}

impl BitWriter {
    /// Appends the low `width` bits of `value` (`width` ≤ 57).
    pub(crate) fn push(&mut self, value: u64, width: u8) {
        if width == 0 {
            return;
        }
        debug_assert!(width <= 57 && (width == 64 || value >> width == 0));
        let byte = (self.bits / 8) as usize;
        let shift = self.bits % 8;
        if self.bytes.len() < byte + 9 {
            self.bytes.resize(byte + 9, 0);
        }
        let word = (value << shift).to_le_bytes();
        for (dst, src) in self.bytes[byte..byte + 8].iter_mut().zip(word) {
            *dst |= src;
        }
        self.bits += u64::from(width);
    }

    /// Bits written so far.
    pub(crate) fn len_bits(&self) -> u64 {
        self.bits
    }

    /// The packed bytes, trimmed to the bits written plus 8 zero bytes of padding.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.bytes.resize(packed_len(self.bits), 0);
        self.bytes
    }
}

/// Byte length of a packed array of `bits` bits, padding included.
pub(crate) fn packed_len(bits: u64) -> usize {
    (bits.div_ceil(8) as usize).saturating_add(8)
}

/// Reads the `width`-bit value (`width` ≤ 57) starting at bit `pos`; 0 beyond the array.
#[inline]
pub(crate) fn read(bytes: &[u8], pos: u64, width: u8) -> u64 {
    word_at(bytes, pos) & mask(width)
}

/// The 64-bit little-endian word starting at byte `pos / 8`, shifted right by `pos % 8`: its
/// low `57` bits are the array's bits from `pos` on; 0 if the word is not entirely in the array.
#[inline]
pub(crate) fn word_at(bytes: &[u8], pos: u64) -> u64 {
    let byte = (pos / 8) as usize;
    match bytes.get(byte..byte.wrapping_add(8)).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        Some(w) => u64::from_le_bytes(w) >> (pos % 8),
        None => 0,
    }
}

/// The low `width` bits set.
#[inline]
pub(crate) fn mask(width: u8) -> u64 {
    if width >= 64 { u64::MAX } else { (1u64 << width) - 1 }
}

/// Bits needed to store values up to `max` (0 for `max == 0`).
pub(crate) fn width_for(max: u64) -> u8 {
    (64 - max.leading_zeros()) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_mixed_widths() {
        let values: Vec<(u64, u8)> =
            (0..500u64).map(|i| (i * 0x9E37_79B9 % (1 << (i % 57 + 1)), (i % 57 + 1) as u8)).collect();
        let mut w = BitWriter::default();
        for &(v, width) in &values {
            w.push(v, width);
        }
        let bits = w.len_bits();
        let bytes = w.finish();
        assert_eq!(bytes.len(), packed_len(bits));
        let mut pos = 0;
        for &(v, width) in &values {
            assert_eq!(read(&bytes, pos, width), v);
            pos += u64::from(width);
        }
        assert_eq!(read(&bytes, bits + 1_000_000, 8), 0, "past the end reads zero");
    }

    #[test]
    fn widths() {
        assert_eq!(width_for(0), 0);
        assert_eq!(width_for(1), 1);
        assert_eq!(width_for(255), 8);
        assert_eq!(width_for(256), 9);
    }
}
