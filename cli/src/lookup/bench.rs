//! `ringfence bench lookup-publish`: publish a synthetic feed as buckets and measure it.
//!
//! Figures (one JSON object): publishing (hash, bucket, sign every bucket and the manifest, in
//! memory), writing the files, bucket sizes (median / max bytes), verify + lookup of one
//! bucket (decode with the signature check, then the number's entry: the median over random
//! listed numbers, each bucket bytes as fetched) next to its floor (a bare ed25519 check as
//! buckets are checked, the stricter one, SHA-256 of a median bucket),
//! accepting one into an on-disk cache, and the machine's load (`/proc/loadavg`) and the
//! publishing's CPU time, as on a shared machine wall time also measures the neighbours.

use std::io::Write;
use std::time::Instant;

use clap::Args;
use ringfence_core::database::{DatabaseBuilder, public_key};
use ringfence_core::lookup::hash::NumberHash;
use ringfence_core::lookup::plan::DEFAULT_MIN_K;
use ringfence_core::lookup::{LookupClient, LookupConfig, PublishOptions, publish, wire};
use ringfence_core::{Action, Category, Database, E164, Pattern};
use serde_json::json;

use super::publish::write_dir;
use crate::db::bench_build::cpu_seconds;
use crate::db::synth::{self, Rng};

/// `bench lookup-publish` options.
#[derive(Debug, Clone, Args)]
pub struct PublishBenchOptions {
    /// How many numbers the feed lists.
    #[arg(long, default_value_t = 10_000_000)]
    pub numbers: usize,
    /// Bucket bits (default: chosen for --min-k, as `lookup publish` does).
    #[arg(long)]
    pub bits: Option<u8>,
    /// The least anonymity set per calling code when choosing the bits.
    #[arg(long, default_value_t = DEFAULT_MIN_K)]
    pub min_k: u64,
}

/// The median times of one bare ed25519 signature check as buckets are checked (`verify`),
/// the stricter check it replaced (`verify_strict`), and SHA-256 over `body_bytes` (a bucket
/// body): the floor of verify + lookup, measured in the same run.
fn floor_ns(body_bytes: usize) -> (u64, u64, u64) {
    use ed25519_dalek::{Signer, SigningKey, Verifier};
    use sha2::{Digest, Sha256};
    let key = SigningKey::from_bytes(&[5; 32]);
    let (public, signature) = (key.verifying_key(), key.sign(b"reference"));
    let body = vec![0x5a; body_bytes];
    let time = |f: &dyn Fn() -> bool| {
        let mut ns: Vec<u64> = (0..1000)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_nanos() as u64
            })
            .collect();
        median(&mut ns)
    };
    (
        time(&|| public.verify(std::hint::black_box(b"reference"), &signature).is_ok()),
        time(&|| public.verify_strict(std::hint::black_box(b"reference"), &signature).is_ok()),
        time(&|| Sha256::digest(std::hint::black_box(&body))[0] == 0),
    )
}

fn median(v: &mut [u64]) -> u64 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// Runs the benchmark and prints one JSON object.
pub fn run(o: &PublishBenchOptions, out: &mut impl Write) -> Result<(), String> {
    let secret = [42u8; 32];
    let numbers = synth::numbers(o.numbers, 7);
    let mut b = DatabaseBuilder::new("bench", 1).map_err(|e| e.to_string())?;
    let classes = [
        b.class(Action::Block, Category::Scam, Some("Reported scam")).map_err(|e| e.to_string())?,
        b.class(Action::Silence, Category::Telemarketing, None).map_err(|e| e.to_string())?,
    ];
    for (i, &n) in numbers.iter().enumerate() {
        let e = E164::from_u64(n).ok_or("synthetic number out of range")?;
        b.push(Pattern::exact(e), classes[i % 2]).map_err(|e| e.to_string())?;
    }
    let db = Database::open_unauthenticated(b.build(&secret).map_err(|e| e.to_string())?.bytes)
        .map_err(|e| e.to_string())?;

    let opts = PublishOptions { bits: o.bits, min_k: o.min_k, ..Default::default() };
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let p = publish(&db, &secret, &opts).map_err(|e| e.to_string())?;
    let (publish_s, publish_cpu_s) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    let dir = std::env::temp_dir().join(format!("ringfence-bench-lookup-{}", std::process::id()));
    let t = Instant::now();
    write_dir(&p, &dir).map_err(|e| e.to_string())?;
    let write_s = t.elapsed().as_secs_f64();

    let mut sizes: Vec<u64> = p.buckets.iter().map(|b| b.len() as u64).collect();
    let (median_bytes, max_bytes) = (median(&mut sizes), sizes.last().copied().unwrap_or(0));
    let (salt, bits, key) = (p.manifest.salt_bytes(), p.manifest.bits, public_key(&secret));
    let pinned = wire::PinnedKey::new(&key).map_err(|e| e.to_string())?;
    let mut rng = Rng::new(11);
    let picks: Vec<E164> = (0..1000.min(numbers.len()))
        .filter_map(|_| E164::from_u64(numbers[rng.range(0, numbers.len() as u64 - 1) as usize]))
        .collect();
    let mut verify_ns = Vec::with_capacity(picks.len());
    for &n in &picks {
        let t = Instant::now();
        let h = NumberHash::of(&salt, n);
        let found = wire::decode(&p.buckets[h.bucket(bits) as usize], &pinned).ok().and_then(|b| b.find(&h));
        verify_ns.push(t.elapsed().as_nanos() as u64);
        found.ok_or("a listed number was not found in its bucket")?;
    }
    let client = LookupClient::open(&dir.join("cache"), LookupConfig { max_bits: 24, ..LookupConfig::new(key) })
        .map_err(|e| e.to_string())?;
    client.accept_manifest(p.manifest.to_json().as_bytes(), 1).map_err(|e| e.to_string())?;
    let mut accept_ns = Vec::new();
    for &n in picks.iter().take(200) {
        let req = client.request(n).map_err(|e| e.to_string())?;
        let t = Instant::now();
        client.accept_bucket(&req, &p.buckets[req.bucket() as usize], 1).map_err(|e| e.to_string())?;
        accept_ns.push(t.elapsed().as_nanos() as u64);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let load = std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split(' ').next()?.parse::<f64>().ok());
    let k = p.manifest.anonymity.iter().map(|r| r.k).min();
    let (verify, strict, sha) = floor_ns(median_bytes as usize);
    let report = json!({
        "numbers": p.manifest.entries, "bits": bits, "buckets": p.manifest.buckets, "k": k,
        "anonymity": p.manifest.anonymity,
        "publish_s": publish_s, "publish_cpu_s": publish_cpu_s, "write_s": write_s,
        "bucket_bytes_median": median_bytes, "bucket_bytes_max": max_bytes,
        "verify_lookup_us_median": median(&mut verify_ns) as f64 / 1000.0,
        "accept_to_disk_us_median": median(&mut accept_ns) as f64 / 1000.0,
        "bare_signature_check_us_median": verify as f64 / 1000.0,
        "bare_strict_signature_check_us_median": strict as f64 / 1000.0,
        "sha256_median_bucket_us_median": sha as f64 / 1000.0,
        "load_average_1m": load,
        "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
    });
    writeln!(out, "{report}").map_err(|e| e.to_string())
}
