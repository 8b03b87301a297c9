//! A published feed's `manifest.json` (docs/feed-manifest.md): the small file apps poll, naming
//! the feed's newest version, the full database and the signed delta from the version before,
//! each with its size and SHA-256. `ringfence feed publish` writes it with [`FeedManifest::to_json`];
//! apps read it with [`FeedManifest::parse`], decide what to fetch with
//! [`FeedManifest::update`] and check each download with [`FeedFile::check`] before handing it
//! to the screener's verified install paths.
//!
//! The sizes and checksums are a transport check (a cut or swapped download is caught before the
//! library works on it), never the security boundary: the files' signatures by the feed's pinned
//! key are. A manifest edited by an attacker can at worst make an app fetch a file it then refuses.

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{Limits, MAX_FEED_NAME_CHARS, to_hex};

/// The manifest layout this library reads and writes.
pub const FEED_MANIFEST_FORMAT: u64 = 1;
/// Largest manifest accepted, in bytes (a real one is under 1 KiB).
pub const MAX_FEED_MANIFEST_BYTES: u64 = 64 << 10;
/// Longest file name a manifest may give, in bytes.
pub const MAX_FEED_FILE_NAME_BYTES: usize = 255;

/// Why a manifest, or a download it names, was refused. Never carries a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// Not a JSON object.
    #[error("not a feed manifest (not a JSON object)")]
    NotAManifest,
    /// A `format` this library does not read (a newer publisher needs a newer app).
    #[error("unsupported feed manifest format {0} (this library reads format {FEED_MANIFEST_FORMAT})")]
    UnsupportedFormat(u64),
    /// A required field is absent.
    #[error("feed manifest field `{0}` is missing")]
    MissingField(&'static str),
    /// A field has the wrong type or an unusable value (e.g. a file name with a `/`).
    #[error("feed manifest field `{0}` is malformed")]
    BadField(&'static str),
    /// A checksum or key is not 64 hexadecimal digits.
    #[error("feed manifest field `{0}` is not 64 hexadecimal digits")]
    BadHex(&'static str),
    /// The manifest, or a size or count it gives, is over its cap.
    #[error("feed manifest: {what} over the limit of {limit}")]
    LimitExceeded {
        /// What is over the cap.
        what: &'static str,
        /// The cap.
        limit: u64,
    },
    /// A download's length is not the size the manifest gives (a cut or swapped file).
    #[error("download is {actual} bytes, the manifest says {expected}")]
    SizeMismatch {
        /// The manifest's size.
        expected: u64,
        /// The download's length.
        actual: u64,
    },
    /// A download's SHA-256 is not the manifest's.
    #[error("download does not match the manifest's SHA-256")]
    ChecksumMismatch,
}

/// A file the manifest names: its name (relative to the manifest's URL), size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FeedFile {
    /// A bare file name of URL-safe characters (`A-Z a-z 0-9 - . _ ~`, not `.` or `..`):
    /// resolve it against the manifest's URL. JSON: `file`.
    #[serde(rename = "file")]
    pub name: String,
    /// Its length in bytes.
    pub size: u64,
    /// SHA-256 of its bytes, 64 lowercase hexadecimal digits.
    pub sha256: String,
}

/// The signed delta that turns version `from_version` into the manifest's version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FeedDelta {
    /// The version the delta applies to.
    pub from_version: u64,
    /// The delta file.
    pub file: FeedFile,
}

/// A feed's `manifest.json` (format [`FEED_MANIFEST_FORMAT`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FeedManifest {
    /// The feed's name.
    pub feed: String,
    /// The version the files produce.
    pub version: u64,
    /// The key that signed the files, 64 lowercase hex digits. Informative only: an app pins
    /// the key it ships with and never trusts this field.
    pub signer: String,
    /// Exact numbers plus ranges in the database.
    pub entries: u64,
    /// The full database.
    pub database: FeedFile,
    /// The delta from the version before, if one was published.
    pub delta: Option<FeedDelta>,
}

