//! The adversarial corpus of issue 12 (`tests/adversarial/*.jsonl`) through
//! `ringfence screen --jsonl`, at every protection level. The line contract is in
//! `tests/adversarial/README.md`: call and outgoing lines as in `tests/scenarios`, plus
//! `{"config": {...}}` lines that set the policy for the lines after them (each file is cut at
//! its config lines and each piece runs in a fresh process with the matching flags).
//!
//! Checked: no legitimate call blocked at any level, none silenced at the standard level (or at
//! a segment's pinned level); no contact silenced or blocked; `expect` at the standard level;
//! ≥ 95 % of scams labelled or stronger (a class-12 scam also counts when its verdict carries
//! the reminder it asks for); `provable` scams blocked with the brand named; `brand`,
//! `reminder`, `no_reminder` and `reason`; no run of five digits of the caller's or the user's
//! number in any label or advice.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Map, Value};

const LEVELS: [&str; 3] = ["relaxed", "standard", "strict"];
const ACTIONS: [&str; 4] = ["allow", "label", "silence", "block"];
const SWITCHES: [&str; 4] = ["block_hidden", "block_foreign", "silence_unknown", "night_mode"];
const CONFIG_KEYS: [&str; 8] = [
    "home_region",
    "customer_brands",
    "language",
    "block_hidden",
    "block_foreign",
    "silence_unknown",
    "night_mode",
    "level",
];
const CLASSES: usize = 12;
/// Digits of a number that may not appear together in a label or an advice.
const DIGIT_RUN: usize = 5;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/adversarial")
}

/// The lines of one file that share one config line.
struct Segment {
    file: String,
    config: Map<String, Value>,
    lines: Vec<Value>,
}

impl Segment {
    fn customer_brands(&self) -> Vec<String> {
        self.config
            .get("customer_brands")
            .map(|b| b.as_array().expect("customer_brands is a list").iter())
            .into_iter()
            .flatten()
            .map(|b| b.as_str().expect("customer_brands holds names").to_owned())
            .collect()
    }

    /// The level this segment runs at in the pass for `level`: a config `level` pins it.
    fn level<'a>(&'a self, level: &'a str) -> &'a str {
        self.config.get("level").map_or(level, |l| l.as_str().expect("level is a string"))
    }

    fn args(&self, level: &str) -> Vec<String> {
        let mut args: Vec<String> = vec!["screen".into(), "--jsonl".into(), "--level".into(), self.level(level).into()];
        for (key, flag) in [("language", "--lang"), ("home_region", "--home-region")] {
            if let Some(v) = self.config.get(key) {
                args.extend([flag.to_owned(), v.as_str().expect("a string").to_owned()]);
            }
        }
        for brand in self.customer_brands() {
            args.extend(["--customer-brand".to_owned(), brand]);
        }
        for switch in SWITCHES.into_iter().filter(|s| self.config.get(*s) == Some(&Value::Bool(true))) {
            args.push(format!("--{}", switch.replace('_', "-")));
        }
        let brands = corpus_dir().join("brands.json");
        args.extend(["--brands".to_owned(), brands.display().to_string()]);
        args
    }

    /// Screens the segment in a fresh process; returns (input line, verdict) per screened episode.
    fn run(&self, level: &str) -> Vec<(Value, Value)> {
        let args = self.args(level);
        let mut input = String::new();
        for line in &self.lines {
            input.push_str(&line.to_string());
            input.push('\n');
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: `ringfence {}` failed: {stderr}", self.file, args.join(" "));
        let verdicts: Vec<Value> =
            String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(self.lines.len(), verdicts.len(), "{}: one answer per line", self.file);
        self.lines.iter().cloned().zip(verdicts).filter(|(i, _)| i.get("scenario").is_some()).collect()
    }
}

/// Cuts a corpus file at its config lines (a config line replaces the previous one entirely).
fn segments(path: &Path) -> Vec<Segment> {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = vec![Segment { file: file.clone(), config: Map::new(), lines: Vec::new() }];
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = format!("{file}:{}", n + 1);
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
        if let Some(config) = value.get("config") {
            let config = config.as_object().unwrap_or_else(|| panic!("{at}: config is an object")).clone();
            if let Some(key) = config.keys().find(|k| !CONFIG_KEYS.contains(&k.as_str())) {
                panic!("{at}: unknown config key {key}");
            }
            out.push(Segment { file: file.clone(), config, lines: Vec::new() });
        } else {
            if let Some(sc) = value.get("scenario") {
                validate(sc, &at);
            }
            out.last_mut().unwrap().lines.push(value);
        }
    }
    out.retain(|s| !s.lines.is_empty());
    out
}

