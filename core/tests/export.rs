//! Call Directory export: strictly ascending, no duplicates, the same decisions as screening
//! (checked against a real [`Screener`]), emergency numbers never blocked, and incremental
//! plans that turn the old set into the new.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proptest::prelude::*;
use ringfence_core::database::{Database, DatabaseBuilder, Entry, public_key};
use ringfence_core::export::{EntrySource, ExportSet, chunk};
use ringfence_core::i18n::describe;
use ringfence_core::number::is_emergency_value;
use ringfence_core::{Action, CallTime, Category, IncomingCall, Language, Pattern, Reason, Rule, RuleSet, Screener};

fn rule(text: &str, action: Action, label: Option<&str>) -> Rule {
    Rule::new(Pattern::parse(text, None).unwrap(), action, Category::Spam, label).unwrap()
}

fn set(rules: Vec<Rule>) -> (ExportSet, RuleSet) {
    let mut rs = RuleSet::default();
    for r in rules {
        rs.insert(r).unwrap();
    }
    let source: Arc<dyn EntrySource> = Arc::new(rs.clone());
    (ExportSet::new(vec![source], Language::En), rs)
}

/// What screening decides for a number: blocked, or labelled or silenced with a label.
type Decision = Option<(Action, Arc<str>)>;

/// Numbers screening blocks, and those it labels or silences (with the action and label).
type Screened = (BTreeSet<u64>, BTreeMap<u64, (Action, Arc<str>)>);

/// The oracle export: a real [`Screener`] holding `rules` and `feeds` (in installation order)
/// decides every covered number. Every verdict must come from the lists or the emergency
/// table alone (one reason, no risk signal): the test numbers are chosen so, and the
/// comparison is exact.
///
/// Screening decides a number from the entries covering it, so the numbers between two entry
/// boundaries (a run) share one decision, except emergency numbers, which are short codes. A
/// run of up to [`SCREEN_ALL`] numbers is screened number by number; a longer one at its
/// first, middle and last number, which must agree, and that decision stands for the run.
fn screened(rules: &RuleSet, feeds: &[Database]) -> Screened {
    let screener = Screener::default();
    screener.add_rules(rules.rules()).unwrap();
    for db in feeds {
        screener.pin_feed(&db.metadata().feed, vec![public_key(&SECRET)]).unwrap();
        screener.install_database(db.as_bytes().to_vec()).unwrap();
    }
    let mut calls = 0i64;
    let mut screen = |n: u64| -> Decision {
        // Calls far apart in time: no burst of calls from one number block.
        calls += 1;
        let time = CallTime { epoch_seconds: 1_000_000 + calls * 3_600, utc_offset_minutes: 0 };
        let v =
            screener.screen(&IncomingCall { number: Some(format!("+{n}")), time: Some(time), ..Default::default() });
        assert_eq!(v.reasons.len(), 1, "+{n} is decided by one list or emergency reason: {:?}", v.reasons);
        (v.action != Action::Allow).then(|| (v.action, Arc::from(v.label.expect("a labelled verdict"))))
    };
    let (mut block, mut ident) = (BTreeSet::new(), BTreeMap::new());
    let mut decided = |n: u64, d: Decision| match d {
        Some((Action::Block, _)) => {
            block.insert(n);
        }
        Some(d) => {
            ident.insert(n, d);
        }
        None => {}
    };
    for (first, last) in runs(rules, feeds) {
        if last - first < SCREEN_ALL {
            (first..=last).for_each(|n| decided(n, screen(n)));
        } else {
            let d = screen(first);
            assert_eq!(screen(first + (last - first) / 2), d, "one decision across +{first}..+{last}");
            assert_eq!(screen(last), d, "one decision across +{first}..+{last}");
            (first..=last).for_each(|n| decided(n, d.clone()));
        }
    }
    (block, ident)
}

/// Runs shorter than this are screened number by number (`+3911#`, with its emergency
/// numbers, is one run of ten).
const SCREEN_ALL: u64 = 16;

