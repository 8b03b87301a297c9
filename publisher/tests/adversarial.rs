//! Hostile but realistic report files, one class of input per test: each asserts the contract of
//! docs/reports-format.md. A bad row is counted and reported by line (its reason never holds the
//! row's text), the read never stops on one; a file that is not a report file is refused whole
//! with a typed error; the same input always gives the same result.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, DictionaryArray, Int32Array, Int64Array, LargeStringArray, ListArray, RecordBatch, StringArray,
    StringViewArray, TimestampMicrosecondArray, TimestampMillisecondArray,
};
use datafusion::arrow::datatypes::Int32Type;
use datafusion::parquet::arrow::ArrowWriter;
use ringfence_core::{Action, CallTime, Category, IncomingCall, NumberProblem, Report, ReportRecord, Screener};
use ringfence_publisher::{
    Params, PublisherError, Reports, RowProblem, aggregate, category_code, read_allow_lists, read_reports,
    read_reports_at, write_list,
};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ringfence-publisher-adv-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// 2025-01-31T00:00:00Z, the time reports are aged against.
const NOW: i64 = 1_738_281_600;
/// 2025-01-30T12:00:00Z, when the calls came.
const T: &str = "2025-01-30T12:00:00Z";
const T_SECS: i64 = NOW - 12 * 3600;
/// The number every good row reports, as E.164 digits.
const NUMBER: i64 = 41_446_681_800;
/// Runs of its digits that may appear in no message.
const DIGITS: [&str; 3] = ["4144668", "6681800", "668 18"];

/// One normalised report: (number, reporter key, category, spam, time).
type Row = (i64, i64, i32, i32, i64);

