//! `ringfence export calldirectory --budget N`: a scored feed (`ringfence build` of a list with a
//! `score` column) exported within a capacity budget — the user's rules first, then the highest
//! scores; what is left out counted on stderr; plans between two budgeted versions consistent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod common;

use common::{keys, ringfence, s, text};

/// Builds a signed database from rows with a score column.
fn build(d: &Path, name: &str, secret: &Path, version: u64, rows: &str) -> PathBuf {
    common::build_list(d, name, secret, version, &format!("pattern,action,category,label,score\n{rows}"))
}

/// (lines on stdout, stderr) of a successful export.
fn export(args: &[&str]) -> (Vec<String>, String) {
    let mut all = vec!["export", "calldirectory"];
    all.extend_from_slice(args);
    let o = ringfence(&all);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{all:?}: {out}{err}");
    (out.lines().map(str::to_owned).collect(), err)
}

/// The numbers of a full load's lines (blocking and identification together).
fn numbers(lines: &[String]) -> BTreeSet<u64> {
    lines.iter().map(|l| l.split([' ', '\t']).nth(1).unwrap().parse().unwrap()).collect()
}

// 100 numbers at score 2 (a range), one at 50, one labelled at 9, one at 0.
const V1: &str = "+4121560##,block,spam,,2\n+41446681800,block,scam,,50\n+41446681801,label,telemarketing,Survey,9\n+41446681802,block,spam,,\n";
const V2: &str = "+4121560##,block,spam,,40\n+41446681800,block,scam,,50\n+41446681801,label,telemarketing,Survey,1\n+41446681802,block,spam,,\n";

#[test]
fn a_budget_keeps_the_user_rules_then_the_highest_scores() {
    let d = common::dir("export-budget-cli", "full");
    let (sk, pk) = keys(&d, "feed");
    let v1 = build(&d, "v1", &sk, 1, V1);
    let list = d.join("mine.csv");
    std::fs::write(&list, "pattern,action,category,label\n+41791234567,block,,\n").unwrap();
    let base = ["--db", s(&v1), "--pubkey", s(&pk), "--list", s(&list)];
    let (all, err) = export(&base);
    assert_eq!(numbers(&all).len(), 104);
    assert!(!err.contains("skipped"), "nothing left out: {err}");

    let (lines, err) = export(&[&base[..], &["--budget", "3"]].concat());
    assert_eq!(numbers(&lines), BTreeSet::from([41791234567, 41446681800, 41446681801]));
    assert_eq!(lines[0], "block 41446681800", "blocking first, ascending");
    let report: serde_json::Value = serde_json::from_str(err.lines().last().expect("a skipped line")).unwrap();
    assert_eq!(report["skipped"]["over_budget"], 101);
    assert!(!err.contains("4144"), "no number on stderr: {err}");

    // Room for the range (score 2) after the score-9 label: the score-0 entry stays out.
    let (lines, _) = export(&[&base[..], &["--budget", "103"]].concat());
    let kept = numbers(&lines);
    assert_eq!(kept.len(), 103);
    assert!(kept.contains(&412156000) && kept.contains(&412156099) && !kept.contains(&41446681802));
    // A budget as large as the export changes nothing.
    assert_eq!(export(&[&base[..], &["--budget", "104"]].concat()).0, all);
}

#[test]
fn a_plan_between_budgeted_versions_turns_one_load_into_the_other() {
    let d = common::dir("export-budget-cli", "plan");
    let (sk, pk) = keys(&d, "feed");
    let (v1, v2) = (build(&d, "v1", &sk, 1, V1), build(&d, "v2", &sk, 2, V2));
    let budget = ["--pubkey", s(&pk), "--budget", "101"];
    let (old, _) = export(&[&["--db", s(&v1)], &budget[..]].concat());
    let (new, _) = export(&[&["--db", s(&v2)], &budget[..]].concat());
    // v1: 50, 9, then the 100-number range does not fit in the 99 left: it and the lower
    // score 0 stay out.
    assert_eq!(numbers(&old), BTreeSet::from([41446681800, 41446681801]));
    // v2: 50, the range (40); the label (1) does not fit, and neither does anything after it.
    assert_eq!(numbers(&new).len(), 101);
    assert!(!numbers(&new).contains(&41446681801));
    let (plan, _) = export(&[&["--db", s(&v2), "--since", s(&v1)], &budget[..]].concat());
    let mut held = numbers(&old);
    for line in &plan {
        let (kind, rest) = line.split_once(' ').unwrap();
        let n: u64 = rest.split('\t').next().unwrap().parse().unwrap();
        match kind {
            "remove-block" | "remove-identify" => assert!(held.remove(&n), "removing an absent entry {n}"),
            "block" | "identify" => assert!(held.insert(n), "adding a present entry {n}"),
            _ => panic!("unexpected line {line:?}"),
        }
    }
    assert_eq!(held, numbers(&new));
}
