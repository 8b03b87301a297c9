//! The on-disk bucket cache: one file per bucket (`b/<id>.bkt`: the fetch time, u64 LE, then
//! the bucket file as received and verified), written through a temporary file and a rename,
//! its total size bounded, oldest fetches evicted first. A cached bucket answers for every
//! number it covers: the listed ones, and (by their absence) the negative answers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::LookupError;

/// Bytes of the fetch-time prefix of a cache file.
const TIME_LEN: usize = 8;
/// Where a bucket file stores its feed version (after the time prefix).
const VERSION_AT: usize = TIME_LEN + 16;

#[derive(Debug, Clone, Copy)]
struct Record {
    version: u64,
    size: u64,
    /// Insertion order: eviction takes the smallest first.
    seq: u64,
}

/// The bucket files of one lookup feed in one directory.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    records: HashMap<u32, Record>,
    total: u64,
    seq: u64,
}

fn read_u64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

impl Cache {
    /// Opens (creating) `dir/b`, indexing the files there; stray or unreadable files are removed.
    pub(crate) fn open(dir: &Path, max_bytes: u64) -> Result<Self, LookupError> {
        let buckets = dir.join("b");
        std::fs::create_dir_all(&buckets)?;
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&buckets)? {
            let path = entry?.path();
            let id = path
                .file_name()
                .and_then(|n| n.to_str()?.strip_suffix(".bkt"))
                .and_then(|h| u32::from_str_radix(h, 16).ok());
            let bytes = std::fs::read(&path).unwrap_or_default();
            match (id, read_u64(&bytes, 0), read_u64(&bytes, VERSION_AT)) {
                (Some(id), Some(fetched), Some(version)) => found.push((id, fetched, version, bytes.len() as u64)),
                _ => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        found.sort_by_key(|f| (f.1, f.0));
        let mut cache = Self { dir: buckets, max_bytes, records: HashMap::new(), total: 0, seq: 0 };
        for (id, _, version, size) in found {
            cache.note(id, Record { version, size, seq: 0 });
        }
        cache.evict();
        Ok(cache)
    }

    fn note(&mut self, id: u32, mut r: Record) {
        self.seq += 1;
        r.seq = self.seq;
        if let Some(old) = self.records.insert(id, r) {
            self.total -= old.size;
        }
        self.total += r.size;
    }

    fn path(&self, id: u32) -> PathBuf {
        self.dir.join(format!("{id:08x}.bkt"))
    }

    /// The cached version of bucket `id`, if any (expired or not).
    pub(crate) fn version_of(&self, id: u32) -> Option<u64> {
        self.records.get(&id).map(|r| r.version)
    }

    /// The fetch time and bucket file of `id`.
    pub(crate) fn read(&self, id: u32) -> Option<(u64, Vec<u8>)> {
        self.records.get(&id)?;
        let mut bytes = std::fs::read(self.path(id)).ok()?;
        let fetched = read_u64(&bytes, 0)?;
        bytes.drain(..TIME_LEN);
        Some((fetched, bytes))
    }

    /// Stores bucket `id` (version `version`, fetched at `now`), then evicts the oldest
    /// others until the cache fits. On error nothing changed.
    pub(crate) fn insert(&mut self, id: u32, version: u64, now: u64, bucket: &[u8]) -> Result<(), LookupError> {
        let size = (TIME_LEN + bucket.len()) as u64;
        if size > self.max_bytes {
            return Err(LookupError::LimitExceeded { what: "cache bytes", limit: self.max_bytes });
        }
        let path = self.path(id);
        let tmp = path.with_extension("tmp");
        let written =
            std::fs::write(&tmp, [&now.to_le_bytes()[..], bucket].concat()).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        self.note(id, Record { version, size, seq: 0 });
        self.evict();
        Ok(())
    }

    /// Evicts oldest-first until the total fits.
    fn evict(&mut self) {
        while self.total > self.max_bytes {
            let Some((&id, _)) = self.records.iter().min_by_key(|(_, r)| r.seq) else { break };
            if std::fs::remove_file(self.path(id)).is_err() && self.path(id).exists() {
                break;
            }
            if let Some(r) = self.records.remove(&id) {
                self.total -= r.size;
            }
        }
    }

    /// Removes every bucket (the manifest's salt or bits changed: they answer nothing now).
    pub(crate) fn clear(&mut self) {
        for id in self.records.keys() {
            let _ = std::fs::remove_file(self.path(*id));
        }
        self.records.clear();
        self.total = 0;
    }

    /// Total bytes of the cached files.
    pub(crate) fn total_bytes(&self) -> u64 {
        self.total
    }

    /// Number of cached buckets.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }
}
