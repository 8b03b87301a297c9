//! Why a lookup bucket or manifest is refused. No variant carries a phone number.

/// Why a lookup file was refused or a lookup could not be made. On any error the cache is
/// unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// Shorter than its header says.
    #[error("lookup file truncated")]
    Truncated,
    /// Longer than its header says.
    #[error("lookup file has trailing bytes")]
    TrailingBytes,
    /// Not a Ringfence bucket (wrong magic) or manifest (not its JSON).
    #[error("not a Ringfence lookup file")]
    NotALookupFile,
    /// A format version this library cannot read.
    #[error("unsupported lookup format version {0}")]
    UnsupportedVersion(u16),
    /// Signed by a key other than the pinned one.
    #[error("lookup file signed by an unknown key")]
    UnknownKey,
    /// The signature does not verify (the file was altered).
    #[error("bad lookup signature")]
    BadSignature,
    /// A bucket for another bucket id than the one requested (a swapped file).
    #[error("wrong bucket: the file answers for another bucket")]
    WrongBucket,
    /// A file of another feed, or with another salt or bit count than the manifest's.
    #[error("lookup file does not match the manifest: {0}")]
    ManifestMismatch(&'static str),
    /// Older than the version cached for the same bucket (or manifest): a replay.
    #[error("lookup downgrade refused: cached version {cached}, offered {offered}")]
    Downgrade {
        /// The cached version.
        cached: u64,
        /// The offered, older version.
        offered: u64,
    },
    /// The manifest asks for more bucket bits than this client allows (too small an anonymity set).
    #[error("manifest uses {bits} bucket bits, more than the {max} this client allows")]
    TooManyBits {
        /// Bits the manifest uses.
        bits: u8,
        /// Most bits the client accepts.
        max: u8,
    },
    /// No verified manifest yet: accept one first.
    #[error("no lookup manifest accepted yet")]
    NoManifest,
    /// The number cannot be read (the problem kind only, never the input).
    #[error("invalid number: {0}")]
    InvalidNumber(crate::error::NumberProblem),
    /// Correctly framed and signed, but inconsistent contents.
    #[error("malformed lookup file: {0}")]
    Malformed(&'static str),
    /// An input is over a documented limit.
    #[error("lookup limit exceeded: {what} (at most {limit})")]
    LimitExceeded {
        /// What was too large.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// The cache directory could not be read or written (the I/O error kind only).
    #[error("lookup cache I/O error: {0}")]
    Io(std::io::ErrorKind),
}

impl From<std::io::Error> for LookupError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e.kind())
    }
}

impl LookupError {
    /// A stable snake_case code (CLI JSON, bindings).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Truncated => "truncated",
            Self::TrailingBytes => "trailing_bytes",
            Self::NotALookupFile => "not_a_lookup_file",
            Self::UnsupportedVersion(_) => "unsupported_version",
            Self::UnknownKey => "unknown_key",
            Self::BadSignature => "bad_signature",
            Self::WrongBucket => "wrong_bucket",
            Self::ManifestMismatch(_) => "manifest_mismatch",
            Self::Downgrade { .. } => "downgrade",
            Self::TooManyBits { .. } => "too_many_bits",
            Self::NoManifest => "no_manifest",
            Self::InvalidNumber(_) => "invalid_number",
            Self::Malformed(_) => "malformed",
            Self::LimitExceeded { .. } => "limit_exceeded",
            Self::Io(_) => "io",
        }
    }
}
