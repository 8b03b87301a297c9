//! `ringfence bench lookup`: Ringfence against the ways apps store number lists, measured in
//! the same run on the same synthetic numbers: `HashSet<u64>` (std, default SipHash), a sorted
//! `Vec<u64>` with binary search (Yet Another Call Blocker), and SQLite with an `INTEGER PRIMARY
//! KEY` table (SpamBlocker and most Android apps).
//!
//! Figures: build time (from the shuffled numbers to a ready file or structure), bytes per
//! number on disk and resident, time to open an existing file, and lookups.
//!
//! Lookups are measured the same way for every peer, with the same queries in the same order:
//! a pool of random hits (numbers of the set, drawn uniformly), a pool of random misses (numbers
//! from the same distribution that are not in the set), and a pool of other hits and misses
//! shuffled together, up to a million queries each, never reused within a measurement. A batch
//! is 1,000 consecutive queries of one pool; the figures are medians over hundreds of batches. All peers are open at once and measured in
//! [`ROUNDS`] rounds, taking turns, each turn starting with untimed batches to warm that peer's
//! own caches, so that load from other processes falls on every peer alike.
//!
//! Latency (`lookup_ns`: mixed; also hits and misses): the time from a query to its answer, as
//! when calls arrive one at a time. The clock is read between two lookups, and that read waits
//! for the previous lookup to finish (Linux reads the time stamp counter behind a barrier:
//! `lfence; rdtsc` on x86, `isb` on arm64), so lookups never overlap. Merely feeding each answer
//! into the next query is not enough: the processor predicts the answer's branches and runs the
//! next lookups ahead, for some structures more than for others. The clock read's own cost,
//! measured the same way with a trivial closure, is subtracted (and reported).
//!
//! Throughput (`lookup_throughput_ns`, mixed pool): time per lookup when lookups are independent
//! and the processor may overlap them freely (screening a batch of numbers). Ringfence's batched
//! API (`lookup_batched_ns`: `Database::count_listed` on each batch of 1,000, converting the
//! queries to `E164` inside the timing) is measured on the same batches.

use std::collections::HashSet;
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use ringfence_core::database::{Database, DatabaseBuilder, public_key};
use ringfence_core::{Action, Category, E164, Pattern};

use super::peers::{self, Figures, Lookups, Peer};
use super::synth::{self, Rng};

/// Queries per timed batch.
const BATCH: usize = 1000;
/// Queries per pool (hits, misses, mixed), at most.
const POOL: usize = 1_000_000;
/// Every peer takes one turn per round.
const ROUNDS: usize = 10;
/// Timed batches per turn, for each of the four measurements (SQLite: a twentieth).
const TURN_BATCHES: usize = 40;
/// Untimed batches starting each turn.
const WARMUP_BATCHES: usize = 20;

/// What the benchmark needs.
#[derive(Debug, Clone, Args)]
pub struct BenchOptions {
    /// How many numbers.
    #[arg(long, default_value_t = 1_000_000)]
    pub numbers: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Keep the files in this directory (default: a temporary one, removed afterwards).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The query pools, shared by all peers, disjoint from each other.
struct Queries {
    hits: Vec<u64>,
    misses: Vec<u64>,
    /// Other hits and misses, half and half, in random order.
    mixed: Vec<u64>,
    /// Yet others, for warming caches.
    warm: Vec<u64>,
}

impl Queries {
    fn new(sorted: &[u64], rng: &mut Rng) -> Self {
        let n = sorted.len();
        let pool = POOL.min(n.max(BATCH));
        let (mixed_half, warm_half) = (pool / 2, pool / 10);
        let mut hits: Vec<u64> =
            (0..pool + mixed_half + warm_half).map(|_| sorted[rng.range(0, n as u64 - 1) as usize]).collect();
        let mut misses = synth::misses(sorted, pool + mixed_half + warm_half, 3);
        let mut pick = |half: usize| {
            let mut v: Vec<u64> = hits.split_off(hits.len() - half);
            v.extend(misses.split_off(misses.len() - half));
            shuffle(&mut v, rng);
            v
        };
        let (warm, mixed) = (pick(warm_half), pick(mixed_half));
        Self { hits, misses, mixed, warm }
    }
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.range(0, i as u64) as usize);
    }
}

/// Batch `b` of a pool (wrapping around).
fn batch(pool: &[u64], b: usize) -> &[u64] {
    let start = (b * BATCH) % pool.len().max(1);
    &pool[start..(start + BATCH).min(pool.len())]
}

