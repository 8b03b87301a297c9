use super::*;

/// Every record of `text`: its line and fields (or the reason it is unreadable).
fn all(text: &str) -> Vec<(usize, Result<Vec<String>, &'static str>)> {
    let mut records = Records::new(text, 0);
    let mut out = Vec::new();
    while let Some(r) = records.next_record() {
        out.push((r.line, r.fields.map(|f| f.iter().map(str::to_owned).collect())));
    }
    out
}

fn fields(text: &str) -> Result<Vec<String>, &'static str> {
    all(text).into_iter().next().map_or(Ok(vec![]), |(_, f)| f)
}

#[test]
fn quoted_fields() {
    assert_eq!(fields(r#"a,"b,c","d""e""#).unwrap(), vec!["a", "b,c", "d\"e"]);
    assert_eq!(fields(r#"a,"b"#), Err(UNBALANCED_QUOTES));
    assert_eq!(fields(&",".repeat(MAX_CSV_COLUMNS - 1)).map(|f| f.len()), Ok(MAX_CSV_COLUMNS));
    assert_eq!(fields(&",".repeat(30_000_000)), Err(TOO_MANY_COLUMNS));
    assert_eq!(fields(&format!("\"a\"{}", ",".repeat(30_000_000))), Err(TOO_MANY_COLUMNS));
    assert_eq!(fields(" a, b ,,").unwrap(), vec![" a", " b ", "", ""]);
    assert_eq!(fields("a,\"b\nc\",d").unwrap(), vec!["a", "b\nc", "d"]);
}

#[test]
fn records_start_on_their_physical_line() {
    let text = "\u{FEFF}h1,h2\r\n\r\n  \r\na,\"x\r\ny\"\r\nb,c\nd,\"unclosed\ne\n";
    let got = all(text);
    let lines: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![1, 4, 6, 7, 8]);
    assert_eq!(got[0].1, Ok(vec!["h1".to_owned(), "h2".to_owned()]));
    assert_eq!(got[1].1, Ok(vec!["a".to_owned(), "x\r\ny".to_owned()]));
    assert_eq!(got[3].1, Err(UNBALANCED_QUOTES));
    // A quote that never closes costs its own line only.
    let got = all("a\n\"b,c\nd,e\n\nf");
    let got: Vec<(usize, Result<usize, &str>)> = got.into_iter().map(|(l, f)| (l, f.map(|f| f.len()))).collect();
    assert_eq!(got, vec![(1, Ok(1)), (2, Err(UNBALANCED_QUOTES)), (3, Ok(2)), (5, Ok(1))]);
    let mut records = Records::new("a\n\nb", 10);
    assert_eq!(records.next_record().map(|r| r.line), Some(11));
    assert_eq!(records.next_record().map(|r| (r.line, r.end)), Some((13, 4)));
    assert!(records.next_record().is_none());
}

#[test]
fn whole_records_never_cut_a_quoted_field() {
    assert_eq!(whole_records(b"a,b\nc,\"d\ne"), 4);
    assert_eq!(whole_records(b"a,b\r\nc,\"d\r\ne\"\r\nf"), 15);
    assert_eq!(whole_records(b"a,\"b\nc"), 0);
    assert_eq!(whole_records(b"abc"), 0);
    let text = b"h\n1\n\"2\n2\"\n3\n4\n";
    assert_eq!(record_ends(text, 1), vec![2, 4, 10, 12, 14]);
    assert_eq!(record_ends(text, 5), vec![10, 14]);
    assert_eq!(record_ends(text, 100), vec![14]);
}
