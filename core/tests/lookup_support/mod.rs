//! Shared fixtures of the lookup tests: a small published feed and scratch directories.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ringfence_core::database::public_key;
use ringfence_core::lookup::{LookupClient, LookupConfig, Publication, PublishOptions, publish};
use ringfence_core::{Action, Category, Database, DatabaseBuilder, E164, Pattern};

pub const SECRET: [u8; 32] = [7; 32];
pub const FOREIGN: [u8; 32] = [9; 32];
pub const FEED: &str = "community-spam";
/// Listed: a scam line in Zurich and a telemarketer in Milan.
pub const SCAM: &str = "+41446681800";
pub const TELEMARKETING: &str = "+390255512345";
/// The scam entry's score level (the telemarketer has none).
pub const SCAM_LEVEL: u8 = 21;
/// Not listed.
pub const UNLISTED: &str = "+41446681899";

pub fn e164(text: &str) -> E164 {
    E164::from_e164_str(text).unwrap()
}

/// A feed of `extra` filler numbers plus the two listed ones, version `version`.
pub fn feed(version: u64, extra: u64, secret: &[u8; 32]) -> Database {
    let mut b = DatabaseBuilder::new(FEED, version).unwrap();
    let scam = b.scored_class(Action::Block, Category::Scam, Some("Fake bank 044 668 18 00"), SCAM_LEVEL).unwrap();
    let tele = b.class(Action::Silence, Category::Telemarketing, None).unwrap();
    b.push(Pattern::parse(SCAM, None).unwrap(), scam).unwrap();
    b.push(Pattern::parse(TELEMARKETING, None).unwrap(), tele).unwrap();
    b.push(Pattern::parse("+4121560####", None).unwrap(), tele).unwrap();
    for i in 0..extra {
        b.push(Pattern::exact(E164::from_u64(41_780_000_000 + i * 7).unwrap()), tele).unwrap();
    }
    Database::open(b.build(secret).unwrap().bytes, &[public_key(secret)], None).unwrap()
}

pub fn published(version: u64, extra: u64, bits: u8, secret: &[u8; 32]) -> Publication {
    publish(&feed(version, extra, secret), secret, &PublishOptions { bits: Some(bits), ..Default::default() }).unwrap()
}

/// A fresh, empty directory for this test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ringfence-lookup-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn client(dir: &Path) -> LookupClient {
    LookupClient::open(dir, LookupConfig::new(public_key(&SECRET))).unwrap()
}

/// Every file under `dir` with its bytes: what "the cache is unchanged" compares.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}
