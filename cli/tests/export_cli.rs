//! `ringfence export calldirectory --db FILE [--since OLD_FILE] [--chunk N]` end to end: the
//! lines an iOS Call Directory extension would send for a compiled database (with user rules),
//! incremental plans between two versions, and clear errors for files that fail verification.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;

use common::{keys, ringfence, s, text};

fn dir(name: &str) -> PathBuf {
    common::dir("export-cli", name)
}

/// Builds a signed database from CSV rows.
fn build(d: &Path, name: &str, secret: &Path, version: u64, rows: &str) -> PathBuf {
    let csv = d.join(format!("{name}.csv"));
    std::fs::write(&csv, format!("pattern,action,category,label\n{rows}")).unwrap();
    let out = d.join(format!("{name}.rfdb"));
    let v = version.to_string();
    let o = ringfence(&["build", "--out", s(&out), "--key", s(secret), "--feed", "feed", "--version", &v, s(&csv)]);
    assert!(o.status.success(), "{:?}", text(&o));
    out
}

fn export(args: &[&str]) -> Vec<String> {
    let mut all = vec!["export", "calldirectory"];
    all.extend_from_slice(args);
    let o = ringfence(&all);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{all:?}: {out}{err}");
    out.lines().map(str::to_owned).collect()
}

/// A full load as (blocking numbers, identification entries), checking the line order:
/// every `block` line first, then every `identify` line, each kind strictly ascending.
fn parse_full(lines: &[String]) -> (Vec<u64>, Vec<(u64, String)>) {
    let (mut block, mut ident) = (Vec::new(), Vec::new());
    for line in lines {
        if let Some(n) = line.strip_prefix("block ") {
            assert!(ident.is_empty(), "blocking entries come before identification entries");
            block.push(n.parse().unwrap());
        } else if let Some(rest) = line.strip_prefix("identify ") {
            let (n, label) = rest.split_once('\t').expect("identify NUMBER<TAB>LABEL");
            ident.push((n.parse().unwrap(), label.to_owned()));
        } else {
            panic!("unexpected line {line:?}");
        }
    }
    assert!(block.windows(2).all(|w| w[0] < w[1]), "blocking strictly ascending");
    assert!(ident.windows(2).all(|w| w[0].0 < w[1].0), "identification strictly ascending");
    (block, ident)
}

const V1: &str = "+4121560##,block,spam,\n+412156012,allow,,\n+412156013,label,telemarketing,Pizza\n+3911#,block,spam,\n+41215610#,silence,robocall,\n";
const V2: &str = "+4121560##,block,spam,\n+412156013,label,telemarketing,Pizza Roma\n+412156014,label,scam,New\n+4121562#,block,scam,\n";

#[test]
fn export_a_database_full_load() {
    let d = dir("full");
    let (sk, pk) = keys(&d, "feed");
    let v1 = build(&d, "v1", &sk, 1, V1);
    let lines = export(&["--db", s(&v1), "--pubkey", s(&pk), "--chunk", "7"]);
    let (block, ident) = parse_full(&lines);
    assert_eq!(
        block.len(),
        98 + 6,
        "the range minus the allowed and labelled numbers; Italy's 112/113/115/118 left out"
    );
    assert!(block.contains(&412156000) && block.contains(&412156099) && block.contains(&39110));
    for never in [412156012, 412156013, 39112, 39113, 39115, 39118] {
        assert!(!block.contains(&never), "{never}");
    }
    assert_eq!(ident.len(), 1 + 10);
    assert!(ident.contains(&(412156013, "Pizza".to_owned())));
    assert!(ident.iter().filter(|(n, _)| (412156100..=412156109).contains(n)).all(|(_, l)| !l.is_empty()));
    // The chunk size changes how entries are pulled, never what is sent.
    assert_eq!(export(&["--db", s(&v1), "--pubkey", s(&pk), "--chunk", "1"]), lines);
    assert_eq!(export(&["--db", s(&v1), "--pubkey", s(&pk)]), lines);
}

#[test]
fn user_rules_take_precedence_over_the_database() {
    let d = dir("rules");
    let (sk, pk) = keys(&d, "feed");
    let v1 = build(&d, "v1", &sk, 1, V1);
    let list = d.join("mine.csv");
    std::fs::write(&list, "pattern,action,category,label\n+412156050,allow,,\n+412156013,block,,\n").unwrap();
    let (block, ident) = parse_full(&export(&["--db", s(&v1), "--pubkey", s(&pk), "--list", s(&list)]));
    assert!(!block.contains(&412156050), "the user allows it");
    assert!(block.contains(&412156013), "the user blocks what the feed labels");
    assert!(!ident.iter().any(|(n, _)| *n == 412156013));
}

