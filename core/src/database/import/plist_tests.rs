use plist::{Dictionary, Value};

use super::*;

const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<array>
	<dict>
		<key>addNational</key>
		<string>true</string>
		<key>category</key>
		<string>0</string>
		<key>number</key>
		<string>+4121560####</string>
		<key>title</key>
		<string>Spam &amp; more</string>
	</dict>
	<!-- a comment -->
	<dict><key>number</key><string>nope</string></dict>
	<dict><key>title</key><string>No number</string></dict>
	<string>stray</string>
	<dict><key>number</key><string>+41779159232</string><key>flag</key><true/></dict>
</array>
</plist>
"#;

fn read_rows(bytes: &[u8]) -> Result<Rows, RingfenceError> {
    let mut rows = Rows::default();
    read(bytes, &ImportOptions::default(), &mut rows, &mut |_| {})?;
    Ok(rows)
}

#[test]
fn reads_begone_dicts_with_line_numbers() {
    let rows = read_rows(SAMPLE.as_bytes()).unwrap();
    assert_eq!(rows.report.accepted, 2);
    assert_eq!(rows.entries[0].0, 5);
    assert_eq!(rows.entries[0].1.pattern.to_string(), "+4121560####");
    assert_eq!(rows.entries[0].1.label.as_deref(), Some("Spam & more"));
    assert_eq!(rows.entries[1].0, 19);
    let rejected: Vec<(u32, &str)> = rows.report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(rejected, vec![(16, "invalid number or pattern"), (17, "missing number"), (18, "not a dict")]);
}

#[test]
fn malformed_documents_are_errors() {
    for bad in ["", "bplist00", "<plist><dict></dict></plist>", "<plist><array><dict><key>a</key>", "<plist><array>"] {
        assert!(read_rows(bad.as_bytes()).is_err(), "{bad:?}");
    }
}

/// A Begone-style list as the `plist` crate's binary writer writes it.
fn binary_sample() -> Vec<u8> {
    let dict = |pairs: &[(&str, Value)]| {
        Value::Dictionary(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<Dictionary>())
    };
    let list = Value::Array(vec![
        dict(&[
            ("addNational", Value::Boolean(true)),
            ("category", Value::Integer(0.into())),
            ("number", Value::String("+4121560####".into())),
            ("title", Value::String("Spam & more".into())),
        ]),
        dict(&[("number", Value::String("nope".into()))]),
        Value::String("stray".into()),
        dict(&[("number", Value::Integer(41_779_159_232_u64.into())), ("title", Value::Array(vec![]))]),
        dict(&[("number", Value::String("+41779159233".into())), ("category", Value::String("charity".into()))]),
    ]);
    let mut bytes = Vec::new();
    list.to_writer_binary(&mut bytes).unwrap();
    bytes
}

#[test]
fn reads_binary_property_lists_by_position() {
    let bytes = binary_sample();
    assert!(bytes.starts_with(b"bplist00"));
    let rows = read_rows(&bytes).unwrap();
    assert_eq!(rows.report.accepted, 2);
    assert_eq!((rows.entries[0].0, rows.entries[0].1.label.as_deref()), (1, Some("Spam & more")));
    assert_eq!(rows.entries[1].0, 5);
    assert_eq!(rows.entries[1].1.category, crate::verdict::Category::Other);
    assert_eq!(rows.entries[1].1.label.as_deref(), Some("charity"));
    let rejected: Vec<(u32, &str)> = rows.report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(rejected, vec![(2, "invalid number or pattern"), (3, "not a dict"), (4, "fields must be strings")]);
    assert_eq!(rows.report.warnings.len(), 1);
}

#[test]
fn xml_and_binary_forms_of_one_list_give_the_same_entries() {
    let value = Value::from_reader(Cursor::new(binary_sample())).unwrap();
    let mut xml = Vec::new();
    value.to_writer_xml(&mut xml).unwrap();
    let (binary, xml) = (read_rows(&binary_sample()).unwrap(), read_rows(&xml).unwrap());
    let entries = |rows: &Rows| rows.entries.iter().map(|e| e.1.clone()).collect::<Vec<_>>();
    assert_eq!(entries(&binary), entries(&xml));
    assert_eq!(binary.report.rejected.len(), xml.report.rejected.len());
}

#[test]
fn truncated_or_corrupt_binary_lists_are_typed_errors() {
    let bytes = binary_sample();
    for len in 0..bytes.len() {
        let cut = &bytes[..len];
        if cut.starts_with(b"bplist") {
            assert_eq!(read_rows(cut).err(), Some(MALFORMED_BINARY), "cut at {len}");
        } else {
            assert!(read_rows(cut).is_err(), "cut at {len}");
        }
    }
    // Every single-byte corruption either reads or fails with a typed error, never panics.
    for i in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut bad = bytes.clone();
            bad[i] ^= flip;
            if let Err(e) = read_rows(&bad) {
                assert!(matches!(e, RingfenceError::InvalidList(_)), "{e:?}");
            }
        }
    }
}
