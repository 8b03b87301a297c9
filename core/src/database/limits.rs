//! Size caps on what arrives from outside: database files, deltas, their entry counts, and the
//! caller display names screening reads. Checked before any work that grows with the input.

/// Configurable size caps (see `docs/security.md`). The defaults fit any real feed with a wide
/// margin; lower them to bound work further on small devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest database file accepted, in bytes (default 1 GiB; a 10 M-number feed is about
    /// 40 MB). A larger file is refused before it is read.
    pub max_database_bytes: u64,
    /// Most entries (exact numbers plus ranges) in one database (default 100,000,000), checked
    /// from the header before the structure is read.
    pub max_database_entries: u64,
    /// Largest delta accepted, in bytes (default 32 MiB). A larger delta is refused before its
    /// signature is checked.
    pub max_delta_bytes: u64,
    /// Most changed entries (removed plus added or changed) in one delta (default 10,000,000),
    /// checked after the signature and before the database is rebuilt.
    pub max_delta_entries: u64,
    /// Caller display names (CNAP) longer than this many characters are cut to it before
    /// screening (default 256): screening never fails on a long name, and the brand check
    /// compares at most this many characters per alias.
    pub max_display_name_chars: usize,
}

impl Limits {
    /// The defaults documented on each field.
    pub const DEFAULT: Limits = Limits {
        max_database_bytes: 1 << 30,
        max_database_entries: 100_000_000,
        max_delta_bytes: 32 << 20,
        max_delta_entries: 10_000_000,
        max_display_name_chars: 256,
    };

    /// `Err` naming the first cap set to zero (which would refuse everything).
    pub fn validate(&self) -> Result<(), &'static str> {
        let zero = [
            (self.max_database_bytes == 0, "max_database_bytes is zero"),
            (self.max_database_entries == 0, "max_database_entries is zero"),
            (self.max_delta_bytes == 0, "max_delta_bytes is zero"),
            (self.max_delta_entries == 0, "max_delta_entries is zero"),
            (self.max_display_name_chars == 0, "max_display_name_chars is zero"),
        ];
        zero.into_iter().find(|z| z.0).map_or(Ok(()), |z| Err(z.1))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// `Err(LimitExceeded)` when `value` is over `limit`.
pub(crate) fn check(what: &'static str, value: u64, limit: u64) -> Result<(), super::DatabaseError> {
    match value <= limit {
        true => Ok(()),
        false => Err(super::DatabaseError::LimitExceeded { what, limit }),
    }
}
