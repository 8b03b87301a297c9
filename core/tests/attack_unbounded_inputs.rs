//! Attack: "unbounded inputs": a CSV row of 30 M columns, a caller display name of 50 MiB, a
//! 100 KiB name compared with every brand. Rows over the column cap are rejected without
//! storing their fields; display names are cut to `Limits::max_display_name_chars` before
//! screening (never an error), so the brand check compares a bounded text.

use std::time::{Duration, Instant};

use ringfence_core::database::Limits;
use ringfence_core::database::import::MAX_CSV_COLUMNS;
use ringfence_core::{IncomingCall, RingfenceError, Screener};

#[test]
fn a_csv_row_of_30_million_columns_is_one_rejected_row() {
    let s = Screener::default();
    let text = format!("pattern,action\n+41446681800,block\n{}\n+41446681801,block\n", ",".repeat(30_000_000));
    let t = Instant::now();
    let report = s.import_rules_csv(&text).unwrap();
    assert!(t.elapsed() < Duration::from_secs(2), "took {:?}", t.elapsed());
    assert_eq!(report.accepted, 2);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!((report.rejected[0].line, report.rejected[0].reason.as_str()), (3, "too many columns"));
    let header = format!("pattern,action{}\n+41446681800,block\n", ",x".repeat(MAX_CSV_COLUMNS));
    assert_eq!(s.import_rules_csv(&header).unwrap_err(), RingfenceError::InvalidList("too many columns in the header"));
}

fn call(name: String) -> IncomingCall {
    IncomingCall { number: Some("+41449990000".into()), display_name: Some(name), ..Default::default() }
}

#[test]
fn huge_display_names_are_cut_and_screen_like_their_first_characters() {
    let s = Screener::default();
    s.load_brands_json(r#"{"brands": [{"name": "Acme Bank"}]}"#).unwrap();
    let max = s.limits().max_display_name_chars;
    assert_eq!(max, Limits::default().max_display_name_chars);
    for tail in ["x".repeat(50 << 20), "Acme Bank ".repeat(10 << 10), "é".repeat(100 << 10)] {
        let name = format!("Acme Bank {tail}");
        let t = Instant::now();
        let verdict = s.screen(&call(name.clone()));
        assert!(t.elapsed() < Duration::from_millis(500), "one call took {:?}", t.elapsed());
        let cut: String = name.chars().take(max).collect();
        assert_eq!(verdict, s.screen(&call(cut)), "screens as its first {max} characters");
    }
    // The cap is configurable, and a call is never refused for its name.
    s.set_limits(Limits { max_display_name_chars: 4, ..Limits::default() }).unwrap();
    let v = s.screen(&call("Acme Bank".into()));
    assert_eq!(v, s.screen(&call("Acme".into())));
}
