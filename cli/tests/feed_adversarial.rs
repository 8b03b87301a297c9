//! `ringfence feed aggregate` and `feed publish` fed hostile but realistic input, on the real
//! binary: bad rows are reported on stderr by line and never stop the job; refused input writes
//! nothing (an existing --out is left as it was); no message on stdout or stderr holds a phone
//! number; the same input gives the same bytes.

use std::path::{Path, PathBuf};

mod common;

use common::{build_list, keys, ringfence, s, text};
use serde_json::Value;

fn dir(name: &str) -> PathBuf {
    common::dir("feed-adv", name)
}

const NOW: &str = "2025-01-31T00:00:00Z";
const T: &str = "2025-01-30T12:00:00+01:00";
/// Digit runs of the numbers the tests report: no message may hold one.
const DIGITS: [&str; 4] = ["4144668", "6681800", "4179123", "0446681"];

fn assert_no_number(what: &str, text: &str) {
    assert!(!DIGITS.iter().any(|d| text.contains(d)), "{what} holds a number: {text}");
}

/// Runs the binary; (success, stdout, stderr), asserting no number in either stream.
fn run(args: &[&str]) -> (bool, String, String) {
    let o = ringfence(args);
    let (out, err) = text(&o);
    assert_no_number("stdout", &out);
    assert_no_number("stderr", &err);
    (o.status.success(), out, err)
}

