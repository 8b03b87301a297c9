//! Opening a database: the full check for downloads, the O(1) path for installed files, and
//! the unauthenticated path for tools.

use std::sync::Arc;

use super::format::{self, Header, Section};
use super::index::IndexParams;
use super::limits::{self, Limits};
use super::ranges::RangeTable;
use super::tables::{Classes, Labels};
use super::trust::Trust;
use super::{Database, DatabaseError, Inner, Metadata};

impl Database {
    /// Opens a downloaded file with every check, cheapest first, one typed error each: size cap
    /// (`LimitExceeded`, before reading anything), framing (`Truncated`, `NotADatabase`,
    /// `UnsupportedVersion`, `TrailingBytes`, `Malformed`), signer pinned at all (`UnknownKey`),
    /// metadata, signer pinned for the feed the file names (`KeyNotPinnedForFeed`), the
    /// signature over the stored checksum (`BadSignature`), the entry cap, then the O(size)
    /// work: the checksum over the whole file (`ChecksumMismatch`), the full structure
    /// (`Malformed`) and, when `installed_version` is given, that the feed version is not
    /// older (`Downgrade`; the same version is accepted). A file with the wrong key is thus
    /// refused without reading its body. Uses [`Limits::DEFAULT`]; see [`open_limited`](Self::open_limited).
    ///
    /// ```
    /// use ringfence_core::database::public_key;
    /// use ringfence_core::{Action, Category, Database, DatabaseBuilder, DatabaseError, Pattern, parse_number};
    ///
    /// let secret = [7u8; 32];
    /// let mut builder = DatabaseBuilder::new("community-spam", 3)?;
    /// let class = builder.class(Action::Silence, Category::Telemarketing, None)?;
    /// builder.push(Pattern::parse("+3902555####", None)?, class)?;
    /// let bytes = builder.build(&secret)?.bytes;
    ///
    /// let pinned = vec![public_key(&secret)];
    /// let db = Database::open(bytes.clone(), &pinned, Some(2))?;
    /// let hit = db.lookup(parse_number("+39 02 5551234", None).unwrap().e164).expect("in the range");
    /// assert_eq!(hit.action, Action::Silence);
    ///
    /// // Not signed by a pinned key, or older than what is installed: refused.
    /// let other = vec![public_key(&[8; 32])];
    /// assert_eq!(Database::open(bytes.clone(), &other, None).err(), Some(DatabaseError::UnknownKey));
    /// assert!(matches!(Database::open(bytes, &pinned, Some(4)), Err(DatabaseError::Downgrade { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<B, T>(bytes: B, trust: &T, installed_version: Option<u64>) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
        T: Trust + ?Sized,
    {
        Self::open_limited(bytes, trust, installed_version, &Limits::DEFAULT)
    }

    /// [`open`](Self::open) with the size caps of `limits`.
    pub fn open_limited<B, T>(
        bytes: B,
        trust: &T,
        installed_version: Option<u64>,
        limits: &Limits,
    ) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
        T: Trust + ?Sized,
    {
        Self::open_boxed(Box::new(bytes), trust, installed_version, limits)
    }

    /// [`open_limited`](Self::open_limited) of bytes already boxed.
    pub(crate) fn open_boxed<T: Trust + ?Sized>(
        bytes: Box<dyn AsRef<[u8]> + Send + Sync>,
        trust: &T,
        installed_version: Option<u64>,
        limits: &Limits,
    ) -> Result<Self, DatabaseError> {
        let db = Self::open_signed(bytes, trust, limits)?;
        db.verify_checksum()?;
        db.validate()?;
        match installed_version {
            Some(installed) if db.inner.meta.version < installed => {
                Err(DatabaseError::Downgrade { installed, offered: db.inner.meta.version })
            }
            _ => Ok(db),
        }
    }

    /// Re-opens a file that passed [`open`](Self::open) when it was installed (e.g. at app
    /// start), in O(1): framing, pinned key for its feed, signature over the stored checksum,
    /// section sizes and metadata. It does not re-hash the body (O(size)); an installed file
    /// altered later can give wrong answers, never a crash. [`verify_checksum`](Self::verify_checksum)
    /// re-hashes it.
    pub fn open_installed<B, T>(bytes: B, trust: &T) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
        T: Trust + ?Sized,
    {
        Self::open_signed(Box::new(bytes), trust, &Limits::DEFAULT)
    }

