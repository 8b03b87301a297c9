//! The signed delta header: what a delta is for (feed, base and result versions and
//! checksums), who signed it, and the checks done on it before its payload is decoded.
//!
//! Layout (little-endian): magic (8), version `u16` (2), feed name length `u16`, 4 zero bytes,
//! payload length `u64`, payload SHA-256 (32), base version `u64`, base checksum (32), result
//! version `u64`, result checksum (32), signer (32), signature (64), the feed name (UTF-8), the
//! payload. The signature is ed25519 over `"ringfence-delta-v2:"` ‖ the header up to the
//! signature ‖ the feed name: it covers every field, the payload through its SHA-256.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::super::format::{VERSION_AT, check_length, check_preamble, u16_at, u32_at, u64_at};
use super::super::limits::{self, Limits};
use super::super::trust::Trust;
use super::super::{Database, DatabaseError, MAX_FEED_NAME_CHARS};

/// The first 8 bytes of every delta.
pub const DELTA_MAGIC: [u8; 8] = *b"\x89RFDL\r\n\x1a";
/// The delta format this library writes and reads (version 1 deltas were unsigned).
pub const DELTA_VERSION: u16 = 2;
/// The old, unsigned delta format: refused with [`DatabaseError::UnsignedDelta`].
const UNSIGNED_VERSION: u16 = 1;
/// Domain separation for the signed message (never a valid database signing context).
const SIGN_CONTEXT: &[u8] = b"ringfence-delta-v2:";

const NAME_LEN_AT: usize = 10;
const RESERVED_AT: usize = 12;
const PAYLOAD_LEN_AT: usize = 16;
const PAYLOAD_SHA_AT: usize = 24;
const BASE_VERSION_AT: usize = 56;
const BASE_SUM_AT: usize = 64;
const RESULT_VERSION_AT: usize = 96;
const RESULT_SUM_AT: usize = 104;
const SIGNER_AT: usize = 136;
const SIGNATURE_AT: usize = 168;
/// Size of the fixed header (the feed name follows it).
pub(crate) const HEADER_LEN: usize = 232;
/// Longest feed name in bytes (UTF-8 of [`MAX_FEED_NAME_CHARS`] characters).
const MAX_NAME_BYTES: usize = 4 * MAX_FEED_NAME_CHARS;

/// What a delta says it is for, read from its header (see [`DeltaInfo::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltaInfo {
    /// The feed: the base and the result are both this feed's.
    pub feed: String,
    /// The feed version the delta applies to.
    pub base_version: u64,
    /// The checksum of the exact file it applies to.
    pub base_checksum: [u8; 32],
    /// The feed version it produces.
    pub result_version: u64,
    /// The checksum of the file it produces.
    pub result_checksum: [u8; 32],
    /// The key that signed the delta (and signs the base and the result).
    pub signer: [u8; 32],
}

/// A delta whose framing was checked: its header, signature and payload.
pub(crate) struct Framed<'a> {
    pub info: DeltaInfo,
    signature: [u8; 64],
    payload_sha: [u8; 32],
    /// The signed bytes: the header up to the signature, and the feed name.
    signed: (&'a [u8], &'a [u8]),
    pub payload: &'a [u8],
}

fn array<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    b.get(at..at + N).and_then(|s| s.try_into().ok()).unwrap_or([0; N])
}

impl DeltaInfo {
    /// Reads a delta's header, checking only its framing (magic, version, lengths): to see what
    /// a delta is for before fetching or applying it. Nothing here is authenticated yet.
    pub fn read(delta: &[u8]) -> Result<Self, DatabaseError> {
        Framed::parse(delta).map(|f| f.info)
    }
}