/// The files in `d` (names), sorted.
fn files(d: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn every_bad_row_is_reported_by_line_and_the_job_goes_on() {
    let d = dir("bad-rows");
    let good = |n: &str, p: &str| format!("{n},CH,scam,{T},{p}\r\n");
    let mut body = b"\xef\xbb\xbfNumber, Region ,CATEGORY,time,reporter,vote,caller_name,notes\r\n".to_vec();
    for (i, n) in ["+41446681800", "044 668 18 00", "0041 44 668 18 00", "tel:+41-44-668-18-00"].iter().enumerate() {
        body.extend(good(n, &format!("p{i}")).into_bytes()); // lines 2-5
    }
    let bad: [&[u8]; 12] = [
        b"+41446681801,CH,scam,2025-01-30T12:00:00,p9\r\n",     // 6: no offset
        b"044 668 18 01,,scam,2025-01-30T12:00:00Z,p9\r\n",     // 7: national, no region
        b"+41446681801,XX,scam,2025-01-30T12:00:00Z,p9\r\n",    // 8: unknown region
        b"+41446681801,CH,fraud,2025-01-30T12:00:00Z,p9\r\n",   // 9: unknown category
        b"+41446681801,CH,scam,2025-01-30T12:00:00Z,\r\n",      // 10: no reporter
        b"+41446681801,CH,scam,2025-01-30T12:00:00Z,p9,no\r\n", // 11: unknown vote
        b"+41446681801,CH,scam,2025-01-30T12:00:00Z,p9,spam,a\tb\r\n", // 12: a control character
        b"+41446681801,CH,scam,2025-01-30T12:00:00Z,p9,spam,M\xfcller\r\n", // 13: Latin-1
        b"+41446681801,CH,scam,2025-01-30T12:00:00Z,p9,spam,,,extra\r\n", // 14: a field too many
        b"\"+41446681801,CH,scam,2025-01-30T12:00:00Z,p9\r\n",  // 15: a quote that does not close
        b"+41446681801,CH,scam,2025-02-01T00:00:01Z,p9\r\n",    // 16: over a day after --now
        b"+4144668180#,CH,scam,2025-01-30T12:00:00Z,p9\r\n",    // 17: a range
    ];
    for b in bad {
        body.extend(b);
    }
    body.extend(good("+41 44 668 18 00", "p4").into_bytes()); // 18: a fifth reporter, after them all
    let (input, list) = (d.join("reports.csv"), d.join("list.csv"));
    std::fs::write(&input, &body).unwrap();
    let (ok, out, err) = run(&["feed", "aggregate", "--reports", s(&input), "--out", s(&list), "--now", NOW]);
    assert!(ok, "{out}{err}");
    let summary: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((summary["reports_read"].as_u64(), summary["rejected"].as_u64()), (Some(17), Some(12)), "{summary}");
    let reasons = [
        "invalid time (RFC 3339 with an offset, after 1970)",
        "invalid number: national format needs a region",
        "invalid region",
        "unknown category",
        "missing reporter",
        "invalid vote (spam or not_spam)",
        "invalid caller name",
        "malformed row",
        "malformed row",
        "malformed row",
        "time over a day after --now",
        "a report names one number, not a range",
    ];
    let expected: Vec<String> =
        reasons.iter().enumerate().map(|(i, r)| format!("{}:{}: {r}", input.display(), i + 6)).collect();
    assert_eq!(err.lines().collect::<Vec<_>>(), expected);
    assert_eq!(
        std::fs::read_to_string(&list).unwrap(),
        "pattern,action,category,label,score\n+41446681800,silence,scam,,4.938\n"
    );
}

#[test]
fn refused_input_writes_nothing_and_leaves_the_old_list() {
    let d = dir("refused");
    let list = d.join("list.csv");
    let old = "pattern,action,category,label,score\n+41446681800,block,scam,,9.000\n";
    std::fs::write(&list, old).unwrap();
    let good = d.join("good.csv");
    std::fs::write(&good, format!("number,region,category,time,reporter\n+41446681800,CH,scam,{T},p0\n")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 7] = [
        ("dup.csv", b"number,region,category,time,reporter,NUMBER\n".to_vec(), "duplicate column: number"),
        ("semicolons.csv", b"number;region;category;time;reporter\n".to_vec(), "separate the columns with commas"),
        ("empty.csv", Vec::new(), "empty file, header required"),
        ("wide.csv", vec![b'x'; 2 << 20], "longer than 1 MiB"),
        ("bytes.parquet", b"number,region,category,time,reporter\n".to_vec(), "not a Parquet file"),
        ("latin1.csv", b"n\xfcmber,region,category,time,reporter\n".to_vec(), "not UTF-8 text"),
        ("reports.xlsx", b"PK\x03\x04".to_vec(), "name it .csv or .parquet"),
    ];
    for (name, body, reason) in cases {
        let path = d.join(name);
        std::fs::write(&path, body).unwrap();
        // The refused file after a good one: the good one does not make it half a job.
        let (ok, out, err) =
            run(&["feed", "aggregate", "--reports", s(&good), s(&path), "--out", s(&list), "--now", NOW]);
        assert!(!ok && out.is_empty() && err.contains(reason), "{name}: {out}{err}");
        assert_eq!(std::fs::read_to_string(&list).unwrap(), old, "{name}: --out untouched");
    }
    // A bad allow list, a bad --now, a bad parameter: refused before anything is read or written.
    let allow = d.join("allow.txt");
    std::fs::write(&allow, "+41791234567\n044 668 18 00\n").unwrap();
    let refusals: [(&[&str], &str); 4] = [
        (&["--allow", s(&allow)], "line 2"),
        (&["--now", "2025-01-31"], "--now"),
        (&["--now", "2025-01-31T00:00:00"], "--now"),
        (&["--min-reporters", "0"], "invalid parameter"),
    ];
    for (extra, reason) in refusals {
        let mut args = vec!["feed", "aggregate", "--reports", s(&good), "--out", s(&list), "--now", NOW];
        args.extend(extra);
        let (ok, out, err) = run(&args);
        assert!(!ok && err.contains(reason), "{extra:?}: {out}{err}");
        assert_eq!(std::fs::read_to_string(&list).unwrap(), old, "{extra:?}: --out untouched");
    }
    assert_eq!(files(&d).iter().filter(|f| f.ends_with(".tmp")).count(), 0, "{:?}", files(&d));
    // An --out that is a directory, or in a directory that does not exist: an error, and no
    // temporary file left behind.
    let out_dir = d.join("out-dir");
    std::fs::create_dir_all(&out_dir).unwrap();
    for out in [out_dir.clone(), d.join("absent").join("list.csv")] {
        let (ok, _, err) = run(&["feed", "aggregate", "--reports", s(&good), "--out", s(&out), "--now", NOW]);
        assert!(!ok && err.contains("cannot write"), "{err}");
    }
    assert!(out_dir.is_dir() && files(&out_dir).is_empty());
    assert_eq!(files(&d).iter().filter(|f| f.ends_with(".tmp")).count(), 0, "{:?}", files(&d));
}

#[test]
fn the_same_reports_give_the_same_bytes_in_any_file_order() {
    let d = dir("determinism");
    let mut a = String::from("number,region,category,time,reporter,vote\n");
    for i in 0..40 {
        // Ten numbers of one block, reporters shared between them, one vote changed later.
        a += &format!("+4179123456{},CH,{},{T},r{}\n", i % 10, ["scam", "robocall"][i % 3 / 2], i % 7);
    }
    let b = format!(
        "number,region,category,time,reporter,vote\n+41791234561,CH,,{T},r1,not_spam\n+41791234562,CH,scam,2025-01-30T13:00:00+01:00,r2,spam\n"
    );
    std::fs::write(d.join("a.csv"), a).unwrap();
    std::fs::write(d.join("b.csv"), b).unwrap();
    let aggregate = |files: [&str; 2], out: &str| {
        let out = d.join(out);
        let (f0, f1) = (d.join(files[0]), d.join(files[1]));
        let (ok, stdout, err) = run(&[
            "feed",
            "aggregate",
            "--reports",
            s(&f0),
            s(&f1),
            "--out",
            s(&out),
            "--now",
            NOW,
            "--min-reporters",
            "2",
        ]);
        assert!(ok, "{stdout}{err}");
        (std::fs::read(&out).unwrap(), stdout)
    };
    let first = aggregate(["a.csv", "b.csv"], "1.csv");
    assert_eq!(aggregate(["a.csv", "b.csv"], "2.csv"), first);
    assert_eq!(aggregate(["b.csv", "a.csv"], "3.csv"), first);
    assert!(String::from_utf8_lossy(&first.0).contains("+4179123456#"), "{}", String::from_utf8_lossy(&first.0));
}

#[test]
fn publish_refuses_bad_lists_and_bad_previous_versions_before_writing() {
    let d = dir("publish");
    let (sk, _) = keys(&d, "feed");
    let (other, _) = keys(&d, "other");
    let head = "pattern,action,category,label,score\n";
    let write = |name: &str, body: &str| {
        let p = d.join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let good = write("good.csv", &format!("{head}+41446681800,block,scam,,9.000\n"));
    let out = d.join("public");
    let publish = |list: &Path, version: &str, extra: &[&str], out: &Path| {
        let mut args = vec!["feed", "publish", "--list", s(list), "--key", s(&sk), "--feed", "community"];
        args.extend(["--version", version, "--out", s(out)]);
        args.extend(extra);
        run(&args)
    };
    // Bad rows: reported by line without the number, nothing written.
    let bad = write(
        "bad.csv",
        &format!("{head}+41446681800,block,scam,,9.000\n044 668 18 00,block,scam,,9\n+4144668180x,block,,,\n"),
    );
    let (ok, _, err) = publish(&bad, "1", &[], &out);
    assert!(!ok && err.contains("bad.csv:3:") && err.contains("nothing written"), "{err}");
    assert!(!out.exists(), "nothing written");
    // An empty file is not a list; a header alone is an empty feed (nothing listed today).
    let empty = write("empty.csv", "");
    let (ok, _, err) = publish(&empty, "1", &[], &out);
    assert!(!ok && err.contains("header required"), "{err}");
    assert!(!out.exists(), "nothing written");
    let header_only = write("header.csv", head);
    let (ok, stdout, err) = publish(&header_only, "1", &[], &out);
    assert!(ok, "{stdout}{err}");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["entries"], 0);
    let v1 = out.join("community-1.rfdb");
    let before = files(&out);
    // A --previous that is not a database, is signed by another key, or is another feed: refused,
    // and the published directory is left as it was.
    let junk = write("junk.rfdb", "pattern\n+41446681800\n");
    let foreign = build_list(&d, "foreign", &other, 1, &format!("{head}+41446681800,block,scam,,9\n"));
    let other_feed = {
        let csv = write("other-feed.csv", head);
        let path = d.join("other-feed.rfdb");
        let o =
            ringfence(&["build", "--out", s(&path), "--key", s(&sk), "--feed", "elsewhere", "--version", "1", s(&csv)]);
        assert!(o.status.success(), "{:?}", text(&o));
        path
    };
    for (previous, reason) in [
        (junk.as_path(), "junk.rfdb"),
        (foreign.as_path(), "foreign.rfdb"),
        (other_feed.as_path(), "is not feed community"),
        (d.join("absent.rfdb").as_path(), "cannot open"),
    ] {
        let (ok, _, err) = publish(&good, "2", &["--previous", s(previous)], &out);
        assert!(!ok && err.contains(reason), "{reason}: {err}");
        assert_eq!(files(&out), before, "{reason}: nothing written");
    }
    // The verified previous version gives a delta.
    let (ok, stdout, err) = publish(&good, "2", &["--previous", s(&v1)], &out);
    assert!(ok && out.join("community-1-to-2.rfdelta").is_file(), "{stdout}{err}");
    // An --out that is a file: refused, the file untouched.
    let file_out = write("not-a-dir", "keep");
    let (ok, _, err) = publish(&good, "3", &[], &file_out);
    assert!(!ok && err.contains("cannot create"), "{err}");
    assert_eq!(std::fs::read_to_string(&file_out).unwrap(), "keep");
    // An aggregate list round-trips: what feed aggregate writes, feed publish takes.
    let reports = write(
        "reports.csv",
        &format!(
            "number,region,category,time,reporter\n{}",
            (0..4).map(|i| format!("+41446681800,CH,scam,{T},p{i}\n")).collect::<String>()
        ),
    );
    let list = d.join("list.csv");
    let (ok, stdout, err) = run(&["feed", "aggregate", "--reports", s(&reports), "--out", s(&list), "--now", NOW]);
    assert!(ok, "{stdout}{err}");
    let (ok, stdout, err) = publish(&list, "4", &[], &d.join("public-4"));
    assert!(ok, "{stdout}{err}");
}
