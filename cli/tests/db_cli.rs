//! The database commands end to end: keygen, build, inspect, verify, diff, patch, bench.

use std::path::PathBuf;
use std::process::Command;

mod common;

use common::{keys, ringfence, s, text};

fn dir(name: &str) -> PathBuf {
    common::dir("db-cli", name)
}

#[test]
fn build_inspect_verify_diff_patch() {
    let d = dir("flow");
    let (sk, pk) = keys(&d, "feed");
    let (_, other_pk) = keys(&d, "other");
    assert!(!ringfence(&["keygen", "--secret", s(&sk), "--public", s(&d.join("x"))]).status.success(), "no overwrite");
    std::fs::write(
        d.join("a.csv"),
        "pattern,action,category,label\n+41446681800,block,scam,Fake bank\n044 668 18 01,label,,\n+41,block,,\n",
    )
    .unwrap();
    std::fs::write(d.join("b.txt"), "# comment\n+4121560####\nnonsense\n").unwrap();
    std::fs::write(d.join("c.json"), r#"[{"number": "+393123456789", "label": "Wangiri"}]"#).unwrap();
    std::fs::write(d.join("d.plist"), "<plist><array><dict><key>number</key><string>+4171520####</string><key>title</key><string>Spam</string></dict></array></plist>").unwrap();
    let v1 = d.join("v1.rfdb");
    let inputs = ["a.csv", "b.txt", "c.json", "d.plist"].map(|f| d.join(f));
    let mut args =
        vec!["build", "--out", s(&v1), "--key", s(&sk), "--region", "CH", "--feed", "test", "--version", "1"];
    args.extend(inputs.iter().map(|p| s(p)));
    let o = ringfence(&args);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(err.contains("a.csv:4: invalid number or pattern"), "{err}");
    assert!(err.contains("b.txt:3: invalid number or pattern"), "{err}");
    assert!(!err.contains("4144668"), "no numbers in row errors: {err}");
    assert!(out.contains("total: 5 rows accepted, 2 rejected"), "{out}");

    let (out, _) = text(&ringfence(&["inspect", s(&v1)]));
    assert!(
        out.contains("feed        test") && out.contains("numbers     3") && out.contains("ranges      2"),
        "{out}"
    );

    assert!(ringfence(&["verify", s(&v1), "--pubkey", s(&pk)]).status.success());
    let o = ringfence(&["verify", s(&v1), "--pubkey", s(&other_pk)]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("unknown key"), "{:?}", text(&o));
    let mut bytes = std::fs::read(&v1).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(d.join("bad.rfdb"), &bytes).unwrap();
    let o = ringfence(&["verify", s(&d.join("bad.rfdb")), "--pubkey", s(&pk)]);
    assert!(!o.status.success() && text(&o).1.contains("checksum mismatch"), "{:?}", text(&o));

    std::fs::write(d.join("e.txt"), "+41446681800\n+41791234567\n").unwrap();
    let v2 = d.join("v2.rfdb");
    let o = ringfence(&[
        "build",
        "--out",
        s(&v2),
        "--key",
        s(&sk),
        "--feed",
        "test",
        "--version",
        "2",
        s(&inputs[0]),
        s(&d.join("e.txt")),
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let delta = d.join("v1-v2.delta");
    assert!(ringfence(&["diff", s(&v1), s(&v2), "--key", s(&sk), "--out", s(&delta)]).status.success());
    let v2b = d.join("v2-patched.rfdb");
    let o = ringfence(&["patch", s(&v1), s(&delta), "--out", s(&v2b), "--pubkey", s(&pk)]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(std::fs::read(&v2b).unwrap(), std::fs::read(&v2).unwrap());
    let back = d.join("v2-v1.delta");
    assert!(ringfence(&["diff", s(&v2), s(&v1), "--key", s(&sk), "--out", s(&back)]).status.success());
    let o = ringfence(&["patch", s(&v2), s(&back), "--out", s(&d.join("old.rfdb")), "--pubkey", s(&pk)]);
    assert!(!o.status.success() && text(&o).1.contains("downgrade"), "{:?}", text(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn strict_builds_write_nothing_when_a_row_is_rejected() {
    let d = dir("strict");
    let (sk, _) = keys(&d, "k");
    std::fs::write(d.join("bad.txt"), "+41446681800\nnot a number\n").unwrap();
    let out = d.join("out.rfdb");
    let o = ringfence(&["build", "--strict", "--out", s(&out), "--key", s(&sk), s(&d.join("bad.txt"))]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("bad.txt:2:"), "{:?}", text(&o));
    assert!(!out.exists());
    let o = ringfence(&["build", "--out", s(&out), "--key", s(&sk), s(&d.join("unknown.xlsx"))]);
    assert!(!o.status.success() && text(&o).1.contains("unknown list format"), "{:?}", text(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn bench_lookup_prints_one_json_object() {
    let o = ringfence(&["bench", "lookup", "--numbers", "20000", "--json"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["numbers"], 20000);
    for key in ["bytes_per_number", "open_ms", "lookup_ns", "build_s"] {
        for peer in ["ringfence", "hashset", "sorted_vec", "sqlite"] {
            assert!(v[key][peer].as_f64().is_some_and(|x| x >= 0.0), "{key}.{peer} in {out}");
        }
    }
    assert!(v["bytes_per_number"]["ringfence"].as_f64().unwrap() < 8.0);
    assert_eq!(v["bytes_per_number"]["hashset"], 8.0);
}

#[test]
fn screen_consults_verified_databases_and_refuses_bad_ones() {
    let d = dir("screen");
    let (sk, pk) = keys(&d, "feed");
    let (_, other_pk) = keys(&d, "other");
    std::fs::write(
        d.join("feed.csv"),
        "pattern,action,category,label\n+41446681800,block,scam,Fake bank\n+4121560####,silence,telemarketing,\n",
    )
    .unwrap();
    let db = d.join("feed.rfdb");
    let o = ringfence(&[
        "build",
        "--out",
        s(&db),
        "--key",
        s(&sk),
        "--feed",
        "ch",
        "--version",
        "2",
        s(&d.join("feed.csv")),
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let screen = |extra: &[&str], number: &str| {
        let mut args = vec!["screen", "--jsonl", "--region", "CH"];
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{{\"number\": \"{number}\"}}").unwrap();
        child.wait_with_output().unwrap()
    };
    let o = screen(&["--db", s(&db), "--pubkey", s(&pk)], "044 668 18 00");
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(out.contains("\"action\":\"block\"") && out.contains("feed_listed") && out.contains("Fake bank"), "{out}");
    assert!(err.contains("feed ch version 2"), "{err}");
    let (out, _) = text(&screen(&["--db", s(&db), "--pubkey", s(&pk)], "+41215600042"));
    assert!(out.contains("\"action\":\"silence\"") && out.contains("telemarketing"), "{out}");

    // Wrong key, corrupted file, missing key: an error message and a non-zero exit.
    let o = screen(&["--db", s(&db), "--pubkey", s(&other_pk)], "+41446681800");
    let (out, err) = text(&o);
    assert!(!o.status.success() && out.is_empty(), "{out}");
    assert!(err.contains("rejected: database signed by an unknown key"), "{err}");
    let mut bytes = std::fs::read(&db).unwrap();
    let n = bytes.len();
    bytes[n - 3] ^= 0x40;
    let bad = d.join("bad.rfdb");
    std::fs::write(&bad, &bytes).unwrap();
    let o = screen(&["--db", s(&bad), "--pubkey", s(&pk)], "+41446681800");
    assert!(!o.status.success());
    assert!(text(&o).1.contains("checksum mismatch"), "{:?}", text(&o));
    let o = screen(&["--db", s(&db)], "+41446681800");
    assert!(!o.status.success() && text(&o).1.contains("--pubkey"), "{:?}", text(&o));
}
