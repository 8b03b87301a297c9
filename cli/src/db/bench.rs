//! `ringfence bench lookup`: Ringfence against the ways apps store number lists, measured in
//! the same run on the same synthetic numbers: `HashSet<u64>`, a sorted `Vec<u64>` with binary
//! search (Yet Another Call Blocker), and SQLite with an `INTEGER PRIMARY KEY` table
//! (SpamBlocker and most Android apps).
//!
//! Figures: build time (from the shuffled numbers to a ready file or structure), bytes per
//! number on disk and resident, time to open an existing file, and the median latency of one
//! lookup, over batches of 1,000 random hits, random misses, and both alternating. Within a
//! batch each query waits for the previous answer (as when calls arrive one at a time), so the
//! processor cannot overlap lookups: this measures latency, not throughput.

use std::collections::HashSet;
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ringfence_core::database::{Database, DatabaseBuilder, public_key};
use ringfence_core::{Action, Category, E164, Pattern};

use super::peers::{self, Figures, Peer};
use super::synth::{self, Rng};

/// Queries per timed batch, and batches per measurement.
const BATCH: usize = 1000;
const BATCHES: usize = 1000;

/// What the benchmark needs.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// How many numbers.
    pub numbers: usize,
    /// Print one JSON object instead of a table.
    pub json: bool,
    /// Where to put the files (a fresh temporary directory by default).
    pub dir: Option<PathBuf>,
}