    /// [`open_installed`](Self::open_installed) with the size caps of `limits`.
    pub fn open_installed_limited<B, T>(bytes: B, trust: &T, limits: &Limits) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
        T: Trust + ?Sized,
    {
        Self::open_signed(Box::new(bytes), trust, limits)
    }

    /// Opens a file checking framing, checksum and structure but **not who signed it**: for
    /// tools that inspect or diff a feed's own files. Never screen calls with such a database.
    pub fn open_unauthenticated<B>(bytes: B) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        let header = format::parse_header(bytes.as_ref())?;
        let db = Self::assemble(Box::new(bytes), header)?;
        db.verify_checksum()?;
        db.validate()?;
        Ok(db)
    }

    /// Whether the signature verifies with the key the file names (no pinning: for tools).
    pub fn signature_is_valid(&self) -> bool {
        let h = &self.inner.header;
        format::verify_signature(&h.key, &h.checksum, &h.signature).is_ok()
    }

    /// The checks that cost O(1) whatever the file's size: size cap, framing, pinned key (at
    /// all, then for the feed the metadata names), signature over the stored checksum, and the
    /// entry cap. Reads the header, the section table and the metadata only.
    pub(crate) fn open_signed<T: Trust + ?Sized>(
        bytes: Box<dyn AsRef<[u8]> + Send + Sync>,
        trust: &T,
        limits: &Limits,
    ) -> Result<Self, DatabaseError> {
        let b = (*bytes).as_ref();
        limits::check("database size in bytes", b.len() as u64, limits.max_database_bytes)?;
        let header = format::parse_header(b)?;
        if !trust.knows(&header.key) {
            return Err(DatabaseError::UnknownKey);
        }
        let meta = metadata(header.section(b, Section::Meta))?;
        trust.check(&meta.feed, &header.key)?;
        format::verify_signature(&header.key, &header.checksum, &header.signature)?;
        let db = Self::assemble(bytes, header)?;
        let entries = db.exact_count().saturating_add(db.range_count());
        limits::check("database entries", entries, limits.max_database_entries)?;
        Ok(db)
    }

    /// Decodes the O(1) parts (metadata, table sizes, index parameters, range groups).
    fn assemble(bytes: Box<dyn AsRef<[u8]> + Send + Sync>, header: Header) -> Result<Self, DatabaseError> {
        let b = (*bytes).as_ref();
        let s = |s| header.section(b, s);
        let meta = metadata(s(Section::Meta))?;
        let labels = Labels::parse(s(Section::Labels))?.count;
        let classes = Classes::parse(s(Section::Classes))?.count;
        let index = IndexParams::parse(s(Section::IndexHeader), |s| header.sections[s].len())?;
        let ranges = RangeTable::parse(s(Section::Ranges))?;
        Ok(Self { inner: Arc::new(Inner { bytes, header, meta, index, ranges, labels, classes }) })
    }

    /// Re-hashes the whole file and compares with its checksum (what `open` does first).
    pub fn verify_checksum(&self) -> Result<(), DatabaseError> {
        match format::checksum(self.as_bytes()) == self.inner.header.checksum {
            true => Ok(()),
            false => Err(DatabaseError::ChecksumMismatch),
        }
    }

    /// Full structural check (tables canonical, index consistent, ids in range).
    fn validate(&self) -> Result<(), DatabaseError> {
        let (labels, classes) = (self.labels(), self.classes());
        labels.validate()?;
        classes.validate(labels.count)?;
        self.index().validate(classes.count)?;
        self.inner.ranges.validate(self.section(Section::Ranges), &classes)
    }
}

/// The `META` section decoded (nothing may follow it).
fn metadata(section: &[u8]) -> Result<Metadata, DatabaseError> {
    match postcard::take_from_bytes::<Metadata>(section) {
        Ok((meta, [])) => Ok(meta),
        _ => Err(DatabaseError::Malformed("metadata")),
    }
}
