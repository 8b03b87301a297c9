//! The device side: which path to fetch, accepting what came back, and answering from the cache.
//! No sockets: the app fetches (with its own deadline) and hands the bytes over.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use super::cache::Cache;
use super::hash::{NumberHash, Salt, bucket_path};
use super::manifest::Manifest;
use super::wire::{self, Bucket, PinnedKey};
use super::{ListedEntry, LookupError};
use crate::number::{E164, RegionCode, parse_number};

/// Settings of a [`LookupClient`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupConfig {
    /// The feed's pinned public key: manifests and buckets must be signed with it.
    pub public_key: [u8; 32],
    /// Most bucket bits accepted (default 20): a manifest asking for more is refused, as its
    /// buckets would be too small to hide a number in.
    pub max_bits: u8,
    /// How long a cached bucket answers, in seconds (default one day; 0: never from the cache).
    pub ttl_secs: u64,
    /// How long a cached manifest is fresh, in seconds (default one day).
    pub manifest_ttl_secs: u64,
    /// Most bytes of cached buckets on disk (default 8 MiB); the oldest fetches go first.
    pub max_cache_bytes: u64,
}

impl LookupConfig {
    /// The defaults for a feed signed with `public_key`.
    pub fn new(public_key: [u8; 32]) -> Self {
        Self { public_key, max_bits: 20, ttl_secs: 86_400, manifest_ttl_secs: 86_400, max_cache_bytes: 8 << 20 }
    }
}

/// What to fetch for one number: a relative path (which names only the bucket) and what the
/// answer must match. Holds the number's salted hash, never the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupRequest {
    /// The path relative to the publication's base URL, e.g. `b/3fa2.bkt`.
    pub path: String,
    bucket: u32,
    hash: NumberHash,
    salt: Salt,
    bits: u8,
}

/// The answer for one number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketAnswer {
    /// The feed's entry, or `None` when the bucket does not list the number.
    pub listed: Option<ListedEntry>,
    /// The feed version of the bucket that answered.
    pub version: u64,
    /// When that bucket was fetched (seconds since the Unix epoch).
    pub fetched_unix: u64,
}

impl LookupRequest {
    /// The bucket id the path names.
    pub fn bucket(&self) -> u32 {
        self.bucket
    }
}

#[derive(Debug)]
struct State {
    manifest: Option<(Manifest, u64)>,
    cache: Cache,
}

/// A lookup feed's client: its pinned key, its verified manifest and its bucket cache, in a
/// directory the app gives. Thread-safe; each call holds one lock briefly.
#[derive(Debug)]
pub struct LookupClient {
    config: LookupConfig,
    /// The pinned key, decoded and checked once.
    key: PinnedKey,
    dir: PathBuf,
    state: Mutex<State>,
}

const MANIFEST_FILE: &str = "manifest.bin";

impl LookupClient {
    /// Opens the client's cache in `dir` (created if missing), re-verifying a cached manifest.
    pub fn open(dir: &Path, config: LookupConfig) -> Result<Self, LookupError> {
        let key = PinnedKey::new(&config.public_key)?;
        let cache = Cache::open(dir, config.max_cache_bytes)?;
        let manifest = std::fs::read(dir.join(MANIFEST_FILE)).ok().and_then(|b| {
            let fetched = u64::from_le_bytes(b.get(..8)?.try_into().ok()?);
            Some((Manifest::parse(&b[8..], &config.public_key).ok()?, fetched))
        });
        Ok(Self { config, key, dir: dir.to_owned(), state: Mutex::new(State { manifest, cache }) })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The verified manifest, if one was accepted.
    pub fn manifest(&self) -> Option<Manifest> {
        self.state().manifest.as_ref().map(|m| m.0.clone())
    }

    /// Whether the cached manifest is younger than its TTL at `now`.
    pub fn manifest_is_fresh(&self, now: u64) -> bool {
        self.state().manifest.as_ref().is_some_and(|m| now.saturating_sub(m.1) < self.config.manifest_ttl_secs)
    }

    /// Verifies `manifest.json` (pinned key, signature, at most `max_bits`, same feed and no
    /// older version than the cached one) and keeps it. A new salt or bit count empties the
    /// bucket cache. On error nothing changes.
    pub fn accept_manifest(&self, bytes: &[u8], now: u64) -> Result<Manifest, LookupError> {
        let m = Manifest::parse(bytes, &self.config.public_key)?;
        if m.bits > self.config.max_bits {
            return Err(LookupError::TooManyBits { bits: m.bits, max: self.config.max_bits });
        }
        let mut state = self.state();
        let changed = match &state.manifest {
            Some((old, _)) if old.feed != m.feed => return Err(LookupError::ManifestMismatch("feed")),
            Some((old, _)) if m.version < old.version => {
                return Err(LookupError::Downgrade { cached: old.version, offered: m.version });
            }
            Some((old, _)) => old.salt != m.salt || old.bits != m.bits,
            None => false,
        };
        let path = self.dir.join(MANIFEST_FILE);
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, [&now.to_le_bytes()[..], bytes].concat()).and_then(|()| std::fs::rename(&tmp, &path))?;
        if changed {
            state.cache.clear();
        }
        state.manifest = Some((m.clone(), now));
        Ok(m)
    }

