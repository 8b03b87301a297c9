//! Writing a feed as buckets: hash every exact number, spread the hashes over `2^bits`
//! buckets, and sign each bucket and the manifest. `#` ranges are not published (they are few
//! and belong in the installed feed); the manifest counts them.
//!
//! Work is split over the machine's cores with scoped threads: hashing by slices of numbers,
//! encoding and signing by slices of buckets.

use std::collections::{BTreeSet, HashMap};

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

use super::hash::{NumberHash, Salt};
use super::manifest::{MANIFEST_FORMAT, Manifest};
use super::plan::{DEFAULT_MIN_K, anonymity, choose_bits, plausible_numbers};
use super::wire::{self, BucketHeader, MAX_BUCKET_CLASSES, WireClass, WireEntry};
use super::{LookupError, MAX_BITS};
use crate::database::{Database, action_code, category_code, to_hex};
use crate::number::{E164, parse_number};

/// How to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishOptions {
    /// Bucket bits; `None` picks the most that keep every bucket at `min_k` ([`choose_bits`]).
    pub bits: Option<u8>,
    /// The least anonymity set per calling code when choosing bits.
    pub min_k: u64,
    /// The salt; `None` derives a stable one from the feed's name and key.
    pub salt: Option<Salt>,
}

impl Default for PublishOptions {
    fn default() -> Self {
        Self { bits: None, min_k: DEFAULT_MIN_K, salt: None }
    }
}

/// A publication: the manifest and every bucket file (index = bucket id).
#[derive(Debug, Clone)]
pub struct Publication {
    /// The signed manifest.
    pub manifest: Manifest,
    /// Bucket files, `2^bits` of them (empty buckets included, so a missing file is never an answer).
    pub buckets: Vec<Vec<u8>>,
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// The default salt: stable across versions of one feed and key, different between feeds.
fn default_salt(feed: &str, public: &[u8; 32]) -> Salt {
    let h = Sha256::new().chain_update(b"ringfence-lookup-v1 salt:").chain_update(public).chain_update(feed).finalize();
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&h[..16]);
    salt
}

/// The calling codes of `numbers`, each with its plausible-number count.
fn calling_codes(numbers: &[(u64, u32)]) -> Vec<(u16, u64)> {
    let mut by_prefix: HashMap<u64, u64> = HashMap::new();
    for &(n, _) in numbers {
        let digits = n.checked_ilog10().unwrap_or(0) + 1;
        by_prefix.entry(n / 10u64.pow(digits.saturating_sub(3))).or_insert(n);
    }
    let codes: BTreeSet<u16> =
        by_prefix.values().filter_map(|n| parse_number(&format!("+{n}"), None).ok().map(|p| p.country_code)).collect();
    codes.into_iter().map(|cc| (cc, plausible_numbers(cc))).collect()
}

/// Publishes `db`'s exact numbers as buckets signed with `secret`.
pub fn publish(db: &Database, secret: &[u8; 32], opts: &PublishOptions) -> Result<Publication, LookupError> {
    if opts.bits.is_some_and(|b| b > MAX_BITS) {
        return Err(LookupError::LimitExceeded { what: "bucket bits", limit: u64::from(MAX_BITS) });
    }
    let key = SigningKey::from_bytes(secret);
    let meta = db.metadata().clone();
    let salt = opts.salt.unwrap_or_else(|| default_salt(&meta.feed, &key.verifying_key().to_bytes()));
    let (numbers, classes, ranges) = collect(db);
    let codes = calling_codes(&numbers);
    let bits = opts.bits.unwrap_or_else(|| choose_bits(&codes.iter().map(|c| c.1).collect::<Vec<_>>(), opts.min_k));
    let hashed = hash_all(&numbers, &salt);
    drop(numbers);
    let grouped = group_by_bucket(hashed, bits);
    let header = BucketHeader { bits, bucket: 0, version: meta.version, salt };
    let buckets = encode_all(&grouped, header, &meta.feed, &classes, &key)?;
    let manifest = Manifest {
        format: MANIFEST_FORMAT.to_owned(),
        feed: meta.feed,
        version: meta.version,
        bits,
        salt: to_hex(&salt),
        public_key: String::new(),
        buckets: 1 << bits,
        entries: grouped.entries.len() as u64,
        ranges_skipped: ranges,
        anonymity: anonymity(&codes, bits),
        signature: String::new(),
    }
    .sign(&key);
    Ok(Publication { manifest, buckets })
}