/// The covered runs: intervals between consecutive entry boundaries that some entry covers.
fn runs(rules: &RuleSet, dbs: &[Database]) -> Vec<(u64, u64)> {
    let mut spans: Vec<(u64, u64)> =
        rules.rules().iter().map(|r| (r.pattern().unwrap().first().as_u64(), r.pattern().unwrap().size())).collect();
    spans.extend(dbs.iter().flat_map(|db| db.entries()).map(|e| (e.pattern.first().as_u64(), e.pattern.size())));
    let spans: Vec<(u64, u64)> = spans.into_iter().map(|(first, size)| (first, first + size - 1)).collect();
    let bounds: BTreeSet<u64> = spans.iter().flat_map(|&(first, last)| [first, last + 1]).collect();
    let bounds: Vec<u64> = bounds.into_iter().collect();
    let covers = |n: u64| spans.iter().any(|&(first, last)| (first..=last).contains(&n));
    bounds.windows(2).map(|w| (w[0], w[1] - 1)).filter(|&(first, _)| covers(first)).collect()
}

/// What screening decides for every number any rule covers (the oracle).
fn oracle(rs: &RuleSet) -> Screened {
    screened(rs, &[])
}

fn strictly_ascending(v: &[u64]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

#[test]
fn ranges_allow_holes_labels_and_emergency() {
    let (export, _) = set(vec![
        rule("+4121560##", Action::Block, None),
        rule("+412156012", Action::Allow, None),
        rule("+412156013", Action::Label, Some("Pizza")),
        rule("+3911#", Action::Block, None), // covers Italy's 112, 113, 115, 118: never blocked
        rule("+4121560", Action::Block, None),
    ]);
    let block: Vec<u64> = export.blocking().collect();
    assert!(strictly_ascending(&block));
    assert!(block.contains(&4121560) && block.contains(&412156000) && block.contains(&412156099));
    assert!(!block.contains(&412156012), "allowed");
    assert!(!block.contains(&412156013), "labelled, not blocked");
    for emergency in [39112, 39113, 39115, 39118] {
        assert!(!block.contains(&emergency), "emergency {emergency}");
    }
    assert!(block.contains(&39110));
    assert_eq!(block.len(), 1 + 98 + 6);
    let ident: Vec<(u64, Arc<str>)> = export.identification().collect();
    assert_eq!(ident, [(412156013, Arc::from("Pizza"))]);
}

#[test]
fn chunks_cover_everything_once() {
    let (export, _) = set(vec![rule("+4121560####", Action::Block, None)]);
    let mut it = export.blocking();
    let mut all = Vec::new();
    loop {
        let c = chunk(&mut it, 333);
        assert!(c.len() <= 333);
        if c.is_empty() {
            break;
        }
        all.extend(c);
    }
    assert_eq!(all.len(), 10_000);
    assert!(strictly_ascending(&all));
}

fn arb_rules() -> impl Strategy<Value = Vec<Rule>> {
    let one = (0u32..300, 0usize..3, 0u8..4, any::<bool>()).prop_map(|(n, wild, a, labelled)| {
        let digits = format!("3911{:05}", n);
        let text = format!("+{}{}", &digits[..digits.len() - wild], "#".repeat(wild));
        let action = [Action::Allow, Action::Label, Action::Silence, Action::Block][a as usize];
        rule(&text, action, labelled.then_some("L"))
    });
    prop::collection::vec(one, 0..25)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn export_matches_screening(rules in arb_rules()) {
        let (export, rs) = set(rules);
        let (want_block, want_ident) = oracle(&rs);
        let block: Vec<u64> = export.blocking().collect();
        prop_assert!(strictly_ascending(&block));
        prop_assert_eq!(block.into_iter().collect::<BTreeSet<_>>(), want_block);
        let labelled: Vec<(u64, Arc<str>)> = export.identification().collect();
        let ident: Vec<u64> = labelled.iter().map(|e| e.0).collect();
        prop_assert!(strictly_ascending(&ident));
        prop_assert_eq!(ident.into_iter().collect::<BTreeSet<_>>(), want_ident.keys().copied().collect());
        let screened_labels: BTreeMap<u64, Arc<str>> = want_ident.into_iter().map(|(n, (_, l))| (n, l)).collect();
        prop_assert_eq!(labelled.into_iter().collect::<BTreeMap<_, _>>(), screened_labels, "labels as screening shows them");
    }

    #[test]
    fn incremental_plan_turns_old_into_new(old in arb_rules(), new in arb_rules()) {
        let (old, _) = set(old);
        let (new, _) = set(new);
        let mut block: BTreeSet<u64> = old.blocking().collect();
        let removals: Vec<u64> = new.blocking_removals_since(&old).collect();
        let additions: Vec<u64> = new.blocking_additions_since(&old).collect();
        prop_assert!(strictly_ascending(&removals) && strictly_ascending(&additions));
        for n in &removals { prop_assert!(block.remove(n), "removing an absent entry"); }
        for n in &additions { prop_assert!(block.insert(*n), "adding a present entry"); }
        prop_assert_eq!(block, new.blocking().collect::<BTreeSet<_>>());

        let mut ident: BTreeMap<u64, Arc<str>> = old.identification().collect();
        for n in new.identification_removals_since(&old) { prop_assert!(ident.remove(&n).is_some()); }
        for (n, l) in new.identification_additions_since(&old) { prop_assert!(ident.insert(n, l).is_none()); }
        prop_assert_eq!(ident, new.identification().collect::<BTreeMap<_, _>>());
    }
}

// --- Compiled databases (feeds), alone and with user rules -------------------------------

const SECRET: [u8; 32] = [5; 32];

fn database(feed: &str, version: u64, entries: &[Entry]) -> Database {
    let mut b = DatabaseBuilder::new(feed, version).unwrap();
    for e in entries {
        b.add(e).unwrap();
    }
    Database::open(b.build(&SECRET).unwrap().bytes, &[public_key(&SECRET)], None).unwrap()
}

fn rule_set(rules: Vec<Rule>) -> RuleSet {
    let mut rs = RuleSet::default();
    for r in rules {
        rs.insert(r).unwrap();
    }
    rs
}

/// The label a feed entry shows for `category` when it has none.
fn default_label(category: Category) -> Arc<str> {
    describe(Reason::FeedListed, category, Language::En).0.unwrap_or_else(|| "Ringfence".into()).into()
}

/// The oracle export: every number any rule or entry covers, screened one by one.
fn oracle_export(rs: &RuleSet, dbs: &[Database]) -> (BTreeSet<u64>, BTreeMap<u64, Arc<str>>) {
    let (block, ident) = screened(rs, dbs);
    (block, ident.into_iter().map(|(n, (_, label))| (n, label)).collect())
}

/// Patterns over a small space so that entries overlap: `+41 44 66N NNNN` with 0–3 wildcards
/// (valid Swiss numbers: screening adds no risk signal to what the lists say), and now and then
/// `short`, a pattern covering emergency numbers (`+3911#` covers Italy's 112, 113, 115 and
/// 118; a feed gets an exact emergency number, since the other short numbers of that range
/// are invalid and screening would add that risk to a feed's answer).
fn arb_pattern(short: &'static [&'static str]) -> impl Strategy<Value = Pattern> {
    (0u32..400, 0usize..4, 0usize..20 * short.len()).prop_map(move |(n, wild, pick)| {
        if let Some(text) = short.get(pick) {
            return Pattern::parse(text, None).unwrap();
        }
        let digits = format!("414466{:05}", n * 25 % 100_000);
        Pattern::parse(&format!("+{}{}", &digits[..digits.len() - wild], "#".repeat(wild)), None).unwrap()
    })
}

