//! A feed's `manifest.json` (`FeedManifest`): what it parses and refuses (each refusal typed),
//! the update decision at every edge of the installed version, and the transport check.

use ringfence_core::database::{
    FeedDelta, FeedFile, FeedManifest, FeedUpdate, Limits, MAX_FEED_MANIFEST_BYTES, ManifestError,
};
use serde_json::{Value, json};

const SHA_A: &str = "9f2c1e4a0b7d3c5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6";
const KEY: &str = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29";

fn manifest() -> FeedManifest {
    FeedManifest {
        feed: "community".into(),
        version: 20250131,
        signer: KEY.into(),
        entries: 48211,
        database: FeedFile { name: "community-20250131.rfdb".into(), size: 301822, sha256: SHA_A.into() },
        delta: Some(FeedDelta {
            from_version: 20250130,
            file: FeedFile::of("community-20250130-to-20250131.rfdelta", b"delta bytes"),
        }),
    }
}

/// The manifest as JSON, edited by `edit`.
fn edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(&manifest().to_json()).unwrap();
    edit(&mut v);
    serde_json::to_vec(&v).unwrap()
}

fn refused(edit: impl FnOnce(&mut Value)) -> ManifestError {
    FeedManifest::parse(&edited(edit)).expect_err("refused")
}

#[test]
fn what_publish_writes_parses_back_the_same_in_the_documented_order() {
    let m = manifest();
    let text = m.to_json();
    assert_eq!(FeedManifest::parse(text.as_bytes()), Ok(m.clone()));
    assert!(text.ends_with("}\n"));
    let keys = ["\"format\": 1", "\"feed\"", "\"version\"", "\"signer\"", "\"entries\"", "\"database\"", "\"delta\""];
    let at: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap_or_else(|| panic!("{k} in {text}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("\"file\": \"community-20250130-to-20250131.rfdelta\""), "{text}");
    assert!(text.contains("\"from_version\": 20250130"), "{text}");
    let first = FeedManifest { delta: None, ..m };
    assert!(first.to_json().contains("\"delta\": null"));
    assert_eq!(FeedManifest::parse(first.to_json().as_bytes()), Ok(first));
}

#[test]
fn the_update_decision_at_each_installed_version() {
    let m = manifest();
    let (full, delta) = (m.database.clone(), m.delta.clone().unwrap());
    assert_eq!(m.update(None), FeedUpdate::Full { full: full.clone() }, "nothing installed");
    assert_eq!(m.update(Some(20250129)), FeedUpdate::Full { full: full.clone() }, "older than the delta's base");
    assert_eq!(m.update(Some(20250130)), FeedUpdate::Delta { delta, full: full.clone() }, "the delta's base");
    assert_eq!(m.update(Some(20250131)), FeedUpdate::UpToDate, "this version");
    assert_eq!(m.update(Some(20250132)), FeedUpdate::UpToDate, "newer (a stale CDN copy)");
    let no_delta = FeedManifest { delta: None, ..m };
    assert_eq!(no_delta.update(Some(20250130)), FeedUpdate::Full { full });
}

#[test]
fn the_transport_check_compares_size_then_sha256() {
    let f = FeedFile::of("x.rfdelta", b"delta bytes");
    assert_eq!(f.size, 11);
    assert_eq!(f.check(b"delta bytes"), Ok(()));
    assert_eq!(f.check(b"delta byte"), Err(ManifestError::SizeMismatch { expected: 11, actual: 10 }));
    assert_eq!(f.check(b"delta bytez"), Err(ManifestError::ChecksumMismatch));
    assert_eq!(f.check(b""), Err(ManifestError::SizeMismatch { expected: 11, actual: 0 }));
}

#[test]
fn not_a_manifest_or_an_unknown_format_is_refused() {
    for bytes in [&b""[..], b"<html>503</html>", b"[1,2]", b"\"manifest\"", b"{\"format\": 1,"] {
        assert_eq!(FeedManifest::parse(bytes), Err(ManifestError::NotAManifest), "{bytes:?}");
    }
    assert_eq!(refused(|v| v["format"] = json!(2)), ManifestError::UnsupportedFormat(2));
    assert_eq!(refused(|v| v["format"] = json!(0)), ManifestError::UnsupportedFormat(0));
    assert_eq!(refused(|v| v["format"] = json!("1")), ManifestError::BadField("format"));
    assert_eq!(refused(|v| _ = v.as_object_mut().unwrap().remove("format")), ManifestError::MissingField("format"));
}

#[test]
fn each_missing_field_is_named() {
    for key in ["feed", "version", "signer", "entries", "database", "delta"] {
        let e = refused(|v| _ = v.as_object_mut().unwrap().remove(key));
        assert_eq!(e, ManifestError::MissingField(key));
        assert!(e.to_string().contains(key), "{e}");
    }
    for (outer, key, name) in [
        ("database", "file", "database.file"),
        ("database", "size", "database.size"),
        ("database", "sha256", "database.sha256"),
        ("delta", "file", "delta.file"),
        ("delta", "size", "delta.size"),
        ("delta", "sha256", "delta.sha256"),
        ("delta", "from_version", "delta.from_version"),
    ] {
        assert_eq!(refused(|v| _ = v[outer].as_object_mut().unwrap().remove(key)), ManifestError::MissingField(name));
    }
}

