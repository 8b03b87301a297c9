use std::sync::Arc;

use proptest::prelude::*;

use super::{cost, priority};
use crate::database::{Database, DatabaseBuilder, public_key};
use crate::export::sweep::{Segment, tests::arb_streams};
use crate::export::{EXPORTED, EntrySource, EntryStream, ExportEntry, ExportSet};
use crate::i18n::Language;
use crate::number::{E164, Pattern, is_emergency_value};
use crate::precedence::{Origin, entry_rank};
use crate::rules::{Rule, RuleSet};
use crate::verdict::{Action, Category};

/// A source of fixed entries (sorted by `first`).
struct Fixed(Vec<ExportEntry>);

impl EntrySource for Fixed {
    fn entries(self: Arc<Self>) -> EntryStream {
        EntryStream::new(self.0.clone().into_iter())
    }
}

fn set(sources: &[Vec<ExportEntry>]) -> ExportSet {
    let sources = sources.iter().map(|s| Arc::new(Fixed(s.clone())) as Arc<dyn EntrySource>).collect();
    ExportSet::new(sources, Language::En)
}

fn feed(first: u64, last: u64, action: Action, score: u8) -> ExportEntry {
    let wildcards = if first == last { 0 } else { 1 };
    let rank = entry_rank(Origin::Feed, action, wildcards);
    ExportEntry { first, last, rank, action, category: Category::Spam, label: None, score }
}

fn user(first: u64, action: Action) -> ExportEntry {
    ExportEntry { rank: entry_rank(Origin::User, action, 0), ..feed(first, first, action, 0) }
}

/// Every exported number, blocking and identification, ascending.
fn exported(set: &ExportSet) -> Vec<u64> {
    let mut all: Vec<u64> = set.blocking().chain(set.identification().map(|e| e.0)).collect();
    all.sort_unstable();
    all
}

/// The decided segments of `set` (blocking and identification) without a budget, and with it.
fn segments(set: &ExportSet) -> (Vec<Segment>, Vec<Segment>) {
    let drain = |mut s: super::Segments| std::iter::from_fn(move || s.next()).collect::<Vec<_>>();
    (drain(set.segments_within(None, false, EXPORTED)), drain(set.segments(false, EXPORTED)))
}

#[test]
fn keeps_user_rules_then_the_highest_scores_then_the_lowest_numbers() {
    let feeds = vec![
        feed(1000, 1009, Action::Block, 3), // a range: 10 numbers
        feed(1020, 1020, Action::Label, 9),
        feed(1030, 1030, Action::Block, 3),
        feed(1040, 1040, Action::Block, 3),
        feed(1050, 1050, Action::Block, 1),
    ];
    let rules = vec![user(1060, Action::Block), user(1061, Action::Label)];
    let all = set(&[rules.clone(), feeds.clone()]);
    assert_eq!(exported(&all).len(), 16);
    assert_eq!(exported(&all.clone().with_budget(Some(16))).len(), 16);
    assert_eq!(all.clone().with_budget(Some(16)).skipped().over_budget, 0);
    // 4: the user's two, the score-9 label, then the first score-3 entry that fits is the
    // range (10 numbers): it does not, so the score-3 entries stop there, and score 1 is out.
    let four = all.clone().with_budget(Some(4));
    assert_eq!(exported(&four), [1020, 1060, 1061]);
    assert_eq!(four.skipped().over_budget, 13);
    // 14: the range fits, then 1030; 1040 does not; nothing of a lower score comes after it.
    let fourteen: Vec<u64> = (1000..1010).chain([1020, 1030, 1060, 1061]).collect();
    assert_eq!(exported(&all.clone().with_budget(Some(14))), fourteen);
    // 1: one user rule (the lowest number).
    assert_eq!(exported(&all.clone().with_budget(Some(1))), [1060]);
    assert_eq!(exported(&all.with_budget(Some(0))), Vec::<u64>::new());
}

#[test]
fn leaving_out_never_lets_a_weaker_entry_decide() {
    // A feed range labels 2000–2099 (score 9); inside it, a feed blocks 2050 (score 1). With room
    // for the range only, 2050 is left out — not labelled by the range it overrides.
    let feeds = vec![feed(2000, 2099, Action::Label, 9), feed(2050, 2050, Action::Block, 1)];
    let budgeted = set(&[feeds]).with_budget(Some(99));
    let identified: Vec<u64> = budgeted.identification().map(|e| e.0).collect();
    assert_eq!(identified.len(), 99);
    assert!(!identified.contains(&2050));
    assert_eq!(budgeted.blocking().count(), 0);
    assert_eq!(budgeted.skipped().over_budget, 1);
}

#[test]
fn scores_travel_from_the_database_and_a_new_source_is_budgeted_too() {
    let secret = [5u8; 32];
    let mut b = DatabaseBuilder::new("scored", 1).unwrap();
    for (n, score) in [(41_446_681_800u64, 2u8), (41_446_681_801, 200), (41_446_681_802, 7)] {
        let class = b.scored_class(Action::Block, Category::Spam, None, score).unwrap();
        b.push(Pattern::exact(E164::from_u64(n).unwrap()), class).unwrap();
    }
    let db = Database::open(b.build(&secret).unwrap().bytes, &[public_key(&secret)], None).unwrap();
    let scores: Vec<u8> = Arc::new(db.clone()).entries().map(|e| e.score).collect();
    assert_eq!(scores, [2, 200, 7]);
    let budgeted = ExportSet::default().with_budget(Some(2)).with_source(Arc::new(db));
    assert_eq!(budgeted.blocking().collect::<Vec<_>>(), [41_446_681_801, 41_446_681_802]);
    assert_eq!(budgeted.skipped().over_budget, 1);
}

