//! Each aggregation rule at its edges, on the embedded engine (DataFusion).

mod common;

use common::{HALF_LIFE, NOW, R, fresh, lines, run, run_with};
use ringfence_publisher::Params;

const N: &str = "+41791234567";

#[test]
fn a_number_needs_the_minimum_of_distinct_reporters() {
    assert!(run(&fresh(N, 3)).is_empty(), "threshold - 1");
    assert_eq!(lines(&run(&fresh(N, 4))), ["+41791234567 silence spam 4.000"], "threshold");
    let five = Params { min_reporters: 5, ..Params::new(NOW) };
    assert!(run_with(&fresh(N, 4), &five, &[]).is_empty());
}

#[test]
fn a_report_weighs_half_after_one_half_life() {
    let at = |age| (0..4).map(|i| R(N, ["a", "b", "c", "d"][i], age, "spam", "spam")).collect::<Vec<_>>();
    // Four reports exactly one half-life old: 4 x 0.5 = 2.0, the label threshold.
    assert_eq!(lines(&run(&at(HALF_LIFE))), ["+41791234567 label spam 2.000"]);
    // A minute older: just below it (weights are whole micro-units, about 7 s at one half-life).
    assert!(run(&at(HALF_LIFE + 60)).is_empty());
    // Two half-lives: 0.25 each.
    let mut eight = at(2 * HALF_LIFE);
    eight.extend((0..4).map(|i| R(N, ["e", "f", "g", "h"][i], 2 * HALF_LIFE, "spam", "spam")));
    assert_eq!(lines(&run(&eight)), ["+41791234567 label spam 2.000"]);
}

#[test]
fn one_reporter_counts_once_per_number() {
    // p0 reports the number ten times today and on five other days: still one vote.
    let mut reports = fresh(N, 3);
    reports.extend((0..10).map(|i| R(N, "p0", 100 + i, "spam", "spam")));
    reports.extend((1..=5).map(|d| R(N, "p0", d * 86_400, "spam", "spam")));
    assert!(run(&reports).is_empty(), "three distinct reporters, however many reports");
    reports.push(R(N, "p3", 0, "spam", "spam"));
    // p0's weight is that of its latest report (fresh), once.
    assert_eq!(lines(&run(&reports)), ["+41791234567 silence spam 4.000"]);
}

#[test]
fn not_spam_votes_subtract() {
    let mut reports = fresh(N, 5);
    reports.push(R(N, "p5", HALF_LIFE, "spam", "spam"));
    assert_eq!(lines(&run(&reports)), ["+41791234567 silence spam 5.500"]);
    reports.push(R(N, "q1", 0, "not_spam", ""));
    reports.push(R(N, "q2", 0, "not_spam", ""));
    assert_eq!(lines(&run(&reports)), ["+41791234567 label spam 3.500"]);
    // p5 said spam a half-life ago and "not spam" now: p5 subtracts (1.0) instead of adding (0.5).
    reports.push(R(N, "p5", 0, "not_spam", ""));
    assert_eq!(lines(&run(&reports)), ["+41791234567 label spam 2.000"]);
    reports.push(R(N, "q3", 0, "not_spam", ""));
    assert!(run(&reports).is_empty(), "score 1.0 is below the label threshold");
}

#[test]
fn actions_follow_the_score_thresholds() {
    assert_eq!(lines(&run(&fresh(N, 8))), ["+41791234567 block spam 8.000"]);
    assert_eq!(lines(&run(&fresh(N, 7))), ["+41791234567 silence spam 7.000"]);
    let strict = Params { label: 5.0, silence: 6.0, block: 7.0, ..Params::new(NOW) };
    assert_eq!(lines(&run_with(&fresh(N, 4), &strict, &[])), Vec::<String>::new());
    assert_eq!(lines(&run_with(&fresh(N, 7), &strict, &[])), ["+41791234567 block spam 7.000"]);
}

#[test]
fn the_category_is_the_weighted_vote() {
    let mut reports: Vec<R<'_>> = (0..3).map(|i| R(N, ["a", "b", "c"][i], 0, "spam", "scam")).collect();
    reports.extend((0..2).map(|i| R(N, ["d", "e"][i], 0, "spam", "telemarketing")));
    assert_eq!(lines(&run(&reports)), ["+41791234567 silence scam 5.000"]);
    // Two fresh telemarketing votes outweigh three a half-life old (2.0 > 1.5).
    let old: Vec<R<'_>> =
        reports.iter().map(|r| if r.4 == "scam" { R(r.0, r.1, HALF_LIFE, r.3, r.4) } else { *r }).collect();
    assert_eq!(lines(&run(&old)), ["+41791234567 label telemarketing 3.500"]);
}

/// `count` numbers of the block `+4179123456#` (or of `+417912345##` spread over its decades),
/// each reported fresh by two of six reporters.
fn block(count: usize, spread: bool) -> Vec<R<'static>> {
    let reporters = ["a", "b", "c", "d", "e", "f"];
    (0..count)
        .flat_map(|i| {
            let n = if spread { format!("+417912345{}{}", i % 2, i) } else { format!("+4179123456{i}") };
            let n: &'static str = Box::leak(n.into_boxed_str());
            [R(n, reporters[(2 * i) % 6], 0, "spam", "scam"), R(n, reporters[(2 * i + 1) % 6], 0, "spam", "scam")]
        })
        .collect()
}

