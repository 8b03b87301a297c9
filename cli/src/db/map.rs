//! Memory-mapping database files, so opening one costs a system call instead of reading it.
//!
//! The only unsafe code in the CLI: `memmap2::Mmap::map` is unsafe because another process
//! could modify or truncate the file while it is mapped, which Rust cannot rule out.

use std::fs::File;
use std::path::Path;

use memmap2::Mmap;
use ringfence_core::database::FileBytes;

/// Maps `path` read-only.
pub fn map(path: &Path) -> std::io::Result<Mmap> {
    map_open(&File::open(path)?)
}

/// Maps a file of a feed store read-only: a [`ringfence_core::database::MapFile`] for
/// `Screener::use_store`. The store's files are created by the library and never modified,
/// so nothing the app does to its own paths can truncate what is mapped.
pub fn map_file(file: &File) -> std::io::Result<FileBytes> {
    Ok(Box::new(map_open(file)?))
}

#[allow(unsafe_code)]
fn map_open(file: &File) -> std::io::Result<Mmap> {
    // SAFETY: the mapping is read-only and private to this process; the CLI only maps files it
    // is given and does not modify them while they are mapped, and a feed store's files are
    // never modified after they are renamed into place. If another process truncated the file
    // meanwhile, reads could fault (SIGBUS) — the accepted risk of every mmap reader;
    // Ringfence's reader never trusts the bytes (all reads are bounds-checked against the
    // length captured at map time, and `Database::open` verifies the checksum and signature).
    unsafe { Mmap::map(file) }
}