/// The exact numbers with their class ids, the classes' codes, and the count of ranges.
fn collect(db: &Database) -> (Vec<(u64, u32)>, HashMap<u32, WireClass>, u64) {
    let mut numbers = Vec::with_capacity(usize::try_from(db.exact_count()).unwrap_or(0));
    let mut classes = HashMap::new();
    let mut ranges = 0u64;
    let mut raw = db.clone().raw_entries();
    while raw.for_each(1 << 16, |e| {
        if e.wildcards == 0 {
            numbers.push((e.first, e.class));
        } else {
            ranges += 1;
        }
    }) {}
    for &(_, class) in &numbers {
        classes.entry(class).or_insert_with(|| {
            let (action, category, label) =
                db.class_info(class).unwrap_or((crate::Action::Label, crate::Category::Other, None));
            WireClass {
                action: action_code(action),
                category: category_code(category),
                score: db.class_score(class).unwrap_or(0),
                label: label.and_then(|l| db.label(l)).map(str::to_owned),
            }
        });
    }
    (numbers, classes, ranges)
}

fn hash_all(numbers: &[(u64, u32)], salt: &Salt) -> Vec<(NumberHash, u32)> {
    let chunk = numbers.len().div_ceil(threads()).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = numbers
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .filter_map(|&(n, class)| Some((NumberHash::of(salt, E164::from_u64(n)?), class)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts.into_iter().flat_map(|p| p.join().unwrap_or_default()).collect()
    })
}

/// Entries ordered by bucket (a counting sort), with each bucket's start.
struct Grouped {
    entries: Vec<(NumberHash, u32)>,
    starts: Vec<usize>,
}

fn group_by_bucket(hashed: Vec<(NumberHash, u32)>, bits: u8) -> Grouped {
    let mut starts = vec![0usize; (1usize << bits) + 1];
    for (h, _) in &hashed {
        starts[h.bucket(bits) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut entries = vec![(NumberHash([0; 16]), 0u32); hashed.len()];
    for e in hashed {
        let b = e.0.bucket(bits) as usize;
        entries[next[b]] = e;
        next[b] += 1;
    }
    Grouped { entries, starts }
}

fn encode_all(
    g: &Grouped,
    header: BucketHeader,
    feed: &str,
    classes: &HashMap<u32, WireClass>,
    key: &SigningKey,
) -> Result<Vec<Vec<u8>>, LookupError> {
    let count = g.starts.len() - 1;
    let per_thread = count.div_ceil(threads()).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = (0..count)
            .step_by(per_thread)
            .map(|first| {
                s.spawn(move || {
                    (first..(first + per_thread).min(count))
                        .map(|b| {
                            let header = BucketHeader { bucket: b as u32, ..header };
                            encode_bucket(&g.entries[g.starts[b]..g.starts[b + 1]], &header, feed, classes, key)
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(count);
        for p in parts {
            all.extend(p.join().map_err(|_| LookupError::Malformed("publisher thread panicked"))??);
        }
        Ok(all)
    })
}

fn encode_bucket(
    part: &[(NumberHash, u32)],
    header: &BucketHeader,
    feed: &str,
    classes: &HashMap<u32, WireClass>,
    key: &SigningKey,
) -> Result<Vec<u8>, LookupError> {
    let mut sorted: Vec<(u64, u32)> = part.iter().map(|(h, class)| (h.key(), *class)).collect();
    sorted.sort_unstable_by_key(|e| e.0);
    // Two numbers of one bucket with the same 64-bit key (about 3·10⁻⁶ for a whole 10 M feed):
    // the first stays listed, the other is left out.
    sorted.dedup_by_key(|e| e.0);
    let mut table: Vec<WireClass> = Vec::new();
    let mut ids: HashMap<u32, u16> = HashMap::new();
    let mut entries = Vec::with_capacity(sorted.len());
    for &(k, class) in &sorted {
        let Some(c) = classes.get(&class) else { continue };
        let id = match ids.get(&class) {
            Some(&id) => id,
            None if table.len() >= MAX_BUCKET_CLASSES => {
                return Err(LookupError::LimitExceeded {
                    what: "classes in a bucket",
                    limit: MAX_BUCKET_CLASSES as u64,
                });
            }
            None => {
                table.push(c.clone());
                *ids.entry(class).or_insert(table.len() as u16 - 1)
            }
        };
        entries.push(WireEntry { key: k, class: id });
    }
    Ok(wire::encode(header, feed, table, &entries, key))
}