/// The normalised rows of `reports`, in order.
fn rows(reports: &Reports) -> Vec<Row> {
    let col = |b: &RecordBatch, i: usize| -> Vec<i64> {
        let c = b.column(i);
        match c.as_any().downcast_ref::<Int64Array>() {
            Some(a) => a.values().to_vec(),
            None => c.as_any().downcast_ref::<Int32Array>().unwrap().values().iter().map(|v| i64::from(*v)).collect(),
        }
    };
    reports
        .batches
        .iter()
        .flat_map(|b| {
            let c: Vec<Vec<i64>> = (0..5).map(|i| col(b, i)).collect();
            (0..b.num_rows())
                .map(move |r| (c[0][r], c[1][r], c[2][r] as i32, c[3][r] as i32, c[4][r]))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The rejected rows as (line, problem); asserts that no reason holds a digit run of [`NUMBER`].
fn rejected(reports: &Reports) -> Vec<(u64, RowProblem)> {
    for r in &reports.rejected {
        assert_no_number(&format!("{}:{}: {}", r.file.display(), r.line, r.problem));
    }
    reports.rejected.iter().map(|r| (r.line, r.problem)).collect()
}

fn assert_no_number(text: &str) {
    assert!(!DIGITS.iter().any(|d| text.contains(d)), "a message holds the number: {text}");
}

/// Writes `body` as `d/name` and reads it, aged against [`NOW`].
fn read(d: &Path, name: &str, body: &[u8]) -> Result<Reports, PublisherError> {
    let path = d.join(name);
    std::fs::write(&path, body).unwrap();
    let result = read_reports_at(&[&path], NOW);
    if let Err(e) = &result {
        assert_no_number(&e.to_string());
    }
    result
}

/// The refusal's reason (asserting it is `NotReports`).
fn refused(d: &Path, name: &str, body: &[u8]) -> String {
    match read(d, name, body) {
        Err(PublisherError::NotReports { reason, .. }) => reason,
        other => panic!("{name}: expected a refusal, got {other:?}"),
    }
}

const HEADER: &str = "number,region,category,time,reporter,vote,caller_name";

/// Four reporters of [`NUMBER`] in several notations (lines 2-5), then a bad number (line 6).
fn baseline_lines() -> Vec<String> {
    let mut lines = vec![HEADER.to_owned()];
    for (i, n) in ["+41446681800", "044 668 18 00", "\"+41 44 668 18 00\"", "0041446681800"].iter().enumerate() {
        lines.push(format!("{n},CH,scam,{T},p{i},spam,"));
    }
    lines.push(format!("x,CH,scam,{T},p4"));
    lines
}

fn expected_rows(reports: &Reports) {
    let numbers: Vec<i64> = rows(reports).iter().map(|r| r.0).collect();
    assert_eq!(numbers, [NUMBER; 4]);
    assert!(rows(reports).iter().all(|r| r.2 == category_code(Category::Scam) && r.3 == 1 && r.4 == T_SECS));
}

#[test]
fn line_ends_bom_blank_lines_and_a_missing_last_newline_read_alike() {
    let d = dir("line-ends");
    let lines = baseline_lines();
    let base = read(&d, "lf.csv", (lines.join("\n") + "\n").as_bytes()).unwrap();
    expected_rows(&base);
    let variants: [(&str, String); 7] = [
        ("crlf", lines.join("\r\n") + "\r\n"),
        ("cr", lines.join("\r") + "\r"),
        ("no-last-newline", lines.join("\n")),
        ("bom-lf", format!("\u{feff}{}\n", lines.join("\n"))),
        ("bom-crlf", format!("\u{feff}{}", lines.join("\r\n"))),
        ("bom-cr", format!("\u{feff}{}", lines.join("\r"))),
        ("bom-quoted-header", format!("\u{feff}\"number\",{}\n", lines.join("\n").strip_prefix("number,").unwrap())),
    ];
    for (name, body) in variants {
        let r = read(&d, &format!("{name}.csv"), body.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((r.read, rejected(&r)), (5, vec![(6, RowProblem::Number(NumberProblem::NotANumber))]), "{name}");
        assert_eq!(rows(&r), rows(&base), "{name}");
    }
    // Blank and white-space lines are skipped, not counted; line numbers stay the file's.
    let mut spaced = lines.clone();
    spaced.insert(3, String::new());
    spaced.insert(5, " \t ".into());
    spaced.insert(0, String::new());
    let r = read(&d, "blank.csv", (spaced.join("\r\n") + "\r\n\r\n").as_bytes()).unwrap();
    assert_eq!((r.read, rejected(&r)), (5, vec![(9, RowProblem::Number(NumberProblem::NotANumber))]));
    assert_eq!(rows(&r), rows(&base));
}

#[test]
fn quoted_fields_hold_commas_and_quotes_and_a_row_is_one_line() {
    let d = dir("quotes");
    let body = [
        HEADER.to_owned(),
        format!("\"+41 44 668 18 00\",\"CH\",\"scam\",\"{T}\",\"p0\",\"spam\",\"Acme, Inc. \"\"Support\"\"\""),
        format!("+41446681800,CH,scam,{T},\"p,1\",spam,\"two"), // 3: a quote that does not close
        "lines\"".to_owned(),                                   // 4: its continuation
        format!("+41446681800,CH,scam,{T},p3,\"spam\" x"),      // 5: text after a closing quote
        format!("+41446681800,CH,scam,{T},\"p,1\",spam,Joe \"the boss\""), // 6: quotes inside a field
    ]
    .join("\n");
    let r = read(&d, "q.csv", body.as_bytes()).unwrap();
    assert_eq!(r.read, 5);
    assert_eq!(rejected(&r), [(3, RowProblem::Malformed), (4, RowProblem::Malformed), (5, RowProblem::Malformed)]);
    let rows = rows(&r);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.0 == NUMBER) && rows[0].1 != rows[1].1, "{rows:?}");
}

#[test]
fn header_columns_in_any_order_case_and_spacing_with_extra_columns() {
    let d = dir("header");
    let base = read(&d, "base.csv", (baseline_lines().join("\n") + "\n").as_bytes()).unwrap();
    let body = baseline_lines()[1..]
        .iter()
        .map(|l| {
            let f = fields_of(l);
            // reporter, extra, time, number, category, extra, region
            format!("{},junk,{},\"{}\",{},\"a,b\",{}", f[4], f[3], f[0], f[2], f[1])
        })
        .collect::<Vec<_>>()
        .join("\n");
    let header = " Reporter ,Notes,TIME,\"Number\",CATEGORY,x,\tRegion\t";
    let r = read(&d, "reordered.csv", format!("{header}\n{body}\n").as_bytes()).unwrap();
    assert_eq!((r.read, rejected(&r)), (5, vec![(6, RowProblem::Number(NumberProblem::NotANumber))]));
    assert_eq!(rows(&r), rows(&base));
    // An unknown column named twice is still ignored; a header-only file is an empty report file.
    let r = read(&d, "twice-unknown.csv", b"number,region,category,time,reporter,x,x\n").unwrap();
    assert_eq!((r.read, r.rejected.len(), r.batches.len()), (0, 0, 0));
}

/// The fields of a baseline line (no quotes but around field 0).
fn fields_of(line: &str) -> Vec<String> {
    let mut f: Vec<String> = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').unwrap();
            f.push(q[..end].to_owned());
            rest = q[end + 1..].strip_prefix(',').unwrap_or("");
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            f.push(rest[..end].to_owned());
            rest = rest.get(end + 1..).unwrap_or("");
        }
    }
    f
}

