//! The lookup client: verified answers, every typed rejection leaving the cache unchanged,
//! TTL, persistence, and a cache that stays within its size, oldest evicted first.

mod lookup_support;

use std::collections::VecDeque;

use lookup_support::*;
use ringfence_core::database::public_key;
use ringfence_core::lookup::{LookupClient, LookupConfig, LookupError};
use ringfence_core::{Action, Category, E164};

const NOW: u64 = 1_800_000_000;

#[test]
fn answers_listed_and_unlisted_numbers_and_serves_them_from_the_cache() {
    let p = published(3, 200, 4, &SECRET);
    let dir = scratch("answers");
    let c = client(&dir);
    assert_eq!(c.lookup_path(SCAM, None).unwrap_err(), LookupError::NoManifest);
    c.accept_manifest(p.manifest.to_json().as_bytes(), NOW).unwrap();
    let req = c.lookup_path("044 668 18 00", Some("CH".parse().unwrap())).unwrap();
    assert!(req.path.starts_with("b/") && req.path.ends_with(".bkt") && req.path.len() == "b/x.bkt".len());
    assert_eq!(c.cached_answer(e164(SCAM), NOW), None, "nothing fetched yet");
    let a = c.accept_bucket(&req, &p.buckets[req.bucket() as usize], NOW).unwrap();
    let listed = a.listed.unwrap();
    assert_eq!((listed.action, listed.category, a.version), (Action::Block, Category::Scam, 3));
    assert_eq!(listed.label.as_deref(), Some("Fake bank 044 668 18 00"), "masked by the screener, not here");
    assert_eq!(c.cached_answer(e164(SCAM), NOW + 10).unwrap().listed, Some(listed));

    for number in [TELEMARKETING, UNLISTED] {
        let req = c.request(e164(number)).unwrap();
        let a = c.accept_bucket(&req, &p.buckets[req.bucket() as usize], NOW).unwrap();
        assert_eq!(a.listed.map(|l| l.action), (number == TELEMARKETING).then_some(Action::Silence));
    }
    assert_eq!(c.cached_answer(e164(UNLISTED), NOW).unwrap().listed, None, "a negative answer, cached");
    assert_eq!(c.cached_answer(e164("+41215601234"), NOW).and_then(|a| a.listed), None, "ranges are not published");
    assert_eq!(p.manifest.ranges_skipped, 1);

    // Expired after the TTL; kept across a reopen (the manifest re-verified from disk).
    assert_eq!(c.cached_answer(e164(SCAM), NOW + 86_401), None);
    drop(c);
    let again = client(&dir);
    assert_eq!(again.cached_answer(e164(SCAM), NOW).unwrap().version, 3);
}

/// Accepts `bytes` for `number` and checks the error and that the cache did not change.
fn refused(c: &LookupClient, dir: &std::path::Path, number: &str, bytes: &[u8]) -> LookupError {
    let before = snapshot(dir);
    let req = c.request(e164(number)).unwrap();
    let err = c.accept_bucket(&req, bytes, NOW + 1).unwrap_err();
    assert_eq!(snapshot(dir), before, "{err:?} changed the cache");
    assert!(!format!("{err} {err:?}").contains("668"), "no number in errors");
    err
}

#[test]
fn tampered_foreign_swapped_replayed_and_truncated_buckets_are_typed_and_change_nothing() {
    let (v2, v1) = (published(2, 200, 4, &SECRET), published(1, 200, 4, &SECRET));
    let foreign = published(2, 200, 4, &FOREIGN);
    let dir = scratch("refusals");
    let c = client(&dir);
    c.accept_manifest(v2.manifest.to_json().as_bytes(), NOW).unwrap();
    let bucket = c.request(e164(SCAM)).unwrap().bucket() as usize;
    let good = &v2.buckets[bucket];
    c.accept_bucket(&c.request(e164(SCAM)).unwrap(), good, NOW).unwrap();

    let mut tampered = good.clone();
    *tampered.last_mut().unwrap() ^= 1;
    assert_eq!(refused(&c, &dir, SCAM, &tampered), LookupError::BadSignature);
    let mut salted = good.clone();
    salted[30] ^= 1;
    assert_eq!(refused(&c, &dir, SCAM, &salted), LookupError::BadSignature, "the header is signed too");
    assert_eq!(refused(&c, &dir, SCAM, &foreign.buckets[bucket]), LookupError::UnknownKey);
    let other = (bucket + 1) % v2.buckets.len();
    assert_eq!(refused(&c, &dir, SCAM, &v2.buckets[other]), LookupError::WrongBucket);
    assert_eq!(refused(&c, &dir, SCAM, &v1.buckets[bucket]), LookupError::Downgrade { cached: 2, offered: 1 });
    assert_eq!(refused(&c, &dir, SCAM, &good[..good.len() - 1]), LookupError::Truncated);
    assert_eq!(refused(&c, &dir, SCAM, &good[..100]), LookupError::Truncated);
    assert_eq!(refused(&c, &dir, SCAM, &[good.as_slice(), b"x"].concat()), LookupError::TrailingBytes);
    assert_eq!(refused(&c, &dir, SCAM, b"<html>404</html>"), LookupError::NotALookupFile);
    assert_eq!(refused(&c, &dir, SCAM, b""), LookupError::Truncated);
    // The same version again is fine (a re-fetch).
    c.accept_bucket(&c.request(e164(SCAM)).unwrap(), good, NOW + 2).unwrap();
}

