//! Runs the shared controls vectors (`tests/vectors/controls.json`, schema in
//! `tests/vectors/README.md`) through the core. The bindings will run the same file.

use std::path::PathBuf;

use ringfence_core::{
    Action, CallTime, Category, IncomingCall, Language, LinePolicy, Policy, Presentation, ProtectionLevel, Report,
    RingfenceError, Rule, RuleTarget, Screener, ScreenerConfig,
};
use serde_json::{Value, json};

fn load() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/controls.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("vector file")).expect("valid JSON")
}

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

fn time(v: &Value) -> Option<CallTime> {
    s(v).map(|t| CallTime::parse_rfc3339(t).expect("RFC 3339 time"))
}

/// A policy object: the screening vectors' keys plus the controls'.
fn policy(p: &Value) -> Policy {
    let flag = |k: &str| p[k].as_bool().unwrap_or(false);
    let d = Policy::default();
    let count = |k: &str, default: u32| p[k].as_u64().map_or(default, |n| n as u32);
    Policy {
        level: s(&p["level"]).map_or(d.level, |l| ProtectionLevel::from_code(l).unwrap()),
        block_hidden: flag("block_hidden"),
        silence_unknown: flag("silence_unknown"),
        block_foreign: flag("block_foreign"),
        night_mode: flag("night_mode"),
        emergency_callback_minutes: count("emergency_callback_minutes", d.emergency_callback_minutes),
        schedule: s(&p["schedule"]).map(|t| t.parse().unwrap()),
        quiet_hours: s(&p["quiet_hours"]).map(|t| t.parse().unwrap()),
        repeated_call_minutes: count("repeated_call_minutes", d.repeated_call_minutes),
        repeated_call_count: count("repeated_call_count", d.repeated_call_count),
        paused_until: time(&p["paused_until"]).map(|t| t.epoch_seconds),
        ..d
    }
}

/// A call object, with the field names of `ringfence screen --jsonl`.
fn call(c: &Value) -> IncomingCall {
    let text = |k: &str| s(&c[k]).map(str::to_owned);
    IncomingCall {
        number: text("number"),
        presentation: match s(&c["presentation"]) {
            Some("restricted") => Presentation::Restricted,
            _ => Presentation::Allowed,
        },
        region: s(&c["region"]).map(|r| r.parse().unwrap()),
        user_number: text("user_number"),
        in_contacts: c["in_contacts"].as_bool().unwrap_or(false),
        display_name: text("display_name"),
        time: time(&c["time"]),
        line: text("line"),
        ..Default::default()
    }
}

fn rule(r: &Value, config: &ScreenerConfig) -> Rule {
    let target = RuleTarget::parse(s(&r["pattern"]).unwrap(), config.default_region).unwrap();
    let action = Action::from_code(s(&r["action"]).unwrap()).unwrap();
    let category = s(&r["category"]).map_or(Category::UserList, |c| Category::from_code(c).unwrap());
    let mut rule = Rule::with_target(target, action, category, s(&r["label"])).unwrap();
    if let Some(line) = s(&r["line"]) {
        rule = rule.on_line(line).unwrap();
    }
    if let Some(schedule) = s(&r["schedule"]) {
        rule = rule.during(schedule.parse().unwrap()).unwrap();
    }
    rule
}

fn screener(file: &Value, case: &Value) -> Screener {
    let language = Language::from_code(s(&file["config"]["language"]).unwrap()).unwrap();
    let line_policies = case["line_policies"].as_array().into_iter().flatten();
    let config = ScreenerConfig {
        language,
        default_region: s(&file["config"]["default_region"]).map(|r| r.parse().unwrap()),
        policy: policy(&case["policy"]),
        line_policies: line_policies
            .map(|l| LinePolicy { line: s(&l["line"]).unwrap().to_owned(), policy: policy(&l["policy"]) })
            .collect(),
        ..Default::default()
    };
    let screener = Screener::new(config.clone());
    assert_eq!(screener.config(), config, "{}: the settings are valid", case["name"]);
    let rules = case["rules"].as_array().into_iter().flatten().map(|r| rule(r, &config)).collect();
    screener.add_rules(rules).unwrap();
    for o in case["outgoing"].as_array().into_iter().flatten() {
        screener.record_outgoing(s(&o["number"]).unwrap(), None, time(&o["time"]));
    }
    for earlier in case["earlier_calls"].as_array().into_iter().flatten() {
        screener.screen(&call(earlier));
    }
    screener
}

/// The differences between `want` (only the keys it has) and `got`.
fn mismatches(name: &str, want: &Value, got: &Value) -> Vec<String> {
    let want = want.as_object().unwrap();
    want.iter()
        .filter(|(k, w)| k.as_str() != "then" && got[k.as_str()] != **w)
        .map(|(k, w)| format!("{name}: {k} = {} (want {w})", got[k.as_str()]))
        .collect()
}

fn verdict_json(v: &ringfence_core::Verdict) -> Value {
    let reasons: Vec<&str> = v.reasons.iter().map(|r| r.code()).collect();
    json!({ "action": v.action.code(), "category": v.category.code(), "reasons": reasons, "label": v.label })
}

#[test]
fn controls_vectors() {
    let file = load();
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for case in cases {
        let name = s(&case["name"]).unwrap();
        let got = verdict_json(&screener(&file, case).screen(&call(&case["call"])));
        failures.extend(mismatches(name, &case["expect"], &got));
    }
    assert!(failures.is_empty(), "vector mismatches:\n{}", failures.join("\n"));
}

#[test]
fn report_vectors() {
    let file = load();
    let reports = file["reports"].as_array().unwrap();
    assert!(reports.len() >= 3);
    for case in reports {
        let name = s(&case["name"]).unwrap();
        let r = &case["report"];
        let report = Report {
            category: Category::from_code(s(&r["category"]).unwrap()).unwrap(),
            action: Action::from_code(s(&r["action"]).unwrap()).unwrap(),
            label: s(&r["label"]).map(str::to_owned),
            reporter: s(&r["reporter"]).unwrap().to_owned(),
        };
        let screener = screener(&file, case);
        let the_call = call(&case["call"]);
        let want = &case["expect"];
        match screener.report(&the_call, &report) {
            Ok(record) => {
                let got = json!({
                    "number": record.number, "region": record.region, "category": record.category.code(),
                    "time": record.time, "reporter": record.reporter, "caller_name": record.caller_name,
                });
                assert_eq!(mismatches(name, want, &got), Vec::<String>::new());
                if let Some(then) = want.get("then") {
                    let after = verdict_json(&screener.screen(&the_call));
                    assert_eq!(mismatches(name, then, &after), Vec::<String>::new());
                }
            }
            Err(e) => {
                assert!(matches!(e, RingfenceError::InvalidReport(_)), "{name}: {e}");
                assert_eq!(s(&want["error"]), Some("invalid_report"), "{name}: refused");
            }
        }
    }
}
