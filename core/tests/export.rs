//! Call Directory export: strictly ascending, no duplicates, the same decisions as screening,
//! emergency numbers never blocked, and incremental plans that turn the old set into the new.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proptest::prelude::*;
use ringfence_core::export::{EntrySource, ExportSet, chunk};
use ringfence_core::{Action, Category, E164, Language, Pattern, Rule, RuleSet};

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

/// What screening decides for every number any rule covers (the oracle).
fn oracle(rs: &RuleSet) -> (BTreeSet<u64>, BTreeMap<u64, Action>) {
    let mut block = BTreeSet::new();
    let mut ident = BTreeMap::new();
    for r in rs.rules() {
        let first = r.pattern.first().as_u64();
        for n in first..first + r.pattern.size() {
            match rs.lookup(E164::from_u64(n).unwrap()).map(|m| m.action) {
                Some(Action::Block) if !ringfence_core::number::is_emergency_value(n) => {
                    block.insert(n);
                }
                Some(a @ (Action::Label | Action::Silence)) => {
                    ident.insert(n, a);
                }
                _ => {}
            }
        }
    }
    (block, ident)
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
        let ident: Vec<u64> = export.identification().map(|e| e.0).collect();
        prop_assert!(strictly_ascending(&ident));
        prop_assert_eq!(ident.into_iter().collect::<BTreeSet<_>>(), want_ident.keys().copied().collect());
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
