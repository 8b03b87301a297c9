//! Regular-expression rules benchmark (issue 17's target: `screen()` within 1 ms with 10,000
//! regex rules, or with the worst patterns we can construct).
//!
//! Three screeners, measured in the same run: the **peer** (no regex rules: the usual number
//! rules only), **many** (10,000 realistic regex rules: half on numbers, anchored ranges; half
//! on caller names, case-insensitive words), and **worst** (10,000 rules built to defeat the
//! regex engine's lazy DFA: every rule an unanchored `(?s:.)*X(?s:.){k}` whose DFA is
//! exponential in `k`, as large as the size limits admit, on numbers and names). Each call has
//! another number and a 256-character caller name (the longest screening reads), so no cached
//! DFA state helps. Criterion measures each; then one JSON line reports the mean time per
//! call of each screener, measured by cycling through the calls.
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
            _ => rule(&format!(r"name-regex:(?i)\b(?:promo|offer){i}\b"), Action::Silence),
        })
        .collect()
}

/// `n` rules built against the lazy DFA: unanchored, with a counted `.` after a literal.
fn worst(n: usize) -> Vec<Rule> {
    let letters = "abcdefghijklmnopqrstuvwxyz0123456789";
    (0..n)
        .map(|i| {
            let c = letters.as_bytes()[i % letters.len()] as char;
            let k = 8 + i % 12;
            match i % 2 {
                0 => rule(&format!(r"regex:(?s:.)*{}(?s:.){{{k}}}$", c.to_digit(36).unwrap() % 10), Action::Block),
                _ => rule(&format!(r"name-regex:(?is:.)*{c}(?s:.){{{k}}}[^\n]*z$"), Action::Silence),
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
            let name: String = format!("Caller {i} Promotional offer ").chars().cycle().take(256).collect();
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
    let (peer, many, worst) = (screener(Vec::new()), screener(many(n)), screener(worst(n)));
    let build = built.elapsed();
    let calls = calls(if full { 1000 } else { 20 });
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
    c.bench_function(&format!("screen, {n} worst-case regex rules"), |b| cycle(&worst, b));
    c.final_summary();
    let rounds = if full { 5 } else { 1 };
    let (peer, many, worst) =
        (per_call(&peer, calls, rounds), per_call(&many, calls, rounds), per_call(&worst, calls, rounds));
    let within = many <= TARGET && worst <= TARGET;
    println!(
        "{}",
        serde_json::json!({
            "bench": "regex_rules",
            "rules": n,
            "calls": calls.len() * rounds,
            "build_ms": build.as_millis() as u64,
            "peer_ns_per_call": peer.as_nanos() as u64,
            "many_ns_per_call": many.as_nanos() as u64,
            "worst_ns_per_call": worst.as_nanos() as u64,
            "target_ns": TARGET.as_nanos() as u64,
            "within_target": within,
        })
    );
}