#[test]
fn manifests_are_pinned_not_replayed_and_cannot_shrink_the_anonymity_set() {
    let (v2, v1) = (published(2, 10, 4, &SECRET), published(1, 10, 4, &SECRET));
    let dir = scratch("manifests");
    let c = client(&dir);
    let foreign = published(2, 10, 4, &FOREIGN);
    assert_eq!(c.accept_manifest(foreign.manifest.to_json().as_bytes(), NOW).unwrap_err(), LookupError::UnknownKey);
    let mut forged = v2.manifest.clone();
    forged.bits = 3;
    forged.buckets = 8;
    assert_eq!(c.accept_manifest(forged.to_json().as_bytes(), NOW).unwrap_err(), LookupError::BadSignature);
    assert_eq!(c.accept_manifest(b"{}", NOW).unwrap_err(), LookupError::NotALookupFile);
    assert!(snapshot(&dir).keys().all(|p| p.extension().is_none_or(|e| e != "bin")), "no manifest stored");
    c.accept_manifest(v2.manifest.to_json().as_bytes(), NOW).unwrap();
    assert_eq!(
        c.accept_manifest(v1.manifest.to_json().as_bytes(), NOW).unwrap_err(),
        LookupError::Downgrade { cached: 2, offered: 1 }
    );
    let strict =
        LookupClient::open(&scratch("strict"), LookupConfig { max_bits: 3, ..LookupConfig::new(public_key(&SECRET)) })
            .unwrap();
    assert_eq!(
        strict.accept_manifest(v2.manifest.to_json().as_bytes(), NOW).unwrap_err(),
        LookupError::TooManyBits { bits: 4, max: 3 }
    );
}

#[test]
fn a_hundred_thousand_distinct_lookups_keep_the_cache_bounded_evicting_the_oldest_first() {
    let p = published(1, 2_000, 8, &SECRET);
    let largest = p.buckets.iter().map(Vec::len).max().unwrap() as u64 + 8;
    let cap = 16 * largest;
    let dir = scratch("bounded");
    let c = LookupClient::open(&dir, LookupConfig { max_cache_bytes: cap, ..LookupConfig::new(public_key(&SECRET)) })
        .unwrap();
    c.accept_manifest(p.manifest.to_json().as_bytes(), NOW).unwrap();
    let mut model: VecDeque<u32> = VecDeque::new();
    for i in 0..100_000u64 {
        let number = E164::from_u64(39_330_000_000 + i * 13).unwrap();
        if c.cached_answer(number, NOW).is_some() {
            continue;
        }
        let req = c.request(number).unwrap();
        c.accept_bucket(&req, &p.buckets[req.bucket() as usize], NOW).unwrap();
        model.retain(|b| *b != req.bucket());
        model.push_back(req.bucket());
        let (bytes, count) = c.cache_usage();
        assert!(bytes <= cap, "cache at {bytes} bytes over its {cap}");
        while model.len() > count {
            model.pop_front();
        }
        if i % 4_999 == 0 {
            let on_disk = snapshot(&dir);
            let bucket_bytes: usize =
                on_disk.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "bkt")).map(|(_, b)| b.len()).sum();
            assert!(bucket_bytes as u64 <= cap);
            let mut cached: Vec<u32> =
                on_disk.keys().filter_map(|p| u32::from_str_radix(p.file_stem()?.to_str()?, 16).ok()).collect();
            cached.sort_unstable();
            let mut expected: Vec<u32> = model.iter().copied().collect();
            expected.sort_unstable();
            assert_eq!(cached, expected, "the newest buckets are the ones kept");
        }
    }
}

#[test]
fn a_weak_pinned_key_is_refused_before_any_bucket() {
    // The identity point and a point of order 4 (y = 0): anyone could sign for them.
    let identity = {
        let mut k = [0u8; 32];
        k[0] = 1;
        k
    };
    let order_4 = {
        let mut k = [0u8; 32];
        k[31] = 0x80;
        k
    };
    for weak in [identity, order_4] {
        let opened = LookupClient::open(&scratch("weak-key"), LookupConfig::new(weak));
        assert_eq!(opened.err(), Some(LookupError::UnknownKey));
    }
    assert!(LookupClient::open(&scratch("strong-key"), LookupConfig::new(public_key(&SECRET))).is_ok());
}
