//! End-to-end tests of the `ringfence` binary's machine interfaces.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ringfence");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(str::to_owned).collect()
}

#[test]
fn normalize_survives_hostile_lines() {
    let long = "9".repeat(300);
    let mut input = Vec::new();
    for raw in [
        "",
        "+",
        &long,
        "\0\0\0",
        "+41\u{0}446681800",
        "٠٤٤٦٦٨١٨٠٠",
        "＋４１４４６６８１８００",
        "tel:+41-44-668-18-00",
    ] {
        input.extend_from_slice(format!("{raw}\tCH\n").as_bytes());
    }
    input.extend_from_slice(b"\xc3\x28\tCH\n+41446681800\n044 668 18 00\tZZ\n");
    let out = run(&["normalize"], &input);
    assert!(out.status.success());
    let got = lines(&out);
    assert_eq!(got.len(), 11, "{got:?}");
    assert_eq!(&got[..4], ["-\t0\tunknown"; 4]);
    assert_eq!(got[5], "+41446681800\t1\tfixed_line", "Arabic-Indic digits");
    assert_eq!(got[6], "+41446681800\t1\tfixed_line", "full-width digits");
    assert_eq!(got[7], "+41446681800\t1\tfixed_line", "tel: URI");
    assert_eq!(got[8], "-\t0\tunknown", "invalid UTF-8");
    assert_eq!(got[9], "+41446681800\t1\tfixed_line", "E.164 needs no region");
    assert_eq!(got[10], "-\t0\tunknown", "national number, unknown region");
}

