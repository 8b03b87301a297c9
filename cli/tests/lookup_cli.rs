//! `ringfence lookup publish | query` against a real nginx on 127.0.0.1: verdicts for listed
//! and unlisted numbers, every typed refusal leaving the cache unchanged, deadlines, and the
//! request log naming buckets only.

mod common;
mod lookup_server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{dir, keys, ringfence, s, text};
use lookup_server::{Nginx, misbehaving};
use serde_json::Value;

const SCAM: &str = "+41446681800";
const TELEMARKETING: &str = "+390255512345";
const UNLISTED: &str = "+41446681899";
/// The user's own number: it must never reach the server either.
const OWN: &str = "+41791234567";

struct Fixture {
    /// Publications side by side: good/, replay/, foreign/, swapped/, tampered/, truncated/, missing/.
    root: PathBuf,
    pubkey: PathBuf,
}

fn publish(d: &Path, version: &str, key: &Path, out: &Path) {
    let list = d.join(format!("list{version}.csv"));
    std::fs::write(
        &list,
        format!(
            "pattern,action,category,label\n{SCAM},block,scam,Fake bank 044 668 18 00\n{TELEMARKETING},silence,telemarketing,\n+4121560####,block,spam,\n"
        ),
    )
    .unwrap();
    let db = d.join(format!("feed{version}.rfdb"));
    let o = ringfence(&["build", "--out", s(&db), "--key", s(key), "--feed", "spam", "--version", version, s(&list)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let o = ringfence(&["lookup", "publish", "--db", s(&db), "--key", s(key), "--out", s(out), "--bits", "6"]);
    let (stdout, err) = text(&o);
    assert!(o.status.success(), "{stdout}{err}");
    let summary: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!((summary["bits"].as_u64(), summary["buckets"].as_u64()), (Some(6), Some(64)), "{stdout}");
    assert!(summary["k"].as_u64().unwrap() > 100_000, "each bucket hides a number among many: {stdout}");
}

fn copy_dir(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    std::fs::create_dir_all(to.join("b")).unwrap();
    for name in ["manifest.json".to_owned()].into_iter().chain((0..64).map(|i| format!("b/{i:02x}.bkt"))) {
        if let Some(bytes) = edit(&name, std::fs::read(from.join(&name)).unwrap()) {
            std::fs::write(to.join(&name), bytes).unwrap();
        }
    }
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let d = dir("lookup", "fixture");
        let ((sk, pubkey), (foreign_sk, _)) = (keys(&d, "feed"), keys(&d, "foreign"));
        let (v2, v1, foreign) = (d.join("v2"), d.join("v1"), d.join("foreign-pub"));
        publish(&d, "2", &sk, &v2);
        publish(&d, "1", &sk, &v1);
        publish(&d, "2", &foreign_sk, &foreign);
        let root = d.join("www");
        let manifest_only = |name: &str, b: Vec<u8>| (name == "manifest.json").then_some(b);
        copy_dir(&v2, &root.join("good"), |_, b| Some(b));
        copy_dir(&v2, &root.join("missing"), manifest_only);
        copy_dir(&v2, &root.join("tampered"), |name, mut b| {
            if name != "manifest.json" {
                *b.last_mut().unwrap() ^= 1;
            }
            Some(b)
        });
        copy_dir(&v2, &root.join("truncated"), |name, b| {
            Some(if name == "manifest.json" { b } else { b[..b.len() / 2].to_vec() })
        });
        copy_dir(&v2, &root.join("replay"), |_, b| Some(b));
        copy_dir(&v1, &root.join("replay"), |name, b| (name != "manifest.json").then_some(b));
        copy_dir(&v2, &root.join("foreign"), |_, b| Some(b));
        copy_dir(&foreign, &root.join("foreign"), |name, b| (name != "manifest.json").then_some(b));
        copy_dir(&v2, &root.join("swapped"), manifest_only);
        for i in 0..64 {
            let swapped = std::fs::read(v2.join(format!("b/{:02x}.bkt", (i + 1) % 64))).unwrap();
            std::fs::write(root.join(format!("swapped/b/{i:02x}.bkt")), swapped).unwrap();
        }
        Fixture { root, pubkey }
    })
}

/// Runs `lookup query`; returns (exit success, JSON output).
fn query(base: &str, number: &str, cache: &Path, extra: &[&str]) -> (bool, Value) {
    let pubkey = fixture().pubkey.clone();
    let mut args = vec!["lookup", "query", number, "--base", base, "--pubkey", s(&pubkey), "--cache", s(cache)];
    args.extend_from_slice(extra);
    let o = ringfence(&args);
    let (out, err) = text(&o);
    let value: Value = serde_json::from_str(out.trim()).unwrap_or_else(|_| panic!("one JSON object: {out}{err}"));
    (o.status.success(), value)
}

