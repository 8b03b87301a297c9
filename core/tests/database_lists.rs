//! The three public spam lists in `../shared/data/spamlists/` (Swiss Begone plist, Chilean CSV,
//! Turkish plain list) import with a row-level report, and every listed number then looks up and
//! screens as listed. Skipped, with a message, when `../shared` is absent.

use std::path::PathBuf;

use ringfence_core::database::import::{ImportOptions, ListFormat};
use ringfence_core::database::{Database, DatabaseBuilder, public_key};
use ringfence_core::{Action, Category, E164, IncomingCall, Pattern, Reason, RegionCode, Screener};

const SECRET: [u8; 32] = [5; 32];

fn lists_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/spamlists");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent (clone the project next to shared/ to run this test)", dir.display());
        None
    }
}

/// (pattern text, label) of each row of each list, read independently of the importers.
fn listed(dir: &std::path::Path) -> Vec<(&'static str, u32, String, Option<String>)> {
    let mut rows = Vec::new();
    let plist = std::fs::read_to_string(dir.join("ch-begone-patterns.plist")).unwrap();
    let mut lines = plist.lines().enumerate().peekable();
    let mut dict_line = 0;
    let (mut number, mut title) = (None, None);
    while let Some((i, l)) = lines.next() {
        let t = l.trim();
        let value = |next: Option<(usize, &str)>| {
            next.map(|(_, v)| v.trim().trim_start_matches("<string>").trim_end_matches("</string>").to_owned())
        };
        match t {
            "<dict>" => dict_line = i + 1,
            "<key>number</key>" => number = value(lines.next()),
            "<key>title</key>" => title = value(lines.next()),
            "</dict>" => rows.push(("plist", dict_line as u32, number.take().unwrap(), title.take())),
            _ => {}
        }
    }
    let csv = std::fs::read_to_string(dir.join("cl-spam-labelled.csv")).unwrap();
    for (i, l) in csv.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()) {
        let (n, label) = l.split_once(',').unwrap();
        rows.push(("csv", i as u32 + 1, n.to_owned(), Some(label.trim().to_owned()).filter(|l| !l.is_empty())));
    }
    let txt = std::fs::read_to_string(dir.join("tr-spam-plain.txt")).unwrap();
    for (i, l) in txt.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        rows.push(("txt", i as u32 + 1, l.trim().to_owned(), None));
    }
    rows
}

#[test]
fn shared_spam_lists_import_and_look_up_as_listed() {
    let Some(dir) = lists_dir() else { return };
    let mut b = DatabaseBuilder::new("shared-lists", 1).unwrap();
    let region = |r: &str| ImportOptions { region: r.parse::<RegionCode>().ok(), ..ImportOptions::default() };
    let mut reports = Vec::new();
    for (file, format, r) in [
        ("ch-begone-patterns.plist", ListFormat::Plist, "CH"),
        ("cl-spam-labelled.csv", ListFormat::Csv, "CL"),
        ("tr-spam-plain.txt", ListFormat::Text, "TR"),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        reports.push(b.import(format, &text, &region(r), false).unwrap());
    }
    let counts: Vec<(u32, usize)> = reports.iter().map(|r| (r.accepted, r.rejected.len())).collect();
    assert_eq!(counts, vec![(1746, 0), (631, 9), (199, 0)]);
    let bytes = b.build(&SECRET).unwrap().bytes;
    let db = Database::open(bytes.clone(), &[public_key(&SECRET)], None).unwrap();
    assert_eq!(db.range_count(), 56);
    // The same file installed in a Screener: every listed number screens as listed.
    let screener = Screener::default();
    screener.pin_feed("shared-lists", vec![public_key(&SECRET)]).unwrap();
    screener.install_database(bytes).unwrap();

    let rows = listed(&dir);
    assert_eq!(rows.len(), 1746 + 640 + 199, "every row read");
    let mut checked = 0;
    for (kind, line, text, label) in &rows {
        let region = match *kind {
            "plist" => "CH",
            "csv" => "CL",
            _ => "TR",
        };
        let Ok(pattern) = Pattern::parse(text, region.parse().ok()) else {
            let report = &reports[["plist", "csv", "txt"].iter().position(|k| k == kind).unwrap()];
            assert!(
                report.rejected.iter().any(|r| r.line == *line),
                "{kind} line {line} neither imported nor reported"
            );
            continue;
        };
        let probes = [
            pattern.first().as_u64(),
            pattern.first().as_u64() + pattern.size() - 1,
            pattern.first().as_u64() + pattern.size() / 2,
        ];
        for n in probes {
            let call = IncomingCall { number: Some(format!("+{n}")), ..IncomingCall::default() };
            let v = screener.screen(&call);
            assert_eq!((v.action, v.category, v.reasons[0]), (Action::Block, Category::Spam, Reason::FeedListed));
            let m = db.lookup(E164::from_u64(n).unwrap()).unwrap_or_else(|| panic!("{kind} line {line} not found"));
            assert_eq!((m.action, m.category), (Action::Block, Category::Spam));
            if m.pattern == pattern && m.label != label.as_deref() {
                // The same number listed twice keeps the first row's label.
                let first =
                    rows.iter().find(|r| Pattern::parse(&r.2, region.parse().ok()).ok() == Some(pattern)).unwrap();
                assert_eq!(m.label, first.3.as_deref(), "{kind} line {line}");
            }
            assert!(m.pattern.wildcards() <= pattern.wildcards(), "the most specific entry decides");
        }
        checked += 1;
    }
    assert_eq!(checked, 1746 + 631 + 199);
}
