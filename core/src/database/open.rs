//! Opening a database: the full check for downloads, the O(1) path for installed files, and
//! the unauthenticated path for tools.

use std::sync::Arc;

use super::format::{self, Header, Section};
use super::index::IndexParams;
use super::ranges::RangeTable;
use super::tables::{Classes, Labels};
use super::{Database, DatabaseError, Inner, Metadata};

impl Database {
    /// Opens a downloaded file with every check, in this order: framing (`Truncated`,
    /// `NotADatabase`, `UnsupportedVersion`, `TrailingBytes`), checksum over the whole file
    /// (`ChecksumMismatch`), signer among `trusted_keys` (`UnknownKey`), signature
    /// (`BadSignature`), full structure (`Malformed`), and, when `installed_version` is given,
    /// that the feed version is not older (`Downgrade`; the same version is accepted).
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
    /// let db = Database::open(bytes.clone(), &[public_key(&secret)], Some(2))?;
    /// let hit = db.lookup(parse_number("+39 02 5551234", None).unwrap().e164).expect("in the range");
    /// assert_eq!(hit.action, Action::Silence);
    ///
    /// // Not signed by a pinned key, or older than what is installed: refused.
    /// assert_eq!(Database::open(bytes.clone(), &[public_key(&[8; 32])], None).err(), Some(DatabaseError::UnknownKey));
    /// assert!(matches!(Database::open(bytes, &[public_key(&secret)], Some(4)), Err(DatabaseError::Downgrade { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<B>(bytes: B, trusted_keys: &[[u8; 32]], installed_version: Option<u64>) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        let header = format::parse_header(bytes.as_ref())?;
        if format::checksum(bytes.as_ref()) != header.checksum {
            return Err(DatabaseError::ChecksumMismatch);
        }
        let db = Self::open_signed(Box::new(bytes), header, trusted_keys)?;
        db.validate()?;
        match installed_version {
            Some(installed) if db.inner.meta.version < installed => {
                Err(DatabaseError::Downgrade { installed, offered: db.inner.meta.version })
            }
            _ => Ok(db),
        }
    }

    /// Re-opens a file that passed [`open`](Self::open) when it was installed (e.g. at app
    /// start), in O(1): framing, pinned key, signature over the stored checksum, section sizes
    /// and metadata. It does not re-hash the body (O(size)); an installed file altered later
    /// can give wrong answers, never a crash. [`verify_checksum`](Self::verify_checksum) re-hashes it.
    pub fn open_installed<B>(bytes: B, trusted_keys: &[[u8; 32]]) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        let header = format::parse_header(bytes.as_ref())?;
        Self::open_signed(Box::new(bytes), header, trusted_keys)
    }

    /// Opens a file checking framing, checksum and structure but **not who signed it**: for
    /// tools that inspect or diff a feed's own files. Never screen calls with such a database.
    pub fn open_unauthenticated<B>(bytes: B) -> Result<Self, DatabaseError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        let header = format::parse_header(bytes.as_ref())?;
        if format::checksum(bytes.as_ref()) != header.checksum {
            return Err(DatabaseError::ChecksumMismatch);
        }
        let db = Self::assemble(Box::new(bytes), header)?;
        db.validate()?;
        Ok(db)
    }

    /// Whether the signature verifies with the key the file names (no pinning: for tools).
    pub fn signature_is_valid(&self) -> bool {
        let h = &self.inner.header;
        format::verify_signature(&h.key, &h.checksum, &h.signature).is_ok()
    }

    fn open_signed(
        bytes: Box<dyn AsRef<[u8]> + Send + Sync>,
        header: Header,
        trusted_keys: &[[u8; 32]],
    ) -> Result<Self, DatabaseError> {
        if !trusted_keys.contains(&header.key) {
            return Err(DatabaseError::UnknownKey);
        }
        format::verify_signature(&header.key, &header.checksum, &header.signature)?;
        Self::assemble(bytes, header)
    }

    /// Decodes the O(1) parts (metadata, table sizes, index parameters, range groups).
    fn assemble(bytes: Box<dyn AsRef<[u8]> + Send + Sync>, header: Header) -> Result<Self, DatabaseError> {
        let b = (*bytes).as_ref();
        let s = |s| header.section(b, s);
        let (meta, rest) = postcard::take_from_bytes::<Metadata>(s(Section::Meta))
            .map_err(|_| DatabaseError::Malformed("metadata"))?;
        if !rest.is_empty() {
            return Err(DatabaseError::Malformed("metadata"));
        }
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
