//! Writing a database file the app keeps: the bytes go to a temporary file next to the target,
//! which is then renamed over it, so a reader (or a memory map of the old file) never sees a
//! half-written database.

use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through `<path>.tmp` and a rename over `path`.
///
/// Used for the result of a delta ([`Database::apply_delta`](super::Database::apply_delta)),
/// which the app re-opens at start-up with [`Database::open_installed`](super::Database::open_installed).
/// On error the temporary file may remain; `path` is either the old file or the new one.
pub fn write_database_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temporary_path(path);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// `<path>.tmp`, in the same directory (a rename is atomic only within one file system).
fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("ringfence-install-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("feed.rfdb");
        std::fs::write(&path, b"old").unwrap();
        write_database_file(&path, b"new bytes").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new bytes");
        assert!(!temporary_path(&path).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let path = std::env::temp_dir().join("ringfence-no-such-dir").join("feed.rfdb");
        let err = write_database_file(&path, b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }
}
