//! Writing files the library owns: each goes to a **new, uniquely named** temporary file in the
//! target directory, created exclusively (`create_new`: never an existing path, never through
//! a symbolic link), written and fsynced, and only then renamed into place (a rename replaces
//! a link at the final path, never follows it). A temporary file that is not renamed is
//! removed when it is dropped, so a failure leaves nothing behind.
//!
//! Memory-mapping is the caller's choice ([`MapFile`]): the core has no unsafe code, so the
//! bindings and the CLI pass a function that maps a file the library itself created and never
//! modifies; [`read_file`] reads it into memory instead.

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The bytes of an opened file: owned, or a read-only memory map.
pub type FileBytes = Box<dyn AsRef<[u8]> + Send + Sync>;

/// Turns a file the library created (and will never modify) into its bytes: e.g. a read-only
/// memory map (in the bindings and the CLI), or [`read_file`].
pub type MapFile = fn(&File) -> io::Result<FileBytes>;

/// A [`MapFile`] that reads the whole file (from its start) into memory.
pub fn read_file(file: &File) -> io::Result<FileBytes> {
    let mut bytes = Vec::new();
    (&*file).seek(io::SeekFrom::Start(0))?;
    (&*file).read_to_end(&mut bytes)?;
    Ok(Box::new(bytes))
}

/// Prefix of the library's temporary files (hidden, and never taken for a database).
pub(crate) const TEMP_PREFIX: &str = ".rf-tmp-";

/// A name no other file in the directory is likely to have: 64 bits from the standard
/// library's randomly keyed hasher (seeded from the OS), the process id, a counter and the
/// time. Uniqueness does not depend on it: files are created with `create_new`.
pub(crate) fn unique_name(prefix: &str, suffix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    h.write_u128(now.as_nanos());
    format!("{prefix}{:016x}{suffix}", h.finish())
}

/// A new file in a directory, removed on drop unless [`persist`](Self::persist)ed.
#[derive(Debug)]
pub(crate) struct TempFile {
    path: PathBuf,
    file: File,
    done: bool,
}

impl TempFile {
    /// Creates a new, uniquely named file in `dir`, exclusively (retrying on a name clash).
    pub fn create_in(dir: &Path) -> io::Result<Self> {
        let mut tries = 0;
        loop {
            let path = dir.join(unique_name(TEMP_PREFIX, ""));
            match OpenOptions::new().read(true).write(true).create_new(true).open(&path) {
                Ok(file) => return Ok(Self { path, file, done: false }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
                Err(e) => return Err(e),
            }
        }
    }

    /// A temporary file in `dir` holding `bytes`, fsynced.
    pub fn with_bytes(dir: &Path, bytes: &[u8]) -> io::Result<Self> {
        let mut tmp = Self::create_in(dir)?;
        tmp.file.write_all(bytes)?;
        tmp.file.sync_all()?;
        Ok(tmp)
    }

    /// A temporary file in `dir` holding a copy of the file at `source` (at most `max` bytes,
    /// else `FileTooLarge`), fsynced. `source` is only read.
    pub fn copy_of(dir: &Path, source: &Path, max: u64) -> io::Result<Self> {
        let mut from = File::open(source)?;
        if from.metadata()?.len() > max {
            return Err(io::Error::from(io::ErrorKind::FileTooLarge));
        }
        let mut tmp = Self::create_in(dir)?;
        // One byte past the cap tells a file that grew while being copied.
        let copied = io::copy(&mut (&mut from).take(max.saturating_add(1)), &mut tmp.file)?;
        if copied > max {
            return Err(io::Error::from(io::ErrorKind::FileTooLarge));
        }
        tmp.file.sync_all()?;
        Ok(tmp)
    }

    /// The open file (read and write, positioned after what was written).
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Renames the file to `to` (same directory) and syncs the directory.
    pub fn persist(mut self, to: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.done = true;
        sync_dir(to)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Makes a rename in `path`'s directory durable (Unix; elsewhere renames are left to the OS).
fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        File::open(dir)?.sync_all()?;
    }
    let _ = path;
    Ok(())
}

/// Writes `bytes` to `path` atomically: a new, uniquely named temporary file in the same
/// directory (created exclusively, never through a link), fsynced, then renamed over `path`.
/// A reader (or a memory map of the old file) sees the old file or the new one, never a mix;
/// on error `path` is unchanged and no temporary file remains.
pub fn write_database_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    TempFile::with_bytes(dir, bytes)?.persist(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(unique_name(&format!("ringfence-install-{name}-"), ""));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = scratch("replace");
        let path = dir.join("feed.rfdb");
        std::fs::write(&path, b"old").unwrap();
        write_database_file(&path, b"new bytes").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new bytes");
        assert_eq!(files(&dir), ["feed.rfdb"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let path = std::env::temp_dir().join("ringfence-no-such-dir").join("feed.rfdb");
        let err = write_database_file(&path, b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn temporary_names_are_unique_and_dropped_files_are_removed() {
        let dir = scratch("unique");
        let (a, b) = (TempFile::create_in(&dir).unwrap(), TempFile::create_in(&dir).unwrap());
        assert_ne!(a.path, b.path);
        drop((a, b));
        assert!(files(&dir).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_replaced_not_followed() {
        let dir = scratch("link");
        let victim = dir.join("victim");
        std::fs::write(&victim, b"keep me").unwrap();
        let path = dir.join("feed.rfdb");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        write_database_file(&path, b"database").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert!(!std::fs::symlink_metadata(&path).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&path).unwrap(), b"database");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn copies_are_capped_and_leave_the_source_alone() {
        let dir = scratch("copy");
        let source = dir.join("app-file");
        std::fs::write(&source, b"0123456789").unwrap();
        assert_eq!(TempFile::copy_of(&dir, &source, 9).unwrap_err().kind(), io::ErrorKind::FileTooLarge);
        let tmp = TempFile::copy_of(&dir, &source, 10).unwrap();
        assert_eq!(std::fs::read(&tmp.path).unwrap(), b"0123456789");
        drop(tmp);
        assert_eq!(files(&dir), ["app-file"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
