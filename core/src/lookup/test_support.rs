//! Test and fuzzing support (feature `test-support`): bucket files around any body, signed as
//! a publisher would, so that what is checked after the signature can be reached.

use ed25519_dalek::SigningKey;

use super::wire::{self, BucketHeader};

/// The bucket file of `body` (any bytes, taken as they are) under `header`, signed with `secret`.
pub fn seal_bucket(header: &BucketHeader, body: &[u8], secret: &[u8; 32]) -> Vec<u8> {
    wire::seal(header, body, &SigningKey::from_bytes(secret))
}
