//! Runs the shared vectors in `tests/vectors/` through the core, with the same JSON call
//! parsing as `ringfence screen --jsonl`. Kotlin and Swift run the same files.

use std::path::PathBuf;

use ringfence_cli::jsonl::{call_from_json, verdict_json};
use ringfence_core::{
    Action, CallTime, Category, Language, Pattern, Policy, ProtectionLevel, Rule, Screener, ScreenerConfig,
    parse_number,
};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("vector file")).expect("valid JSON")
}

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

/// The case's policy: the file's level, overridden by the case's `policy` object.
fn policy(file_config: &Value, case: &Value) -> Policy {
    let p = &case["policy"];
    let level = s(&p["level"]).or(s(&file_config["level"])).unwrap_or("standard");
    let flag = |k: &str| p[k].as_bool().unwrap_or(false);
    Policy {
        level: ProtectionLevel::from_code(level).unwrap(),
        block_hidden: flag("block_hidden"),
        silence_unknown: flag("silence_unknown"),
        block_foreign: flag("block_foreign"),
        night_mode: flag("night_mode"),
        emergency_callback_minutes: p["emergency_callback_minutes"].as_u64().map_or(60, |m| m as u32),
        ..Policy::default()
    }
}

#[test]
fn screening_vectors() {
    let file = load("screening.json");
    let config = &file["config"];
    let region = s(&config["default_region"]).map(|r| r.parse().unwrap());
    let rules: Vec<Rule> = file["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let pattern = Pattern::parse(s(&r["pattern"]).unwrap(), region).unwrap();
            let action = Action::from_code(s(&r["action"]).unwrap()).unwrap();
            let category = s(&r["category"]).map_or(Category::UserList, |c| Category::from_code(c).unwrap());
            Rule::new(pattern, action, category, s(&r["label"])).unwrap()
        })
        .collect();
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    let mut failures = Vec::new();
    for case in cases {
        let name = s(&case["name"]).unwrap();
        let lang = s(&case["language"]).or(s(&config["language"])).unwrap();
        let language = Language::from_code(lang).unwrap();
        let config =
            ScreenerConfig { language, default_region: region, policy: policy(config, case), ..Default::default() };
        let screener = Screener::new(config);
        screener.add_rules(rules.clone()).unwrap();
        if let Some(brands) = file.get("brands") {
            screener.load_brands_json(&brands.to_string()).unwrap();
        }
        let codes = case["contact_codes"].as_array().map(|a| a.iter().map(|c| c.as_u64().unwrap() as u16).collect());
        screener.set_contact_calling_codes(codes).unwrap();
        for o in case["outgoing"].as_array().into_iter().flatten() {
            let time = s(&o["time"]).and_then(CallTime::parse_rfc3339);
            screener.record_outgoing(s(&o["number"]).unwrap(), None, time);
        }
        for earlier in case["earlier_calls"].as_array().into_iter().flatten() {
            screener.screen(&call_from_json(earlier.as_object().unwrap()).unwrap());
        }
        let call = call_from_json(case["call"].as_object().unwrap()).unwrap();
        let got = verdict_json(&screener.screen(&call));
        let want = &case["expect"];
        for key in ["action", "category", "reasons", "e164", "label", "advice"] {
            if let Some(w) = want.get(key).filter(|w| &got[key] != *w) {
                failures.push(format!("{name}: {key} = {} (want {w})", got[key]));
            }
        }
        let risk = got["risk"].as_u64().unwrap();
        if want["risk_min"].as_u64().is_some_and(|m| risk < m) || want["risk_max"].as_u64().is_some_and(|m| risk > m) {
            failures.push(format!("{name}: risk {risk} out of bounds"));
        }
    }
    assert!(failures.is_empty(), "vector mismatches:\n{}", failures.join("\n"));
}

#[test]
fn normalize_vectors() {
    let file = load("normalize.json");
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let raw = s(&case["raw"]).unwrap();
        let got = parse_number(raw, Some(s(&case["region"]).unwrap().parse().unwrap()));
        match (s(&case["e164"]), got) {
            (None, Err(_)) => {}
            (Some(want), Ok(n)) => {
                assert_eq!(n.e164.to_string(), want, "{raw}");
                assert_eq!(Some(n.valid), case["valid"].as_bool(), "{raw}");
                assert_eq!(Some(n.number_type.code()), s(&case["type"]), "{raw}");
            }
            (want, got) => panic!("{raw:?}: want {want:?}, got {got:?}"),
        }
    }
}
