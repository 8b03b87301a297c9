//! Target `import`: list files of every format the library reads.

use ringfence_core::database::{self, Database, DatabaseBuilder, ImportOptions, ListFormat};
use ringfence_core::number::{Pattern, RegionCode};
use ringfence_core::rules::{RuleSet, parse_rules_csv};
use ringfence_core::{Action, Category, IncomingCall, Screener, ScreenerConfig};

use crate::db::{Trust, exercise};
use crate::screen::check_verdict;
use crate::{ACTIONS, CREATED, SECRET, assert_no_digits_of, key, region_of};

/// List files: `[format selector, region selector, defaults selector, text…]`.
///
/// Formats: feed CSV, text, JSON, plist (read, then built into a database that must open and
/// answer like its list), the user's rule CSV (into a rule set and a screener), and a brand
/// registry JSON. contract: every accepted row is counted; rejected-row reasons never contain
/// digits; a database built from an import always opens with the full check and answers like
/// its list (an allow entry wins over any other entry for the same pattern); in a rule list
/// the last row for a pattern wins (`RuleSet::insert` replaces), so an allow rule that is the
/// last for its pattern is answered with allow.
pub fn import(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(3));
    let sel = |i: usize| head.get(i).copied().unwrap_or(0);
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    let region = region_of(sel(1), sel(2));
    match sel(0) % 6 {
        f @ 0..=3 => {
            let format = [ListFormat::Csv, ListFormat::Text, ListFormat::Json, ListFormat::Plist][usize::from(f)];
            let opts = ImportOptions {
                region,
                action: ACTIONS[usize::from(sel(2) % 4)],
                category: Category::ALL[usize::from(sel(2) / 4) % Category::ALL.len()],
            };
            import_list(format, text, &opts, sel(0) & 0x80 != 0);
        }
        4 => import_rules(text, region),
        _ => {
            let s = Screener::default();
            if s.load_brands_json(text).is_ok() {
                for name in ["Acme Bank", "", text] {
                    let call = IncomingCall {
                        number: Some("+41446681800".into()),
                        display_name: Some(name.into()),
                        ..IncomingCall::default()
                    };
                    check_verdict(&s, &call);
                }
            }
        }
    }
}

fn import_list(format: ListFormat, text: &str, opts: &ImportOptions, strict: bool) {
    let (entries, report) = match database::import::read_list(format, text, opts) {
        Ok(r) => r,
        Err(e) => return assert_no_digits_of(&e.to_string(), text),
    };
    assert_eq!(report.accepted as usize, entries.len(), "contract: accepted rows are counted");
    for r in &report.rejected {
        assert!(!r.reason.chars().any(|c| c.is_ascii_digit()), "contract: row reason {:?}", r.reason);
    }
    let mut b = DatabaseBuilder::new("fuzz-import", 1).expect("feed name");
    b.created_at(CREATED);
    match b.import(format, text, opts, strict) {
        Ok(again) => assert_eq!(again, report, "contract: importing reads like read_list"),
        Err(_) => {
            assert!(strict && !report.rejected.is_empty(), "contract: a non-strict import of a readable list adds it");
            return;
        }
    }
    let out = b.build(&SECRET).expect("contract: a builder fed by an import builds");
    let db = Database::open(out.bytes, &[key()], None).expect("contract: a built database opens");
    assert_eq!(db.exact_count() + db.range_count() + out.duplicates, entries.len() as u64);
    for e in entries.iter().take(256) {
        let m = db.lookup(e.pattern.first()).expect("contract: a listed number is answered");
        if e.action == Action::Allow {
            assert_eq!(m.action, Action::Allow, "contract: an allow entry wins");
        }
    }
    exercise(&db, Trust::Canonical);
}

fn import_rules(text: &str, region: Option<RegionCode>) {
    let (rules, report) = match parse_rules_csv(text, region) {
        Ok(r) => r,
        Err(e) => return assert_no_digits_of(&e.to_string(), text),
    };
    assert_eq!(report.accepted as usize, rules.len(), "contract: accepted rows are counted");
    for r in &report.rejected {
        assert!(!r.reason.chars().any(|c| c.is_ascii_digit()), "contract: row reason {:?}", r.reason);
    }
    let mut set = RuleSet::default();
    for r in rules.iter().cloned() {
        set.insert(r).expect("rule count is far below the limit");
    }
    let last: std::collections::HashMap<Pattern, Action> = rules.iter().map(|r| (number_pattern(r), r.action)).collect();
    for r in rules.iter().take(256) {
        let m = set.lookup(number_pattern(r).first()).expect("contract: a rule's own number is answered");
        if last[&number_pattern(r)] == Action::Allow {
            assert_eq!(m.action, Action::Allow, "contract: an allow rule wins");
        }
    }
    let s = Screener::new(ScreenerConfig { default_region: region, ..ScreenerConfig::default() });
    s.import_rules_csv(text).expect("contract: a list parse_rules_csv reads imports");
    for r in rules.iter().take(32) {
        let call = IncomingCall { number: Some(number_pattern(r).first().to_string()), region, ..IncomingCall::default() };
        check_verdict(&s, &call);
    }
}

/// The pattern of a rule read from a list (lists hold number rules only).
fn number_pattern(rule: &ringfence_core::Rule) -> Pattern {
    rule.pattern().expect("contract: a list rule is a number rule")
}
