//! Which bucket a number falls in, and the salted hash that stands for it inside the bucket.
//!
//! `h = SHA-256(salt ‖ E.164 digits as ASCII, without "+")`. The bucket id is the first `bits`
//! bits of `h` (big-endian); the entry key is the first 16 bytes of `h`, so every key of a
//! bucket starts with the bucket's bits (checked when a bucket is accepted).
//!
//! Why a salted hash rather than the number: bucket files are public and end up in CDN caches
//! and mirrors; a hash keeps plain numbers out of them, and the per-feed salt stops one
//! precomputed table from serving every feed. It is not secrecy: the salt is public and
//! numbering plans are small enough to enumerate, so anyone willing to hash every plausible
//! number can tell which ones a bucket lists (see docs/privacy.md).

use sha2::{Digest, Sha256};

use crate::number::E164;

/// The per-feed salt (public, in the manifest).
pub type Salt = [u8; 16];

/// Bytes of an entry key.
pub const KEY_LEN: usize = 16;

/// A number's salted hash: where it lives and how a bucket names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumberHash(pub [u8; KEY_LEN]);

impl NumberHash {
    /// The salted hash of `number`.
    pub fn of(salt: &Salt, number: E164) -> Self {
        let mut digits = [0u8; 20];
        let mut v = number.as_u64();
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        let h = Sha256::new().chain_update(salt).chain_update(&digits[at..]).finalize();
        let mut key = [0u8; KEY_LEN];
        key.copy_from_slice(&h[..KEY_LEN]);
        Self(key)
    }

    /// The id of the bucket this hash falls in with `bits` bucket bits (more than 32 count as 32).
    pub fn bucket(&self, bits: u8) -> u32 {
        key_bucket(self.key(), bits)
    }

    /// The key a bucket file stores for this number: the hash's first 8 bytes, big-endian. Its
    /// first bits are the bucket id, and within a bucket of `n` entries another number matches
    /// a key with probability `n / 2^(64 − bits)` (about 5·10⁻¹³ for 600 entries at 14 bits).
    pub fn key(&self) -> u64 {
        u64::from_be_bytes([self.0[0], self.0[1], self.0[2], self.0[3], self.0[4], self.0[5], self.0[6], self.0[7]])
    }
}

/// The bucket a stored `key` falls in with `bits` bucket bits (more than 32 count as 32).
pub fn key_bucket(key: u64, bits: u8) -> u32 {
    match bits.min(32) {
        0 => 0,
        b => (key >> (64 - u32::from(b))) as u32,
    }
}

/// The relative path of bucket `id`: `b/<hex>.bkt`, zero-padded to `ceil(bits / 4)` digits.
pub fn bucket_path(id: u32, bits: u8) -> String {
    let width = usize::from(bits.div_ceil(4)).max(1);
    format!("b/{id:0width$x}.bkt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_is_the_top_bits_and_paths_are_padded_hex() {
        let h = NumberHash([0xAB, 0xCD, 0xEF, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(h.bucket(0), 0);
        assert_eq!(h.bucket(4), 0xA);
        assert_eq!(h.bucket(12), 0xABC);
        assert_eq!(h.bucket(32), 0xABCD_EF01);
        assert_eq!(h.bucket(40), 0xABCD_EF01);
        assert_eq!(bucket_path(0xA, 4), "b/a.bkt");
        assert_eq!(bucket_path(0x1, 14), "b/0001.bkt");
        assert_eq!(bucket_path(0, 0), "b/0.bkt");
    }

    #[test]
    fn the_hash_depends_on_salt_and_number() {
        let n = E164::from_u64(41446681800).unwrap();
        let m = E164::from_u64(41446681801).unwrap();
        let a = NumberHash::of(&[1; 16], n);
        assert_eq!(a, NumberHash::of(&[1; 16], n));
        assert_ne!(a, NumberHash::of(&[2; 16], n));
        assert_ne!(a, NumberHash::of(&[1; 16], m));
        let mut expected = Sha256::new();
        expected.update([1u8; 16]);
        expected.update(b"41446681800");
        assert_eq!(a.0[..], expected.finalize()[..16]);
    }
}