/// The scenario object's shape.
fn validate(sc: &Value, at: &str) {
    assert!(matches!(sc["kind"].as_str(), Some("legit" | "scam")), "{at}: kind");
    assert!(matches!(sc["lang"].as_str(), Some("en" | "it")), "{at}: lang");
    assert!(sc["class"].as_u64().is_some_and(|c| (1..=CLASSES as u64).contains(&c)), "{at}: class");
    let name = sc["name"].as_str().unwrap_or_else(|| panic!("{at}: name"));
    assert!(digit_runs(name).is_empty(), "{at}: a scenario name holds no phone number");
    let expect = sc["expect"].as_array().unwrap_or_else(|| panic!("{at}: expect"));
    assert!(!expect.is_empty() && expect.iter().all(|a| ACTIONS.iter().any(|x| a == x)), "{at}: expect");
}

/// Runs of at least [`DIGIT_RUN`] digits in `text`; spaces, dots, dashes, slashes and brackets
/// between digits do not end a run (numbers are written with them).
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    for c in text.chars() {
        if c.is_ascii_digit() {
            runs.last_mut().unwrap().push(c);
        } else if !matches!(c, ' ' | '.' | '-' | '/' | '(' | ')') && !runs.last().unwrap().is_empty() {
            runs.push(String::new());
        }
    }
    runs.into_iter().filter(|r| r.len() >= DIGIT_RUN).collect()
}

/// Whether `text` shows five consecutive digits of any of `numbers`.
fn leaks_number(text: &str, numbers: &[String]) -> bool {
    digit_runs(text).iter().any(|run| {
        run.as_bytes().windows(DIGIT_RUN).any(|w| {
            let w = std::str::from_utf8(w).unwrap();
            numbers.iter().any(|n| n.contains(w))
        })
    })
}

fn digits(v: &Value) -> String {
    v.as_str().unwrap_or("").chars().filter(char::is_ascii_digit).collect()
}

/// What one episode did at one level.
struct Outcome {
    class: usize,
    legit: bool,
    action: String,
    /// A scam that was labelled or stronger (or carried the reminder it asks for).
    flagged: bool,
    provable: bool,
    problems: Vec<String>,
}

fn judge(input: &Value, v: &Value, level: &str, expect_here: bool, customer_brands: &[String]) -> Outcome {
    let sc = &input["scenario"];
    let name = format!("[{level}] class {} {}: {}", sc["class"], sc["kind"], sc["name"].as_str().unwrap());
    let action = v["action"].as_str().unwrap_or("?").to_owned();
    let (label, advice) = (v["label"].as_str().unwrap_or(""), v["advice"].as_str().unwrap_or(""));
    let text = format!("{label} | {advice}");
    let legit = sc["kind"] == "legit";
    let mut problems = Vec::new();
    let mut fail = |what: String| problems.push(format!("{name}: {what}: {v}"));
    if legit && (action == "block" || (expect_here && action == "silence")) {
        fail(format!("legitimate call: {action}"));
    }
    if input["in_contacts"] == true && matches!(action.as_str(), "silence" | "block") {
        fail(format!("contact: {action}"));
    }
    if expect_here && !sc["expect"].as_array().unwrap().iter().any(|a| a == action.as_str()) {
        fail(format!("{action} not in {}", sc["expect"]));
    }
    if let Some(brand) = sc["brand"].as_str().filter(|b| action != "allow" && !text.contains(b)) {
        fail(format!("{brand} not named"));
    }
    let provable = sc["provable"] == true;
    if let Some(brand) = sc["brand"].as_str().filter(|b| provable && (action != "block" || !text.contains(b))) {
        fail(format!("provable impersonation of {brand} not blocked with the brand named"));
    }
    // The reminder is the verdict's own `reminder` field (docs/brands.md); advice also counts.
    let reminder = v["reminder"].as_str().unwrap_or("");
    let reminded = sc["reminder"].as_str().is_some_and(|b| advice.contains(b) || reminder.contains(b));
    if let Some(brand) = sc["reminder"].as_str().filter(|_| !reminded) {
        fail(format!("no reminder naming {brand}"));
    }
    if sc["no_reminder"] == true && (!reminder.is_empty() || customer_brands.iter().any(|b| text.contains(b.as_str())))
    {
        fail("a customer-brand reminder on a trusted call".into());
    }
    let reasons = v["reasons"].as_array().cloned().unwrap_or_default();
    if let Some(reason) = sc["reason"].as_str().filter(|r| !reasons.iter().any(|x| x == r)) {
        fail(format!("reason {reason} missing"));
    }
    let numbers = [digits(&input["number"]), digits(&v["e164"]), digits(&input["user_number"])];
    let numbers: Vec<String> = numbers.into_iter().filter(|n| n.len() >= DIGIT_RUN).collect();
    if [label, advice, reminder].iter().any(|t| leaks_number(t, &numbers)) {
        fail("phone digits in the label or advice".into());
    }
    let class = sc["class"].as_u64().unwrap() as usize;
    let flagged = !legit && (action != "allow" || reminded);
    Outcome { class, legit, action, flagged, provable, problems }
}

