//! Memory-mapped feeds (issue 14), where a mistake is a crash: a feed store's files are the
//! library's own copies, so truncating the app's path cannot SIGBUS a running screener; and a
//! 4 GiB (sparse) file with the wrong key is refused without being read.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use ringfence_cli::db::map::{map, map_file};
use ringfence_core::database::{Database, DatabaseBuilder, DatabaseError, Limits, public_key};
use ringfence_core::{Action, Category, IncomingCall, Pattern, Screener};

mod common;

const SECRET: [u8; 32] = [0x42; 32];
const LISTED: &str = "+41446681800";

fn feed(version: u64, extra: u64) -> Vec<u8> {
    let mut b = DatabaseBuilder::new("a", version).unwrap();
    let class = b.class(Action::Block, Category::Scam, Some(&format!("v{version}"))).unwrap();
    b.push(Pattern::parse(LISTED, None).unwrap(), class).unwrap();
    for i in 0..extra {
        b.push(Pattern::parse(&format!("+41215{i:06}"), None).unwrap(), class).unwrap();
    }
    b.build(&SECRET).unwrap().bytes
}

fn label(s: &Screener) -> Option<String> {
    s.screen(&IncomingCall { number: Some(LISTED.into()), ..Default::default() }).label
}

/// Runs test `name` of this file in a child process (with `RINGFENCE_CHILD` set), so that a
/// SIGBUS fails the test instead of killing the harness.
fn in_child(name: &str, body: impl FnOnce()) {
    if std::env::var_os("RINGFENCE_CHILD").is_some() {
        return body();
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env("RINGFENCE_CHILD", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child {name} failed ({:?}):\n{text}", out.status);
    assert!(text.contains("1 passed"), "the child ran the test:\n{text}");
}

#[test]
fn truncating_the_installed_path_cannot_crash_a_screener_using_a_store() {
    in_child("truncating_the_installed_path_cannot_crash_a_screener_using_a_store", || {
        let d = common::dir("owned", "truncate");
        let (store, app) = (d.join("store"), d.join("download.rfdb"));
        std::fs::write(&app, feed(1, 20_000)).unwrap();
        let s = Screener::default();
        s.pin_feed("a", vec![public_key(&SECRET)]).unwrap();
        s.use_store(&store, map_file).unwrap();
        s.install_database_file(&app).unwrap();
        assert_eq!(label(&s).as_deref(), Some("v1"));
        // The app truncates its file, then rewrites it in place with something else: with the
        // path mapped (the old behaviour) the next lookup would fault or answer differently.
        std::fs::File::create(&app).unwrap();
        assert_eq!(label(&s).as_deref(), Some("v1"));
        std::fs::write(&app, feed(2, 10)).unwrap();
        for i in 0..2_000u64 {
            let call = IncomingCall { number: Some(format!("+41215{:06}", i * 7)), ..Default::default() };
            assert_eq!(s.screen(&call).label.as_deref(), Some("v1"));
        }
        // Replacing the feed removes the old store file while it may still be mapped: safe.
        std::fs::write(&app, feed(2, 10)).unwrap();
        s.install_database_file(&app).unwrap();
        assert_eq!(label(&s).as_deref(), Some("v2"));
        let _ = std::fs::remove_dir_all(&d);
    });
}

/// Makes `file` (a small database) claim to be `len` bytes long: its last section grows to the
/// end, and the signer becomes `signer`.
fn enlarge(file: &mut [u8], len: u64, signer: &[u8; 32]) {
    const RANGES_LEN_AT: usize = 160 + 8 * 24 + 16;
    let ranges_len = u64::from_le_bytes(file[RANGES_LEN_AT..RANGES_LEN_AT + 8].try_into().unwrap());
    let grown = ranges_len + (len - file.len() as u64);
    file[RANGES_LEN_AT..RANGES_LEN_AT + 8].copy_from_slice(&grown.to_le_bytes());
    file[16..24].copy_from_slice(&len.to_le_bytes());
    file[64..96].copy_from_slice(signer);
}

#[test]
fn a_4_gib_file_with_the_wrong_key_is_refused_without_being_read() {
    let d = common::dir("owned", "sparse");
    let path = d.join("huge.rfdb");
    let len = 4u64 << 30;
    let mut head = feed(1, 3);
    enlarge(&mut head, len, &public_key(&[0x99; 32]));
    write_sparse(&path, &head, len);
    let limits = Limits { max_database_bytes: 8 << 30, ..Limits::default() };
    let t = Instant::now();
    let e = Database::open_limited(map(&path).unwrap(), &[public_key(&SECRET)], None, &limits).unwrap_err();
    let took = t.elapsed();
    assert_eq!(e, DatabaseError::UnknownKey);
    assert!(took < Duration::from_secs(1), "refusal took {took:?}: the body was read");
    // In a screener: over the default size cap (1 GiB); with the cap raised, pinned for
    // another feed only: refused by feed, as cheaply.
    let s = Screener::default();
    s.pin_feed("b", vec![public_key(&[0x99; 32])]).unwrap();
    s.use_store(&d.join("store"), map_file).unwrap();
    let e = s.install_database(map(&path).unwrap()).unwrap_err();
    assert!(matches!(e, ringfence_core::RingfenceError::Database(DatabaseError::LimitExceeded { .. })), "{e:?}");
    s.set_limits(limits).unwrap();
    let t = Instant::now();
    let e = s.install_database(map(&path).unwrap()).unwrap_err();
    assert_eq!(e, ringfence_core::RingfenceError::Database(DatabaseError::KeyNotPinnedForFeed));
    assert!(t.elapsed() < Duration::from_secs(1), "refusal took {:?}", t.elapsed());
    let _ = std::fs::remove_dir_all(&d);
}

/// A file of `len` bytes starting with `head`, the rest a hole (no disk space used).
fn write_sparse(path: &Path, head: &[u8], len: u64) {
    let f = std::fs::File::create(path).unwrap();
    std::io::Write::write_all(&mut &f, head).unwrap();
    f.set_len(len).unwrap();
}
