//! The scenario corpus (`tests/scenarios/*.jsonl`) through `ringfence screen --jsonl`, at every
//! protection level. Each call line carries a `scenario` object (ignored by the CLI):
//! `kind` (`legit` or `scam`), `name`, `expect` (acceptable actions at the standard level),
//! and for impersonation scams `brand` (must be named in the advice) and `seed` (the
//! support-impersonation seed case: must be blocked).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

const LEVELS: [&str; 3] = ["relaxed", "standard", "strict"];

/// Screens one corpus file at one level; returns (scenario, verdict) pairs.
fn run(file: &PathBuf, level: &str) -> Vec<(Value, Value)> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .args(["screen", "--jsonl", "--level", level])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let verdicts: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let inputs: Vec<Value> =
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(inputs.len(), verdicts.len(), "{}: one answer per line", file.display());
    inputs
        .into_iter()
        .zip(verdicts)
        .filter(|(i, _)| i.get("scenario").is_some())
        .map(|(i, v)| (i["scenario"].clone(), v))
        .collect()
}

#[test]
fn scenario_corpus() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut problems = Vec::new();
    let (mut legit, mut scams, mut flagged, mut seeds, mut seeds_blocked) = (0, 0, 0, 0, 0);
    for level in LEVELS {
        for file in &files {
            for (sc, v) in run(file, level) {
                let name = format!("[{level}] {}", sc["name"].as_str().unwrap());
                let action = v["action"].as_str().unwrap_or("?");
                let advice = v["advice"].as_str().unwrap_or("");
                let legit_call = sc["kind"] == "legit";
                if legit_call && matches!(action, "silence" | "block") {
                    problems.push(format!("{name}: legitimate call {action}ed: {v}"));
                }
                if let Some(brand) = sc["brand"].as_str().filter(|b| action != "allow" && !advice.contains(b)) {
                    problems.push(format!("{name}: advice does not name {brand}: {v}"));
                }
                if level != "standard" {
                    continue;
                }
                if !sc["expect"].as_array().unwrap().iter().any(|a| a == action) {
                    problems.push(format!("{name}: {action} not in {}", sc["expect"]));
                }
                if legit_call {
                    legit += 1;
                } else {
                    scams += 1;
                    flagged += usize::from(action != "allow");
                    if sc["seed"] == true {
                        seeds += 1;
                        seeds_blocked += usize::from(action == "block");
                    }
                }
            }
        }
    }
    let pct = 100.0 * flagged as f64 / scams.max(1) as f64;
    println!("scenario corpus: {legit} legitimate calls, 0 blocked or silenced at relaxed/standard/strict");
    println!("scenario corpus: {scams} scam calls, {flagged} flagged at standard ({pct:.1} %)");
    println!(
        "scenario corpus: {seeds} support-impersonation (seed) scams, {seeds_blocked} blocked, brand named in the advice"
    );
    assert!(problems.is_empty(), "scenario problems:\n{}", problems.join("\n"));
    assert!(legit >= 30 && scams >= 40 && seeds >= 5, "corpus too small");
    assert!(pct >= 95.0, "only {pct:.1} % of scams flagged");
    assert_eq!(seeds, seeds_blocked);
}