#[test]
fn incremental_plan_between_two_databases_turns_the_old_load_into_the_new() {
    let d = dir("plan");
    let (sk, pk) = keys(&d, "feed");
    let (v1, v2) = (build(&d, "v1", &sk, 1, V1), build(&d, "v2", &sk, 2, V2));
    let (old_block, old_ident) = parse_full(&export(&["--db", s(&v1), "--pubkey", s(&pk)]));
    let (new_block, new_ident) = parse_full(&export(&["--db", s(&v2), "--pubkey", s(&pk)]));
    let plan = export(&["--db", s(&v2), "--since", s(&v1), "--pubkey", s(&pk), "--chunk", "3"]);

    // The order the extension sends: remove-block, block, remove-identify, identify.
    let phase =
        |l: &str| ["remove-block ", "block ", "remove-identify ", "identify "].iter().position(|p| l.starts_with(p));
    let phases: Vec<usize> = plan.iter().map(|l| phase(l).unwrap_or_else(|| panic!("unexpected line {l:?}"))).collect();
    assert!(phases.windows(2).all(|w| w[0] <= w[1]), "phases in order: {plan:?}");

    let mut block: BTreeSet<u64> = old_block.into_iter().collect();
    let mut ident: BTreeMap<u64, String> = old_ident.into_iter().collect();
    let mut last: Option<(usize, u64)> = None;
    for line in &plan {
        let (p, rest) = line.split_once(' ').unwrap();
        let (n, label) = rest.split_once('\t').map_or((rest, None), |(n, l)| (n, Some(l)));
        let n: u64 = n.parse().unwrap();
        let k = phase(line).unwrap();
        assert!(last.is_none_or(|(lk, ln)| lk < k || ln < n), "strictly ascending within a phase: {line}");
        last = Some((k, n));
        match p {
            "remove-block" => assert!(block.remove(&n), "removing an absent entry {n}"),
            "block" => assert!(block.insert(n), "adding a present entry {n}"),
            "remove-identify" => assert!(ident.remove(&n).is_some(), "removing an absent entry {n}"),
            "identify" => assert!(ident.insert(n, label.unwrap().to_owned()).is_none(), "adding a present entry {n}"),
            _ => unreachable!(),
        }
    }
    assert_eq!(block, new_block.into_iter().collect::<BTreeSet<_>>());
    assert_eq!(ident, new_ident.into_iter().collect::<BTreeMap<_, _>>());
    assert!(
        plan.contains(&"remove-identify 412156013".to_owned())
            && plan.contains(&"identify 412156013\tPizza Roma".to_owned()),
        "relabelled: {plan:?}"
    );
    assert!(plan.contains(&"block 412156012".to_owned()), "no longer allowed");

    // Nothing changed: an empty plan.
    assert!(export(&["--db", s(&v2), "--since", s(&v2), "--pubkey", s(&pk)]).is_empty());
}

#[test]
fn databases_that_fail_verification_are_clear_errors() {
    let d = dir("errors");
    let (sk, pk) = keys(&d, "feed");
    let (_, other) = keys(&d, "other");
    let v1 = build(&d, "v1", &sk, 1, V1);
    let fails = |args: &[&str], want: &str| {
        let mut all = vec!["export", "calldirectory"];
        all.extend_from_slice(args);
        let o = ringfence(&all);
        let (out, err) = text(&o);
        assert!(!o.status.success(), "{all:?} should fail");
        assert_eq!(o.status.code(), Some(1), "an error exit, not a crash: {err}");
        assert!(out.is_empty(), "nothing exported: {out}");
        assert!(err.contains(want) && !err.contains("panicked"), "{all:?}: {err}");
    };
    fails(&["--db", s(&v1)], "--pubkey");
    fails(&["--db", s(&v1), "--pubkey", s(&other)], "unknown key");
    fails(&["--db", s(&d.join("missing.rfdb")), "--pubkey", s(&pk)], "cannot open");
    fails(&["--db", s(&v1), "--pubkey", s(&d.join("missing.public"))], "cannot read key");

    let bytes = std::fs::read(&v1).unwrap();
    let mut flipped = bytes.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x40;
    std::fs::write(d.join("flipped.rfdb"), &flipped).unwrap();
    fails(&["--db", s(&d.join("flipped.rfdb")), "--pubkey", s(&pk)], "rejected");
    std::fs::write(d.join("short.rfdb"), &bytes[..bytes.len() / 3]).unwrap();
    fails(&["--db", s(&d.join("short.rfdb")), "--pubkey", s(&pk)], "rejected");
    std::fs::write(d.join("text.rfdb"), "pattern,action\n+41,block\n").unwrap();
    fails(&["--db", s(&d.join("text.rfdb")), "--pubkey", s(&pk)], "rejected");
    std::fs::write(d.join("empty.rfdb"), "").unwrap();
    fails(&["--db", s(&v1), "--since", s(&d.join("empty.rfdb")), "--pubkey", s(&pk)], "empty.rfdb");
}

#[test]
/// Issue 14: `screen` and `export` given two versions of one feed use the newer one, naming the
/// unused file on stderr, whatever the order of the `--db` options.
fn the_newer_version_of_a_feed_is_used() {
    let d = dir("two-versions");
    let (sk, pk) = keys(&d, "feed");
    let v1 = build(&d, "v1", &sk, 1, "+41446681800,block,scam,Old\n+41446681801,block,scam,Old\n");
    let v2 = build(&d, "v2", &sk, 2, "+41446681800,label,spam,New\n");
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

#[test]
fn rules_the_call_directory_cannot_carry_are_left_out_and_counted() {
    let d = dir("skipped");
    let list = d.join("rules.csv");
    std::fs::write(
        &list,
        "pattern,action,category,label,line,schedule\n\
         +41446681800,block,spam,,,\n\
         +41446681801,block,spam,,work,\n\
         +41446681802,block,spam,,,daily 22:00-07:00\n\
         name-regex:(?i)support,silence,scam,,,\n",
    )
    .unwrap();
    let o = ringfence(&["export", "calldirectory", "--list", s(&list)]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let (blocks, _) = parse_full(&out.lines().map(str::to_owned).collect::<Vec<_>>());
    assert!(blocks.contains(&41446681800), "the unconditional rule exports");
    assert!(!blocks.contains(&41446681801) && !blocks.contains(&41446681802), "scoped rules do not");
    let report: serde_json::Value = serde_json::from_str(err.lines().last().expect("a skipped line")).unwrap();
    assert_eq!(
        report,
        serde_json::json!({"skipped": {"regex_rules": 1, "line_rules": 1, "scheduled_rules": 1, "policy_controls": []}}),
    );
    assert!(!err.contains("4144"), "no number on stderr: {err}");
}