#[test]
fn files_that_are_not_report_files_are_refused_with_a_clear_reason() {
    let d = dir("not-reports");
    let row = format!("+41446681800,CH,scam,{T},p0\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", b"".to_vec(), "empty file, header required"),
        ("bom-only.csv", "\u{feff}".into(), "empty file, header required"),
        ("blank-only.csv", b"\n \r\n\t\n".to_vec(), "empty file, header required"),
        ("no-header.csv", row.clone().into(), "missing columns: number, region, category, time, reporter"),
        ("missing.csv", format!("number,region,category,time\n{row}").into(), "missing columns: reporter"),
        ("dup.csv", format!("number,region,category,time,reporter,Number\n{row}").into(), "duplicate column: number"),
        ("dup-vote.csv", b"number,region,category,time,reporter,vote, VOTE\n".to_vec(), "duplicate column: vote"),
        (
            "semicolons.csv",
            b"number;region;category;time;reporter\n".to_vec(),
            "one column: separate the columns with commas",
        ),
        (
            "tabs.csv",
            b"number\tregion\tcategory\ttime\treporter\n".to_vec(),
            "one column: separate the columns with commas",
        ),
        ("wide.csv", format!("{HEADER}{}\n", ",x".repeat(64)).into(), "more than 64 columns"),
        (
            "open-quote.csv",
            b"\"number,region,category,time,reporter\n".to_vec(),
            "malformed header (a quote does not close)",
        ),
        ("latin1.csv", b"n\xfcmber,region,category,time,reporter\n".to_vec(), "the header is not UTF-8 text"),
        (
            "utf16.csv",
            "number,region".encode_utf16().flat_map(u16::to_le_bytes).collect(),
            "the header is not UTF-8 text",
        ),
        ("utf16-bom.csv", b"\xff\xfen\x00u\x00".to_vec(), "the header is not UTF-8 text"),
        ("huge-header.csv", vec![b'a'; (1 << 20) + 1], "the header line is longer than 1 MiB"),
        ("gzip.csv", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xfe".to_vec(), "the header is not UTF-8 text"),
        ("csv-named.parquet", format!("{HEADER}\n{row}").into(), "not a Parquet file"),
        ("empty.parquet", Vec::new(), "not a Parquet file"),
    ];
    for (name, body, reason) in cases {
        assert_eq!(refused(&d, name, &body), reason, "{name}");
    }
    let parquet = parquet_bytes(&[("number", text(&["+41446681800"]))]);
    assert_eq!(refused(&d, "parquet-named.csv", &parquet), "a Parquet file: name it .parquet");
    for name in ["reports.json", "reports", "reports.csv.gz", "reports.tsv"] {
        std::fs::write(d.join(name), HEADER).unwrap();
        let e = read_reports(&[d.join(name)]).unwrap_err();
        assert!(matches!(e, PublisherError::UnknownFormat(_)), "{name}: {e}");
    }
    // Upper-case extensions are the same formats.
    let r = read(&d, "UPPER.CSV", format!("{HEADER}\n{row}").as_bytes()).unwrap();
    assert_eq!((r.read, r.rejected.len()), (1, 0));
    // A refused file fails the whole read, wherever it comes among good ones.
    std::fs::write(d.join("good.csv"), format!("{HEADER}\n{row}")).unwrap();
    let e = read_reports_at(&[d.join("good.csv"), d.join("dup.csv"), d.join("good.csv")], NOW).unwrap_err();
    assert!(matches!(&e, PublisherError::NotReports { path, .. } if path.ends_with("dup.csv")), "{e}");
    let e = read_reports_at(&[d.join("good.csv"), d.join("absent.csv")], NOW).unwrap_err();
    assert!(matches!(&e, PublisherError::Io { path, .. } if path.ends_with("absent.csv")), "{e}");
}

#[test]
fn a_row_has_at_most_the_header_fields_and_at_least_the_required_ones() {
    let d = dir("fields");
    let body = [
        "number,region,category,time,reporter,vote".to_owned(),
        format!("+41446681800,CH,scam,{T},p0,spam"),     // 2: all fields
        format!("+41446681800,CH,scam,{T},p1"),          // 3: the optional vote left off the end
        format!("+41446681800,CH,scam,{T},p2,spam,"),    // 4: one field more than the header
        format!("+41446681800,CH,scam,{T},p3,spam,x,y"), // 5: two more (an unquoted comma?)
        format!("+41446681800,CH,scam,{T}"),             // 6: the reporter missing
        "+41446681800".to_owned(),                       // 7
        ",".repeat(10_000),                              // 8: ten thousand fields
    ]
    .join("\n");
    let r = read(&d, "f.csv", body.as_bytes()).unwrap();
    assert_eq!(r.read, 7);
    let lines: Vec<u64> = rejected(&r).iter().map(|(l, p)| (assert_eq!(*p, RowProblem::Malformed), *l).1).collect();
    assert_eq!(lines, [4, 5, 6, 7, 8]);
    assert_eq!(rows(&r).len(), 2);
}

