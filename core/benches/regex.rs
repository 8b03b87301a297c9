//! Regular-expression rules benchmark (issue 17's target: `screen()` within 1 ms with 10,000
//! regex rules, or with the worst pattern we can construct).
//!
//! Screeners measured in the same run: the **peer** (no regex rules: the usual number rules
//! only); **many** (10,000 realistic regex rules: half on numbers, anchored ranges; half on
//! caller names, case-insensitive words between `\b`s); **worst one** (the same with one name
//! rule replaced by the worst pattern we can build: an unanchored `(?is)a.{k}`, whose DFA is
//! exponential in `k`, with the largest `k` the size limit admits); and, for the record,
//! **worst all** (10,000 such patterns, `k` from 8 to 19: every shard's DFA explodes; its number
//! rules match most calls, so those end at the user-rule tier). Each call
//! has another number and a 256-character caller name with letters outside ASCII (the longest
//! name screening reads; the text no cached DFA state helps with). Criterion measures each;
//! then one JSON line reports the mean time per call of each, by cycling through the calls.
//!
//! ```text
//! cargo bench -p ringfence-core --bench regex               # 10,000 rules
//! RINGFENCE_REGEX_RULES=2000 cargo bench -p ringfence-core --bench regex
//! cargo test -p ringfence-core --bench regex                 # smoke: 200 rules, one pass
//! ```
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use ringfence_core::{Action, CallTime, Category, IncomingCall, Rule, RuleTarget, Screener, ScreenerConfig};

const TARGET: Duration = Duration::from_millis(1);

fn rule(target: &str, action: Action) -> Rule {
    let target = RuleTarget::parse(target, None).expect("a valid pattern");
    Rule::with_target(target, action, Category::Spam, None).expect("a valid rule")
}

/// `n` realistic rules: number ranges and caller-name words.
fn many(n: usize) -> Vec<Rule> {
    (0..n)
        .map(|i| match i % 2 {
            0 => {
                rule(&format!(r"regex:^\+(?:39|41)(?:{:03}|{:03})\d{{6,7}}$", i % 1000, (i * 7) % 1000), Action::Block)
            }
            _ => rule(&format!(r"name-regex:(?i)\b(?:promo|offerta){i}\b"), Action::Silence),
        })
        .collect()
}

/// The largest `k` for which `template` with `{k}` replaced is a valid rule target.
fn largest_k(template: &str) -> usize {
    let fits = |k: &usize| RuleTarget::parse(&template.replace("{k}", &k.to_string()), None).is_ok();
    (1..=400).rev().find(fits).expect("some k fits")
}

/// The worst single name pattern: `(?is)a.{k}` with the largest `k` within the limits.
fn worst_one() -> Rule {
    let template = "name-regex:(?is)a.{{k}}";
    rule(&template.replace("{k}", &largest_k(template).to_string()), Action::Silence)
}

/// `n` rules built against the lazy DFA: unanchored, a counted `.` after a literal (`k` from 8
/// up to 19, or the largest the size limit admits).
fn worst_all(n: usize) -> Vec<Rule> {
    let (number, name) = ("regex:{d}(?s:.){{k}}", "name-regex:(?is){c}.{{k}}");
    let (number_k, name_k) = (largest_k(&number.replace("{d}", "1")), largest_k(&name.replace("{c}", "a")));
    (0..n)
        .map(|i| {
            let k = 8 + i % 12;
            match i % 2 {
                0 => rule(
                    &number.replace("{d}", &(i % 10).to_string()).replace("{k}", &k.min(number_k).to_string()),
                    Action::Block,
                ),
                _ => {
                    let c = (b'a' + (i % 26) as u8) as char;
                    rule(
                        &name.replace("{c}", &c.to_string()).replace("{k}", &k.min(name_k).to_string()),
                        Action::Silence,
                    )
                }
            }
        })
        .collect()
}

fn screener(rules: Vec<Rule>) -> Screener {
    let s = Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), ..Default::default() });
    s.import_rules_csv("pattern,action,category,label\n+4121560####,block,spam,\n+41215601111,allow,,\n").unwrap();
    s.add_rules(rules).expect("rules within the limits");
    s
}

/// Calls from other numbers, each with a 256-character name, an hour apart (no repeats).
fn calls(count: usize) -> Vec<IncomingCall> {
    (0..count)
        .map(|i| {
            let name: String =
                format!("Società {i} Ünïcode Àncora offerta {} ", i * 7919).chars().cycle().take(256).collect();
            IncomingCall {
                number: Some(format!("+4179{:07}", (i * 7919) % 10_000_000)),
                display_name: Some(name),
                time: Some(CallTime { epoch_seconds: 1_795_392_000 + i as i64 * 3600, utc_offset_minutes: 60 }),
                ..Default::default()
            }
        })
        .collect()
}

/// Mean time per call over `rounds` passes through `calls`.
fn per_call(s: &Screener, calls: &[IncomingCall], rounds: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..rounds {
        for c in calls {
            black_box(s.screen(black_box(c)));
        }
    }
    start.elapsed() / (rounds * calls.len()) as u32
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    // Criterion owns the command line; the rule count comes from the environment.
    let n = std::env::var("RINGFENCE_REGEX_RULES").ok().and_then(|v| v.parse().ok());
    let n = n.unwrap_or(if full { 10_000 } else { 200 });
    let built = Instant::now();
    let mut one = many(n);
    one[1] = worst_one();
    let (peer, many, one, all) = (screener(Vec::new()), screener(many(n)), screener(one), screener(worst_all(n)));
    let build = built.elapsed();
    let calls = calls(if full { 500 } else { 20 });
    let mut c = Criterion::default().configure_from_args();
    let calls = &calls[..];
    let cycle = |s: &Screener, b: &mut criterion::Bencher<'_>| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % calls.len();
            s.screen(black_box(&calls[i]))
        })
    };
    c.bench_function("screen, no regex rules (peer)", |b| cycle(&peer, b));
    c.bench_function(&format!("screen, {n} regex rules"), |b| cycle(&many, b));
    c.bench_function(&format!("screen, {n} regex rules with the worst pattern"), |b| cycle(&one, b));
    c.bench_function(&format!("screen, {n} worst patterns"), |b| cycle(&all, b));
    c.final_summary();
    let rounds = if full { 3 } else { 1 };
    let time = |s: &Screener| per_call(s, calls, rounds).as_nanos() as u64;
    let (peer, many, one, all) = (time(&peer), time(&many), time(&one), time(&all));
    let target = TARGET.as_nanos() as u64;
    println!(
        "{}",
        serde_json::json!({
            "bench": "regex_rules",
            "rules": n,
            "calls": calls.len() * rounds,
            "build_ms": build.as_millis() as u64,
            "peer_ns_per_call": peer,
            "many_ns_per_call": many,
            "worst_one_ns_per_call": one,
            "worst_all_ns_per_call": all,
            "target_ns": target,
            "within_target": many <= target && one <= target,
        })
    );
}
