//! `ringfence feed aggregate`, `feed publish` and `feed synth` end to end, on the real binary.

use std::path::{Path, PathBuf};

mod common;

use common::{keys, ringfence, s, text};
use ringfence_core::database::{FeedManifest, FeedUpdate};
use serde_json::Value;

fn dir(name: &str) -> PathBuf {
    common::dir("feed-cli", name)
}

const NOW: &str = "2025-01-31T00:00:00Z";

/// Reports of `numbers`, each by `n` reporters of its own, 13 hours before [`NOW`], as CSV rows.
fn rows(numbers: &[&str], n: usize) -> String {
    numbers
        .iter()
        .enumerate()
        .flat_map(|(k, num)| (0..n).map(move |i| format!("{num},CH,scam,2025-01-30T12:00:00+01:00,p{k}-{i}\n")))
        .collect()
}

/// Runs `feed aggregate` on `csv` (with `extra` arguments); (summary, stderr, list text).
fn aggregate(d: &Path, csv: &str, extra: &[&str]) -> (Value, String, String) {
    let (input, list) = (d.join("reports.csv"), d.join("list.csv"));
    std::fs::write(&input, csv).unwrap();
    let mut args = vec!["feed", "aggregate", "--reports", s(&input), "--out", s(&list), "--now", NOW];
    args.extend(extra);
    let o = ringfence(&args);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    (serde_json::from_str(out.trim()).unwrap(), err, std::fs::read_to_string(&list).unwrap())
}

#[test]
fn aggregate_writes_the_list_and_a_summary_and_counts_bad_rows_by_line() {
    let d = dir("aggregate");
    let mut csv = String::from("number,region,category,time,reporter,vote,caller_name\n");
    csv += &rows(&["044 668 18 00"], 4); // lines 2-5: national notation, read in CH (weight 0.988 each)
    csv += "+41446681801,CH,scam,yesterday,p9\n"; // line 6: bad time
    csv += "not a number,CH,scam,2025-01-30T12:00:00Z,p9\n"; // line 7: bad number
    csv += &rows(&["+41791234560", "+41791234561", "+41791234562", "+41791234563", "+41791234564"], 2);
    csv += "+41446681800,CH,,2025-01-30T12:00:00Z,p4,maybe\n"; // line 18: bad vote
    csv += "+41446681800,CH\n"; // line 19: too few fields (optional ones may be left off the end)
    let (summary, err, list) = aggregate(&d, &csv, &[]);
    assert_eq!(summary["reports_read"], 18);
    assert_eq!(summary["rejected"], 4);
    assert_eq!(summary["numbers_listed"], 1);
    assert_eq!(summary["ranges_inferred"], 1);
    assert!(err.contains("reports.csv:6: invalid time"), "{err}");
    assert!(err.contains("reports.csv:7: invalid number"), "{err}");
    assert!(err.contains("reports.csv:18: invalid vote"), "{err}");
    assert!(err.contains("reports.csv:19: malformed row"), "{err}");
    assert!(!err.contains("4144668") && !err.contains("not a number"), "no row content in errors: {err}");
    assert_eq!(
        list,
        "pattern,action,category,label,score\n+41446681800,label,scam,,3.950\n+4179123456#,block,scam,,9.876\n"
    );
}

#[test]
fn the_list_builds_and_the_allow_list_wins() {
    let d = dir("build");
    std::fs::write(d.join("allow.txt"), "+41446681800\n").unwrap();
    let csv = String::from("number,region,category,time,reporter\n") + &rows(&["+41446681800", "+41446681801"], 4);
    let allow = d.join("allow.txt");
    let (summary, _, list) = aggregate(&d, &csv, &["--allow", s(&allow), "--min-reporters", "4"]);
    assert_eq!(summary["numbers_listed"], 1);
    assert!(!list.contains("+41446681800,") && list.contains("+41446681801,"), "{list}");
    let (sk, _) = keys(&d, "feed");
    let o = ringfence(&["build", "--out", s(&d.join("x.rfdb")), "--key", s(&sk), s(&d.join("list.csv"))]);
    let (out, err) = text(&o);
    assert!(o.status.success() && out.contains("1 rows accepted, 0 rejected"), "{out}{err}");
}

#[test]
fn a_file_that_is_not_a_report_file_is_refused() {
    let d = dir("refused");
    let list = d.join("list.csv");
    let run = |name: &str, body: &[u8]| {
        let path = d.join(name);
        std::fs::write(&path, body).unwrap();
        let o = ringfence(&["feed", "aggregate", "--reports", s(&path), "--out", s(&list), "--now", NOW]);
        assert!(!o.status.success());
        text(&o).1
    };
    assert!(run("a.csv", b"number,region,time\n+41446681800,CH,x\n").contains("missing columns: category, reporter"));
    assert!(run("b.csv", b"").contains("header required"));
    assert!(run("c.parquet", b"number,region\n").contains("not a Parquet file"));
    assert!(run("d.txt", b"+41446681800\n").contains("name it .csv or .parquet"));
    assert!(!list.exists(), "nothing written");
}

