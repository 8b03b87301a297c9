//! The private online lookup through the FFI (see docs/privacy.md). The library never opens a
//! socket: the app asks [`LookupClient::lookup_path`] what to fetch (a path that names only a
//! bucket), fetches it relative to the publication's base URL with its own deadline, and hands
//! the bytes to [`LookupClient::accept_bucket`], which verifies and caches them. A screener given
//! the client ([`Screener::use_lookup`]) consults the cached answers (reason `lookup_listed`).
//! The Kotlin and Swift packages ship such fetchers.

use std::path::Path;
use std::sync::Arc;

use ringfence_core::database::key_from_hex;
use ringfence_core::export::lookup_identification;
use ringfence_core::lookup::{self as core, LookupConfig, manifest::MAX_MANIFEST_BYTES, wire::MAX_BUCKET_BYTES};
use ringfence_core::{Action, Category, DatabaseError, Language, RingfenceError as Core};

use crate::error::RingfenceError;
use crate::export::IdentificationEntry;
use crate::guard::{guard, guard_or};
use crate::records::region as parse_region;
use crate::screener::Screener;

/// Settings of a [`LookupClient`]; [`default_lookup_settings`] gives the defaults.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LookupSettings {
    /// Most bucket bits accepted (default 20): a manifest asking for more is refused
    /// (`TooManyBits`), as its buckets would be too small to hide a number in.
    pub max_bits: u8,
    /// How long a cached bucket answers, in seconds (default one day; 0: never from the cache).
    pub ttl_secs: u64,
    /// How long an accepted manifest stays fresh, in seconds (default one day).
    pub manifest_ttl_secs: u64,
    /// Most bytes of cached buckets on disk (default 8 MiB); the oldest fetches go first.
    pub max_cache_bytes: u64,
}

impl LookupSettings {
    fn config(self, public_key: [u8; 32]) -> LookupConfig {
        LookupConfig {
            public_key,
            max_bits: self.max_bits,
            ttl_secs: self.ttl_secs,
            manifest_ttl_secs: self.manifest_ttl_secs,
            max_cache_bytes: self.max_cache_bytes,
        }
    }
}

impl From<LookupConfig> for LookupSettings {
    fn from(c: LookupConfig) -> Self {
        Self {
            max_bits: c.max_bits,
            ttl_secs: c.ttl_secs,
            manifest_ttl_secs: c.manifest_ttl_secs,
            max_cache_bytes: c.max_cache_bytes,
        }
    }
}

/// What an accepted manifest says.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LookupManifest {
    /// The feed's name.
    pub feed: String,
    /// The feed version.
    pub version: u64,
    /// Bucket bits: there are `2^bits` buckets.
    pub bits: u8,
}

/// The answer for one number.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LookupAnswer {
    /// Whether the feed lists the number (`false`: its bucket does not).
    pub listed: bool,
    /// The feed's action, when listed.
    pub action: Option<Action>,
    /// The feed's category, when listed.
    pub category: Option<Category>,
    /// The feed's label with digit runs masked, when listed with one.
    pub label: Option<String>,
    /// The feed version of the bucket that answered.
    pub version: u64,
    /// When that bucket was fetched (seconds since the Unix epoch).
    pub fetched_unix: u64,
}

impl From<core::BucketAnswer> for LookupAnswer {
    fn from(a: core::BucketAnswer) -> Self {
        let listed = a.listed.as_ref();
        Self {
            listed: listed.is_some(),
            action: listed.map(|l| l.action),
            category: listed.map(|l| l.category),
            label: listed.and_then(|l| l.label.as_deref()).map(ringfence_core::i18n::mask_numbers),
            version: a.version,
            fetched_unix: a.fetched_unix,
        }
    }
}

/// What the lookup cache holds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LookupCacheUsage {
    /// Bytes of cached buckets on disk.
    pub bytes: u64,
    /// Number of cached buckets.
    pub buckets: u64,
}