/// A CSV with one row per `(number, region, category, time, reporter, vote, caller_name)`.
fn csv(rows: &[[&str; 7]]) -> Vec<u8> {
    let quote = |f: &str| if f.contains([',', '"']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_owned() };
    let mut out = format!("{HEADER}\n");
    for r in rows {
        out += &(r.iter().map(|f| quote(f)).collect::<Vec<_>>().join(",") + "\n");
    }
    out.into_bytes()
}

#[test]
fn times_in_every_rfc3339_form_are_read_and_others_are_row_errors() {
    let d = dir("times");
    let same = [
        T,
        "2025-01-30T12:00:00+00:00",
        "2025-01-30T12:00:00-00:00",
        "2025-01-30T13:00:00+01:00",
        "2025-01-30T07:00:00-05:00",
        "2025-01-30T17:45:00+05:45",
        "2025-01-30t12:00:00z",
        "2025-01-30 12:00:00Z",
        "2025-01-30T12:00:00.999999Z",
        " 2025-01-30T12:00:00Z ",
    ];
    let bad = [
        "2025-01-30T12:00:00",       // no offset
        "2025-01-30",                // a date
        "2025-01-30T12:00Z",         // no seconds
        "30/01/2025 12:00",          // a national form
        "1738238400",                // Unix seconds
        "2025-02-30T12:00:00Z",      // no such day
        "2025-01-30T12:00:00+24:00", // no such offset
        "1969-12-31T23:59:59Z",      // before 1970
        "",
    ];
    let future = ["2025-02-01T00:00:01Z", "2025-02-01T01:00:01+01:00", "9999-12-31T23:59:59Z"];
    // Exactly --now, and up to a day after it (a phone's clock running fast): read as --now.
    let skewed = ["2025-01-31T01:00:00+01:00", "2025-01-31T00:00:01Z", "2025-02-01T01:00:00+01:00"];
    let all: Vec<[&str; 7]> = same
        .iter()
        .chain(&bad)
        .chain(&future)
        .chain(&skewed)
        .map(|t| ["+41446681800", "CH", "scam", *t, "p", "", ""])
        .collect();
    let r = read(&d, "t.csv", &csv(&all)).unwrap();
    let times: Vec<i64> = rows(&r).iter().map(|r| r.4).collect();
    assert_eq!(times, [vec![T_SECS; same.len()], vec![NOW; skewed.len()]].concat());
    let first_bad = 2 + same.len() as u64;
    let problems = [vec![RowProblem::Time; bad.len()], vec![RowProblem::Future; future.len()]].concat();
    let expected: Vec<(u64, RowProblem)> =
        problems.into_iter().enumerate().map(|(i, p)| (first_bad + i as u64, p)).collect();
    assert_eq!(rejected(&r), expected);
    // Without a time to age against, nothing is in the future.
    let r = read_reports(&[d.join("t.csv")]).unwrap();
    assert_eq!(rows(&r).len(), same.len() + future.len() + skewed.len());
}