const ACTIONS: [Action; 4] = [Action::Allow, Action::Label, Action::Silence, Action::Block];

fn arb_db_entries() -> impl Strategy<Value = Vec<Entry>> {
    let one =
        (arb_pattern(&["+39112", "+41117"]), 0usize..4, 0usize..4, 0usize..3).prop_map(|(pattern, a, c, l)| Entry {
            pattern,
            action: ACTIONS[a],
            category: [Category::Spam, Category::Scam, Category::Telemarketing, Category::Other][c],
            label: [None, Some("Spam"), Some("Zio Télémarketing")][l].map(str::to_owned),
        });
    prop::collection::vec(one, 0..30)
}

fn arb_user_rules() -> impl Strategy<Value = Vec<Rule>> {
    let one = (arb_pattern(&["+3911#"]), 0usize..4, any::<bool>()).prop_map(|(pattern, a, labelled)| {
        Rule::new(pattern, ACTIONS[a], Category::UserList, labelled.then_some("Mine")).unwrap()
    });
    prop::collection::vec(one, 0..6)
}

fn export_of(rules: &RuleSet, dbs: &[Database]) -> ExportSet {
    ExportSet::from_rules_and_databases(Arc::new(rules.clone()), dbs.iter().cloned(), Language::En)
}

/// Pulls everything through `chunk`, checking chunk sizes.
fn chunked<T>(mut it: impl Iterator<Item = T>, size: usize) -> Vec<T> {
    let mut all = Vec::new();
    loop {
        let c = chunk(&mut it, size);
        assert!(c.len() <= size);
        if c.is_empty() {
            return all;
        }
        all.extend(c);
    }
}

