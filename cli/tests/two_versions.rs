//! `screen` and `export` given two versions of one feed use the newer one (issue 14), naming
//! the unused file on stderr, whatever the order of the `--db` options.

use std::path::{Path, PathBuf};

mod common;

use common::{keys, ringfence, s, text};

fn build(d: &Path, secret: &Path, version: u64, rows: &str) -> PathBuf {
    let csv = d.join(format!("v{version}.csv"));
    std::fs::write(&csv, format!("pattern,action,category,label\n{rows}")).unwrap();
    let out = d.join(format!("v{version}.rfdb"));
    let v = version.to_string();
    let o = ringfence(&["build", "--out", s(&out), "--key", s(secret), "--feed", "feed", "--version", &v, s(&csv)]);
    assert!(o.status.success(), "{:?}", text(&o));
    out
}

#[test]
fn the_newer_version_of_a_feed_is_used() {
    let d = common::dir("two-versions", "newer");
    let (sk, pk) = keys(&d, "feed");
    let v1 = build(&d, &sk, 1, "+41446681800,block,scam,Old\n+41446681801,block,scam,Old\n");
    let v2 = build(&d, &sk, 2, "+41446681800,label,spam,New\n");
    for (a, b) in [(&v1, &v2), (&v2, &v1)] {
        let o = ringfence(&["export", "calldirectory", "--db", s(a), "--db", s(b), "--pubkey", s(&pk)]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{err}");
        assert_eq!(out, "identify 41446681800\tNew\n", "only version 2 exports");
        assert!(err.contains(&format!("{}: not used", s(&v1))), "{err}");
        let o = ringfence(&["screen", "+41446681801", "--db", s(a), "--db", s(b), "--pubkey", s(&pk)]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{err}");
        assert!(out.contains("action    allow"), "version 1's block is not used: {out}");
    }
    let _ = std::fs::remove_dir_all(&d);
}