#[test]
fn numbers_in_any_notation_are_one_number_and_bad_ones_are_row_errors() {
    let d = dir("numbers");
    let same = [
        ("+41446681800", ""),
        ("+41 44 668 18 00", ""),
        ("  +41-44-668-18-00  ", ""),
        ("044 668 18 00", "CH"),
        ("044-668-18-00", "ch"),
        ("044.668.18.00", " Ch "),
        ("(044) 668 18 00", "CH"),
        ("+41 (0)44 668 18 00", ""),
        ("0041 44 668 18 00", "CH"),
        ("tel:+41-44-668-18-00", ""),
        ("\u{ff0b}\u{ff14}\u{ff11}\u{ff14}\u{ff14}\u{ff16}\u{ff16}\u{ff18}\u{ff11}\u{ff18}\u{ff10}\u{ff10}", ""),
        ("+\u{664}\u{661}\u{664}\u{664}\u{666}\u{666}\u{668}\u{661}\u{668}\u{660}\u{660}", ""),
        ("+41446681800", "US"), // an international number is read alike in any region
    ];
    let vanity = [("1-800-FLOWERS", "US"), ("+1 800 FLOWERS", "")];
    let bad: [(&str, &str, RowProblem); 9] = [
        ("", "CH", RowProblem::Number(NumberProblem::Empty)),
        ("   ", "CH", RowProblem::Number(NumberProblem::Empty)),
        ("anonymous", "CH", RowProblem::Number(NumberProblem::NotANumber)),
        ("044 668 18 00", "", RowProblem::Number(NumberProblem::NeedsRegion)),
        ("+41446681800", "ZZ", RowProblem::Region),
        ("044 668 18 00", "CHE", RowProblem::Region),
        ("044 668 18 00", "4", RowProblem::Region),
        ("+4144668180#", "", RowProblem::Pattern),
        ("+4144668##", "", RowProblem::Pattern),
    ];
    let too_long = "9".repeat(300);
    let mut all: Vec<[&str; 7]> = same.iter().map(|(n, r)| [*n, *r, "", T, "p", "", ""]).collect();
    all.extend(vanity.iter().map(|(n, r)| [*n, *r, "", T, "p", "", ""]));
    all.extend(bad.iter().map(|(n, r, _)| [*n, *r, "", T, "p", "", ""]));
    all.push([too_long.as_str(), "CH", "", T, "p", "", ""]);
    all.push(["+41 44 668 18 00 1234 5678 9", "", "", T, "p", "", ""]);
    let r = read(&d, "n.csv", &csv(&all)).unwrap();
    let numbers: Vec<i64> = rows(&r).iter().map(|r| r.0).collect();
    assert_eq!(numbers, [vec![NUMBER; same.len()], vec![18_003_569_377; 2]].concat());
    let first_bad = 2 + (same.len() + vanity.len()) as u64;
    let mut expected: Vec<(u64, RowProblem)> =
        bad.iter().enumerate().map(|(i, (_, _, p))| (first_bad + i as u64, *p)).collect();
    let next = first_bad + bad.len() as u64;
    expected.extend([(next, RowProblem::Number(NumberProblem::TooLong))]);
    let last = rejected(&r);
    assert_eq!(last[..expected.len()], expected[..]);
    assert!(matches!(&last[expected.len()..], [(l, RowProblem::Number(_))] if *l == next + 1), "{last:?}");
}

#[test]
fn votes_categories_caller_names_and_reporters_at_their_edges() {
    let d = dir("fields-values");
    let long_name = "x".repeat(201);
    let name_200 = "\u{e9}".repeat(200);
    let ten_kb = "n".repeat(10 * 1024);
    let good: [(&str, &str, &str, &str, i32); 9] = [
        ("SPAM", "", "", "p0", 1),
        ("Spam", "SCAM", "", "p1", 1),
        (" NOT_SPAM ", "scam", "", "p2", 0),
        ("Not_Spam", "", "", "p3", 0),
        ("", " Telemarketing ", "\u{c4}rztezentrum Z\u{fc}rich", "p4", 1),
        ("spam", "wangiri", &name_200, "p5", 1),
        ("spam", "", "Joe \"the boss\", Inc.", " p0 ", 1),
        ("spam", "", "\u{202e}reversed", "p7", 1),
        ("spam", "", "", "\u{1f600}", 1),
    ];
    let bad: [(&str, &str, &str, &str, RowProblem); 14] = [
        ("not spam", "", "", "p", RowProblem::Vote),
        ("not-spam", "", "", "p", RowProblem::Vote),
        ("ham", "", "", "p", RowProblem::Vote),
        ("1", "", "", "p", RowProblem::Vote),
        ("", "none", "", "p", RowProblem::Category),
        ("", "Emergency", "", "p", RowProblem::Category),
        ("", "fraud", "", "p", RowProblem::Category),
        ("", "", &long_name, "p", RowProblem::CallerName),
        ("", "", &ten_kb, "p", RowProblem::CallerName),
        ("", "", "a\tb", "p", RowProblem::CallerName),
        ("", "", "bell\u{7}", "p", RowProblem::CallerName),
        ("", "", "next\u{85}line", "p", RowProblem::CallerName),
        ("", "", "", "", RowProblem::Reporter),
        ("", "", "", " \t ", RowProblem::Reporter),
    ];
    let mut all: Vec<[&str; 7]> = good.iter().map(|(v, c, n, p, _)| ["+41446681800", "", *c, T, *p, *v, *n]).collect();
    all.extend(bad.iter().map(|(v, c, n, p, _)| ["+41446681800", "", *c, T, *p, *v, *n]));
    let r = read(&d, "v.csv", &csv(&all)).unwrap();
    let got = rows(&r);
    assert_eq!(got.iter().map(|r| r.3).collect::<Vec<_>>(), good.map(|g| g.4));
    assert_eq!(got[1].2, category_code(Category::Scam));
    assert_eq!(got[2].2, 0, "a not-spam vote carries no category");
    assert_eq!(got[4].2, category_code(Category::Telemarketing));
    assert_eq!(got[6].1, got[0].1, "the pseudonym is trimmed");
    let first_bad = 2 + good.len() as u64;
    let expected: Vec<(u64, RowProblem)> = bad.iter().enumerate().map(|(i, b)| (first_bad + i as u64, b.4)).collect();
    assert_eq!(rejected(&r), expected);
}

