//! `ringfence lookup query`: fetch the manifest (unless a fresh one is cached) and the one
//! bucket a number falls in, verify, answer. Refusals print `{"error": …}` and change no cache.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use ringfence_core::i18n::mask_numbers;
use ringfence_core::lookup::manifest::MAX_MANIFEST_BYTES;
use ringfence_core::lookup::wire::MAX_BUCKET_BYTES;
use ringfence_core::lookup::{BucketAnswer, LookupClient, LookupConfig};
use ringfence_core::parse_number;
use serde_json::{Value, json};

use super::http::{self, FetchError, Trust};
use crate::args::RegionArg;
use crate::db::keys::read_key;

/// `lookup query` options.
#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// The number to look up.
    pub number: String,
    /// The publication's base URL (`http://host/feed`): the manifest and `b/<hex>.bkt` are under it.
    #[arg(long, value_name = "URL")]
    pub base: String,
    /// The feed's public key file: the manifest and buckets must be signed with it.
    #[arg(long, value_name = "PUBLIC_FILE")]
    pub pubkey: PathBuf,
    /// `--region`.
    #[command(flatten)]
    pub region: RegionArg,
    /// A cache directory kept between queries (default: none, every query fetches).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// How long a cached bucket answers, in seconds (0: always fetch).
    #[arg(long, value_name = "S", default_value_t = 86_400)]
    pub ttl: u64,
    /// The deadline for all fetches of this query, in milliseconds.
    #[arg(long, value_name = "T", default_value_t = 2500)]
    pub timeout_ms: u64,
    /// For an `https` base: trust only the certificates in this PEM file (a private CA) instead
    /// of the Mozilla roots built in.
    #[arg(long, value_name = "PEM_FILE")]
    pub ca_cert: Option<PathBuf>,
}

/// A refusal: its code and message (never the number).
type Refusal = (&'static str, String);

fn fetch_error(e: FetchError) -> Refusal {
    (e.code(), e.message())
}

/// Answers one query; on a refusal prints `{"error": code, "message": …}` and fails.
pub fn run(a: &QueryArgs, out: &mut impl Write) -> Result<(), String> {
    let (value, result) = match answer(a) {
        Ok(v) => (v, Ok(())),
        Err((code, message)) => (json!({ "error": code, "message": message }), Err(format!("lookup refused: {code}"))),
    };
    writeln!(out, "{value}").map_err(|e| e.to_string())?;
    result
}

fn answer(a: &QueryArgs) -> Result<Value, Refusal> {
    let deadline = Instant::now() + Duration::from_millis(a.timeout_ms);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let key = read_key(&a.pubkey).map_err(|e| ("bad_key", e))?;
    let region = a.region.region().map_err(|e| ("invalid_region", e))?;
    let number = parse_number(&a.number, region).map_err(|e| ("invalid_number", e.to_string()))?.e164;
    let trust = match &a.ca_cert {
        None => Trust::Mozilla,
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| ("bad_ca_cert", format!("cannot read the CA file: {e}")))?;
            Trust::from_pem(&pem).map_err(|e| ("bad_ca_cert", e))?
        }
    };
    let scratch = std::env::temp_dir().join(format!("ringfence-lookup-query-{}", std::process::id()));
    let dir = a.cache.clone().unwrap_or_else(|| scratch.clone());
    let result = (|| {
        let client = LookupClient::open(&dir, LookupConfig { ttl_secs: a.ttl, ..LookupConfig::new(key) })
            .map_err(|e| (e.code(), e.to_string()))?;
        if !client.manifest_is_fresh(now) {
            let bytes =
                http::get(&a.base, "manifest.json", deadline, MAX_MANIFEST_BYTES, &trust).map_err(fetch_error)?;
            client.accept_manifest(&bytes, now).map_err(|e| (e.code(), e.to_string()))?;
        }
        if let Some(cached) = client.cached_answer(number, now) {
            return Ok(render(&cached, true));
        }
        let req = client.request(number).map_err(|e| (e.code(), e.to_string()))?;
        let bytes = http::get(&a.base, &req.path, deadline, MAX_BUCKET_BYTES, &trust).map_err(fetch_error)?;
        let fresh = client.accept_bucket(&req, &bytes, now).map_err(|e| (e.code(), e.to_string()))?;
        Ok(render(&fresh, false))
    })();
    if a.cache.is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    result
}

fn render(a: &BucketAnswer, cached: bool) -> Value {
    let listed = a.listed.as_ref();
    json!({
        "listed": listed.is_some(),
        "action": listed.map(|l| l.action.code()),
        "category": listed.map(|l| l.category.code()),
        "label": listed.and_then(|l| l.label.as_deref()).map(mask_numbers),
        "version": a.version,
        "cached": cached,
    })
}