#[test]
fn wrong_types_bad_names_and_bad_hex_are_refused() {
    assert_eq!(refused(|v| v["version"] = json!(-1)), ManifestError::BadField("version"));
    assert_eq!(refused(|v| v["version"] = json!(1.5)), ManifestError::BadField("version"));
    assert_eq!(refused(|v| v["feed"] = json!("")), ManifestError::BadField("feed"));
    assert_eq!(refused(|v| v["feed"] = json!("a\nb")), ManifestError::BadField("feed"));
    assert_eq!(refused(|v| v["database"] = json!("x.rfdb")), ManifestError::BadField("database"));
    assert_eq!(refused(|v| v["delta"] = json!(7)), ManifestError::BadField("delta"));
    // The file names are bare: a manifest cannot point an app at another directory or host.
    for name in [
        "",
        ".",
        "..",
        "../x.rfdb",
        "a/b.rfdb",
        "/etc/passwd",
        "a\\b",
        "https://evil.example/x",
        "x\n",
        "a b",
        "x?y",
        "x#y",
        "%2e%2e",
        "é",
    ] {
        assert_eq!(
            refused(|v| v["database"]["file"] = json!(name)),
            ManifestError::BadField("database.file"),
            "{name}"
        );
        assert_eq!(refused(|v| v["delta"]["file"] = json!(name)), ManifestError::BadField("delta.file"), "{name}");
    }
    assert_eq!(refused(|v| v["database"]["file"] = json!("x".repeat(256))), ManifestError::BadField("database.file"));
    for hex in ["", "00", &SHA_A[1..], &format!("{SHA_A}0"), &SHA_A.replace('9', "g")] {
        assert_eq!(refused(|v| v["database"]["sha256"] = json!(hex)), ManifestError::BadHex("database.sha256"));
        assert_eq!(refused(|v| v["delta"]["sha256"] = json!(hex)), ManifestError::BadHex("delta.sha256"));
        assert_eq!(refused(|v| v["signer"] = json!(hex)), ManifestError::BadHex("signer"));
    }
    // Upper-case hex is read, and compared lower-cased.
    let m = FeedManifest::parse(&edited(|v| {
        v["delta"]["sha256"] = json!(v["delta"]["sha256"].as_str().unwrap().to_uppercase())
    }))
    .unwrap();
    assert_eq!(m.delta.unwrap().file.check(b"delta bytes"), Ok(()));
}

#[test]
fn a_delta_must_come_from_an_older_version() {
    assert_eq!(
        refused(|v| v["delta"]["from_version"] = json!(20250131)),
        ManifestError::BadField("delta.from_version")
    );
    assert_eq!(
        refused(|v| v["delta"]["from_version"] = json!(20250200)),
        ManifestError::BadField("delta.from_version")
    );
    assert!(FeedManifest::parse(&edited(|v| v["delta"]["from_version"] = json!(0))).is_ok());
}

#[test]
fn sizes_and_counts_over_their_caps_are_refused() {
    let l = Limits::DEFAULT;
    let over = |what: &'static str, limit: u64| ManifestError::LimitExceeded { what, limit };
    let at = |f: &dyn Fn(&mut Value)| FeedManifest::parse(&edited(f));
    assert!(at(&|v| v["database"]["size"] = json!(l.max_database_bytes)).is_ok(), "at the cap");
    assert_eq!(
        at(&|v| v["database"]["size"] = json!(l.max_database_bytes + 1)),
        Err(over("database.size", l.max_database_bytes))
    );
    assert!(at(&|v| v["delta"]["size"] = json!(l.max_delta_bytes)).is_ok());
    assert_eq!(at(&|v| v["delta"]["size"] = json!(l.max_delta_bytes + 1)), Err(over("delta.size", l.max_delta_bytes)));
    assert_eq!(at(&|v| v["entries"] = json!(l.max_database_entries + 1)), Err(over("entries", l.max_database_entries)));
    // An app's own, lower caps.
    let small = Limits { max_delta_bytes: 10, ..Limits::DEFAULT };
    assert_eq!(FeedManifest::parse_with(manifest().to_json().as_bytes(), &small), Err(over("delta.size", 10)));
    // The manifest itself: padded past the cap with white space, refused before it is parsed.
    let mut big = manifest().to_json().into_bytes();
    big.resize(MAX_FEED_MANIFEST_BYTES as usize, b' ');
    assert!(FeedManifest::parse(&big).is_ok(), "exactly at the cap");
    big.push(b' ');
    assert_eq!(FeedManifest::parse(&big), Err(over("manifest bytes", MAX_FEED_MANIFEST_BYTES)));
}

#[test]
fn fields_a_later_publisher_adds_are_ignored() {
    let m = FeedManifest::parse(&edited(|v| {
        v["published_at"] = json!("2025-01-31T00:00:00Z");
        v["database"]["mirrors"] = json!(["x"]);
    }));
    assert_eq!(m, Ok(manifest()));
}