/// What an app should fetch, given the version it has installed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FeedUpdate {
    /// The installed version is the manifest's or newer: fetch nothing.
    UpToDate,
    /// Fetch the delta and install it on the installed version (`install_delta`); if it is
    /// refused (transport check or library), fall back to `full`.
    Delta {
        /// The delta from the installed version.
        delta: FeedDelta,
        /// The full database, the fallback.
        full: FeedFile,
    },
    /// Fetch the full database and install it (`install_database_file`).
    Full {
        /// The full database.
        full: FeedFile,
    },
}

impl FeedFile {
    /// The transport check of a download: its length, then its SHA-256, against the manifest's.
    pub fn check(&self, bytes: &[u8]) -> Result<(), ManifestError> {
        let actual = bytes.len() as u64;
        if actual != self.size {
            return Err(ManifestError::SizeMismatch { expected: self.size, actual });
        }
        match to_hex(&Sha256::digest(bytes)) == self.sha256 {
            true => Ok(()),
            false => Err(ManifestError::ChecksumMismatch),
        }
    }

    /// The record of a published file named `name` with contents `bytes`.
    pub fn of(name: &str, bytes: &[u8]) -> Self {
        Self { name: name.to_owned(), size: bytes.len() as u64, sha256: to_hex(&Sha256::digest(bytes)) }
    }
}

impl FeedManifest {
    /// What to fetch when `installed_version` of this manifest's feed is installed (`None`:
    /// none is): nothing when it is this version or newer, the delta when the delta applies to
    /// exactly it, else the full database.
    pub fn update(&self, installed_version: Option<u64>) -> FeedUpdate {
        match (installed_version, &self.delta) {
            (Some(v), _) if v >= self.version => FeedUpdate::UpToDate,
            (Some(v), Some(d)) if d.from_version == v => {
                FeedUpdate::Delta { delta: d.clone(), full: self.database.clone() }
            }
            _ => FeedUpdate::Full { full: self.database.clone() },
        }
    }

    /// Parses a manifest with the default [`Limits`].
    pub fn parse(bytes: &[u8]) -> Result<Self, ManifestError> {
        Self::parse_with(bytes, &Limits::DEFAULT)
    }

    /// Parses a manifest: at most [`MAX_FEED_MANIFEST_BYTES`], a JSON object of format
    /// [`FEED_MANIFEST_FORMAT`] with every field (fields it does not know are ignored), bare
    /// file names, 64-digit hex checksums and key, sizes within `limits` (the database's
    /// `max_database_bytes`, the delta's `max_delta_bytes`, `entries` within
    /// `max_database_entries`), a delta from an older version.
    pub fn parse_with(bytes: &[u8], limits: &Limits) -> Result<Self, ManifestError> {
        if bytes.len() as u64 > MAX_FEED_MANIFEST_BYTES {
            return Err(ManifestError::LimitExceeded { what: "manifest bytes", limit: MAX_FEED_MANIFEST_BYTES });
        }
        let value: Value = serde_json::from_slice(bytes).map_err(|_| ManifestError::NotAManifest)?;
        let m = value.as_object().ok_or(ManifestError::NotAManifest)?;
        let format = number(m, "format", "format")?;
        if format != FEED_MANIFEST_FORMAT {
            return Err(ManifestError::UnsupportedFormat(format));
        }
        let feed = text(m, "feed", "feed")?;
        if feed.is_empty() || feed.chars().count() > MAX_FEED_NAME_CHARS || feed.chars().any(char::is_control) {
            return Err(ManifestError::BadField("feed"));
        }
        let version = number(m, "version", "version")?;
        let entries = capped(number(m, "entries", "entries")?, "entries", limits.max_database_entries)?;
        let database = file(object(m, "database")?, limits.max_database_bytes, DATABASE)?;
        let delta = match m.get("delta") {
            None => return Err(ManifestError::MissingField("delta")),
            Some(Value::Null) => None,
            Some(Value::Object(d)) => {
                let from_version = number(d, "from_version", "delta.from_version")?;
                if from_version >= version {
                    return Err(ManifestError::BadField("delta.from_version"));
                }
                Some(FeedDelta { from_version, file: file(d, limits.max_delta_bytes, DELTA)? })
            }
            Some(_) => return Err(ManifestError::BadField("delta")),
        };
        let signer = hex64(text(m, "signer", "signer")?, "signer")?;
        Ok(Self { feed: feed.to_owned(), version, signer, entries, database, delta })
    }

