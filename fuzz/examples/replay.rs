//! Runs corpus and regression files through the fuzz target bodies on a stable toolchain
//! (no libFuzzer), failing on any panic. Also writes the seed corpus.
//!
//! ```text
//! replay                       every file of fuzz/corpus/<target>/ and fuzz/regressions/<target>/
//! replay TARGET FILE|DIR...    the given files (or directories) through one target
//! replay seed                  (re)writes the seed files into fuzz/corpus/<target>/seed-*
//! ```
//!
//! Inputs slower than `RINGFENCE_FUZZ_SLOW_MS` (default 1000 ms; meant for release builds) are
//! reported; with `RINGFENCE_FUZZ_SLOW_FAILS=1` they fail the run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ringfence_core::Database;
use ringfence_core::database::{DatabaseBuilder, DeltaInfo};
use ringfence_fuzz::signed_delta::payload_len;
use ringfence_fuzz::{SECRET, TARGETS, Target, base_db_bytes, frame_delta, key, seed_databases};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match args.first().map(String::as_str) {
        Some("seed") => match write_seeds(&root.join("corpus")) {
            Ok(n) => {
                println!("wrote {n} seed files under {}", root.join("corpus").display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some("-h" | "--help") => {
            println!("usage: replay [seed | TARGET FILE|DIR...]");
            ExitCode::SUCCESS
        }
        Some(target) => {
            let Some((_, body)) = TARGETS.iter().find(|(n, _)| *n == target) else {
                eprintln!("unknown target {target:?}; targets: {:?}", TARGETS.map(|t| t.0));
                return ExitCode::FAILURE;
            };
            let files: Vec<PathBuf> = args[1..].iter().flat_map(|a| files_in(Path::new(a))).collect();
            report(&[(target, *body, files)])
        }
        None => {
            let runs: Vec<_> = TARGETS
                .iter()
                .map(|(name, body)| {
                    let mut files = files_in(&root.join("corpus").join(name));
                    files.extend(files_in(&root.join("regressions").join(name)));
                    (*name, *body, files)
                })
                .collect();
            report(&runs)
        }
    }
}

/// A file, or the files of a directory (sorted; hidden files skipped).
fn files_in(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    out.sort();
    out
}

fn report(runs: &[(&str, Target, Vec<PathBuf>)]) -> ExitCode {
    let slow = Duration::from_millis(
        std::env::var("RINGFENCE_FUZZ_SLOW_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000),
    );
    let slow_fails = std::env::var("RINGFENCE_FUZZ_SLOW_FAILS").is_ok_and(|v| v == "1");
    let mut failures = 0;
    for (name, body, files) in runs {
        let t0 = Instant::now();
        let (mut failed, mut slowest) = (0, (Duration::ZERO, None::<&PathBuf>));
        for file in files {
            let data = match std::fs::read(file) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("[{name}] cannot read {}: {e}", file.display());
                    failed += 1;
                    continue;
                }
            };
            let t = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| body(&data)));
            let took = t.elapsed();
            if took > slowest.0 {
                slowest = (took, Some(file));
            }
            if outcome.is_err() {
                eprintln!("[{name}] PANIC on {}", file.display());
                failed += 1;
            } else if took > slow {
                eprintln!("[{name}] slow input ({} ms): {}", took.as_millis(), file.display());
                failed += usize::from(slow_fails);
            }
        }
        let slowest = slowest.1.map_or(String::new(), |f| {
            format!(", slowest {} ms ({})", slowest.0.as_millis(), f.file_name().unwrap_or_default().to_string_lossy())
        });
        println!("[{name}] {} files, {failed} failed, {} ms{slowest}", files.len(), t0.elapsed().as_millis());
        failures += failed;
    }
    if failures > 0 {
        eprintln!("replay: {failures} failing inputs");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Seed inputs per target: the shapes each body expects, so fuzzing starts past the framing.
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut add = |target: &'static str, name: &str, bytes: Vec<u8>| out.push((target, name.to_owned(), bytes));
    let with = |head: &[u8], text: &str| [head, text.as_bytes()].concat();

    // number: [region selector, extra, text]; selector 1 = CH, 2 = IT, 3 = US, 4 = GB, 0 = none.
    for (i, (sel, text)) in [
        (1u8, "+41 44 668 18 00"),
        (1, "044 668 18 00"),
        (1, "0041446681800"),
        (2, "06 1234 5678"),
        (3, "(800) 642-7676"),
        (3, "1-800-FLOWERS"),
        (3, "911"),
        (1, "112"),
        (4, "999"),
        (0, "tel:+1-201-555-0123;ext=12"),
        (1, "＋４１ ４４ ６６８ １８ ００"),
        (2, "+39 ٠٦ ١٢٣٤ ٥٦٧٨"),
        (0, "+4121560####"),
        (1, "+41 21 560 ## ##"),
        (0, "2026-11-28T21:05:00+01:00"),
        (0, "it-IT"),
        (1, "Call +41 44 668 18 00 now"),
        (6, "+919876543210"),
    ]
    .into_iter()
    .enumerate()
    {
        add("number", &format!("{i:02}"), with(&[sel, 0], text));
    }

    // import: [format (0 csv, 1 txt, 2 json, 3 plist, 4 rules csv, 5 brands), region, defaults].
    let csv = "number,action,category,label\n+41446681800,block,spam,Spam\n044 668 18 01,allow,,\n\
               +4121560####,label,scam,\"Fake, bank\"\n+41,block,spam,\nbad,label,nonsense,\n";
    add("import", "csv", with(&[0, 1, 3], csv));
    add("import", "csv-strict", with(&[0x80, 1, 3], csv));
    add("import", "txt", with(&[1, 2, 0], "# comment\n+39 06 1234 5678\n06 1234 5679\n\n+3906#######\nnope\n"));
    let json = r#"[{"pattern": "+41446681800", "action": "label", "category": "scam", "label": "Fake bank"},
        {"number": "+4121560####"}, {"pattern": 41446681801}, "nope", {"pattern": "+41", "action": "block"}]"#;
    add("import", "json", with(&[2, 1, 0], json));
    let plist = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<array>\n\
                 <dict><key>number</key><string>+4121560####</string><key>title</key><string>Spam &amp; more</string></dict>\n\
                 <!-- c --><dict><key>number</key><string>nope</string></dict>\n<string>stray</string>\n\
                 <dict><key>number</key><string>+41779159232</string><key>flag</key><true/></dict>\n</array>\n</plist>\n";
    add("import", "plist", with(&[3, 1, 0], plist));
    let rules = "pattern,action,category,label\n+4121560####,block,spam,\"Swiss spam, range\"\n\
                 044 668 18 00,allow,,\n+41,block,spam,\n+41446681801,explode,spam,\n\"+41446681803,label,spam,\n";
    add("import", "rules", with(&[4, 1, 0], rules));
    let brands = r#"{"brands": [{"name": "Acme Bank", "aliases": ["Acme"], "never_calls": false,
        "inbound_only": ["+41441239999"], "outbound": ["+4144123####"]}, {"name": "Beta Telecom"}]}"#;
    add("import", "brands", with(&[5, 0, 0], brands));

    // db_open / db_structure: small valid databases.
    for (i, db) in seed_databases().into_iter().enumerate() {
        add("db_open", &format!("db{i}"), db.clone());
        add("db_structure", &format!("db{i}"), db);
    }

    // delta: [mode, …] against the base database.
    let base = Database::open(base_db_bytes(), &[key()], None).expect("base");
    for (i, other) in seed_databases().into_iter().enumerate().skip(1) {
        let other = Database::open(other, &[key()], None).expect("seed");
        // Builder outputs of other feeds: a delta between feeds is refused, so rename first.
        let other = Database::open(rebuilt_as(&other, &base), &[key()], None).expect("renamed seed");
        let d = ringfence_core::database::diff(&base, &other, &SECRET).expect("diff");
        let payload = &d[d.len() - payload_len(&d)..];
        add("delta", &format!("raw{i}"), [&[0u8][..], &d].concat());
        add("delta", &format!("payload{i}"), [&[1u8][..], payload].concat());
        assert_eq!(DeltaInfo::read(&frame_delta(&base, payload)).map(|i| i.feed), Ok("fuzz-feed".into()));
    }
    add("delta", "gen0", vec![2, 11, 4, 0, 7, 0, 0, 1, 3, 9, 0, 2, 5]);
    add("delta", "gen1", [&[2u8, 9][..], &pseudo_random(1, 200)].concat());

    // signed_delta: arbitrary-encoded headers (feed, versions, checksum, signer, payload, flip).
    for i in 0..10u64 {
        add("signed_delta", &format!("{i:02}"), pseudo_random(i + 300, 16 + 24 * i as usize));
    }
    add("signed_delta", "genuine", vec![0, 0, 0, 0, 0, 0, 1, 0, 0]);

    // export_installed: [mode, …]: database files (resealed), or two generated versions.
    for (i, db) in seed_databases().into_iter().enumerate() {
        add("export_installed", &format!("db{i}"), [&[0u8][..], &db].concat());
    }
    add("export_installed", "versions", [&[1u8][..], &pseudo_random(7, 96)].concat());

    // lookup: [mode, …]: a published bucket as fetched, its body re-sealed, the manifest.
    let base = Database::open(base_db_bytes(), &[key()], None).expect("base");
    let opts = ringfence_core::lookup::PublishOptions { bits: Some(2), ..Default::default() };
    let published = ringfence_core::lookup::publish(&base, &SECRET, &opts).expect("publish");
    let (id, bucket) = published.buckets.iter().enumerate().max_by_key(|(_, b)| b.len()).expect("a bucket");
    add("lookup", "bucket", [&[0u8][..], bucket].concat());
    let mut sealed = vec![1u8, 2];
    sealed.extend_from_slice(&(id as u32).to_le_bytes());
    sealed.extend_from_slice(&bucket[140..148]); // a probe: the first entry's key (or body bytes)
    sealed.extend_from_slice(&bucket[140..]);
    add("lookup", "sealed", sealed);
    add("lookup", "manifest", [&[2u8][..], published.manifest.to_json().as_bytes()].concat());
    for i in 0..4u64 {
        add("lookup", &format!("{i:02}"), [&[i as u8][..], &pseudo_random(i + 500, 40 + 60 * i as usize)].concat());
    }

    // screen: arbitrary-encoded settings and calls.
    for i in 0..12u64 {
        add("screen", &format!("{i:02}"), pseudo_random(i + 100, 64 + 96 * i as usize));
    }
    out
}

/// `db`'s entries as a database of `base`'s feed, one version up (a delta stays in one feed).
fn rebuilt_as(db: &Database, base: &Database) -> Vec<u8> {
    let mut b = DatabaseBuilder::new(&base.metadata().feed, base.metadata().version + 1).expect("feed");
    b.created_at(db.metadata().created_unix);
    for e in db.entries() {
        let entry = ringfence_core::database::Entry {
            pattern: e.pattern,
            action: e.action,
            category: e.category,
            label: e.label.map(str::to_owned),
            score: 0,
        };
        b.add(&entry).expect("entry");
    }
    b.build(&SECRET).expect("build").bytes
}

/// Deterministic bytes (xorshift).
fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn write_seeds(corpus: &Path) -> std::io::Result<usize> {
    let seeds = seeds();
    for (target, name, bytes) in &seeds {
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("seed-{name}")), bytes)?;
    }
    Ok(seeds.len())
}