#[test]
fn database_export_expands_ranges_and_keeps_holes_labels_and_emergency_numbers_out() {
    let entry = |p: &str, action, label: Option<&str>| Entry {
        pattern: Pattern::parse(p, None).unwrap(),
        action,
        category: Category::Spam,
        label: label.map(str::to_owned),
    };
    let db = database(
        "feed",
        1,
        &[
            entry("+4121560##", Action::Block, None),
            entry("+412156012", Action::Allow, None),
            entry("+412156013", Action::Label, Some("Pizza")),
            entry("+3911#", Action::Block, None),
            entry("+41215601##", Action::Silence, None), // 10 digits: another length, no overlap
        ],
    );
    let export = ExportSet::from_rules_and_databases(Arc::default(), [db], Language::En);
    let block = chunked(export.blocking(), 7);
    assert!(strictly_ascending(&block));
    assert_eq!(block.len(), 98 + 6, "100 minus the allowed and the labelled; 10 minus 4 emergency numbers");
    assert!(!block.contains(&412156012) && !block.contains(&412156013) && !block.contains(&39112));
    let ident = chunked(export.identification(), 7);
    assert_eq!(ident.len(), 1 + 100);
    assert_eq!(ident[0], (412156013, Arc::from("Pizza")));
    assert!(
        ident[1..].iter().all(|(n, l)| (4121560100..4121560200).contains(n) && *l == default_label(Category::Spam))
    );
    let labels: BTreeSet<*const u8> = ident[1..].iter().map(|(_, l)| l.as_ptr()).collect();
    assert_eq!(labels.len(), 1, "a default label is shared, not allocated per number");
}