/// What to fetch for one number: a path relative to the publication's base URL that names
/// only a bucket. It holds the number's salted hash, never the number, and never shows it.
#[derive(uniffi::Object)]
pub struct LookupRequest {
    inner: core::LookupRequest,
}

#[uniffi::export]
impl LookupRequest {
    /// The path to fetch relative to the base URL, e.g. `b/3fa2.bkt`.
    pub fn path(&self) -> String {
        guard_or(String::new, || self.inner.path.clone())
    }

    /// The bucket id the path names.
    pub fn bucket_id(&self) -> u32 {
        guard_or(|| 0, || self.inner.bucket())
    }

    /// The most bytes to read for the bucket: a larger answer is refused anyway.
    pub fn max_bytes(&self) -> u64 {
        guard_or(|| 0, || MAX_BUCKET_BYTES as u64)
    }
}

/// A lookup feed's client: its pinned key, the accepted manifest and the bucket cache, in a
/// directory the app gives. Thread-safe; create one per feed and keep it.
#[derive(uniffi::Object)]
pub struct LookupClient {
    pub(crate) inner: Arc<core::LookupClient>,
}

#[uniffi::export]
impl LookupClient {
    /// Opens the cache in `cache_dir` (created if missing; the app must not write in it) for
    /// the feed signed with `public_key` (64 hex digits; surrounding whitespace ignored), with
    /// `settings` (the defaults when absent). Throws `InvalidDatabase` (`InvalidKey`) for a
    /// malformed key, `LookupRefused` (`Io`) when the directory cannot be used.
    #[uniffi::constructor(default(settings = None))]
    pub fn new(
        cache_dir: String,
        public_key: String,
        settings: Option<LookupSettings>,
    ) -> Result<Self, RingfenceError> {
        guard(|| {
            let key = key_from_hex(public_key.trim())
                .ok_or(Core::Database(DatabaseError::InvalidKey("expected 64 hexadecimal digits")))?;
            let config = settings.map_or_else(|| LookupConfig::new(key), |s| s.config(key));
            let inner = core::LookupClient::open(Path::new(&cache_dir), config)?;
            Ok::<_, RingfenceError>(Self { inner: Arc::new(inner) })
        })
    }

    /// Verifies a fetched `manifest.json` (pinned key, signature, bits, same feed, no older
    /// version) and keeps it, fetched at `now` (seconds since the Unix epoch). A new salt or bit
    /// count empties the bucket cache. Throws `LookupRefused`; nothing changes then.
    pub fn accept_manifest(&self, bytes: Vec<u8>, now: u64) -> Result<LookupManifest, RingfenceError> {
        guard(|| {
            let m = self.inner.accept_manifest(&bytes, now)?;
            Ok::<_, RingfenceError>(LookupManifest { feed: m.feed, version: m.version, bits: m.bits })
        })
    }

    /// The accepted manifest, if any.
    pub fn manifest(&self) -> Option<LookupManifest> {
        guard_or(
            || None,
            || {
                let m = self.inner.manifest()?;
                Some(LookupManifest { feed: m.feed, version: m.version, bits: m.bits })
            },
        )
    }

    /// Whether the accepted manifest is younger than its TTL at `now` (else fetch it again).
    pub fn manifest_is_fresh(&self, now: u64) -> bool {
        guard_or(|| false, || self.inner.manifest_is_fresh(now))
    }

    /// What to fetch for `number` (any notation) read in `region` (ISO alpha-2; E.164 only when
    /// absent). Throws `InvalidNumber`, `InvalidRegion`, or `LookupRefused` (`NoManifest`).
    #[uniffi::method(default(region = None))]
    pub fn lookup_path(&self, number: String, region: Option<String>) -> Result<Arc<LookupRequest>, RingfenceError> {
        guard(|| {
            let region = parse_region(region.as_deref())?;
            Ok::<_, RingfenceError>(Arc::new(LookupRequest { inner: self.inner.lookup_path(&number, region)? }))
        })
    }

