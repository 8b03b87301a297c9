//! Why a database file or delta is refused. No variant ever carries a phone number.

/// Why a compiled database (or a delta) was rejected. Each kind of rejection has its own
/// variant so an app can tell a corrupted download from an attack from a stale feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseError {
    /// The file is shorter than its header says (or than a header).
    #[error("database truncated")]
    Truncated,
    /// The file is longer than its header says.
    #[error("database has trailing bytes")]
    TrailingBytes,
    /// The file does not start with the Ringfence database (or delta) magic bytes.
    #[error("not a Ringfence database")]
    NotADatabase,
    /// A format version this library cannot read (a newer feed needs a newer app).
    #[error("unsupported database format version {found} (this library reads version {supported})")]
    UnsupportedVersion {
        /// The version the file declares.
        found: u16,
        /// The version this library reads.
        supported: u16,
    },
    /// The checksum over the file does not match: the file was corrupted or altered.
    #[error("database checksum mismatch")]
    ChecksumMismatch,
    /// The file is signed by a key that is not among the pinned (trusted) keys.
    #[error("database signed by an unknown key")]
    UnknownKey,
    /// The signature does not verify with the key the file names.
    #[error("bad database signature")]
    BadSignature,
    /// The feed version is older than the one installed (replay or downgrade).
    #[error("database downgrade refused: installed feed version {installed}, offered {offered}")]
    Downgrade {
        /// The installed feed version.
        installed: u64,
        /// The offered (older) feed version.
        offered: u64,
    },
    /// A delta that was made for another base database.
    #[error("delta does not apply to this database")]
    DeltaBaseMismatch,
    /// The file is correctly framed but its contents are inconsistent.
    #[error("malformed database: {0}")]
    Malformed(&'static str),
    /// A label or feed name is unusable (too long, or has control characters).
    #[error("invalid text: {0}")]
    InvalidText(&'static str),
    /// A key is not a valid ed25519 key.
    #[error("invalid key: {0}")]
    InvalidKey(&'static str),
    /// An input is over one of the documented limits.
    #[error("database limit exceeded: {what} (at most {limit})")]
    LimitExceeded {
        /// What was too large.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
}
