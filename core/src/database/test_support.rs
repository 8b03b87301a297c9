//! Test support (feature `test-support`; for tests and the fuzz crate, never in release builds):
//! edits to database files as a holder of a feed's key could make them, so that tests reach
//! the checks behind the checksum and the signature.
//!
//! ```
//! use ringfence_core::database::test_support::{FeedKey, Section, section_range};
//! use ringfence_core::database::{Database, DatabaseBuilder, DatabaseError};
//!
//! let key = FeedKey::new(&[7; 32]);
//! let mut file = DatabaseBuilder::new("feed", 1).unwrap().build(&[7; 32]).unwrap().bytes;
//! let labels = section_range(&file, Section::Labels);
//! file[labels.start] = 9; // nine labels, in a table that has room for none
//! key.reseal(&mut file);
//! let opened = Database::open(file, &[key.public()], None);
//! assert_eq!(opened.unwrap_err(), DatabaseError::Malformed("label table"));
//! ```

use std::ops::Range;

use ed25519_dalek::SigningKey;

pub use super::format::Section;
use super::format::{self, HEADER_LEN, RECORD_LEN_AT, RECORD_OFFSET_AT};

/// A feed's signing key, to sign edited files again.
#[derive(Debug, Clone)]
pub struct FeedKey {
    secret: SigningKey,
    public: [u8; 32],
}

impl FeedKey {
    /// The key with ed25519 secret (seed) `secret`.
    pub fn new(secret: &[u8; 32]) -> Self {
        let secret = SigningKey::from_bytes(secret);
        let public = secret.verifying_key().to_bytes();
        Self { secret, public }
    }

    /// The public key (what an app pins).
    pub fn public(&self) -> [u8; 32] {
        self.public
    }

    /// Makes `file` a file signed by this key again after edits: writes its length into the
    /// header, names this key as the signer, fills the checksum and signs it. A file shorter
    /// than the header is left as it is.
    pub fn reseal(&self, file: &mut [u8]) {
        if let Some(sum) = restamp(file, &self.public) {
            format::stamp_signature(file, &format::sign_with(&self.secret, &sum));
        }
    }
}

/// What anyone can do without the key: writes the file's length into its header, names
/// `signer` as the signer and fills the checksum, keeping the old signature. Returns the
/// checksum (`None`, and the file unchanged, when it is shorter than the header).
pub fn restamp(file: &mut [u8], signer: &[u8; 32]) -> Option<[u8; 32]> {
    if file.len() < HEADER_LEN {
        return None;
    }
    format::stamp_length(file);
    Some(format::stamp_checksum(file, signer))
}

/// The bytes of `section`, as the file's section table states them (unchecked: the table may
/// be corrupt). Panics if the file is too short to hold the section table.
pub fn section_range(file: &[u8], section: Section) -> Range<usize> {
    let field = |at: usize| {
        let bytes = file[at..at + 8].try_into().expect("8 bytes");
        usize::try_from(u64::from_le_bytes(bytes)).expect("offset fits in usize")
    };
    let (offset, len) = (field(section.record_at() + RECORD_OFFSET_AT), field(section.record_at() + RECORD_LEN_AT));
    offset..offset + len
}

/// A delta file: the delta header (magic, version, payload length and SHA-256) for `payload`.
pub fn frame_delta(payload: &[u8]) -> Vec<u8> {
    super::delta::frame(payload)
}