/// Median per-lookup latency in nanoseconds of `f` over batches of `queries` (each lookup
/// depends on the previous answer); checks every answer against `expect`.
pub(crate) fn median_ns(
    queries: &[u64],
    batches: usize,
    expect: Option<bool>,
    f: &dyn Fn(u64) -> bool,
) -> Result<f64, String> {
    let mut times = Vec::with_capacity(batches);
    for b in 0..batches {
        let start = (b * BATCH) % queries.len().max(1);
        let batch = &queries[start..(start + BATCH).min(queries.len())];
        let zero = black_box(0u64);
        let (mut prev, mut found) = (0u64, 0usize);
        let t = Instant::now();
        for q in batch {
            // `prev * zero` is 0, but the compiler and processor cannot know it: a data dependency.
            prev = u64::from(f(*q + prev * zero));
            found += prev as usize;
        }
        times.push(t.elapsed().as_nanos() as f64 / batch.len().max(1) as f64);
        if expect.is_some_and(|e| found != if e { batch.len() } else { 0 }) {
            return Err(format!("lookup answered wrongly ({found} of {} found)", batch.len()));
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

/// Times the three lookup kinds for one peer.
fn lookups(q: &Queries, batches: usize, f: &dyn Fn(u64) -> bool) -> Result<[f64; 3], String> {
    for v in q.hits.iter().take(BATCH * 20) {
        black_box(f(*v));
    }
    let hit = median_ns(&q.hits, batches, Some(true), f)?;
    let miss = median_ns(&q.misses, batches, Some(false), f)?;
    let mixed = median_ns(&q.mixed, batches, None, f)?;
    Ok([hit, miss, mixed])
}

/// Random hits and misses.
struct Queries {
    hits: Vec<u64>,
    misses: Vec<u64>,
    /// Hits and misses alternating.
    mixed: Vec<u64>,
}

/// Runs the benchmark and writes its report.
pub fn run(opts: &BenchOptions, out: &mut impl Write) -> Result<(), String> {
    let n = opts.numbers.max(1);
    let dir = match &opts.dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("ringfence-bench-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let result = measure(n, &dir);
    if opts.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let f = result?;
    if opts.json { peers::write_json(&f, out) } else { peers::write_table(&f, out) }.map_err(|e| e.to_string())
}

fn measure(n: usize, dir: &Path) -> Result<Figures, String> {
    let total = Instant::now();
    eprintln!("generating {n} realistic numbers…");
    let sorted = synth::numbers(n, 1);
    let mut rng = Rng::new(2);
    let mut input = sorted.clone();
    for i in (1..input.len()).rev() {
        input.swap(i, rng.range(0, i as u64) as usize);
    }
    let pool = (BATCH * BATCHES).min(n.max(BATCH));
    let hits: Vec<u64> = (0..pool).map(|_| sorted[rng.range(0, n as u64 - 1) as usize]).collect();
    let misses = synth::misses(&sorted, pool, 3);
    let mixed = hits.iter().zip(&misses).flat_map(|(h, m)| [*h, *m]).collect();
    let q = Queries { hits, misses, mixed };
    let mut f = Figures { numbers: n, ..Figures::default() };

    eprintln!("ringfence…");
    let secret = [7u8; 32];
    let path = dir.join("bench.rfdb");
    let t = Instant::now();
    let mut b = DatabaseBuilder::new("bench", 1).map_err(|e| e.to_string())?;
    let class = b.class(Action::Block, Category::Spam, None).map_err(|e| e.to_string())?;
    for v in &input {
        let p = E164::from_u64(*v).map(Pattern::exact).ok_or("synthetic number out of range")?;
        b.push(p, class).map_err(|e| e.to_string())?;
    }
    let built = b.build(&secret).map_err(|e| e.to_string())?;
    std::fs::write(&path, &built.bytes).map_err(|e| e.to_string())?;
    let build = t.elapsed().as_secs_f64();
    let keys = [public_key(&secret)];
    let t = Instant::now();
    let db = Database::open_installed(super::map::map(&path).map_err(|e| e.to_string())?, &keys)
        .map_err(|e| e.to_string())?;
    let open = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    Database::open(super::map::map(&path).map_err(|e| e.to_string())?, &keys, None).map_err(|e| e.to_string())?;
    f.ringfence_verify_ms = t.elapsed().as_secs_f64() * 1e3;
    let size = built.bytes.len() as f64;
    drop(built);
    let look = lookups(&q, BATCHES, &|v| E164::from_u64(v).is_some_and(|e| db.lookup(e).is_some()))?;
    f.set(Peer::Ringfence, build, size, size, open, look);
    drop(db);

    eprintln!("HashSet<u64>…");
    let raw = dir.join("numbers.u64");
    let t = Instant::now();
    let set: HashSet<u64> = input.iter().copied().collect();
    let build = t.elapsed().as_secs_f64();
    peers::write_raw(&raw, &sorted).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let reopened: HashSet<u64> = peers::read_raw(&raw).map_err(|e| e.to_string())?.into_iter().collect();
    let open = t.elapsed().as_secs_f64() * 1e3;
    drop(reopened);
    let look = lookups(&q, BATCHES, &|v| set.contains(&v))?;
    f.set(Peer::HashSet, build, 8.0 * n as f64, peers::hashset_bytes(&set) as f64, open, look);
    drop(set);

    eprintln!("sorted Vec<u64>…");
    let t = Instant::now();
    let mut vec = input.clone();
    vec.sort_unstable();
    let build = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let vec2 = peers::read_raw(&raw).map_err(|e| e.to_string())?;
    let open = t.elapsed().as_secs_f64() * 1e3;
    drop(vec2);
    let look = lookups(&q, BATCHES, &|v| vec.binary_search(&v).is_ok())?;
    f.set(Peer::SortedVec, build, 8.0 * n as f64, (vec.capacity() * 8) as f64, open, look);
    drop(vec);

    eprintln!("SQLite…");
    let sqlite = peers::Sqlite::build(&dir.join("numbers.sqlite"), &sorted)?;
    let (build, size) = (sqlite.build_s, sqlite.file_bytes as f64);
    let (conn, open) = sqlite.reopen()?;
    let stmt = std::cell::RefCell::new(conn.prepare("SELECT 1 FROM numbers WHERE n = ?1").map_err(|e| e.to_string())?);
    let look = lookups(&q, BATCHES / 20, &|v| stmt.borrow_mut().exists([v as i64]).unwrap_or(false))?;
    drop(stmt);
    f.set(Peer::Sqlite, build, size, size, open, look);
    f.total_s = total.elapsed().as_secs_f64();
    Ok(f)
}