#[test]
fn screen_jsonl_answers_every_line_in_order() {
    let input = concat!(
        "{\"number\": \"+41215601234\", \"region\": \"CH\"}\n",
        "{not json\n",
        "{\"outgoing\": \"112\", \"time\": \"2026-11-28T18:00:00+01:00\"}\n",
        "{\"number\": \"+447700900123\", \"verification\": \"failed\", \"time\": \"2026-11-28T18:10:00+01:00\"}\n",
        "{\"number\": \"+41215601234\", \"presentation\": \"sideways\"}\n",
        "[1,2]\n",
        "{\"number\": null, \"presentation\": \"restricted\"}\n",
    );
    let dir = std::env::temp_dir().join(format!("ringfence-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("list.csv");
    std::fs::write(&list, "pattern,action,category,label\n+4121560####,block,spam,\n+99912345,block,spam,\n").unwrap();
    let out = run(&["screen", "--jsonl", "--list", list.to_str().unwrap()], input.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Vec<serde_json::Value> = lines(&out).iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(got.len(), 7);
    assert_eq!(got[0]["action"], "block");
    assert_eq!(got[0]["reasons"], serde_json::json!(["user_block"]));
    assert_eq!(got[1]["error"], "malformed JSON");
    assert_eq!(got[2]["ok"], true);
    assert_eq!(got[3]["reasons"], serde_json::json!(["emergency_callback"]));
    assert_eq!(got[4]["error"], "invalid field: presentation");
    assert!(got[5]["error"].is_string());
    assert_eq!(got[6]["e164"], serde_json::Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 3: invalid number or pattern"), "{stderr}");
    assert!(stderr.contains("1 rules loaded, 1 rows rejected"), "{stderr}");
    assert!(!stderr.contains("99912345"), "errors never echo numbers: {stderr}");
}

#[test]
fn screen_jsonl_speaks_italian() {
    let out = run(&["screen", "--jsonl", "--lang", "it"], b"{\"number\": \"112\", \"region\": \"IT\"}\n");
    assert_eq!(
        lines(&out),
        [
            r#"{"action":"allow","advice":null,"category":"emergency","e164":"+39112","label":"Servizi di emergenza","reasons":["emergency"],"risk":0}"#
        ]
    );
}

#[test]
fn screen_one_number_is_readable() {
    let out = run(&["screen", "044 668 18 00", "--region", "CH"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("+41446681800 (valid, fixed_line, CH)"), "{text}");
    assert!(text.contains("action    allow"), "{text}");
    let bad = run(&["screen", "+41446681800", "--list", "/nonexistent/list.csv"], b"");
    assert!(!bad.status.success());
}

#[test]
fn demo_runs() {
    let out = run(&["demo"], b"");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Emergency services"), "{text}");
    assert!(text.lines().count() > 10);
}

#[test]
fn screen_jsonl_policy_flags_and_brand_files() {
    let night = r#"{"number": "+222 22 12 34 56", "region": "IT", "time": "2026-11-28T23:30:00+01:00"}"#;
    let hidden = r#"{"number": null, "presentation": "restricted", "time": "2026-11-28T12:00:00+01:00"}"#;
    let input = format!("{night}\n{hidden}\n");
    let action = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["screen", "--jsonl"];
        all.extend_from_slice(args);
        let out = run(&all, input.as_bytes());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        lines(&out)
            .iter()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["action"].to_string())
            .collect()
    };
    assert_eq!(action(&[]), [r#""label""#, r#""allow""#]);
    assert_eq!(action(&["--level", "strict"]), [r#""silence""#, r#""allow""#]);
    assert_eq!(action(&["--block-hidden"]), [r#""label""#, r#""block""#]);
    assert_eq!(
        action(&["--contact-codes", "39,222"]),
        [r#""label""#, r#""allow""#],
        "familiar code: weaker, still at night"
    );

    let dir = std::env::temp_dir().join(format!("ringfence-brands-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("brands.json");
    std::fs::write(
        &good,
        r#"{"brands": [{"name": "Acme Bank", "never_calls": true, "inbound_only": ["+41800123456"]}]}"#,
    )
    .unwrap();
    let out = run(&["screen", "--jsonl", "--brands", good.to_str().unwrap()], b"{\"number\": \"+41800123456\"}\n");
    let v: serde_json::Value = serde_json::from_str(&lines(&out)[0]).unwrap();
    assert_eq!(v["reasons"], serde_json::json!(["brand_inbound_only"]));
    assert!(v["advice"].as_str().unwrap().starts_with("Acme Bank never calls"));
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"brands": [{"name": "Acme", "inbound_only": ["0800 123 456"]}]}"#).unwrap();
    let out = run(&["screen", "--jsonl", "--brands", bad.to_str().unwrap()], b"");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid brand registry") && !err.contains("0800 123"), "{err}");
}

#[test]
fn export_calldirectory_full_and_incremental() {
    let dir = std::env::temp_dir().join(format!("ringfence-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let new = dir.join("new.csv");
    let old = dir.join("old.csv");
    std::fs::write(&new, "pattern,action,category,label\n+4121560##,block,spam,\n+412156012,allow,,\n+412156013,label,spam,Pizza\n+3911#,block,spam,\n").unwrap();
    std::fs::write(&old, "pattern,action,category,label\n+4121560##,block,spam,\n+412156014,label,spam,Old\n").unwrap();
    let full = run(&["export", "calldirectory", "--list", new.to_str().unwrap(), "--chunk", "7"], b"");
    assert!(full.status.success());
    let full = lines(&full);
    let blocks: Vec<u64> = full.iter().filter_map(|l| l.strip_prefix("block ")).map(|n| n.parse().unwrap()).collect();
    assert!(blocks.windows(2).all(|w| w[0] < w[1]), "strictly ascending");
    assert_eq!(blocks.len(), 6 + 98, "Italy's 112/113/115/118 and the allowed/labelled numbers left out");
    assert_eq!(full.last().unwrap(), "identify 412156013\tPizza");
    let plan =
        run(&["export", "calldirectory", "--list", new.to_str().unwrap(), "--since-list", old.to_str().unwrap()], b"");
    let plan = lines(&plan);
    assert_eq!(&plan[..2], ["remove-block 412156012", "remove-block 412156013"]);
    assert_eq!(plan.iter().filter(|l| l.starts_with("block ")).count(), 6 + 1, "Italy's six plus the unlabelled one");
    assert_eq!(&plan[plan.len() - 2..], ["remove-identify 412156014", "identify 412156013\tPizza"]);
}

#[test]
fn screen_jsonl_home_region_config_lines_and_real_world_caller_ids() {
    let input = [
        r##"{"number": "+39 06 1234 5678", "region": "GB", "time": "2026-11-28T12:00:00+01:00"}"##,
        r##"{"number": "020 7946 0123", "region": "GB", "time": "2026-11-28T12:00:00+01:00"}"##,
        r##"{"number": "+33 1 23 45 67 89", "region": "GB", "home_region": "FR", "time": "2026-11-28T12:00:00+01:00"}"##,
        r##"{"config": {"home_region": "IT", "block_hidden": true, "customer_brands": ["Trend Micro"]}}"##,
        r##"{"number": "Numero privato", "region": "GB", "time": "2026-11-28T20:00:00+01:00"}"##,
        r##"{"outgoing": "#31#113,,1", "region": "GB", "time": "2026-11-28T21:00:00+01:00"}"##,
        r##"{"number": "anonymous", "region": "GB", "time": "2026-11-28T21:10:00+01:00"}"##,
        r##"{"number": "<sip:+881612345678;verstat=TN-Validation-Failed@x.net>", "region": "IT", "time": "2026-11-29T12:00:00+01:00"}"##,
    ]
    .join("\n");
    let out = run(&["screen", "--jsonl", "--home-region", "IT", "--block-foreign"], input.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Vec<serde_json::Value> = lines(&out).iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(v.len(), 8, "one answer per line");
    assert_eq!(v[0]["action"], "allow", "home while roaming: {}", v[0]);
    assert_eq!(v[1]["reasons"], serde_json::json!(["policy_foreign"]), "the visited country is abroad");
    assert_eq!(v[2]["action"], "allow", "the call's own home region wins");
    assert_eq!(v[3], serde_json::json!({"config": "ok"}));
    assert_eq!(v[4]["reasons"], serde_json::json!(["policy_hidden", "hidden_number"]));
    assert_eq!(v[5], serde_json::json!({"ok": true}));
    assert_eq!(v[6]["reasons"], serde_json::json!(["emergency_callback"]), "Italian police dialled from the UK");
    assert_eq!(v[7]["reasons"], serde_json::json!(["verification_failed", "satellite_number", "unfamiliar_country"]));
    assert_eq!(v[7]["e164"], "+881612345678", "the number inside the SIP URI");
}

#[test]
fn screen_jsonl_customer_brands_and_config_lines() {
    let unknown = "{\"number\": \"+39 347 765 4321\", \"region\": \"IT\", \"time\": \"2026-11-28T11:00:00+01:00\"}\n";
    let out = run(&["screen", "--jsonl", "--customer-brand", "trend micro"], unknown.as_bytes());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&lines(&out)[0]).unwrap();
    assert!(v["reminder"].as_str().unwrap().contains("Trend Micro never calls unexpectedly"), "{v}");
    let out = run(&["screen", "--jsonl", "--customer-brand", "Acme"], b"");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("customer brand not in the brand registry"));
    let input = format!("{{\"config\": {{\"customer_brands\": [\"Microsoft\"], \"language\": \"it\"}}}}\n{unknown}");
    let out = run(&["screen", "--jsonl"], input.as_bytes());
    let answers = lines(&out);
    assert_eq!(answers[0], r#"{"config":"ok"}"#);
    let v: serde_json::Value = serde_json::from_str(&answers[1]).unwrap();
    assert!(v["reminder"].as_str().unwrap().starts_with("Se chi chiama dice di essere di Microsoft:"), "{v}");
}

#[test]
fn screen_jsonl_controls_lines_and_reports() {
    let input = [
        r#"{"config": {"quiet_hours": "daily 22:00-07:00"}}"#,
        r#"{"number": "+41 79 123 45 67", "region": "CH", "time": "2026-11-28T23:00:00+01:00"}"#,
        r#"{"number": "+41 79 123 45 67", "region": "CH", "time": "2026-11-28T23:02:00+01:00"}"#,
        r#"{"report": {"number": "079 123 45 67", "region": "CH", "display_name": "ACME", "time": "2026-11-28T23:05:00+01:00"}, "category": "scam", "reporter": "install-1"}"#,
        r#"{"number": "+41 79 123 45 67", "region": "CH", "time": "2026-11-28T23:06:00+01:00", "line": "work"}"#,
        r#"{"config": {"paused_until": "2026-11-29T12:00:00+01:00", "block_hidden": true}}"#,
        r#"{"number": null, "time": "2026-11-28T12:00:00+01:00"}"#,
        r#"{"config": {"quiet_hours": "never"}}"#,
        r#"{"report": {"number": null}, "category": "scam"}"#,
    ]
    .join("\n");
    let out = run(&["screen", "--jsonl"], input.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Vec<serde_json::Value> = lines(&out).iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(got[0]["config"], "ok");
    assert_eq!((&got[1]["action"], &got[1]["reasons"]), (&"silence".into(), &serde_json::json!(["quiet_hours"])));
    assert_eq!((&got[2]["action"], &got[2]["reasons"]), (&"label".into(), &serde_json::json!(["repeated_call"])));
    assert_eq!(
        got[3],
        serde_json::json!({"number": "+41791234567", "region": "CH", "category": "scam",
            "time": "2026-11-28T23:05:00+01:00", "reporter": "install-1", "caller_name": "ACME"})
    );
    assert_eq!(got[4]["reasons"], serde_json::json!(["user_block"]), "the reported number's rule, on any line");
    assert_eq!(got[5]["config"], "ok");
    assert_eq!((&got[6]["action"], &got[6]["reasons"]), (&"allow".into(), &serde_json::json!(["protection_paused"])));
    assert_eq!(got[7]["error"], "invalid config");
    assert!(got[8]["error"].as_str().unwrap().starts_with("invalid report"), "{}", got[8]);
}
