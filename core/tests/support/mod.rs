//! Shared by the attack tests (`attack_*.rs`): feed keys, signed feeds, a scratch feed store,
//! and the state an attack must leave unchanged.
#![allow(dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};

use ringfence_core::database::DatabaseError;
use ringfence_core::database::{Database, DatabaseBuilder, FloorEntry, public_key, read_file};
use ringfence_core::{Action, Category, IncomingCall, Pattern, RingfenceError, Screener, ScreenerConfig};

/// Feed A's and feed B's secret keys, and a key pinned for nothing.
pub const KEY_A: [u8; 32] = [0xa1; 32];
pub const KEY_B: [u8; 32] = [0xb2; 32];
pub const STRANGER: [u8; 32] = [0x5e; 32];
/// The number every test feed lists, labelled with the feed and version.
pub const LISTED: &str = "+41446681800";

/// A signed database of `feed` at `version` listing [`LISTED`] (label `"<feed> v<version>"`) and
/// `extra` more numbers.
pub fn feed(name: &str, version: u64, secret: &[u8; 32], extra: u64) -> Vec<u8> {
    let mut b = DatabaseBuilder::new(name, version).unwrap();
    b.created_at(1_700_000_000u64.saturating_add(version));
    let label = format!("{name} v{version}");
    let class = b.class(Action::Block, Category::Scam, Some(&label)).unwrap();
    b.push(Pattern::parse(LISTED, None).unwrap(), class).unwrap();
    for i in 0..extra {
        b.push(Pattern::parse(&format!("+4121560{:04}", i % 10_000), None).unwrap(), class).unwrap();
    }
    b.build(secret).unwrap().bytes
}

/// `bytes` opened with the full check against `secret`'s key.
pub fn open(bytes: &[u8], secret: &[u8; 32]) -> Database {
    Database::open(bytes.to_vec(), &[public_key(secret)], None).unwrap()
}

/// A screener with feed `a` pinned to [`KEY_A`] and feed `b` to [`KEY_B`].
pub fn screener() -> Screener {
    let s = Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), ..Default::default() });
    s.pin_feed("a", vec![public_key(&KEY_A)]).unwrap();
    s.pin_feed("b", vec![public_key(&KEY_B)]).unwrap();
    s
}

/// A new empty directory under the system's temporary directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("ringfence-{name}-{}-{:?}", std::process::id(), std::thread::current().id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A [`screener`] using the feed store in `dir` (files read into memory).
pub fn stored(dir: &Path) -> Screener {
    let s = screener();
    s.use_store(dir, read_file).unwrap();
    s
}

/// The label a screener gives [`LISTED`] (which feed and version answers).
pub fn answer(s: &Screener) -> Option<String> {
    s.screen(&IncomingCall { number: Some(LISTED.into()), ..Default::default() }).label
}

/// What an attack must leave unchanged: the installed feeds, their answer, the floor of
/// `feed`, and the store's files (names and bytes).
#[derive(Debug, PartialEq, Eq)]
pub struct State {
    databases: Vec<(String, u64)>,
    answer: Option<String>,
    floor: Option<FloorEntry>,
    files: Vec<(String, Vec<u8>)>,
}

/// The [`State`] of `s` (and of the store in `dir`, if any) for `feed`.
pub fn state(s: &Screener, feed: &str, dir: Option<&Path>) -> State {
    let mut files: Vec<(String, Vec<u8>)> = dir
        .map(|d| {
            std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap())
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    State {
        databases: s.databases().into_iter().map(|d| (d.metadata.feed, d.metadata.version)).collect(),
        answer: answer(s),
        floor: s.version_floor(feed),
        files,
    }
}

/// The typed database refusal of `r` (panics on success or another error).
pub fn refused(r: Result<impl std::fmt::Debug, RingfenceError>) -> DatabaseError {
    match r {
        Err(RingfenceError::Database(e)) => e,
        other => panic!("expected a database refusal, got {other:?}"),
    }
}
