//! Call Directory export benchmark (issue 6's target: a 10M-entry export, ranges included,
//! streams in ≤ 1 s with ≤ 2 MB of heap beyond the mapped database).
//!
//! Builds (once, cached under the target directory) a signed database of realistic numbers —
//! exact numbers scattered over six countries' mobile and fixed ranges plus `##`/`###` ranges,
//! with block, silence, label and allow entries (allow entries punch holes in ranges) — whose
//! export has about N entries; opens it from an owned buffer (the "mapped database"); then
//! streams the full load as an extension does: every blocking entry, then every identification
//! entry, in chunks of 5,000. It prints the wall time of each run, and the peak heap beyond the
//! database bytes, measured by `dhat` (only allocations made while streaming count).
//!
//! ```text
//! cargo bench -p ringfence-core --bench export                 # N = 10,000,000, 5 runs
//! cargo bench -p ringfence-core --bench export -- --entries 2000000 --runs 3 --chunk 5000
//! ```
//!
//! Under `cargo test` (no `--bench` argument) it runs once on a small database, as a smoke test.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ringfence_core::database::{Database, DatabaseBuilder, public_key};
use ringfence_core::export::{ExportSet, chunk};
use ringfence_core::{Action, Category, E164, Language, Pattern};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const SECRET: [u8; 32] = [42; 32];
const TIME_TARGET: Duration = Duration::from_secs(1);
const HEAP_TARGET: u64 = 2 * 1024 * 1024;

/// Number spaces `(first, count)`: mobile and fixed ranges of CH, FR, IT, DE, UK and the US.
const SPACES: [(u64, u64); 8] = [
    (41_750_000_000, 50_000_000),     // CH mobile +41 75-79
    (41_210_000_000, 10_000_000),     // CH fixed +41 21
    (33_600_000_000, 200_000_000),    // FR mobile +33 6-7
    (393_000_000_000, 900_000_000),   // IT mobile +39 3xx
    (39_020_000_000, 100_000_000),    // IT fixed +39 02 (Milan)
    (4_915_100_000_000, 900_000_000), // DE mobile +49 151-159
    (447_400_000_000, 600_000_000),   // UK mobile +44 74-79
    (12_012_000_000, 7_900_000_000),  // US +1 201-989
];

struct Options {
    entries: u64,
    runs: usize,
    chunk: usize,
    full: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)?.parse::<u64>().ok());
    Options {
        entries: value("--entries").unwrap_or(if full { 10_000_000 } else { 200_000 }),
        runs: value("--runs").map_or(if full { 5 } else { 1 }, |r| r.max(1) as usize),
        chunk: value("--chunk").map_or(5_000, |c| c.max(1) as usize),
        full,
    }
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn pattern(first: u64, wildcards: u8) -> Pattern {
    Pattern::key_for(E164::from_u64(first).expect("valid number"), wildcards).expect("valid pattern")
}

/// Builds a database whose full export has about `target` entries: 35% from ranges (`###`
/// and `##`), the rest exact numbers; 78% blocked, 17% labelled (60 labels), 5% silenced,
/// plus allow entries inside ranges and labels on numbers inside blocked ranges.
fn build(target: u64) -> Vec<u8> {
    let mut rng = Rng(target);
    let mut b = DatabaseBuilder::new("export-bench", 1).expect("builder");
    b.created_at(0);
    let block = b.class(Action::Block, Category::Spam, None).expect("class");
    let scam = b.class(Action::Block, Category::Scam, Some("Scam")).expect("class");
    let silence = b.class(Action::Silence, Category::Robocall, None).expect("class");
    let allow = b.class(Action::Allow, Category::None, None).expect("class");
    let labels: Vec<u32> = (0..60)
        .map(|i| {
            b.class(Action::Label, Category::Telemarketing, Some(&format!("Telemarketing {i:02}"))).expect("class")
        })
        .collect();
    let class = |rng: &mut Rng| match rng.below(100) {
        0..=69 => block,
        70..=77 => scam,
        78..=82 => silence,
        _ => labels[rng.below(labels.len() as u64) as usize],
    };
    let in_ranges = target * 35 / 100;
    let (mut covered, mut holes) = (0u64, 0u64);
    while covered < in_ranges {
        let (first, space) = SPACES[rng.below(SPACES.len() as u64) as usize];
        let wildcards = if rng.below(3) == 0 { 2 } else { 3 };
        let p = pattern(first + rng.below(space), wildcards);
        b.push(p, class(&mut rng)).expect("push");
        covered += p.size();
        // Some ranges have exceptions: an allowed number, or a more specific label.
        if rng.below(4) == 0 {
            let inside = p.first().as_u64() + rng.below(p.size());
            let c = if rng.below(2) == 0 { allow } else { labels[0] };
            b.push(pattern(inside, 0), c).expect("push");
            holes += u64::from(c == allow);
        }
    }
    // About 1.5% more, for numbers drawn twice and numbers inside ranges.
    for _ in 0..(target + holes + target * 15 / 1000).saturating_sub(covered) {
        let (first, space) = SPACES[rng.below(SPACES.len() as u64) as usize];
        b.push(pattern(first + rng.below(space), 0), class(&mut rng)).expect("push");
    }
    b.build(&SECRET).expect("build").bytes
}