#[test]
fn a_range_needs_range_min_reported_numbers() {
    assert!(run(&block(4, false)).is_empty(), "K - 1 numbers in a block of 10");
    assert_eq!(lines(&run(&block(5, false))), ["+4179123456# block scam 10.000"], "K numbers");
    let k4 = Params { range_min: 4, ..Params::new(NOW) };
    assert_eq!(lines(&run_with(&block(4, false), &k4, &[])), ["+4179123456# block scam 8.000"]);
}

#[test]
fn a_block_of_100_needs_its_numbers_in_more_than_one_block_of_10() {
    assert!(run(&block(4, true)).is_empty(), "K - 1");
    assert_eq!(lines(&run(&block(5, true))), ["+417912345## block scam 10.000"], "K, over two decades");
}

#[test]
fn a_range_needs_the_minimum_of_distinct_reporters() {
    // Five neighbours, each reported by the same three people: a range of three reporters.
    let few: Vec<R<'static>> = (0..5)
        .flat_map(|i| {
            let n: &'static str = Box::leak(format!("+4179123456{i}").into_boxed_str());
            ["a", "b", "c"].map(|p| R(n, p, 0, "spam", "spam"))
        })
        .collect();
    assert!(run(&few).is_empty());
}

#[test]
fn the_allow_list_wins() {
    let params = Params::new(NOW);
    assert!(run_with(&fresh(N, 20), &params, &[N]).is_empty(), "an allowed number");
    assert!(run_with(&fresh(N, 20), &params, &["+417912345##"]).is_empty(), "inside an allowed range");
    // An allowed number inside a block keeps the block from becoming a range, and does not count.
    assert!(run_with(&block(5, false), &params, &["+41791234560"]).is_empty());
    assert!(run_with(&block(6, false), &params, &["+41791234560"]).is_empty(), "it overlaps the range");
    assert_eq!(lines(&run_with(&fresh(N, 4), &params, &["+41791234568"])), ["+41791234567 silence spam 4.000"]);
}

#[test]
fn emergency_numbers_are_never_listed_nor_covered() {
    let emergency: Vec<R<'static>> = fresh("+41117", 10);
    assert!(run(&emergency).is_empty());
    // Short neighbours of +41112 and +41117: no range may cover them.
    let near: Vec<R<'static>> = ["+41110", "+41111", "+41113", "+41114", "+41115", "+41116"]
        .iter()
        .flat_map(|n| ["a", "b", "c", "d"].map(|p| R(n, p, 0, "spam", "spam")))
        .collect();
    let out = lines(&run(&near));
    assert!(out.iter().all(|l| !l.contains('#')), "{out:?}");
    assert_eq!(out.len(), 6);
}

/// `number` reported fresh by `count` distinct people (`p0`, `p1`, …) as `category`.
fn reported(number: &'static str, count: usize, category: &'static str) -> Vec<R<'static>> {
    fresh(number, count).into_iter().map(|r| R(r.0, r.1, 0, "spam", category)).collect()
}

#[test]
fn an_entry_its_nearest_listed_range_already_says_is_left_out() {
    // A number (block, scam) inside a listed block of 100 (block, scam): the range says it all.
    let mut same = block(5, true);
    same.extend(reported("+41791234520", 8, "scam"));
    assert_eq!(lines(&run(&same)), ["+417912345## block scam 18.000"]);
    // The same number as spam: its category differs, so it stays.
    let mut other = block(5, true);
    other.extend(reported("+41791234520", 8, "spam"));
    assert_eq!(lines(&run(&other)), ["+417912345## block scam 18.000", "+41791234520 block spam 8.000"]);
    // A block of 10 (block, scam) inside the block of 100 (block, scam) goes too.
    let mut ten = block(5, false);
    ten.extend(reported("+41791234570", 8, "scam"));
    assert_eq!(lines(&run(&ten)), ["+417912345## block scam 18.000"]);
}

#[test]
fn an_entry_is_compared_with_its_nearest_listed_range_only() {
    // +4179123450# (silence, spam) sits in +417912345## (silence, scam). +41791234509 (silence,
    // scam) matches the block of 100 but not its nearest range, the block of 10: it stays;
    // +41791234510 (silence, scam), whose block of 10 is not listed, goes.
    let mut reports: Vec<R<'static>> = (0..5)
        .map(|i| {
            R(Box::leak(format!("+4179123450{i}").into_boxed_str()), ["a", "b", "c", "d", "e"][i], 0, "spam", "spam")
        })
        .collect();
    reports.extend(reported("+41791234509", 4, "scam"));
    reports.extend(reported("+41791234510", 6, "scam"));
    let params = Params { block: 100.0, ..Params::new(NOW) };
    assert_eq!(
        lines(&run_with(&reports, &params, &[])),
        ["+417912345## silence scam 15.000", "+4179123450# silence spam 9.000", "+41791234509 silence scam 4.000"]
    );
}
