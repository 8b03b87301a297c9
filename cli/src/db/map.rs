//! Memory-mapping database files, so opening one costs a system call instead of reading it.
//!
//! The only unsafe code in the CLI: `memmap2::Mmap::map` is unsafe because another process
//! could modify or truncate the file while it is mapped, which Rust cannot rule out.

use std::fs::File;
use std::path::Path;

use memmap2::Mmap;

/// Maps `path` read-only.
#[allow(unsafe_code)]
pub fn map(path: &Path) -> std::io::Result<Mmap> {
    let file = File::open(path)?;
    // SAFETY: the mapping is read-only and private to this process; the CLI only maps files it
    // is given and does not modify them while they are mapped. If another process truncated
    // the file meanwhile, reads could fault (SIGBUS) — the accepted risk of every mmap reader;
    // Ringfence's reader never trusts the bytes (all reads are bounds-checked against the
    // length captured at map time, and `Database::open` verifies the checksum and signature).
    unsafe { Mmap::map(&file) }
}