impl<'a> Framed<'a> {
    /// Checks the framing: magic (`NotADatabase`), version (`UnsignedDelta` for version 1,
    /// `UnsupportedVersion`), lengths (`Truncated`, `TrailingBytes`), header fields and feed
    /// name (`Malformed`). Reads the header only.
    pub fn parse(d: &'a [u8]) -> Result<Self, DatabaseError> {
        if d.get(..DELTA_MAGIC.len()) == Some(&DELTA_MAGIC[..]) && u16_at(d, VERSION_AT) == Some(UNSIGNED_VERSION) {
            return Err(DatabaseError::UnsignedDelta);
        }
        check_preamble(d, &DELTA_MAGIC, DELTA_VERSION)?;
        if d.len() < HEADER_LEN {
            return Err(DatabaseError::Truncated);
        }
        let name_len = usize::from(u16_at(d, NAME_LEN_AT).unwrap_or(0));
        if u32_at(d, RESERVED_AT) != Some(0) || name_len > MAX_NAME_BYTES {
            return Err(DatabaseError::Malformed("delta header"));
        }
        let payload_len = u64_at(d, PAYLOAD_LEN_AT).unwrap_or(u64::MAX);
        let declared = ((HEADER_LEN + name_len) as u64).checked_add(payload_len);
        check_length(d.len(), declared.ok_or(DatabaseError::Malformed("delta header"))?)?;
        let name = &d[HEADER_LEN..HEADER_LEN + name_len];
        let feed = std::str::from_utf8(name).map_err(|_| DatabaseError::Malformed("delta feed name"))?;
        let info = DeltaInfo {
            feed: feed.to_owned(),
            base_version: u64_at(d, BASE_VERSION_AT).unwrap_or(0),
            base_checksum: array(d, BASE_SUM_AT),
            result_version: u64_at(d, RESULT_VERSION_AT).unwrap_or(0),
            result_checksum: array(d, RESULT_SUM_AT),
            signer: array(d, SIGNER_AT),
        };
        Ok(Self {
            info,
            signature: array(d, SIGNATURE_AT),
            payload_sha: array(d, PAYLOAD_SHA_AT),
            signed: (&d[..SIGNATURE_AT], name),
            payload: &d[HEADER_LEN + name_len..],
        })
    }

    /// Every check before the payload is decoded, cheapest first: size cap, framing, signer
    /// pinned for the delta's feed (`UnknownKey`, `KeyNotPinnedForFeed`), signature
    /// (`BadSignature`); then that it is for `base`: the same feed (`FeedMismatch`), the same
    /// signer (`SignerChanged`), its exact version and file (`DeltaBaseMismatch`), not going
    /// back (`Downgrade`); last the payload hash (`ChecksumMismatch`, O(delta size)).
    pub fn verify<T: Trust + ?Sized>(
        d: &'a [u8],
        base: &Database,
        trust: &T,
        limits: &Limits,
    ) -> Result<Self, DatabaseError> {
        limits::check("delta size in bytes", d.len() as u64, limits.max_delta_bytes)?;
        let framed = Self::parse(d)?;
        let info = &framed.info;
        trust.check(&info.feed, &info.signer)?;
        framed.verify_signature()?;
        if info.feed != base.metadata().feed {
            return Err(DatabaseError::FeedMismatch);
        }
        if info.signer != base.signer() {
            return Err(DatabaseError::SignerChanged);
        }
        if info.base_checksum != base.checksum() || info.base_version != base.metadata().version {
            return Err(DatabaseError::DeltaBaseMismatch);
        }
        if info.result_version < info.base_version {
            return Err(DatabaseError::Downgrade { installed: info.base_version, offered: info.result_version });
        }
        framed.verify_payload()?;
        Ok(framed)
    }

    fn message(&self) -> Vec<u8> {
        [SIGN_CONTEXT, self.signed.0, self.signed.1].concat()
    }

    fn verify_signature(&self) -> Result<(), DatabaseError> {
        let key = VerifyingKey::from_bytes(&self.info.signer).map_err(|_| DatabaseError::BadSignature)?;
        let sig = Signature::from_bytes(&self.signature);
        key.verify_strict(&self.message(), &sig).map_err(|_| DatabaseError::BadSignature)
    }

    /// Checks the payload against the signed SHA-256 (without it, the framing check).
    pub fn verify_payload(&self) -> Result<(), DatabaseError> {
        match Sha256::digest(self.payload).as_slice() == self.payload_sha {
            true => Ok(()),
            false => Err(DatabaseError::ChecksumMismatch),
        }
    }
}

/// A delta file for `info` and `payload`, signed with `key` (the signer named is `key`'s).
pub(crate) fn seal(info: &DeltaInfo, payload: &[u8], key: &SigningKey) -> Result<Vec<u8>, DatabaseError> {
    let name = info.feed.as_bytes();
    if name.len() > MAX_NAME_BYTES {
        return Err(DatabaseError::LimitExceeded { what: "feed name length", limit: MAX_FEED_NAME_CHARS as u64 });
    }
    let mut out = Vec::with_capacity(HEADER_LEN + name.len() + payload.len());
    out.extend_from_slice(&DELTA_MAGIC);
    out.extend_from_slice(&DELTA_VERSION.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0; PAYLOAD_LEN_AT - RESERVED_AT]);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out.extend_from_slice(&info.base_version.to_le_bytes());
    out.extend_from_slice(&info.base_checksum);
    out.extend_from_slice(&info.result_version.to_le_bytes());
    out.extend_from_slice(&info.result_checksum);
    out.extend_from_slice(&key.verifying_key().to_bytes());
    let message = [SIGN_CONTEXT, out.as_slice(), name].concat();
    out.extend_from_slice(&key.sign(&message).to_bytes());
    out.extend_from_slice(name);
    out.extend_from_slice(payload);
    Ok(out)
}
