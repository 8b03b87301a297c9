//! The one error type every throwing function uses. Messages never contain a phone number.

use ringfence_core::RegexProblem;
use ringfence_core::RingfenceError as Core;
use ringfence_core::database::DatabaseError;
use ringfence_core::lookup::LookupError;

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

/// Why a lookup bucket or manifest was refused (or a lookup could not be made). On every
/// refusal the lookup cache is unchanged; screening goes on without the answer (fail open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LookupProblem {
    /// Shorter than its header says (a cut download).
    Truncated,
    /// Longer than its header says.
    TrailingBytes,
    /// Not a Ringfence bucket or manifest at all.
    NotALookupFile,
    /// A format this library does not read: update the app.
    UnsupportedVersion,
    /// Signed by a key other than the pinned one.
    UnknownKey,
    /// The signature does not verify: the file was altered.
    BadSignature,
    /// The file answers for another bucket than the one asked for (a swapped file).
    WrongBucket,
    /// Another feed, salt or bit count than the accepted manifest's.
    ManifestMismatch,
    /// Older than the cached version (a replay).
    Downgrade,
    /// The manifest's buckets are too small to hide a number in (more bits than allowed).
    TooManyBits,
    /// No manifest accepted yet: fetch and accept `manifest.json` first.
    NoManifest,
    /// Framed and signed, but inconsistent inside.
    Malformed,
    /// Over a documented limit (file size, cache size).
    LimitExceeded,
    /// The cache directory could not be read or written.
    Io,
}

impl From<&LookupError> for LookupProblem {
    fn from(e: &LookupError) -> Self {
        match e {
            LookupError::Truncated => Self::Truncated,
            LookupError::TrailingBytes => Self::TrailingBytes,
            LookupError::NotALookupFile => Self::NotALookupFile,
            LookupError::UnsupportedVersion(_) => Self::UnsupportedVersion,
            LookupError::UnknownKey => Self::UnknownKey,
            LookupError::BadSignature => Self::BadSignature,
            LookupError::WrongBucket => Self::WrongBucket,
            LookupError::ManifestMismatch(_) => Self::ManifestMismatch,
            LookupError::Downgrade { .. } => Self::Downgrade,
            LookupError::TooManyBits { .. } => Self::TooManyBits,
            LookupError::NoManifest => Self::NoManifest,
            // Mapped to `InvalidNumber` before this (see `From<LookupError> for RingfenceError`).
            LookupError::InvalidNumber(_) | LookupError::Malformed(_) => Self::Malformed,
            LookupError::LimitExceeded { .. } => Self::LimitExceeded,
            LookupError::Io(_) => Self::Io,
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
    /// A schedule (its text form or a window) is malformed.
    #[error("invalid schedule: {reason}")]
    InvalidSchedule {
        /// What is wrong (never the input).
        reason: String,
    },
    /// A regular-expression rule's pattern is unusable; nothing of its batch was applied.
    #[error("invalid regular expression: {reason}")]
    InvalidRegex {
        /// What kind of problem (syntax, too long, too big compiled).
        kind: RegexProblem,
        /// Why, in words (never the pattern).
        reason: String,
    },
    /// A call cannot be reported (no readable number, the user's own or an emergency number, a
    /// pseudonym holding the user's number…); no rule was added.
    #[error("invalid report: {reason}")]
    InvalidReport {
        /// Why (never a number).
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
    /// A lookup bucket or manifest was refused; the lookup cache is unchanged.
    #[error("lookup refused: {reason}")]
    LookupRefused {
        /// What kind of refusal, for the app to act on.
        kind: LookupProblem,
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
            Core::InvalidRegex(kind) => Self::InvalidRegex { kind, reason },
            Core::InvalidList(_) | Core::InvalidBrands(_) => Self::InvalidList { reason },
            Core::InvalidConfig(_) => Self::InvalidConfig { reason },
            Core::InvalidSchedule(_) => Self::InvalidSchedule { reason },
            Core::InvalidReport(_) => Self::InvalidReport { reason },
            Core::LimitExceeded { .. } => Self::LimitExceeded { reason },
            Core::Database(e) => Self::InvalidDatabase { kind: (&e).into(), reason },
            Core::Internal => Self::Internal,
        }
    }
}

impl From<LookupError> for RingfenceError {
    fn from(e: LookupError) -> Self {
        match e {
            LookupError::InvalidNumber(p) => Self::InvalidNumber { reason: p.to_string() },
            e => Self::LookupRefused { kind: (&e).into(), reason: e.to_string() },
        }
    }
}

impl From<std::io::Error> for RingfenceError {
    /// Only the error's kind: an OS message may name the file.
    fn from(e: std::io::Error) -> Self {
        Self::Io { reason: e.kind().to_string() }
    }
}
