//! A published feed's `manifest.json` through the FFI (core's `FeedManifest`): parse it, decide
//! what to fetch for the installed version, check a download's size and SHA-256. The apps do
//! only HTTP; the downloads then go through the screener's verified install paths.

use ringfence_core::database::{FeedFile, FeedManifest, FeedUpdate, ManifestError};

use crate::error::RingfenceError;
use crate::guard::{guard, guard_or};

/// Why a feed manifest, or a download it names, was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ManifestProblem {
    /// Not a JSON object (e.g. an HTML error page).
    NotAManifest,
    /// A newer manifest format than this library reads: update the app.
    UnsupportedFormat,
    /// A required field is absent.
    MissingField,
    /// A field has the wrong type or an unusable value (e.g. a file name with a `/`).
    BadField,
    /// A checksum or key is not 64 hex digits.
    BadHex,
    /// The manifest, or a size or count in it, is over its cap.
    LimitExceeded,
    /// A download's length is not the manifest's size (cut short or swapped).
    SizeMismatch,
    /// A download's SHA-256 is not the manifest's.
    ChecksumMismatch,
}

impl From<ManifestError> for RingfenceError {
    fn from(e: ManifestError) -> Self {
        let kind = match e {
            ManifestError::NotAManifest => ManifestProblem::NotAManifest,
            ManifestError::UnsupportedFormat(_) => ManifestProblem::UnsupportedFormat,
            ManifestError::MissingField(_) => ManifestProblem::MissingField,
            ManifestError::BadField(_) => ManifestProblem::BadField,
            ManifestError::BadHex(_) => ManifestProblem::BadHex,
            ManifestError::LimitExceeded { .. } => ManifestProblem::LimitExceeded,
            ManifestError::SizeMismatch { .. } => ManifestProblem::SizeMismatch,
            ManifestError::ChecksumMismatch => ManifestProblem::ChecksumMismatch,
        };
        Self::InvalidManifest { kind, reason: e.to_string() }
    }
}

/// Parses a feed's `manifest.json` (format 1, at most 64 KiB, every field present, bare file
/// names, sizes within the default caps). Throws `InvalidManifest`.
#[uniffi::export]
pub fn parse_feed_manifest(bytes: Vec<u8>) -> Result<FeedManifest, RingfenceError> {
    guard(|| FeedManifest::parse(&bytes))
}

/// What to fetch when `installed_version` of the manifest's feed is installed (null: none is):
/// `UpToDate` (nothing), `Delta` (install it with `installDatabaseDelta`; if it is refused, fall
/// back to `full`) or `Full` (install it with `installDatabaseFile`).
#[uniffi::export]
pub fn plan_feed_update(manifest: FeedManifest, installed_version: Option<u64>) -> FeedUpdate {
    guard_or(|| FeedUpdate::Full { full: manifest.database.clone() }, || manifest.update(installed_version))
}

/// Checks a download against its manifest record: its length, then its SHA-256. A transport
/// check only (the signature, checked on install, is the security boundary). Throws
/// `InvalidManifest` (`SizeMismatch`, `ChecksumMismatch`).
#[uniffi::export]
pub fn check_feed_download(file: FeedFile, bytes: Vec<u8>) -> Result<(), RingfenceError> {
    guard(|| file.check(&bytes))
}