/// Figures of one pass.
#[derive(Default)]
struct Tally {
    legit: usize,
    legit_silenced: usize,
    legit_blocked: usize,
    scams: usize,
    flagged: usize,
    provable: usize,
    provable_ok: usize,
    /// Per class: (legit passed, legit, scams passed, scams).
    classes: [(usize, usize, usize, usize); CLASSES],
    passed: usize,
    failed: usize,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        let ok = o.problems.is_empty();
        let c = &mut self.classes[o.class - 1];
        if o.legit {
            self.legit += 1;
            self.legit_silenced += usize::from(o.action == "silence");
            self.legit_blocked += usize::from(o.action == "block");
            (c.0, c.1) = (c.0 + usize::from(ok), c.1 + 1);
        } else {
            self.scams += 1;
            self.flagged += usize::from(o.flagged);
            (c.2, c.3) = (c.2 + usize::from(ok), c.3 + 1);
        }
        if o.provable {
            self.provable += 1;
            self.provable_ok += usize::from(o.action == "block");
        }
        (self.passed, self.failed) = (self.passed + usize::from(ok), self.failed + usize::from(!ok));
    }

    fn pct(&self) -> f64 {
        100.0 * self.flagged as f64 / self.scams.max(1) as f64
    }

    fn line(&self, level: &str) -> String {
        let classes: Vec<String> = (self.classes.iter().enumerate())
            .map(|(i, (lp, l, sp, s))| format!("c{} legit {lp}/{l} scam {sp}/{s}", i + 1))
            .collect();
        format!(
            "adversarial [{level}]: {} legit ({} silenced, {} blocked), {} scams ({} flagged, {:.1} %), \
             {}/{} provable blocked, {} passed, {} failed | {}",
            self.legit,
            self.legit_silenced,
            self.legit_blocked,
            self.scams,
            self.flagged,
            self.pct(),
            self.provable_ok,
            self.provable,
            self.passed,
            self.failed,
            classes.join("; ")
        )
    }
}

#[test]
fn adversarial_corpus() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let segments: Vec<Segment> = files.iter().flat_map(|f| segments(f.as_path())).collect();
    let mut problems = Vec::new();
    let mut tallies = Vec::new();
    let mut langs = [0usize; 2];
    for level in LEVELS {
        let mut tally = Tally::default();
        for seg in &segments {
            let brands = seg.customer_brands();
            let expect_here = seg.config.contains_key("level") || level == "standard";
            for (input, verdict) in seg.run(level) {
                if level == "standard" {
                    langs[usize::from(input["scenario"]["lang"] == "it")] += 1;
                }
                let outcome = judge(&input, &verdict, seg.level(level), expect_here, &brands);
                tally.add(&outcome);
                problems.extend(outcome.problems);
            }
        }
        println!("{}", tally.line(level));
        tallies.push((level, tally));
    }
    let (passed, failed) = tallies.iter().fold((0, 0), |(p, f), (_, t)| (p + t.passed, f + t.failed));
    println!("{passed} passed, {failed} failed");
    let standard = &tallies[1].1;
    assert!(standard.legit + standard.scams >= 170 && langs.iter().all(|&n| n >= 40), "corpus too small: {langs:?}");
    for (i, (_, l, _, s)) in standard.classes.iter().enumerate() {
        assert!(*l >= 3 && *s >= 3, "class {} needs legitimate and scam episodes", i + 1);
    }
    assert!(problems.is_empty(), "{} adversarial problems:\n{}", problems.len(), problems.join("\n"));
    assert!(standard.pct() >= 95.0, "only {:.1} % of scams flagged at standard", standard.pct());
}

#[test]
fn digit_runs_ignore_separators() {
    assert_eq!(digit_runs("call +39 347 123 4567 now"), ["393471234567"]);
    assert!(digit_runs("Fake Trend Micro call: 24/7, 1234").is_empty());
    assert!(leaks_number("ring 347-123-45 back", &["393471234567".into()]));
    assert!(!leaks_number("ticket 98765 says", &["393471234567".into()]));
}