/// Mean latency in ns of the lookups of `queries`, each one finished before the next starts
/// (see the module documentation), and how many were found.
fn latency_batch(queries: &[u64], f: &dyn Fn(u64) -> bool) -> (f64, usize) {
    let mut found = 0usize;
    let start = Instant::now();
    for q in queries {
        found += usize::from(f(black_box(*q)));
        // Waits for the lookup to complete before the next one starts.
        black_box(Instant::now());
    }
    (start.elapsed().as_nanos() as f64 / queries.len().max(1) as f64, found)
}

/// Mean time in ns per lookup of `queries` when lookups may overlap, and how many were found.
fn throughput_batch(queries: &[u64], f: &dyn Fn(u64) -> bool) -> (f64, usize) {
    let start = Instant::now();
    let found = queries.iter().map(|q| usize::from(f(black_box(*q)))).sum();
    (start.elapsed().as_nanos() as f64 / queries.len().max(1) as f64, found)
}

/// A batched lookup: how many of the queries are found.
type Batched<'a> = &'a dyn Fn(&[u64]) -> usize;

/// One peer under measurement: its lookup, and its timed batches so far (ns per lookup).
struct Contestant<'a> {
    f: &'a dyn Fn(u64) -> bool,
    /// The batched lookup, if the peer has one: how many of the queries are found.
    batched: Option<Batched<'a>>,
    /// Batches per turn (SQLite is slow).
    per_turn: usize,
    /// Checks the answers (not for the calibration closure).
    check: bool,
    /// Latency of hits, misses, mixed; throughput of mixed; batched lookups of mixed.
    times: [Vec<f64>; 5],
}

impl<'a> Contestant<'a> {
    fn new(f: &'a dyn Fn(u64) -> bool, per_turn: usize, check: bool) -> Self {
        Self { f, batched: None, per_turn, check, times: Default::default() }
    }

    /// One turn: warm-up, then `per_turn` batches of each measurement, interleaved.
    fn turn(&mut self, q: &Queries, round: usize) -> Result<(), String> {
        for b in 0..WARMUP_BATCHES.min(self.per_turn) {
            throughput_batch(batch(&q.warm, round * WARMUP_BATCHES + b), self.f);
        }
        let first = round * TURN_BATCHES;
        for b in first..first + self.per_turn {
            let hits = batch(&q.hits, b);
            let misses = batch(&q.misses, b);
            let measured = [
                (latency_batch(hits, self.f), Some(hits.len())),
                (latency_batch(misses, self.f), Some(0)),
                (latency_batch(batch(&q.mixed, b), self.f), None),
                // The other half of the mixed pool.
                (throughput_batch(batch(&q.mixed, b + q.mixed.len() / BATCH / 2), self.f), None),
            ];
            if let Some(batched) = self.batched {
                let queries = batch(&q.mixed, b + q.mixed.len() / BATCH / 2);
                let start = Instant::now();
                let found = batched(black_box(queries));
                self.times[4].push(start.elapsed().as_nanos() as f64 / queries.len().max(1) as f64);
                if found != measured[3].0.1 {
                    return Err(format!("batched lookup answered wrongly ({found} of {BATCH} found)"));
                }
            }
            for (k, ((ns, found), expect)) in measured.into_iter().enumerate() {
                if self.check && expect.is_some_and(|e| e != found) {
                    return Err(format!("lookup answered wrongly ({found} of {BATCH} found)"));
                }
                self.times[k].push(ns);
            }
        }
        Ok(())
    }

