//! Property tests: a database answers exactly like a plain model (a map of exact numbers plus a
//! list of ranges, with allow-wins-else-most-specific precedence) built from the same input, and
//! iterates its entries in ascending order.

use std::collections::HashMap;

use proptest::prelude::*;
use ringfence_core::database::{Database, DatabaseBuilder, Entry, public_key};
use ringfence_core::{Action, Category, E164, Pattern};

const SECRET: [u8; 32] = [3; 32];
const ACTIONS: [Action; 4] = [Action::Allow, Action::Label, Action::Silence, Action::Block];
const LABELS: [Option<&str>; 3] = [None, Some("Spam"), Some("Télémarketing")];

/// Numbers `+4121560NNNN`, `+412156NNNNN` (a neighbour) and a few other countries.
fn number(sel: u8, n: u32) -> u64 {
    match sel % 4 {
        0 | 1 => 41_215_600_000 + u64::from(n % 20_000),
        2 => 39_312_000_000 + u64::from(n % 1_000_000) * 7,
        _ => 12_025_550_100 + u64::from(n % 100),
    }
}

fn entry_strategy() -> impl Strategy<Value = Entry> {
    (any::<u8>(), any::<u32>(), 0u8..6, 0usize..4, 0usize..13, 0usize..3).prop_map(|(sel, n, w, a, c, l)| {
        let v = number(sel, n);
        // Mostly exact numbers; some ranges of 1–4 wildcards (and an occasional short length).
        let w = if w < 3 { 0 } else { w - 2 };
        let p = Pattern::key_for(E164::from_u64(v).unwrap(), w).unwrap();
        Entry {
            pattern: p,
            action: ACTIONS[a],
            category: Category::ALL[c],
            label: LABELS[l].map(str::to_owned),
            score: 0,
        }
    })
}

fn rank(a: Action) -> u8 {
    match a {
        Action::Allow => 0,
        Action::Block => 1,
        Action::Silence => 2,
        Action::Label => 3,
    }
}

/// The model: duplicates resolved like the builder documents.
fn model(entries: &[Entry]) -> HashMap<Pattern, Entry> {
    let mut m: HashMap<Pattern, Entry> = HashMap::new();
    for e in entries {
        match m.get(&e.pattern) {
            Some(kept) if rank(kept.action) <= rank(e.action) => {}
            _ => {
                m.insert(e.pattern, e.clone());
            }
        }
    }
    m
}

fn model_lookup(m: &HashMap<Pattern, Entry>, n: E164) -> Option<&Entry> {
    let matches: Vec<&Entry> = (0..15).filter_map(|w| Pattern::key_for(n, w)).filter_map(|p| m.get(&p)).collect();
    matches.iter().find(|e| e.action == Action::Allow).or(matches.first()).copied()
}

fn build(entries: &[Entry]) -> Database {
    let mut b = DatabaseBuilder::new("model", 1).unwrap();
    for e in entries {
        b.add(e).unwrap();
    }
    Database::open(b.build(&SECRET).unwrap().bytes, &[public_key(&SECRET)], None).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn answers_like_the_model(entries in prop::collection::vec(entry_strategy(), 0..300), probes in prop::collection::vec((any::<u8>(), any::<u32>()), 200)) {
        let db = build(&entries);
        let m = model(&entries);
        let queries = entries.iter().map(|e| e.pattern.first().as_u64())
            .chain(entries.iter().map(|e| e.pattern.first().as_u64() + e.pattern.size() - 1))
            .chain(probes.iter().map(|(s, n)| number(*s, *n)));
        for q in queries {
            let n = E164::from_u64(q).unwrap();
            let got = db.lookup(n).map(|d| (d.pattern, d.action, d.category, d.label.map(str::to_owned)));
            let want = model_lookup(&m, n).map(|e| (e.pattern, e.action, e.category, e.label.clone()));
            prop_assert_eq!(got, want, "number {}", q);
        }
        prop_assert_eq!(db.exact_count() + db.range_count(), m.len() as u64);
    }

    #[test]
    fn iterates_every_entry_once_in_ascending_order(entries in prop::collection::vec(entry_strategy(), 0..300)) {
        let db = build(&entries);
        let m = model(&entries);
        let listed: Vec<_> = db.entries().map(|e| (e.pattern, e.action, e.category, e.label.map(str::to_owned))).collect();
        let mut want: Vec<_> = m.values().map(|e| (e.pattern, e.action, e.category, e.label.clone())).collect();
        want.sort_by_key(|e| (e.0.first(), e.0.wildcards()));
        prop_assert_eq!(&listed, &want);
        let owned: Vec<_> = db.clone().into_entries().map(|e| (e.pattern, e.action, e.category, e.label.map(|l| l.to_string()))).collect();
        prop_assert_eq!(owned, want);
    }
}

#[test]
fn a_database_of_scattered_numbers_answers_hits_and_misses() {
    // Numbers spread over several countries and lengths, so chunks and buckets vary.
    let mut numbers: Vec<u64> = Vec::new();
    let mut x = 7u64;
    for i in 0..60_000u64 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let base =
            [12_025_550_000u64, 41_790_000_000, 393_200_000_000, 4_915_100_000_000, 447_700_900_000][(i % 5) as usize];
        numbers.push(base + (x >> 20) % 90_000_000);
    }
    numbers.extend(41_215_600_000..41_215_603_000); // a dense run
    let mut b = DatabaseBuilder::new("scatter", 1).unwrap();
    let class = b.class(Action::Block, Category::Spam, None).unwrap();
    for v in &numbers {
        b.push(Pattern::exact(E164::from_u64(*v).unwrap()), class).unwrap();
    }
    let db = Database::open(b.build(&SECRET).unwrap().bytes, &[public_key(&SECRET)], None).unwrap();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(db.exact_count(), numbers.len() as u64);
    for v in &numbers {
        assert!(db.lookup(E164::from_u64(*v).unwrap()).is_some(), "{v} missing");
        for miss in [v + 1, v.saturating_sub(1)] {
            let expected = numbers.binary_search(&miss).is_ok();
            assert_eq!(db.lookup(E164::from_u64(miss).unwrap()).is_some(), expected, "{miss}");
        }
    }
    let listed: Vec<u64> = db.entries().map(|e| e.pattern.first().as_u64()).collect();
    assert_eq!(listed, numbers);
}