    /// The manifest as published: pretty JSON, fields in the documented order, a final newline.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Delta<'a> {
            #[serde(flatten)]
            file: &'a FeedFile,
            from_version: u64,
        }
        #[derive(Serialize)]
        struct Wire<'a> {
            format: u64,
            feed: &'a str,
            version: u64,
            signer: &'a str,
            entries: u64,
            database: &'a FeedFile,
            delta: Option<Delta<'a>>,
        }
        let wire = Wire {
            format: FEED_MANIFEST_FORMAT,
            feed: &self.feed,
            version: self.version,
            signer: &self.signer,
            entries: self.entries,
            database: &self.database,
            delta: self.delta.as_ref().map(|d| Delta { file: &d.file, from_version: d.from_version }),
        };
        serde_json::to_string_pretty(&wire).unwrap_or_default() + "\n"
    }
}

/// The field names of one file record, for the errors.
struct Names {
    file: &'static str,
    size: &'static str,
    sha256: &'static str,
}

const DATABASE: Names = Names { file: "database.file", size: "database.size", sha256: "database.sha256" };
const DELTA: Names = Names { file: "delta.file", size: "delta.size", sha256: "delta.sha256" };

fn file(m: &Map<String, Value>, max_size: u64, names: Names) -> Result<FeedFile, ManifestError> {
    let name = text(m, "file", names.file)?;
    // URL-safe without escaping, and no path: the name resolves next to the manifest.
    let bare = !name.is_empty()
        && name.len() <= MAX_FEED_FILE_NAME_BYTES
        && name != "."
        && name != ".."
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !bare {
        return Err(ManifestError::BadField(names.file));
    }
    let size = capped(number(m, "size", names.size)?, names.size, max_size)?;
    let sha256 = hex64(text(m, "sha256", names.sha256)?, names.sha256)?;
    Ok(FeedFile { name: name.to_owned(), size, sha256 })
}

fn get<'a>(m: &'a Map<String, Value>, key: &str, name: &'static str) -> Result<&'a Value, ManifestError> {
    m.get(key).ok_or(ManifestError::MissingField(name))
}

fn number(m: &Map<String, Value>, key: &str, name: &'static str) -> Result<u64, ManifestError> {
    get(m, key, name)?.as_u64().ok_or(ManifestError::BadField(name))
}

fn text<'a>(m: &'a Map<String, Value>, key: &str, name: &'static str) -> Result<&'a str, ManifestError> {
    get(m, key, name)?.as_str().ok_or(ManifestError::BadField(name))
}

fn object<'a>(m: &'a Map<String, Value>, name: &'static str) -> Result<&'a Map<String, Value>, ManifestError> {
    get(m, name, name)?.as_object().ok_or(ManifestError::BadField(name))
}

fn capped(value: u64, what: &'static str, limit: u64) -> Result<u64, ManifestError> {
    match value <= limit {
        true => Ok(value),
        false => Err(ManifestError::LimitExceeded { what, limit }),
    }
}

/// 64 hex digits, lowercased.
fn hex64(text: &str, name: &'static str) -> Result<String, ManifestError> {
    match text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        true => Ok(text.to_ascii_lowercase()),
        false => Err(ManifestError::BadHex(name)),
    }
}