#[test]
fn bytes_that_are_not_text_and_huge_lines_reject_only_their_row() {
    let d = dir("bytes");
    let good = |p: &str| format!("+41446681800,CH,scam,{T},{p}\n").into_bytes();
    let mut body = format!("{HEADER}\n").into_bytes();
    body.extend(good("p0")); // 2
    body.extend(format!("+41446681800,CH,scam,{T},p1,spam,M\u{fc}ller\n").into_bytes()); // 3: UTF-8
    body.extend(b"+41446681800,CH,scam,2025-01-30T12:00:00Z,p2,spam,M\xfcller\n"); // 4: Latin-1
    body.extend(b"+41446681800\x00,CH,scam,2025-01-30T12:00:00Z,p3\n"); // 5: a NUL
    body.extend(b"+41446681800,CH,scam,2025-01-30T12:00:00Z,p3\x00\n"); // 6: a NUL in the reporter
    body.extend(b"\xff\xfe\xfd\n"); // 7
    body.extend(format!("+41446681800,CH,scam,{T},p4,spam,{}\n", "y".repeat(2 << 20)).into_bytes()); // 8: 2 MiB
    body.extend(good("p5")); // 9
    body.extend(format!("+41446681800,CH,scam,{T},p6,spam,{}", "z".repeat(5 << 20)).into_bytes()); // 10: 5 MiB, no newline
    let started = std::time::Instant::now();
    let r = read(&d, "b.csv", &body).unwrap();
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert_eq!(r.read, 9);
    assert_eq!(
        rejected(&r),
        [
            (4, RowProblem::Malformed),
            (5, RowProblem::Malformed),
            (6, RowProblem::Malformed),
            (7, RowProblem::Malformed),
            (8, RowProblem::TooLong),
            (10, RowProblem::TooLong)
        ]
    );
    assert_eq!(rows(&r).len(), 3);
    // A line of a megabyte within the limit is a row like any other (its caller name is too long).
    let mut body = format!("{HEADER}\n").into_bytes();
    body.extend(format!("+41446681800,CH,scam,{T},p0,spam,{}\n", "w".repeat(1000 << 10)).into_bytes());
    let r = read(&d, "mb.csv", &body).unwrap();
    assert_eq!(rejected(&r), [(2, RowProblem::CallerName)]);
}