fn snapshot(d: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walk(d) {
        out.insert(entry.clone(), std::fs::read(&entry).unwrap());
    }
    out
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

/// A cache holding the verified manifest and SCAM's bucket from good/.
fn seeded_cache(server: &Nginx, name: &str) -> PathBuf {
    let cache = dir("lookup", name);
    let (ok, v) = query(&format!("{}/good", server.url), SCAM, &cache, &[]);
    assert!(ok && v["listed"] == true, "{v}");
    cache
}

#[test]
fn nginx_serves_verdicts_and_every_bad_answer_is_a_typed_refusal_that_changes_no_cache() {
    let f = fixture();
    let work = dir("lookup", "nginx-verdicts");
    let server = Nginx::serve(&f.root, &work);
    let good = format!("{}/good", server.url);

    let cache = dir("lookup", "verdicts-cache");
    let (ok, v) = query(&good, "044 668 18 00", &cache, &["--region", "CH"]);
    assert!(ok, "{v}");
    assert_eq!(v["listed"], true);
    assert_eq!((v["action"].as_str(), v["category"].as_str()), (Some("block"), Some("scam")));
    assert_eq!(
        (v["label"].as_str(), v["version"].as_u64(), v["cached"].as_bool()),
        (Some("Fake bank …"), Some(2), Some(false))
    );
    assert_eq!(query(&good, SCAM, &cache, &[]).1["cached"], true, "answered from the cache");
    let (ok, v) = query(&good, TELEMARKETING, &cache, &[]);
    assert!(ok && v["action"] == "silence" && v["category"] == "telemarketing", "{v}");
    let (ok, v) = query(&good, UNLISTED, &dir("lookup", "unlisted-cache"), &[]);
    assert!(ok && v["listed"] == false && v["action"].is_null() && v["version"] == 2, "{v}");

    for (base, expected) in [
        ("tampered", "bad_signature"),
        ("foreign", "unknown_key"),
        ("swapped", "wrong_bucket"),
        ("replay", "downgrade"),
        ("truncated", "truncated"),
        ("missing", "http_status"),
    ] {
        let cache = seeded_cache(&server, &format!("refused-{base}"));
        let before = snapshot(&cache);
        let (ok, v) = query(&format!("{}/{base}", server.url), SCAM, &cache, &["--ttl", "0"]);
        assert!(!ok, "{base}: {v}");
        assert_eq!(v["error"], expected, "{base}: {v}");
        assert_eq!(snapshot(&cache), before, "{base} changed the cache");
    }

    let stalled = misbehaving(None);
    let mut short = b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n".to_vec();
    short.extend_from_slice(&[0x89; 100]);
    let cut = misbehaving(Some(short));
    for (base, expected) in [(stalled, "timeout"), (cut, "truncated_response")] {
        let cache = seeded_cache(&server, &format!("net-{expected}"));
        let before = snapshot(&cache);
        let started = Instant::now();
        let (ok, v) = query(&base, SCAM, &cache, &["--ttl", "0", "--timeout-ms", "700"]);
        assert!(!ok && v["error"] == expected, "{v}");
        assert!(started.elapsed() < Duration::from_millis(700 + 1500), "the deadline holds: {:?}", started.elapsed());
        assert_eq!(snapshot(&cache), before, "{expected} changed the cache");
    }
}

#[test]
fn https_answers_when_the_servers_ca_is_trusted_and_refuses_as_tls_when_it_is_not() {
    let f = fixture();
    let work = dir("lookup", "nginx-tls");
    let server = Nginx::serve_tls(&f.root, &work);
    assert!(server.url.starts_with("https://"), "{}", server.url);
    let good = format!("{}/good", server.url);
    let ca = work.join("ca.pem");

    let (ok, v) = query(&good, SCAM, &dir("lookup", "tls-trusted"), &["--ca-cert", s(&ca)]);
    assert!(ok && v["listed"] == true && v["action"] == "block", "{v}");
    // The built-in Mozilla roots did not sign the test CA: a typed refusal, nothing cached.
    let cache = dir("lookup", "tls-untrusted");
    let (ok, v) = query(&good, SCAM, &cache, &[]);
    assert!(!ok && v["error"] == "tls", "{v}");
    assert!(walk(&cache).iter().all(|p| !p.to_string_lossy().ends_with(".bkt")), "no bucket cached");
    // A CA file without a certificate (here: the CA's private key) is refused before any fetch.
    let (ok, v) = query(&good, SCAM, &dir("lookup", "tls-bad-ca"), &["--ca-cert", s(&work.join("ca.key"))]);
    assert!(!ok && v["error"] == "bad_ca_cert", "{v}");
    let requests = server.requests();
    assert_eq!(requests.iter().filter(|r| r.ends_with("manifest.json")).count(), 1, "{requests:?}");
}

/// Every window of 5 digits of `number`'s digits.
fn windows(number: &str) -> Vec<String> {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    digits.windows(5).map(|w| w.iter().collect()).collect()
}

#[test]
fn the_server_sees_only_the_manifest_and_bucket_paths_never_digits_of_the_numbers() {
    let f = fixture();
    let work = dir("lookup", "nginx-privacy");
    let server = Nginx::serve(&f.root, &work);
    let good = format!("{}/good", server.url);
    let looked_up = [SCAM, TELEMARKETING, UNLISTED, "+41215601234", "+12125550123"];
    for (i, n) in looked_up.iter().enumerate() {
        let (ok, v) = query(&good, n, &dir("lookup", &format!("privacy-{i}")), &[]);
        assert!(ok, "{v}");
    }
    let (ok, _) = query(&good, "044 668 18 00", &dir("lookup", "privacy-national"), &["--region", "CH"]);
    assert!(ok);
    std::thread::sleep(Duration::from_millis(100));
    let requests = server.requests();
    assert_eq!(requests.len(), 2 * (looked_up.len() + 1), "a manifest and one bucket per query: {requests:?}");
    let mut forbidden: Vec<String> = looked_up.iter().chain([&OWN, &"0446681800"]).flat_map(|n| windows(n)).collect();
    forbidden.sort();
    forbidden.dedup();
    for r in &requests {
        let bucket = r.strip_prefix("/good/b/").and_then(|b| b.strip_suffix(".bkt"));
        assert!(
            r == "/good/manifest.json"
                || bucket.is_some_and(|h| h.len() == 2 && h.bytes().all(|c| c.is_ascii_hexdigit())),
            "unexpected request {r}"
        );
        assert!(forbidden.iter().all(|w| !r.contains(w.as_str())), "{r} carries digits of a number");
    }
}
