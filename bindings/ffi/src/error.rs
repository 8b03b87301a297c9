//! The one error type every throwing function uses. Messages never contain a phone number.

use ringfence_core::RingfenceError as Core;
use ringfence_core::database::DatabaseError;

/// Why a database was rejected, so an app can tell a corrupt download (retry) from an attack
/// or misconfiguration (report) from a stale feed (ignore).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DatabaseProblem {
    /// Shorter than its header says.
    Truncated,
    /// Longer than its header says.
    TrailingBytes,
    /// Not a Ringfence database at all.
    NotADatabase,
    /// A newer format than this library reads: update the app.
    UnsupportedVersion,
    /// Corrupted or altered: the checksum does not match.
    ChecksumMismatch,
    /// Signed by a key the app does not trust.
    UnknownKey,
    /// The signature does not verify.
    BadSignature,
    /// Older than the installed version of the same feed (replay or downgrade).
    Downgrade,
    /// A delta made for another base version.
    DeltaBaseMismatch,
    /// Framed correctly but inconsistent inside.
    Malformed,
    /// A label or feed name is unusable.
    InvalidText,
    /// A key is not a valid ed25519 key.
    InvalidKey,
    /// Over a documented limit (e.g. too many databases installed).
    LimitExceeded,
    /// Signed by a pinned key, but not one pinned for the feed the file names.
    KeyNotPinnedForFeed,
    /// The feed's signer changed without a key rotation.
    SignerChanged,
    /// A delta for another feed.
    FeedMismatch,
    /// An old, unsigned delta.
    UnsignedDelta,
    /// A file operation of the feed store failed.
    Io,
    /// No feed store in use.
    NoStore,
}

impl From<&DatabaseError> for DatabaseProblem {
    fn from(e: &DatabaseError) -> Self {
        match e {
            DatabaseError::Truncated => Self::Truncated,
            DatabaseError::TrailingBytes => Self::TrailingBytes,
            DatabaseError::NotADatabase => Self::NotADatabase,
            DatabaseError::UnsupportedVersion { .. } => Self::UnsupportedVersion,
            DatabaseError::ChecksumMismatch => Self::ChecksumMismatch,
            DatabaseError::UnknownKey => Self::UnknownKey,
            DatabaseError::BadSignature => Self::BadSignature,
            DatabaseError::Downgrade { .. } => Self::Downgrade,
            DatabaseError::DeltaBaseMismatch => Self::DeltaBaseMismatch,
            DatabaseError::Malformed(_) => Self::Malformed,
            DatabaseError::InvalidText(_) => Self::InvalidText,
            DatabaseError::InvalidKey(_) => Self::InvalidKey,
            DatabaseError::LimitExceeded { .. } => Self::LimitExceeded,
            DatabaseError::KeyNotPinnedForFeed => Self::KeyNotPinnedForFeed,
            DatabaseError::SignerChanged => Self::SignerChanged,
            DatabaseError::FeedMismatch => Self::FeedMismatch,
            DatabaseError::UnsignedDelta => Self::UnsignedDelta,
            DatabaseError::Io(_) => Self::Io,
            DatabaseError::NoStore => Self::NoStore,
        }
    }
}

/// Why a Ringfence call failed. Kotlin: `RingfenceException`; Swift: `RingfenceError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum RingfenceError {
    /// A caller string or rule number is not a usable phone number.
    #[error("invalid number: {reason}")]
    InvalidNumber {
        /// What is wrong (never the number itself).
        reason: String,
    },
    /// A region code is not two letters.
    #[error("invalid region code")]
    InvalidRegion,
    /// A rule pattern is malformed.
    #[error("invalid pattern: {reason}")]
    InvalidPattern {
        /// What is wrong.
        reason: String,
    },
    /// A rule list is unusable as a whole (e.g. no header).
    #[error("invalid list: {reason}")]
    InvalidList {
        /// What is wrong.
        reason: String,
    },
    /// A setting is out of range.
    #[error("invalid setting: {reason}")]
    InvalidConfig {
        /// Which setting.
        reason: String,
    },
    /// An input is over a documented limit.
    #[error("limit exceeded: {reason}")]
    LimitExceeded {
        /// Which limit.
        reason: String,
    },
    /// A compiled database or delta was rejected (corrupt, wrongly signed, downgrade…).
    #[error("invalid database: {reason}")]
    InvalidDatabase {
        /// What kind of rejection, for the app to act on.
        kind: DatabaseProblem,
        /// Why, in words (never a phone number).
        reason: String,
    },
    /// A file could not be read.
    #[error("cannot read file: {reason}")]
    Io {
        /// The operating system's reason (never file contents).
        reason: String,
    },
    /// A feed manifest, or a download it names, was refused (see `feed`).
    #[error("invalid feed manifest: {reason}")]
    InvalidManifest {
        /// What kind of refusal.
        kind: crate::feed::ManifestProblem,
        /// Why, in words.
        reason: String,
    },
    /// A bug inside Ringfence (a caught panic).
    #[error("internal error")]
    Internal,
}

impl From<Core> for RingfenceError {
    fn from(e: Core) -> Self {
        let reason = e.to_string();
        match e {
            Core::InvalidNumber(p) => Self::InvalidNumber { reason: p.to_string() },
            Core::InvalidRegion => Self::InvalidRegion,
            Core::InvalidPattern(_) => Self::InvalidPattern { reason },
            Core::InvalidList(_) | Core::InvalidBrands(_) => Self::InvalidList { reason },
            Core::InvalidConfig(_) => Self::InvalidConfig { reason },
            Core::LimitExceeded { .. } => Self::LimitExceeded { reason },
            Core::Database(e) => Self::InvalidDatabase { kind: (&e).into(), reason },
            Core::Internal => Self::Internal,
        }
    }
}

impl From<std::io::Error> for RingfenceError {
    /// Only the error's kind: an OS message may name the file.
    fn from(e: std::io::Error) -> Self {
        Self::Io { reason: e.kind().to_string() }
    }
}
