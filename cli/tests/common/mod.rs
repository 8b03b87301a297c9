//! Helpers shared by the CLI end-to-end tests: run the built binary, temporary dirs, keys.
#![allow(dead_code)] // each test crate uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the built `ringfence` binary.
pub fn ringfence(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ringfence")).args(args).output().expect("run ringfence")
}

/// A fresh, empty temporary directory for test `name` of suite `suite`.
pub fn dir(suite: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ringfence-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A path as `&str`.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// (stdout, stderr) as text.
pub fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// A key pair in `d`: (secret, public), made by `ringfence keygen`.
pub fn keys(d: &Path, name: &str) -> (PathBuf, PathBuf) {
    let (sk, pk) = (d.join(format!("{name}.secret")), d.join(format!("{name}.public")));
    let o = ringfence(&["keygen", "--secret", s(&sk), "--public", s(&pk)]);
    assert!(o.status.success(), "{:?}", text(&o));
    (sk, pk)
}

/// Builds `d/NAME.rfdb`, feed `feed` at `version`, signed with `secret`, from the CSV list `list`
/// (written to `d/NAME.csv`).
pub fn build_list(d: &Path, name: &str, secret: &Path, version: u64, list: &str) -> PathBuf {
    let csv = d.join(format!("{name}.csv"));
    std::fs::write(&csv, list).unwrap();
    let out = d.join(format!("{name}.rfdb"));
    let v = version.to_string();
    let o = ringfence(&["build", "--out", s(&out), "--key", s(secret), "--feed", "feed", "--version", &v, s(&csv)]);
    assert!(o.status.success(), "{:?}", text(&o));
    out
}
