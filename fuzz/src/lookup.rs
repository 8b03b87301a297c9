//! Target `lookup`: what the online lookup reads from the network. `[mode, …]`:
//! - 0: a bucket file as fetched (framing, signer and signature checks);
//! - 1: `[bits, bucket id (4), probe key (8), body…]`, the body sealed under a header and signed
//!   with the pinned key, so the checks after the signature (class table, entries) are reached;
//! - 2: a manifest (`manifest.json` bytes).

use ringfence_core::lookup::manifest::Manifest;
use ringfence_core::lookup::test_support::seal_bucket;
use ringfence_core::lookup::wire::{self, BucketHeader, PinnedKey};
use ringfence_core::lookup::{LookupError, MAX_BITS, NumberHash};

use crate::{SECRET, key};

/// contract: decoding never panics; a bucket that decodes holds its own id and bits, answers
/// any probe without panicking, and holds no more entries than its body has bytes for.
pub fn lookup(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let pinned = PinnedKey::new(&key()).expect("the fuzz key is not weak");
    match mode % 3 {
        0 => check(rest, &pinned, [0; 8], None),
        1 => {
            let [bits, b0, b1, b2, b3, k @ ..] = rest else { return };
            let probe: [u8; 8] = k.get(..8).and_then(|p| p.try_into().ok()).unwrap_or_default();
            let body = k.get(8..).unwrap_or_default();
            let bits = bits % (MAX_BITS + 2);
            let header =
                BucketHeader { bits, bucket: u32::from_le_bytes([*b0, *b1, *b2, *b3]), version: 7, salt: [3; 16] };
            let file = seal_bucket(&header, body, &SECRET);
            check(&file, &pinned, probe, Some((header, body.len())));
        }
        _ => {
            if let Err(e) = Manifest::parse(rest, &key()) {
                let _ = e.to_string();
            }
        }
    }
}

fn check(file: &[u8], pinned: &PinnedKey, probe: [u8; 8], sealed: Option<(BucketHeader, usize)>) {
    match wire::decode(file, pinned) {
        Ok(bucket) => {
            let mut h = [0u8; 16];
            h[..8].copy_from_slice(&probe);
            let _ = bucket.find(&NumberHash(h));
            if let Some((header, body_len)) = sealed {
                assert_eq!(bucket.header, header, "contract: the signed header is what was sealed");
                assert!(bucket.len() * 10 <= body_len, "contract: entries fit the body");
            }
        }
        Err(LookupError::BadSignature) => assert!(sealed.is_none(), "contract: a sealed bucket's signature verifies"),
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