fn text(values: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

fn parquet_bytes(columns: &[(&str, ArrayRef)]) -> Vec<u8> {
    let batch = RecordBatch::try_from_iter(columns.iter().map(|(n, a)| (*n, a.clone()))).unwrap();
    let mut out = Vec::new();
    let mut w = ArrowWriter::try_new(&mut out, batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    out
}

#[test]
fn parquet_reads_any_text_encoding_and_timestamp_and_refuses_other_types() {
    let d = dir("parquet");
    let numbers = ["+41446681800", "044 668 18 00", "+41 44 668 18 00", "0041446681800"];
    let reporters = ["p0", "p1", "p2", "p3"];
    let csv_rows: Vec<[&str; 7]> =
        numbers.iter().zip(&reporters).map(|(n, p)| [*n, "CH", "scam", T, *p, "", ""]).collect();
    let base = read(&d, "base.csv", &csv(&csv_rows)).unwrap();
    expected_rows(&base);
    let millis = T_SECS * 1000 + 999;
    let dict = |v: &[&str]| Arc::new(v.iter().copied().collect::<DictionaryArray<Int32Type>>()) as ArrayRef;
    let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1), None]); 4]);
    let encodings = parquet_bytes(&[
        ("extra", Arc::new(list) as ArrayRef),
        ("Number", dict(&numbers)),
        ("region", Arc::new(StringViewArray::from(vec!["CH"; 4])) as ArrayRef),
        ("category", dict(&["scam"; 4])),
        ("time", Arc::new(TimestampMillisecondArray::from(vec![millis; 4]).with_timezone("+01:00")) as ArrayRef),
        ("reporter", Arc::new(LargeStringArray::from(reporters.to_vec())) as ArrayRef),
    ]);
    let r = read(&d, "encodings.parquet", &encodings).unwrap();
    assert_eq!((r.read, r.rejected.len()), (4, 0));
    assert_eq!(rows(&r), rows(&base));
    // A timestamp without a time zone is UTC; text times are read as in CSV.
    let naive = |time: ArrayRef| {
        parquet_bytes(&[
            ("number", text(&numbers)),
            ("region", text(&["CH"; 4])),
            ("category", text(&["scam"; 4])),
            ("time", time),
            ("reporter", text(&reporters)),
        ])
    };
    let r = read(&d, "naive.parquet", &naive(Arc::new(TimestampMicrosecondArray::from(vec![T_SECS * 1_000_000; 4]))))
        .unwrap();
    assert_eq!(rows(&r), rows(&base));
    let r = read(&d, "text-time.parquet", &naive(text(&["2025-01-30T13:00:00+01:00"; 4]))).unwrap();
    assert_eq!(rows(&r), rows(&base));
    // Nulls are empty fields: row errors where the field is required, by row number.
    let nulls = parquet_bytes(&[
        (
            "number",
            Arc::new(StringArray::from(vec![Some("+41446681800"), None, Some("+41446681800"), Some("+41446681800")]))
                as ArrayRef,
        ),
        ("region", Arc::new(StringArray::from(vec![None::<&str>; 4])) as ArrayRef),
        ("category", Arc::new(StringArray::from(vec![None::<&str>; 4])) as ArrayRef),
        (
            "time",
            Arc::new(TimestampMicrosecondArray::from(vec![Some(T_SECS * 1_000_000), Some(0), None, Some(0)]))
                as ArrayRef,
        ),
        ("reporter", Arc::new(StringArray::from(vec![Some("p0"), Some("p1"), Some("p2"), None])) as ArrayRef),
        ("vote", Arc::new(StringArray::from(vec![None::<&str>; 4])) as ArrayRef),
    ]);
    let r = read(&d, "nulls.parquet", &nulls).unwrap();
    assert_eq!(
        rejected(&r),
        [(2, RowProblem::Number(NumberProblem::Empty)), (3, RowProblem::Time), (4, RowProblem::Reporter)]
    );
    assert_eq!(rows(&r).len(), 1);
    // The right names with the wrong types, or named twice: refused.
    let typed = |name: &str, column: ArrayRef| {
        let mut cols = vec![
            ("number", text(&["+41446681800"])),
            ("region", text(&["CH"])),
            ("category", text(&["scam"])),
            ("time", text(&[T])),
            ("reporter", text(&["p0"])),
        ];
        match cols.iter_mut().find(|(n, _)| *n == name) {
            Some(c) => c.1 = column,
            None => cols.push((name, column)),
        }
        parquet_bytes(&cols)
    };
    let cases: [(&str, ArrayRef, &str); 5] = [
        ("number", Arc::new(Int64Array::from(vec![NUMBER])), "column number must be text"),
        ("time", Arc::new(Int64Array::from(vec![T_SECS])), "column time must be text or a timestamp"),
        ("reporter", Arc::new(Int32Array::from(vec![7])), "column reporter must be text"),
        ("caller_name", Arc::new(Int32Array::from(vec![7])), "column caller_name must be text"),
        ("NUMBER", text(&["+41446681800"]), "duplicate column: number"),
    ];
    for (i, (name, column, reason)) in cases.into_iter().enumerate() {
        assert_eq!(refused(&d, &format!("typed-{i}.parquet"), &typed(name, column)), reason);
    }
    // Damaged files: cut short (no footer) refused; bytes flipped in the data either refused as
    // unreadable or read row by row, never a panic nor an engine error.
    assert_eq!(refused(&d, "cut.parquet", &encodings[..encodings.len() / 2]), "not a Parquet file");
    for at in (4..encodings.len() - 8).step_by(29) {
        let mut bytes = encodings.clone();
        bytes[at] ^= 0x5a;
        match read(&d, "flipped.parquet", &bytes) {
            Ok(r) => assert!(rejected(&r).len() as u64 <= r.read),
            Err(PublisherError::NotReports { .. }) => {}
            Err(e) => panic!("byte {at}: {e:?}"),
        }
    }
}