    /// Verifies a fetched bucket for `request` (pinned key, signature, the requested bucket,
    /// the manifest's feed, salt and bits, no older version than the cached one), caches it
    /// (fetched at `now`) and answers. Throws `LookupRefused` with the kind of refusal (a
    /// tampered, foreign, swapped, replayed or cut file…); the cache is unchanged then.
    pub fn accept_bucket(
        &self,
        request: Arc<LookupRequest>,
        bytes: Vec<u8>,
        now: u64,
    ) -> Result<LookupAnswer, RingfenceError> {
        guard(|| Ok::<_, RingfenceError>(self.inner.accept_bucket(&request.inner, &bytes, now)?.into()))
    }

    /// The cached answer for `number` read in `region` at `now`; `null`/`nil` when its bucket
    /// is not cached (or expired), without a manifest, or for an unreadable number.
    #[uniffi::method(default(region = None))]
    pub fn cached_answer(&self, number: String, region: Option<String>, now: u64) -> Option<LookupAnswer> {
        guard_or(
            || None,
            || {
                let region = parse_region(region.as_deref()).ok()?;
                let e164 = ringfence_core::parse_number(&number, region).ok()?.e164;
                self.inner.cached_answer(e164, now).map(Into::into)
            },
        )
    }

    /// Call Directory identification entries (iOS) for `numbers` (any notation, read in
    /// `region`), from the cache at `now`: the listed ones with their labels (in `language`),
    /// strictly ascending. Unreadable, unlisted and uncached numbers are left out; nothing is
    /// fetched (pre-fetch the buckets of recent unknown callers first).
    pub fn identification_entries(
        &self,
        numbers: Vec<String>,
        region: Option<String>,
        language: Language,
        now: u64,
    ) -> Vec<IdentificationEntry> {
        guard_or(Vec::new, || {
            let region = region_of(&region);
            let parsed = numbers.iter().filter_map(|n| Some(ringfence_core::parse_number(n, region).ok()?.e164));
            lookup_identification(&self.inner, parsed, now, language)
                .into_iter()
                .map(|(number, label)| IdentificationEntry { number: number as i64, label })
                .collect()
        })
    }

    /// Bytes and buckets in the cache.
    pub fn cache_usage(&self) -> LookupCacheUsage {
        guard_or(
            || LookupCacheUsage { bytes: 0, buckets: 0 },
            || {
                let (bytes, buckets) = self.inner.cache_usage();
                LookupCacheUsage { bytes, buckets: buckets as u64 }
            },
        )
    }
}

/// A region given as text, `None` when absent or malformed.
fn region_of(text: &Option<String>) -> Option<ringfence_core::RegionCode> {
    parse_region(text.as_deref()).ok().flatten()
}

#[uniffi::export]
impl Screener {
    /// Makes screening consult `lookup`'s cached answers for unknown callers that no installed
    /// feed lists (reason `lookup_listed`, below the installed feeds); `null`/`nil` stops it.
    /// Screening never fetches: the app's fetcher fills the cache.
    pub fn use_lookup(&self, lookup: Option<Arc<LookupClient>>) {
        guard_or(|| (), || self.inner.set_lookup(lookup.map(|l| l.inner.clone())))
    }
}

/// The default [`LookupSettings`].
#[uniffi::export]
pub fn default_lookup_settings() -> LookupSettings {
    guard_or(|| LookupConfig::new([0; 32]).into(), || LookupConfig::new([0; 32]).into())
}

/// The manifest's path relative to a publication's base URL.
#[uniffi::export]
pub fn lookup_manifest_path() -> String {
    guard_or(|| "manifest.json".to_owned(), || "manifest.json".to_owned())
}

/// The most bytes to read for a manifest: a larger one is refused anyway.
#[uniffi::export]
pub fn lookup_manifest_max_bytes() -> u64 {
    guard_or(|| 0, || MAX_MANIFEST_BYTES as u64)
}