#[test]
fn publish_writes_database_delta_and_manifest() {
    let d = dir("publish");
    let (sk, pk) = keys(&d, "feed");
    let out = d.join("public");
    let publish = |csv: &str, version: &str, previous: Option<&Path>| {
        let list = d.join(format!("list-{version}.csv"));
        std::fs::write(&list, csv).unwrap();
        let mut args = vec!["feed", "publish", "--list", s(&list), "--key", s(&sk), "--feed", "community"];
        args.extend(["--version", version, "--out", s(&out)]);
        if let Some(p) = previous {
            args.extend(["--previous", s(p)]);
        }
        let o = ringfence(&args);
        let (stdout, err) = text(&o);
        assert!(o.status.success(), "{stdout}{err}");
        serde_json::from_str::<Value>(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
    };
    let head = "pattern,action,category,label,score\n";
    let m1 = publish(&format!("{head}+41446681800,block,scam,,9.000\n+4179123456#,label,spam,,2.500\n"), "1", None);
    assert_eq!((m1["version"].as_u64(), m1["entries"].as_u64(), m1["delta"].is_null()), (Some(1), Some(2), true));
    let v1 = out.join("community-1.rfdb");
    let m2 =
        publish(&format!("{head}+41446681800,block,scam,,9.500\n+41446681801,silence,spam,,4.000\n"), "2", Some(&v1));
    let delta = out.join("community-1-to-2.rfdelta");
    assert_eq!(m2["delta"]["file"], "community-1-to-2.rfdelta");
    assert_eq!(m2["delta"]["from_version"], 1);
    assert_eq!(m2["database"]["file"], "community-2.rfdb");
    let bytes = std::fs::read(out.join("community-2.rfdb")).unwrap();
    assert_eq!(m2["database"]["size"].as_u64(), Some(bytes.len() as u64));
    assert_eq!(m2["delta"]["size"].as_u64(), Some(std::fs::metadata(&delta).unwrap().len()));
    // Core reads what the CLI wrote (one type for both), and the files pass its transport check.
    let parsed = FeedManifest::parse(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let Some(listed) = parsed.delta.as_ref() else { panic!("no delta in {parsed:?}") };
    assert_eq!((listed.from_version, parsed.version, parsed.feed.as_str()), (1, 2, "community"));
    assert_eq!(listed.file.check(&std::fs::read(&delta).unwrap()), Ok(()));
    assert_eq!(parsed.database.check(&bytes), Ok(()));
    assert!(matches!(parsed.update(Some(1)), FeedUpdate::Delta { .. }));
    // The delta installs through the verified path and rebuilds version 2 exactly.
    let patched = d.join("patched.rfdb");
    let o = ringfence(&["patch", s(&v1), s(&delta), "--out", s(&patched), "--pubkey", s(&pk)]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(std::fs::read(&patched).unwrap(), bytes);
    // A --previous that is not older is refused, and nothing is replaced.
    let o = ringfence(&[
        "feed",
        "publish",
        "--list",
        s(&d.join("list-2.csv")),
        "--key",
        s(&sk),
        "--feed",
        "community",
        "--version",
        "2",
        "--out",
        s(&out),
        "--previous",
        s(&out.join("community-2.rfdb")),
    ]);
    assert!(!o.status.success() && text(&o).1.contains("not older"), "{:?}", text(&o));
    // A feed name that would make file names apps cannot fetch by is refused before any write.
    let elsewhere = d.join("elsewhere");
    let list = d.join("list-1.csv");
    let args = ["feed", "publish", "--list", s(&list), "--key", s(&sk), "--feed", "my feed", "--version", "1"];
    let o = ringfence(&[&args[..], &["--out", s(&elsewhere)]].concat());
    assert!(!o.status.success() && text(&o).1.contains("database.file"), "{:?}", text(&o));
    assert!(!elsewhere.exists(), "nothing written");
}

#[test]
fn synth_is_deterministic_and_the_benches_run() {
    let d = dir("synth");
    let synth = |name: &str| {
        let path = d.join(name);
        let o = ringfence(&["feed", "synth", "--reports", "3000", "--seed", "4", "--out", s(&path)]);
        assert!(o.status.success(), "{:?}", text(&o));
        std::fs::read(path).unwrap()
    };
    assert_eq!(synth("a.csv"), synth("b.csv"));
    for bench in ["aggregate", "feed-delta"] {
        let o = ringfence(&["bench", bench, "--reports", "20000"]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{out}{err}");
        let v: Value = serde_json::from_str(out.trim()).unwrap();
        assert!(v["bench"].is_string(), "{v}");
    }
}
