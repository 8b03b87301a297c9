//! The feed store: a directory the library owns, holding the installed database files (one per
//! feed, each under a new unique name) and the version floor (`version-floor`). The app gives
//! the directory ([`Screener::use_store`](super::Screener::use_store)) and must not write in it.
//!
//! Files are created by the library, fully checked, renamed into place and never modified
//! afterwards, so a memory map of one can neither be truncated (SIGBUS) nor altered by what the
//! app later does to its own files: installing from an app path copies the file in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::database::{DatabaseError, DatabaseInfo, FileBytes, MapFile, TEMP_PREFIX, TempFile, unique_name};

/// Installed database files are named `feed-<16 hex digits>.rfdb`.
const DB_PREFIX: &str = "feed-";
const DB_SUFFIX: &str = ".rfdb";
/// Temporary files older than this are left-overs of a crash and are removed.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// What [`Screener::use_store`](super::Screener::use_store) found in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreReport {
    /// The databases loaded (one per feed: the newest file of each).
    pub loaded: Vec<DatabaseInfo>,
    /// Files that were not loaded, and why (e.g. `UnknownKey` when their feed is not pinned).
    pub refused: Vec<RefusedFile>,
    /// Whether the version floor file was corrupt (it was then rebuilt from the loaded files).
    pub floor_was_corrupt: bool,
}

/// A file of the store that was not loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedFile {
    /// The file's name in the store's directory.
    pub file: String,
    /// Why it was refused.
    pub error: DatabaseError,
}

/// An open store: its directory, how files are mapped, and the file of each installed feed.
#[derive(Debug)]
pub(crate) struct Store {
    pub dir: PathBuf,
    pub map: MapFile,
    pub files: HashMap<String, PathBuf>,
}

impl Store {
    /// The store in `dir` (created if missing), its stale temporary files removed.
    pub fn open(dir: &Path, map: MapFile) -> Result<Self, DatabaseError> {
        std::fs::create_dir_all(dir)?;
        let store = Self { dir: dir.to_path_buf(), map, files: HashMap::new() };
        for path in store.listed(TEMP_PREFIX, "") {
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap_or(SystemTime::now());
            if modified.elapsed().is_ok_and(|age| age > STALE_TEMP) {
                let _ = std::fs::remove_file(&path);
            }
        }
        Ok(store)
    }

    /// The database files in the store, by name.
    pub fn database_files(&self) -> Vec<PathBuf> {
        self.listed(DB_PREFIX, DB_SUFFIX)
    }

    fn listed(&self, prefix: &str, suffix: &str) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix)))
            .map(|e| e.path())
            .collect();
        paths.sort();
        paths
    }

    /// Maps the file at `path` (a file of the store).
    pub fn map_path(&self, path: &Path) -> Result<FileBytes, DatabaseError> {
        Ok((self.map)(&std::fs::File::open(path)?)?)
    }

    /// Maps a temporary file of the store.
    pub fn map_temp(&self, tmp: &TempFile) -> Result<FileBytes, DatabaseError> {
        Ok((self.map)(tmp.file())?)
    }

    /// A new temporary file holding `bytes`.
    pub fn temp_with(&self, bytes: &[u8]) -> Result<TempFile, DatabaseError> {
        Ok(TempFile::with_bytes(&self.dir, bytes)?)
    }

    /// A new temporary file holding a copy of the app's file at `source` (which is only read).
    pub fn temp_copy(&self, source: &Path, max: u64) -> Result<TempFile, DatabaseError> {
        TempFile::copy_of(&self.dir, source, max).map_err(|e| match e.kind() {
            std::io::ErrorKind::FileTooLarge => {
                DatabaseError::LimitExceeded { what: "database size in bytes", limit: max }
            }
            _ => e.into(),
        })
    }

    /// Renames a checked temporary file into place under a new database file name.
    pub fn persist(&self, tmp: TempFile) -> Result<PathBuf, DatabaseError> {
        let path = self.dir.join(unique_name(DB_PREFIX, DB_SUFFIX));
        tmp.persist(&path)?;
        Ok(path)
    }

    /// Records `path` as the file of `feed`, removing the feed's previous file.
    pub fn replace(&mut self, feed: &str, path: Option<PathBuf>) {
        let old = match path {
            Some(p) => self.files.insert(feed.to_owned(), p),
            None => self.files.remove(feed),
        };
        if let Some(old) = old {
            let _ = std::fs::remove_file(old);
        }
    }

    /// The name of `path` within the store, for reports.
    pub fn name_of(path: &Path) -> String {
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}