#[test]
fn user_rules_override_the_database_and_feeds_combine_like_the_screener() {
    let entry = |p: &str, action, label: &str| Entry {
        pattern: Pattern::parse(p, None).unwrap(),
        action,
        category: Category::Spam,
        label: Some(label.to_owned()),
    };
    // Feed A labels one number inside a range it blocks; feed B blocks the whole range: the
    // screener takes each feed's most specific answer, then the strongest one (block).
    let a = database("a", 1, &[entry("+4121560##", Action::Block, "A"), entry("+412156050", Action::Label, "A1")]);
    let b = database("b", 1, &[entry("+4121560##", Action::Block, "B")]);
    let rules = rule_set(vec![
        Rule::new(Pattern::parse("+412156051", None).unwrap(), Action::Allow, Category::UserList, None).unwrap(),
        Rule::new(Pattern::parse("+412156052", None).unwrap(), Action::Label, Category::UserList, Some("Mine"))
            .unwrap(),
    ]);
    let export = export_of(&rules, &[a.clone(), b]);
    let block: Vec<u64> = export.blocking().collect();
    assert_eq!(block.len(), 98);
    assert!(block.contains(&412156050) && !block.contains(&412156051) && !block.contains(&412156052));
    let ident: Vec<(u64, Arc<str>)> = export.identification().collect();
    assert_eq!(ident, [(412156052, Arc::from("Mine"))]);
    // Feed A alone: its exact label entry decides that number.
    let ident: Vec<(u64, Arc<str>)> = export_of(&RuleSet::default(), &[a]).identification().collect();
    assert_eq!(ident, [(412156050, Arc::from("A1"))]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn database_export_matches_screening(
        rules in arb_user_rules(),
        feeds in prop::collection::vec(arb_db_entries(), 0..3),
        chunk_size in 1usize..50,
    ) {
        let rs = rule_set(rules);
        let dbs: Vec<Database> =
            feeds.iter().enumerate().map(|(i, e)| database(&format!("feed{i}"), 1, e)).collect();
        let export = export_of(&rs, &dbs);
        let (want_block, want_ident) = oracle_export(&rs, &dbs);
        let block = chunked(export.blocking(), chunk_size);
        prop_assert!(strictly_ascending(&block), "blocking entries strictly ascending");
        prop_assert!(block.iter().all(|n| !is_emergency_value(*n)));
        prop_assert_eq!(block.into_iter().collect::<BTreeSet<_>>(), want_block);
        let ident = chunked(export.identification(), chunk_size);
        let numbers: Vec<u64> = ident.iter().map(|e| e.0).collect();
        prop_assert!(strictly_ascending(&numbers), "identification entries strictly ascending");
        prop_assert_eq!(ident.into_iter().collect::<BTreeMap<_, _>>(), want_ident);
    }

    #[test]
    fn database_incremental_plan_turns_old_export_into_new(
        rules in arb_user_rules(),
        old in arb_db_entries(),
        new in arb_db_entries(),
        chunk_size in 1usize..50,
    ) {
        let rs = rule_set(rules);
        let old = export_of(&rs, &[database("feed", 1, &old)]);
        let new = export_of(&rs, &[database("feed", 2, &new)]);

        let mut block: BTreeSet<u64> = old.blocking().collect();
        let removals = chunked(new.blocking_removals_since(&old), chunk_size);
        let additions = chunked(new.blocking_additions_since(&old), chunk_size);
        prop_assert!(strictly_ascending(&removals) && strictly_ascending(&additions));
        for n in &removals { prop_assert!(block.remove(n), "removing an absent entry {}", n); }
        for n in &additions { prop_assert!(block.insert(*n), "adding a present entry {}", n); }
        prop_assert_eq!(block, new.blocking().collect::<BTreeSet<_>>());

        let mut ident: BTreeMap<u64, Arc<str>> = old.identification().collect();
        let removals = chunked(new.identification_removals_since(&old), chunk_size);
        let additions = chunked(new.identification_additions_since(&old), chunk_size);
        prop_assert!(strictly_ascending(&removals));
        prop_assert!(strictly_ascending(&additions.iter().map(|e| e.0).collect::<Vec<_>>()));
        for n in &removals { prop_assert!(ident.remove(n).is_some(), "removing an absent entry {}", n); }
        for (n, l) in additions { prop_assert!(ident.insert(n, l).is_none(), "adding a present entry {}", n); }
        prop_assert_eq!(ident, new.identification().collect::<BTreeMap<_, _>>());
    }
}