/// The cached database file for `entries`, built if missing.
fn database_file(entries: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("export-bench-v2-{entries}.rfdb"));
    if !path.exists() {
        eprintln!("building the benchmark database ({entries} entries) into {} …", path.display());
        let started = Instant::now();
        let bytes = build(entries);
        std::fs::create_dir_all(&dir).expect("target tmp dir");
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, &bytes).expect("write database");
        std::fs::rename(&tmp, &path).expect("rename database");
        eprintln!("built in {:.1} s", started.elapsed().as_secs_f64());
    }
    path
}

/// What one full load sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Sent {
    blocking: u64,
    identification: u64,
    chunks: u64,
    /// A checksum of every number, so nothing is optimized away.
    digest: u64,
}

/// Streams the full load of `set` in chunks of `size`, as a Call Directory extension does.
fn full_load(set: &ExportSet, size: usize) -> Sent {
    let mut sent = Sent::default();
    let mut blocking = set.blocking();
    let mut last = 0;
    loop {
        let c = chunk(&mut blocking, size);
        if c.is_empty() {
            break;
        }
        assert!(c[0] > last || sent.blocking == 0, "strictly ascending across chunks");
        last = *c.last().unwrap_or(&last);
        sent.chunks += 1;
        sent.blocking += c.len() as u64;
        sent.digest = c.iter().fold(sent.digest, |d, n| d.rotate_left(5) ^ n);
        black_box(&c);
    }
    let mut identification = set.identification();
    loop {
        let c = chunk(&mut identification, size);
        if c.is_empty() {
            break;
        }
        sent.chunks += 1;
        sent.identification += c.len() as u64;
        sent.digest = c.iter().fold(sent.digest, |d, (n, l)| d.rotate_left(5) ^ n ^ l.len() as u64);
        black_box(&c);
    }
    sent
}

/// This thread's time on a CPU and time spent waiting for one (Linux schedstat, in ns), so
/// that figures taken on a busy shared machine can be read: wall time ≈ CPU time + wait.
fn cpu_and_wait() -> Option<(Duration, Duration)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some((Duration::from_nanos(fields.next()??), Duration::from_nanos(fields.next()??)))
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let opts = options();
    let path = database_file(opts.entries);
    let bytes = std::fs::read(&path).expect("read database");
    let size = bytes.len() as u64;
    let db = Database::open(bytes, &[public_key(&SECRET)], None).expect("open database");
    println!(
        "database: {} exact numbers, {} ranges, {:.1} MiB ({})",
        db.exact_count(),
        db.range_count(),
        mib(size),
        path.display()
    );
    let set = ExportSet::from_rules_and_databases(Arc::default(), [db], Language::En);

    // Warm-up (page cache, lazy tables), then timed runs.
    let expected = full_load(&set, opts.chunk);
    let total = expected.blocking + expected.identification;
    println!(
        "export: {total} entries ({} blocking, {} identification) in {} chunks of ≤ {}",
        expected.blocking, expected.identification, expected.chunks, opts.chunk
    );
    let (mut times, mut cpu_times) = (Vec::new(), Vec::new());
    for run in 1..=opts.runs {
        let before = cpu_and_wait();
        let started = Instant::now();
        let sent = full_load(&set, opts.chunk);
        let t = started.elapsed();
        assert_eq!(sent, expected, "every run sends the same entries");
        let cpu = before.zip(cpu_and_wait()).map(|((c0, w0), (c1, w1))| (c1 - c0, w1 - w0));
        let cpu_note = cpu.map_or(String::new(), |(c, w)| {
            cpu_times.push(c);
            format!(" (on CPU {:.3} s, waiting for a CPU {:.3} s)", c.as_secs_f64(), w.as_secs_f64())
        });
        println!(
            "run {run}: {:.3} s, {:.1} M entries/s{cpu_note}",
            t.as_secs_f64(),
            total as f64 / t.as_secs_f64() / 1e6
        );
        times.push(t);
    }
    times.sort();
    cpu_times.sort();
    let median = times[times.len() / 2];

    // Heap: only what is allocated while streaming counts (the database buffer was allocated
    // before the profiler started).
    let profiler = dhat::Profiler::builder().testing().build();
    let sent = full_load(&set, opts.chunk);
    let heap = dhat::HeapStats::get();
    drop(profiler);
    assert_eq!(sent, expected);

    println!(
        "median {:.3} s ({:.1} M entries/s, best {:.3} s); peak heap beyond the database {:.1} KiB ({} bytes, {} allocations while streaming)",
        median.as_secs_f64(),
        total as f64 / median.as_secs_f64() / 1e6,
        times[0].as_secs_f64(),
        heap.max_bytes as f64 / 1024.0,
        heap.max_bytes,
        heap.total_blocks,
    );
    if let Some(cpu) = cpu_times.get(cpu_times.len() / 2) {
        println!(
            "median CPU time {:.3} s ({:.1} M entries/s of CPU)",
            cpu.as_secs_f64(),
            total as f64 / cpu.as_secs_f64() / 1e6
        );
    }
    if opts.full {
        let scaled = median.as_secs_f64() * 10_000_000.0 / total.max(1) as f64;
        let time_ok = if total >= 10_000_000 { median <= TIME_TARGET } else { scaled <= 1.0 };
        println!(
            "target ≤ 1 s for 10M entries: {} ({:.3} s per 10M entries); target ≤ 2 MiB heap: {} ({:.2} MiB)",
            if time_ok { "MET" } else { "NOT MET" },
            scaled,
            if heap.max_bytes as u64 <= HEAP_TARGET { "MET" } else { "NOT MET" },
            mib(heap.max_bytes as u64),
        );
    }
}