    /// Medians: latency of hits, misses, mixed (less `overhead`), throughput of mixed.
    fn medians(&mut self, overhead: f64) -> Lookups {
        let [hit, miss, mixed, throughput, batched] = self.times.each_mut().map(|t| median(t));
        let less = |ns: f64| (ns - overhead).max(0.0);
        Lookups { hit: less(hit), miss: less(miss), mixed: less(mixed), throughput, batched }
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Measures all peers in rounds; returns their lookups in `peers` order, and the subtracted
/// overhead of a latency measurement.
fn measure_lookups(
    q: &Queries,
    peers: &[(&dyn Fn(u64) -> bool, usize)],
    batched: &dyn Fn(&[u64]) -> usize,
) -> Result<(Vec<Lookups>, f64), String> {
    let trivial = |v: u64| v == 0;
    let mut calibration = Contestant::new(&trivial, TURN_BATCHES, false);
    let mut all: Vec<Contestant> = peers.iter().map(|(f, per_turn)| Contestant::new(*f, *per_turn, true)).collect();
    all[0].batched = Some(batched);
    // Fault in the pages of mapped files (first access to each page), with the warm-up pool.
    for c in &all {
        for b in 0..ROUNDS * WARMUP_BATCHES.min(c.per_turn) {
            throughput_batch(batch(&q.warm, b), c.f);
        }
    }
    for round in 0..ROUNDS {
        calibration.turn(q, round)?;
        // Each round starts with a different peer.
        for i in 0..all.len() {
            let k = (round + i) % all.len();
            all[k].turn(q, round)?;
        }
    }
    let overhead = calibration.medians(0.0).mixed;
    Ok((all.iter_mut().map(|c| c.medians(overhead)).collect(), overhead))
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
    shuffle(&mut input, &mut rng);
    let q = Queries::new(&sorted, &mut rng);
    let mut f = Figures { numbers: n, ..Figures::default() };

    eprintln!("ringfence: build, open…");
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
    let size = built.bytes.len() as f64;
    drop(built);
    let keys = [public_key(&secret)];
    let t = Instant::now();
    let db = Database::open_installed(super::map::map(&path).map_err(|e| e.to_string())?, &keys)
        .map_err(|e| e.to_string())?;
    let open = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    Database::open(super::map::map(&path).map_err(|e| e.to_string())?, &keys, None).map_err(|e| e.to_string())?;
    f.ringfence_verify_ms = t.elapsed().as_secs_f64() * 1e3;
    f.set(Peer::Ringfence, build, size, size, open);

    eprintln!("HashSet<u64>: build, open…");
    let raw = dir.join("numbers.u64");
    let t = Instant::now();
    let set: HashSet<u64> = input.iter().copied().collect();
    let build = t.elapsed().as_secs_f64();
    peers::write_raw(&raw, &sorted).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let reopened: HashSet<u64> = peers::read_raw(&raw).map_err(|e| e.to_string())?.into_iter().collect();
    let open = t.elapsed().as_secs_f64() * 1e3;
    drop(reopened);
    f.set(Peer::HashSet, build, 8.0 * n as f64, peers::hashset_bytes(&set) as f64, open);

    eprintln!("sorted Vec<u64>: build, open…");
    let t = Instant::now();
    let mut vec = input;
    vec.sort_unstable();
    let build = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let vec2 = peers::read_raw(&raw).map_err(|e| e.to_string())?;
    let open = t.elapsed().as_secs_f64() * 1e3;
    drop(vec2);
    f.set(Peer::SortedVec, build, 8.0 * n as f64, (vec.capacity() * 8) as f64, open);

    eprintln!("SQLite: build, open…");
    let sqlite = peers::Sqlite::build(&dir.join("numbers.sqlite"), &sorted)?;
    drop(sorted);
    let (build, size) = (sqlite.build_s, sqlite.file_bytes as f64);
    let (conn, open) = sqlite.reopen()?;
    let stmt = std::cell::RefCell::new(conn.prepare("SELECT 1 FROM numbers WHERE n = ?1").map_err(|e| e.to_string())?);
    f.set(Peer::Sqlite, build, size, size, open);

    eprintln!("lookups: {ROUNDS} rounds, all peers in turn…");
    let ringfence = |v| E164::from_u64(v).is_some_and(|e| db.lookup(e).is_some());
    let batched = |vs: &[u64]| db.count_listed(&vs.iter().filter_map(|v| E164::from_u64(*v)).collect::<Vec<_>>());
    let hashset = |v| set.contains(&v);
    let sorted_vec = |v| vec.binary_search(&v).is_ok();
    let sqlite = |v| stmt.borrow_mut().exists([v as i64]).unwrap_or(false);
    let peers: [(&dyn Fn(u64) -> bool, usize); 4] = [
        (&ringfence, TURN_BATCHES),
        (&hashset, TURN_BATCHES),
        (&sorted_vec, TURN_BATCHES),
        (&sqlite, (TURN_BATCHES / 20).max(1)),
    ];
    let (lookups, overhead) = measure_lookups(&q, &peers, &batched)?;
    for (peer, l) in [Peer::Ringfence, Peer::HashSet, Peer::SortedVec, Peer::Sqlite].into_iter().zip(lookups) {
        f.set_lookups(peer, l);
    }
    f.lookup_overhead_ns = overhead;
    f.total_s = total.elapsed().as_secs_f64();
    Ok(f)
}
