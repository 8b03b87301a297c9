//! Entry scores: read from a list's `score` column, stored as a one-byte level per class, carried
//! by deltas, and absent (the file as before scores existed) when a list has none.

use std::sync::Arc;

use ringfence_core::database::import::read_list;
use ringfence_core::database::{
    Database, DatabaseBuilder, ImportOptions, ListFormat, apply, diff, public_key, score_level,
};
use ringfence_core::export::EntrySource;

const SECRET: [u8; 32] = [3; 32];

fn build(version: u64, format: ListFormat, list: &str) -> Database {
    let mut b = DatabaseBuilder::new("scored", version).unwrap();
    b.created_at(1_700_000_000);
    let report = b.import(format, list, &ImportOptions::default(), true).unwrap();
    assert!(report.rejected.is_empty());
    Database::open(b.build(&SECRET).unwrap().bytes, &[public_key(&SECRET)], None).unwrap()
}

/// (first number, score level) of every entry.
fn scores(db: &Database) -> Vec<(u64, u8)> {
    Arc::new(db.clone()).entries().map(|e| (e.first, e.score)).collect()
}

const PLAIN: &str =
    "pattern,action,category,label\n+41446681800,block,spam,\n+4121560####,label,telemarketing,Survey\n";
const SCORED: &str = "pattern,action,category,label,score\n\
                      +41446681800,block,spam,,7\n+4121560####,label,telemarketing,Survey,1000\n+41446681801,block,spam,,\n";

#[test]
fn a_score_column_is_stored_as_levels_and_an_empty_one_as_zero() {
    let db = build(1, ListFormat::Csv, SCORED);
    assert_eq!(scores(&db), [(41_215_600_000, score_level(1000)), (41_446_681_800, 7), (41_446_681_801, 0)]);
    let json = r#"[{"pattern": "+41446681800", "score": 7},
                   {"pattern": "+4121560####", "action": "label", "category": "telemarketing", "label": "Survey", "score": "1000"},
                   {"pattern": "+41446681801", "score": null}]"#;
    let from_json = build(1, ListFormat::Json, json);
    assert_eq!(from_json.as_bytes(), db.as_bytes(), "CSV and JSON give the same file");
}

#[test]
fn a_list_without_scores_gives_the_file_it_gave_before() {
    let plain = build(1, ListFormat::Csv, PLAIN);
    let zeros = build(
        1,
        ListFormat::Csv,
        &PLAIN.replace("label\n", "label,score\n").replace(",\n", ",,0\n").replace("Survey\n", "Survey,0\n"),
    );
    assert_eq!(plain.as_bytes(), zeros.as_bytes(), "score 0 everywhere is no score at all");
    assert!(scores(&plain).iter().all(|(_, s)| *s == 0));
    // Scores make distinct classes: one more byte of classes, the same entries.
    let scored = build(1, ListFormat::Csv, &SCORED.replace("\n+41446681801,block,spam,,\n", "\n"));
    assert_ne!(plain.as_bytes(), scored.as_bytes());
    assert_eq!(plain.info().exact_count, scored.info().exact_count);
}

#[test]
fn decimal_scores_as_feed_aggregate_writes_them_round_to_the_nearest_whole_score() {
    let list = "pattern,score\n+41446681800,2.500\n+41446681801,2.499\n+41446681802,0.4\n+41446681803,17\n";
    let (entries, report) = read_list(ListFormat::Csv, list, &ImportOptions::default()).unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(entries.iter().map(|e| e.score).collect::<Vec<_>>(), [3, 2, 0, 17]);
}

#[test]
fn bad_scores_reject_their_row_by_line() {
    let list = "pattern,score\n+41446681800,-1\n+41446681801,1.\n+41446681802,lots\n+41446681803,99999999999999999999999\n+41446681804,.5\n";
    let (entries, report) = read_list(ListFormat::Csv, list, &ImportOptions::default()).unwrap();
    let rejected: Vec<(u32, &str)> = report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(rejected, [(2, "invalid score"), (3, "invalid score"), (4, "invalid score"), (6, "invalid score")]);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].score, u64::MAX, "a huge score saturates");
    let json = r#"[{"pattern": "+41446681800", "score": -2}, {"pattern": "+41446681801", "score": true}]"#;
    let (_, report) = read_list(ListFormat::Json, json, &ImportOptions::default()).unwrap();
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["invalid score", "fields must be strings"]);
}

#[test]
fn deltas_carry_score_changes_and_stay_as_they_were_without_scores() {
    let (v1, v2) = (build(1, ListFormat::Csv, PLAIN), build(2, ListFormat::Csv, SCORED));
    let delta = diff(&v1, &v2, &SECRET).unwrap();
    assert_eq!(apply(&v1, &delta).unwrap(), v2.as_bytes(), "scores added");
    let back = build(3, ListFormat::Csv, PLAIN);
    assert_eq!(apply(&v2, &diff(&v2, &back, &SECRET).unwrap()).unwrap(), back.as_bytes(), "scores removed");
    // A score change alone is a change.
    let rescored = build(3, ListFormat::Csv, &SCORED.replace(",7\n", ",8\n"));
    let delta = diff(&v2, &rescored, &SECRET).unwrap();
    assert_eq!(apply(&v2, &delta).unwrap(), rescored.as_bytes());
    // Between files without scores, deltas are as before.
    let plain_delta = diff(&v1, &build(2, ListFormat::Csv, &PLAIN.replace("Survey", "Poll")), &SECRET).unwrap();
    assert!(apply(&v1, &plain_delta).is_ok());
}