    /// What to fetch for `number` (already in E.164).
    pub fn request(&self, number: E164) -> Result<LookupRequest, LookupError> {
        let state = self.state();
        let (m, _) = state.manifest.as_ref().ok_or(LookupError::NoManifest)?;
        let (salt, bits) = (m.salt_bytes(), m.bits);
        let hash = NumberHash::of(&salt, number);
        let bucket = hash.bucket(bits);
        Ok(LookupRequest { path: bucket_path(bucket, bits), bucket, hash, salt, bits })
    }

    /// What to fetch for a caller string read in `region` (as the screener reads it).
    pub fn lookup_path(&self, number: &str, region: Option<RegionCode>) -> Result<LookupRequest, LookupError> {
        let parsed = parse_number(number, region).map_err(|e| match e {
            crate::RingfenceError::InvalidNumber(p) => LookupError::InvalidNumber(p),
            _ => LookupError::InvalidNumber(crate::NumberProblem::NotANumber),
        })?;
        self.request(parsed.e164)
    }

    /// Verifies a fetched bucket for `req` (pinned key, signature, the requested bucket id,
    /// the manifest's feed, salt and bits, no older version than the cached bucket), caches
    /// it and answers. On error the cache is unchanged.
    pub fn accept_bucket(&self, req: &LookupRequest, bytes: &[u8], now: u64) -> Result<BucketAnswer, LookupError> {
        let bucket = wire::decode(bytes, &self.key)?;
        let mut state = self.state();
        let (m, _) = state.manifest.as_ref().ok_or(LookupError::NoManifest)?;
        matches_manifest(&bucket, m)?;
        if (req.salt, req.bits) != (bucket.header.salt, bucket.header.bits) {
            return Err(LookupError::ManifestMismatch("request made for another manifest"));
        }
        if bucket.header.bucket != req.bucket {
            return Err(LookupError::WrongBucket);
        }
        if let Some(cached) = state.cache.version_of(req.bucket)
            && bucket.header.version < cached
        {
            return Err(LookupError::Downgrade { cached, offered: bucket.header.version });
        }
        state.cache.insert(req.bucket, bucket.header.version, now, bytes)?;
        Ok(BucketAnswer { listed: bucket.find(&req.hash), version: bucket.header.version, fetched_unix: now })
    }

    /// The cached answer for `number` at `now`: `None` without a manifest, when its bucket
    /// is not cached, has expired, or no longer verifies.
    pub fn cached_answer(&self, number: E164, now: u64) -> Option<BucketAnswer> {
        let req = self.request(number).ok()?;
        let state = self.state();
        let (fetched, bytes) = state.cache.read(req.bucket)?;
        if now.saturating_sub(fetched) >= self.config.ttl_secs {
            return None;
        }
        let bucket = wire::decode(&bytes, &self.key).ok()?;
        let m = &state.manifest.as_ref()?.0;
        matches_manifest(&bucket, m).ok()?;
        (bucket.header.bucket == req.bucket).then(|| BucketAnswer {
            listed: bucket.find(&req.hash),
            version: bucket.header.version,
            fetched_unix: fetched,
        })
    }

    /// Bytes and count of cached buckets.
    pub fn cache_usage(&self) -> (u64, usize) {
        let state = self.state();
        (state.cache.total_bytes(), state.cache.len())
    }
}

fn matches_manifest(bucket: &Bucket, m: &Manifest) -> Result<(), LookupError> {
    if bucket.feed != m.feed {
        return Err(LookupError::ManifestMismatch("feed"));
    }
    if bucket.header.salt != m.salt_bytes() || bucket.header.bits != m.bits {
        return Err(LookupError::ManifestMismatch("salt or bits"));
    }
    Ok(())
}