fn check_budget(set: &ExportSet, budget: u64) -> Result<(), TestCaseError> {
    let budgeted = set.clone().with_budget(Some(budget));
    let (all, kept) = segments(&budgeted);
    let total: u64 = all.iter().map(cost).sum();
    let kept_cost: u64 = kept.iter().map(cost).sum();
    prop_assert!(kept_cost <= budget, "kept {kept_cost} numbers over a budget of {budget}");
    prop_assert_eq!(budgeted.skipped().over_budget, total - kept_cost);
    prop_assert_eq!(kept_cost == total, total <= budget, "everything stays exactly when it fits");
    // Only whole decided segments are left out, unchanged otherwise.
    let left: Vec<&Segment> = all.iter().filter(|s| !kept.contains(s)).collect();
    prop_assert_eq!(all.len(), kept.len() + left.len());
    // Every left-out segment has a priority (user rules first, then score) at most that of
    // every kept one.
    let lowest_kept = kept.iter().map(priority).min();
    let highest_left = left.iter().map(|s| priority(s)).max();
    if let (Some(k), Some(l)) = (lowest_kept, highest_left) {
        prop_assert!(l <= k, "left out priority {l} above kept priority {k}");
    }
    // The numbers exported are those of the kept segments, strictly ascending, and a subset of
    // the unbudgeted export with the same labels.
    let blocking: Vec<u64> = budgeted.blocking().collect();
    prop_assert!(blocking.windows(2).all(|w| w[0] < w[1]));
    let unbudgeted: std::collections::HashSet<u64> = set.blocking().collect();
    prop_assert!(blocking.iter().all(|n| unbudgeted.contains(n)));
    let ident: Vec<(u64, Arc<str>)> = budgeted.identification().collect();
    prop_assert!(ident.windows(2).all(|w| w[0].0 < w[1].0));
    let all_ident: std::collections::HashMap<u64, Arc<str>> = set.identification().collect();
    prop_assert!(ident.iter().all(|(n, l)| all_ident.get(n) == Some(l)));
    prop_assert!((blocking.len() + ident.len()) as u64 <= budget);
    // Each export is the expansion of the kept segments of its kind (emergency numbers aside).
    let expand = |actions: &[Action]| -> Vec<u64> {
        let of_kind = kept.iter().filter(|s| actions.contains(&s.action));
        of_kind.flat_map(|s| s.first..=s.last).filter(|n| !is_emergency_value(*n)).collect()
    };
    prop_assert_eq!(&blocking, &expand(&[Action::Block]));
    prop_assert_eq!(ident.iter().map(|e| e.0).collect::<Vec<_>>(), expand(&[Action::Label, Action::Silence]));
    Ok(())
}

proptest! {
    #[test]
    fn budget_keeps_the_highest_priorities_within_it(streams in arb_streams(), budget in 0u64..400) {
        check_budget(&set(&streams), budget)?;
    }

    #[test]
    fn plans_between_budgeted_sets_turn_one_into_the_other(
        old in arb_streams(), new in arb_streams(), budgets in (0u64..300, 0u64..300),
    ) {
        let (old, new) = (set(&old).with_budget(Some(budgets.0)), set(&new).with_budget(Some(budgets.1)));
        let mut blocking: std::collections::BTreeSet<u64> = old.blocking().collect();
        new.blocking_removals_since(&old).for_each(|n| { blocking.remove(&n); });
        blocking.extend(new.blocking_additions_since(&old));
        prop_assert_eq!(blocking.into_iter().collect::<Vec<_>>(), new.blocking().collect::<Vec<_>>());
        let mut ident: std::collections::BTreeMap<u64, Arc<str>> = old.identification().collect();
        new.identification_removals_since(&old).for_each(|n| { ident.remove(&n); });
        ident.extend(new.identification_additions_since(&old));
        prop_assert_eq!(ident.into_iter().collect::<Vec<_>>(), new.identification().collect::<Vec<_>>());
    }

    #[test]
    fn budget_over_a_scored_database_and_user_rules(
        entries in prop::collection::vec((0u64..200, 0u8..3, 0usize..4, 0u8..8), 0..40),
        rules in prop::collection::vec((0u64..200, 0usize..4), 0..6),
        budget in 0u64..600,
    ) {
        let secret = [7u8; 32];
        let actions = [Action::Allow, Action::Label, Action::Silence, Action::Block];
        let mut b = DatabaseBuilder::new("f", 1).unwrap();
        for (n, w, a, score) in entries {
            let number = E164::from_u64(41_215_600_000 + n * 10).unwrap();
            let class = b.scored_class(actions[a], Category::Spam, None, score * 30).unwrap();
            b.push(Pattern::key_for(number, w).unwrap(), class).unwrap();
        }
        let db = Database::open(b.build(&secret).unwrap().bytes, &[public_key(&secret)], None).unwrap();
        let rules: Vec<Rule> = rules.into_iter().map(|(n, a)| {
            let pattern = Pattern::exact(E164::from_u64(41_215_600_000 + n * 10 + 5).unwrap());
            Rule::new(pattern, actions[a], Category::UserList, None).unwrap()
        }).collect();
        let mut rule_set = RuleSet::default();
        rule_set.extend(rules).unwrap();
        let set = ExportSet::from_rules_and_databases(Arc::new(rule_set), [db], Language::En);
        check_budget(&set, budget)?;
    }
}
