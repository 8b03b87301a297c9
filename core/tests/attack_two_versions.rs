//! Attack: "two versions of one feed can be given to export at once and the older one's
//! entries still export". One database per feed: the newer is used, in the older one's place.

mod support;

use std::sync::Arc;

use ringfence_core::Language;
use ringfence_core::export::ExportSet;
use support::*;

#[test]
fn an_export_of_two_versions_of_a_feed_is_the_newer_one_alone() {
    let (old, new) = (open(&feed("a", 1, &KEY_A, 40), &KEY_A), open(&feed("a", 2, &KEY_A, 0), &KEY_A));
    let other = open(&feed("b", 1, &KEY_B, 0), &KEY_B);
    let only_new: Vec<u64> =
        ExportSet::from_rules_and_databases(Arc::default(), [new.clone()], Language::En).blocking().collect();
    assert_eq!(only_new.len(), 1, "version 2 blocks one number");
    for order in [vec![old.clone(), new.clone()], vec![new.clone(), old.clone()]] {
        let set = ExportSet::from_rules_and_databases(Arc::default(), order, Language::En);
        assert_eq!(set.blocking().collect::<Vec<_>>(), only_new, "version 1's 40 extra numbers do not export");
        let labels: Vec<String> = set.identification().map(|e| e.1.to_string()).collect();
        assert!(labels.iter().all(|l| l != "a v1"), "{labels:?}");
    }
    // Other feeds are kept.
    let set = ExportSet::from_rules_and_databases(Arc::default(), [old, other, new], Language::En);
    assert_eq!(set.blocking().count(), 1, "b blocks the same number as a v2");
}
