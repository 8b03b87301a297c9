//! Cross-checks the generated emergency table against libphonenumber's
//! `ShortNumberMetadata.xml` (expected at `../shared/data/libphonenumber/` next to the
//! repository root). Skipped, with a message, when the file is not there.
//!
//! The XML is scanned by hand (comments removed, then `str::find`), independently of the
//! Python generator, so a generator bug cannot hide itself.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ringfence_core::number::emergency::{emergency_examples, emergency_regions, is_emergency_digits};

fn xml_path() -> PathBuf {
    // CARGO_MANIFEST_DIR is <repo>/core; the data lives in <repo>/../shared.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/libphonenumber/ShortNumberMetadata.xml")
}

/// `text` with every `<!-- ... -->` comment removed (an unterminated one runs to the end).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 4..].find("-->") {
            Some(end) => &rest[start + 4 + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The text between the first `<tag>` and the following `</tag>` in `s`.
fn element<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = s.find(&open)? + open.len();
    let len = s[start..].find(&close)?;
    Some(&s[start..start + len])
}

/// Region → emergency exampleNumber, for every territory that has an `<emergency>`.
/// Also returns the total number of territories seen.
fn emergency_examples_from_xml(xml: &str) -> (BTreeMap<String, String>, usize) {
    const OPEN: &str = "<territory id=\"";
    let xml = strip_comments(xml);
    let mut found = BTreeMap::new();
    let mut territories = 0;
    let mut rest = xml.as_str();
    while let Some(pos) = rest.find(OPEN) {
        rest = &rest[pos + OPEN.len()..];
        let id_end = rest.find('"').expect("unterminated territory id");
        let id = rest[..id_end].to_owned();
        let body_end = rest.find("</territory>").expect("unterminated <territory>");
        let body = &rest[..body_end];
        rest = &rest[body_end..];
        territories += 1;

        let Some(emergency) = element(body, "emergency") else {
            continue;
        };
        let example: String = element(emergency, "exampleNumber")
            .unwrap_or_else(|| panic!("{id}: <emergency> without <exampleNumber>"))
            .split_whitespace()
            .collect();
        assert!(
            element(emergency, "nationalNumberPattern").is_some(),
            "{id}: <emergency> without <nationalNumberPattern>"
        );
        assert!(found.insert(id.clone(), example).is_none(), "{id}: duplicate territory");
    }
    (found, territories)
}

#[test]
fn emergency_table_matches_short_number_metadata_xml() {
    let path = xml_path();
    let xml = match std::fs::read_to_string(&path) {
        Ok(xml) => xml,
        Err(e) => {
            eprintln!("skipping emergency_xml: cannot read {} ({e})", path.display());
            return;
        }
    };

    let (from_xml, territories) = emergency_examples_from_xml(&xml);
    assert!(territories > 200, "only {territories} territories parsed");
    assert!(!from_xml.is_empty(), "no <emergency> elements parsed");

    for (region, example) in &from_xml {
        assert!(is_emergency_digits(example, region), "{region}: exampleNumber {example} is not recognised");
        assert!(
            is_emergency_digits(example, &region.to_ascii_lowercase()),
            "{region}: exampleNumber {example} is not recognised (lower-case region)"
        );
        assert_eq!(
            emergency_examples(region).first().copied(),
            Some(example.as_str()),
            "{region}: first table example is not upstream's exampleNumber"
        );
    }

    let table: Vec<&str> = emergency_regions().collect();
    assert_eq!(
        table.len(),
        from_xml.len(),
        "table has {} regions, XML has {} territories with <emergency>",
        table.len(),
        from_xml.len()
    );
    // Same set, not just the same size (both sides are sorted).
    let xml_regions: Vec<&str> = from_xml.keys().map(String::as_str).collect();
    assert_eq!(table, xml_regions);
}

#[test]
fn emergency_xml_scanner_self_check() {
    let xml = r#"
        <!-- <territory id="ZZ"><emergency><exampleNumber>1</exampleNumber></emergency></territory> -->
        <territory id="AA">
          <emergency>
            <possibleLengths national="3"/>
            <exampleNumber>112</exampleNumber>
            <nationalNumberPattern>
              112
            </nationalNumberPattern>
          </emergency>
          <expandedEmergency><exampleNumber>999</exampleNumber></expandedEmergency>
        </territory>
        <territory id="BB"><shortCode><exampleNumber>1</exampleNumber></shortCode></territory>
    "#;
    let (found, territories) = emergency_examples_from_xml(xml);
    assert_eq!(territories, 2);
    assert_eq!(found.len(), 1);
    assert_eq!(found.get("AA").map(String::as_str), Some("112"));
}
