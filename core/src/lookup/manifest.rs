//! `manifest.json`: what a publication is (feed, version, bucket bits, salt, key, bucket count,
//! anonymity per region), signed with the feed's key so that a server or anyone on the path
//! cannot change the salt or raise the bucket bits (which would shrink the anonymity set).

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::hash::Salt;
use super::plan::RegionAnonymity;
use super::{LookupError, MAX_BITS};
use crate::database::{key_from_hex, to_hex};

/// The `format` every manifest of this version names.
pub const MANIFEST_FORMAT: &str = "ringfence-lookup-v1";
/// Largest manifest accepted.
pub const MAX_MANIFEST_BYTES: usize = 256 << 10;
const SIGN_CONTEXT: &[u8] = b"ringfence-lookup-v1 manifest:";

/// A publication's manifest (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// The feed's name.
    pub feed: String,
    /// The feed version.
    pub version: u64,
    /// Bucket bits: there are `2^bits` buckets, `b/<hex>.bkt`.
    pub bits: u8,
    /// The salt, hex.
    pub salt: String,
    /// The signing key, hex.
    pub public_key: String,
    /// Number of bucket files (`2^bits`, empty ones included).
    pub buckets: u64,
    /// Exact numbers published.
    pub entries: u64,
    /// `#` ranges of the feed not published (ranges belong in the installed feed).
    pub ranges_skipped: u64,
    /// The anonymity set per calling code at these bits.
    pub anonymity: Vec<RegionAnonymity>,
    /// ed25519 signature (hex) over the manifest with this field empty.
    pub signature: String,
}

impl Manifest {
    fn message(&self) -> Vec<u8> {
        let unsigned = Self { signature: String::new(), ..self.clone() };
        [SIGN_CONTEXT, &serde_json::to_vec(&unsigned).unwrap_or_default()].concat()
    }

    /// Signs the manifest with `key` (setting `public_key` and `signature`).
    pub(crate) fn sign(mut self, key: &SigningKey) -> Self {
        self.public_key = to_hex(&key.verifying_key().to_bytes());
        self.signature = to_hex(&key.sign(&self.message()).to_bytes());
        self
    }

    /// The salt as bytes (checked by [`parse`](Self::parse)).
    pub fn salt_bytes(&self) -> Salt {
        salt_from_hex(&self.salt).unwrap_or_default()
    }

    /// Pretty JSON, as published.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Parses and verifies a manifest: JSON of this format (`NotALookupFile`,
    /// `UnsupportedVersion`), signed by `pinned` (`UnknownKey`, `BadSignature`), consistent
    /// (`Malformed`).
    pub fn parse(bytes: &[u8], pinned: &[u8; 32]) -> Result<Self, LookupError> {
        if bytes.len() > MAX_MANIFEST_BYTES {
            return Err(LookupError::LimitExceeded { what: "manifest bytes", limit: MAX_MANIFEST_BYTES as u64 });
        }
        let m: Self = serde_json::from_slice(bytes).map_err(|_| LookupError::NotALookupFile)?;
        if m.format != MANIFEST_FORMAT {
            return Err(LookupError::UnsupportedVersion(0));
        }
        if key_from_hex(&m.public_key) != Some(*pinned) {
            return Err(LookupError::UnknownKey);
        }
        let signature = hex_array::<64>(&m.signature).ok_or(LookupError::BadSignature)?;
        let key = VerifyingKey::from_bytes(pinned).map_err(|_| LookupError::UnknownKey)?;
        key.verify_strict(&m.message(), &Signature::from_bytes(&signature)).map_err(|_| LookupError::BadSignature)?;
        if m.bits > MAX_BITS || m.buckets != 1u64 << m.bits || salt_from_hex(&m.salt).is_none() {
            return Err(LookupError::Malformed("manifest fields"));
        }
        Ok(m)
    }
}

fn hex_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// A 16-byte salt from 32 hex digits.
pub fn salt_from_hex(text: &str) -> Option<Salt> {
    hex_array(text)
}
