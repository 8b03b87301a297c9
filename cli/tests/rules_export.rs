//! `ringfence rules export` end to end: CSV and JSON lists in, one list out; csv → json → csv
//! reproduces the file; a bad row prints nothing on stdout and fails with line-numbered errors.

use std::path::{Path, PathBuf};

mod common;

use common::{ringfence, s, text};

fn dir(name: &str) -> PathBuf {
    common::dir("rules-export", name)
}

/// Runs `rules export` on `lists` with `extra` arguments: (success, stdout, stderr).
fn export(lists: &[&Path], extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["rules", "export", "--list"];
    args.extend(lists.iter().map(|p| s(p)));
    args.extend(extra);
    let o = ringfence(&args);
    let (out, err) = text(&o);
    (o.status.success(), out, err)
}

const CSV: &str = "pattern,action,category,label,line,schedule\n\
                   +4121560####,block,spam,\"Swiss spam, \"\"range\"\"\",,\n\
                   +41446681800,allow,user_list,Dr. Rossi,work,mon-fri 09:00-17:00\n\
                   +41446681801,label,other,Ärztin Zürich,,\n\
                   name-regex:(?i)^support,silence,scam,,,daily 22:00-07:00\n";

#[test]
fn csv_to_json_to_csv_reproduces_the_file() {
    let d = dir("roundtrip");
    let csv = d.join("rules.csv");
    std::fs::write(&csv, CSV).unwrap();
    let (ok, json, err) = export(&[&csv], &["--format", "json"]);
    assert!(ok, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(json.starts_with("[\n  {\"pattern\": \"+4121560####\", \"action\": \"block\""), "{json}");
    let json_file = d.join("rules.json");
    std::fs::write(&json_file, &json).unwrap();
    let (ok, back, err) = export(&[&json_file], &[]);
    assert!(ok, "{err}");
    assert_eq!(back, CSV);
    let (ok, again, _) = export(&[&json_file], &["--format", "json"]);
    assert!(ok);
    assert_eq!(again, json);
}

#[test]
fn several_lists_of_both_formats_print_as_one_in_order() {
    let d = dir("several");
    let (a, b, c) = (d.join("a.csv"), d.join("b.JSON"), d.join("c.csv"));
    std::fs::write(&a, "action,pattern\nblock,044 668 18 02\n").unwrap();
    std::fs::write(&b, r#"[{"pattern": "+41446681803", "action": "silence", "category": "charity"}]"#).unwrap();
    std::fs::write(&c, "pattern,action,category,label,colour\n+41446681804,label,scam,Fake bank,red\n").unwrap();
    let mut args = vec!["rules", "export", "--region", "CH", "--list", s(&a), s(&b), "--list", s(&c)];
    args.extend(["--format", "csv"]);
    let o = ringfence(&args);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(
        out,
        "pattern,action,category,label,line,schedule\n+41446681802,block,user_list,,,\n+41446681803,silence,other,charity,,\n\
         +41446681804,label,scam,Fake bank,,\n"
    );
    // Warnings (an unknown category, an unknown column) go to stderr; the export still runs.
    assert!(err.contains("b.JSON:1: warning: unknown category, kept as other"), "{err}");
    assert!(err.contains("c.csv:1: warning: unknown column ignored"), "{err}");
}

#[test]
fn a_bad_row_prints_nothing_and_fails_with_its_line_and_no_number() {
    let d = dir("bad");
    let (good, bad) = (d.join("good.csv"), d.join("bad.csv"));
    std::fs::write(&good, CSV).unwrap();
    std::fs::write(
        &bad,
        "pattern,action\r\n+41446681805,block\r\n+41446681806,explode\r\n\"+41446681807\r\nstill quoted\",block\r\n",
    )
    .unwrap();
    let (ok, out, err) = export(&[&good, &bad], &["--format", "json"]);
    assert!(!ok);
    assert_eq!(out, "", "nothing half-done on stdout");
    assert!(err.contains("bad.csv:3: unknown action"), "{err}");
    assert!(err.contains("bad.csv:4: invalid number or pattern"), "{err}");
    assert!(err.contains("2 rows rejected: nothing exported"), "{err}");
    assert!(!err.contains("4144668"), "no numbers in errors: {err}");
}

#[test]
fn unusable_lists_are_errors() {
    let d = dir("unusable");
    let (txt, headless, json) = (d.join("rules.txt"), d.join("headless.csv"), d.join("object.json"));
    std::fs::write(&txt, "+41446681800\n").unwrap();
    std::fs::write(&headless, "+41446681800,block\n").unwrap();
    std::fs::write(&json, "{}").unwrap();
    for (list, message) in [
        (&txt, "unknown rule list format"),
        (&headless, "header must name pattern and action columns"),
        (&json, "not a JSON array"),
        (&d.join("missing.csv"), "cannot read"),
    ] {
        let (ok, out, err) = export(&[list], &[]);
        assert!(!ok && out.is_empty(), "{list:?}");
        assert!(err.contains(message), "{list:?}: {err}");
    }
    let (ok, _, err) = export(&[], &[]);
    assert!(!ok, "--list needs a file: {err}");
}