#[test]
fn the_same_input_gives_the_same_list_and_one_vote_per_reporter_holds_across_files() {
    let d = dir("determinism");
    let mut lines = baseline_lines();
    lines.extend((5..9).map(|i| format!("+4179123456{i},CH,robocall,{T},q{i}")));
    lines.extend((0..4).map(|i| format!("+41791234565,CH,robocall,{T},r{i}")));
    std::fs::write(d.join("a.csv"), lines.join("\n")).unwrap();
    std::fs::write(d.join("b.csv"), format!("{HEADER}\n+41446681800,CH,,{T},p0,not_spam\n")).unwrap();
    let list = |files: &[&str]| {
        let paths: Vec<PathBuf> = files.iter().map(|f| d.join(f)).collect();
        let reports = read_reports_at(&paths, NOW).unwrap();
        let rejected: Vec<String> =
            reports.rejected.iter().map(|r| format!("{}:{}", r.file.display(), r.line)).collect();
        let entries = aggregate(reports, &Default::default(), &Params::new(NOW), None).unwrap().entries;
        let mut out = Vec::new();
        write_list(&entries, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), rejected)
    };
    let (once, rejected_once) = list(&["a.csv"]);
    assert!(once.contains("+41446681800,label,scam,,3.954\n"), "{once}");
    let (twice, rejected_twice) = list(&["a.csv", "a.csv"]);
    assert_eq!(twice, once, "a file given twice counts each reporter once");
    assert_eq!(rejected_twice, [rejected_once.clone(), rejected_once].concat());
    // The same files in another order: the same bytes, and the latest vote of p0 is the same one.
    let (ab, _) = list(&["a.csv", "b.csv"]);
    let (ba, _) = list(&["b.csv", "a.csv"]);
    assert_eq!(ab, ba);
    assert!(!ab.contains("+41446681800,"), "p0's not-spam vote (same time) wins over its spam vote: {ab}");
}

#[test]
fn allow_lists_with_bad_rows_or_bytes_are_refused_whole_without_the_number() {
    let d = dir("allow");
    let allow = |name: &str, body: &[u8]| {
        let path = d.join(name);
        std::fs::write(&path, body).unwrap();
        read_allow_lists(&[path])
    };
    let ok = allow("ok.csv", b"\xef\xbb\xbfpattern\r\n+41446681800\r\n\r\n+4179123456#\r\n").unwrap();
    assert_eq!(ok.len(), 2);
    assert!(allow("empty.txt", b"").unwrap().is_empty());
    let cases: [(&str, &[u8], &str); 5] = [
        ("national.txt", b"+41791234567\n044 668 18 00\n", "line 2"),
        ("garbage.csv", b"pattern\n+41446681800\nnot a number\n", "line 3"),
        ("latin1.txt", b"+41446681800 M\xfcller\n", "UTF-8"),
        ("broken.json", b"[\"+41446681800\"", ""),
        ("allow.xlsx", b"PK\x03\x04", ".csv, .txt, .json or .plist"),
    ];
    for (name, body, needle) in cases {
        let e = allow(name, body).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e, PublisherError::AllowList { .. }) && text.contains(needle), "{name}: {text}");
        assert_no_number(&text);
    }
}

#[test]
fn the_apps_own_report_records_are_always_accepted() {
    let d = dir("app-records");
    let s = Screener::default();
    let long = "\u{1f600}".repeat(300);
    let names = ["Bank \"Desk\", call 079 123 45 67", "two\r\nlines", "tab\there\u{7}", &long, ",,,", "\"", "  "];
    let mut body = format!("{}\n", ReportRecord::CSV_HEADER);
    for (i, name) in names.iter().enumerate() {
        let call = IncomingCall {
            number: Some("+41 44 668 18 00".into()),
            region: "CH".parse().ok(),
            display_name: Some((*name).to_owned()),
            time: CallTime::parse_rfc3339("2025-01-30T13:00:00+01:00"),
            ..Default::default()
        };
        let report =
            Report { category: Category::Scam, action: Action::Label, label: None, reporter: format!("app-{i}") };
        body += &(s.report(&call, &report).unwrap().to_csv_row() + "\n");
    }
    let r = read(&d, "app.csv", body.as_bytes()).unwrap();
    assert_eq!((r.read, rejected(&r)), (names.len() as u64, vec![]), "{body}");
    assert!(rows(&r).iter().all(|row| row.0 == NUMBER && row.4 == T_SECS));
}

/// A file of nothing but bad rows is read in bounded memory: the first rows are listed by line,
/// the rest only counted, and the counts stay exact.
#[test]
fn rejected_rows_beyond_the_listed_ones_are_counted_not_held() {
    use ringfence_publisher::{Intake, MAX_REJECTED_LISTED};
    let mut intake = Intake::default();
    let file = Path::new("bad.csv");
    for line in 0..MAX_REJECTED_LISTED as u64 + 5 {
        intake.reject(file, line + 2, RowProblem::Malformed);
    }
    assert_eq!(intake.accepted(), 0);
    let r = intake.finish();
    assert_eq!(
        (r.read, r.rejected_total, r.rejected.len()),
        (MAX_REJECTED_LISTED as u64 + 5, MAX_REJECTED_LISTED as u64 + 5, MAX_REJECTED_LISTED)
    );
    assert_eq!(r.rejected.last().map(|x| x.line), Some(MAX_REJECTED_LISTED as u64 + 1));
}
