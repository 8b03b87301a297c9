//! The benchmark's figures, its report formats, and the peers' file handling (raw `u64` dumps
//! for the in-memory structures, SQLite for the database apps use).

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rusqlite::Connection;

/// The structures compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// A Ringfence database.
    Ringfence,
    /// `std::collections::HashSet<u64>`.
    HashSet,
    /// A sorted `Vec<u64>` with binary search.
    SortedVec,
    /// SQLite, `INTEGER PRIMARY KEY` table.
    Sqlite,
}

const PEERS: [(Peer, &str); 4] = [
    (Peer::Ringfence, "ringfence"),
    (Peer::HashSet, "hashset"),
    (Peer::SortedVec, "sorted_vec"),
    (Peer::Sqlite, "sqlite"),
];

/// Median lookup times of one peer, ns (see `bench` for how they are measured).
#[derive(Debug, Clone, Copy, Default)]
pub struct Lookups {
    /// Latency of a hit.
    pub hit: f64,
    /// Latency of a miss.
    pub miss: f64,
    /// Latency of a lookup of hits and misses in random order.
    pub mixed: f64,
    /// Time per lookup when independent lookups may overlap (same mix).
    pub throughput: f64,
    /// Time per lookup with the batched API, 1,000 per call (same mix; Ringfence only).
    pub batched: f64,
}

/// One peer's figures.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeerFigures {
    /// Build time, seconds.
    pub build_s: f64,
    /// File bytes per number.
    pub file_bpn: f64,
    /// Resident bytes per number.
    pub resident_bpn: f64,
    /// Time to open, milliseconds.
    pub open_ms: f64,
    /// Median lookup times.
    pub lookups: Lookups,
}

/// Everything the benchmark measured.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// How many numbers.
    pub numbers: usize,
    /// Per peer, in [`PEERS`] order.
    pub peers: [PeerFigures; 4],
    /// Ringfence's full verification open (checksum + signature + structure), ms.
    pub ringfence_verify_ms: f64,
    /// Cost of the clock read between two lookups, subtracted from the latencies, ns.
    pub lookup_overhead_ns: f64,
    /// Wall time of the whole benchmark, seconds.
    pub total_s: f64,
}

impl Figures {
    fn peer(&mut self, peer: Peer) -> &mut PeerFigures {
        let i = PEERS.iter().position(|(p, _)| *p == peer).unwrap_or(0);
        &mut self.peers[i]
    }

    /// Records one peer's build time, sizes in bytes and open time.
    pub fn set(&mut self, peer: Peer, build_s: f64, file: f64, resident: f64, open_ms: f64) {
        let n = self.numbers.max(1) as f64;
        let lookups = self.peer(peer).lookups;
        *self.peer(peer) = PeerFigures { build_s, file_bpn: file / n, resident_bpn: resident / n, open_ms, lookups };
    }

    /// Records one peer's lookup times.
    pub fn set_lookups(&mut self, peer: Peer, lookups: Lookups) {
        self.peer(peer).lookups = lookups;
    }

    fn object(&self, f: impl Fn(&PeerFigures) -> f64) -> serde_json::Value {
        PEERS.iter().zip(&self.peers).map(|((_, name), p)| (name.to_string(), round(f(p)))).collect()
    }
}

fn round(v: f64) -> serde_json::Value {
    serde_json::json!((v * 1000.0).round() / 1000.0)
}

/// One JSON object: numbers, bytes_per_number (file), open_ms, lookup_ns (median latency, hits
/// and misses in random order), build_s, and the details (resident bytes, hit and miss latency,
/// throughput, the clock overhead subtracted from latencies, full verification, total time).
pub fn write_json(f: &Figures, out: &mut impl Write) -> std::io::Result<()> {
    let mut open = f.object(|p| p.open_ms);
    open["ringfence_verify"] = round(f.ringfence_verify_ms);
    let v = serde_json::json!({
        "numbers": f.numbers,
        "bytes_per_number": f.object(|p| p.file_bpn),
        "resident_bytes_per_number": f.object(|p| p.resident_bpn),
        "open_ms": open,
        "lookup_ns": f.object(|p| p.lookups.mixed),
        "lookup_hit_ns": f.object(|p| p.lookups.hit),
        "lookup_miss_ns": f.object(|p| p.lookups.miss),
        "lookup_throughput_ns": f.object(|p| p.lookups.throughput),
        "lookup_batched_ns": { "ringfence": round(f.peers[0].lookups.batched) },
        "batched_vs_hashset_throughput": round(f.peers[0].lookups.batched / f.peers[1].lookups.throughput.max(1e-9)),
        "lookup_overhead_ns": round(f.lookup_overhead_ns),
        "build_s": f.object(|p| p.build_s),
        "total_s": round(f.total_s),
    });
    writeln!(out, "{v}")
}

/// A human-readable table and the targets' verdicts.
pub fn write_table(f: &Figures, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} numbers. Lookups: median over batches of 1000 random queries; latency (each lookup done \
         before the next starts, {:.1} ns of clock reading subtracted) of hits, misses and both mixed; \
         throughput of the mix (lookups may overlap)",
        f.numbers, f.lookup_overhead_ns
    )?;
    writeln!(
        out,
        "{:<11} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "", "build s", "file B/n", "RAM B/n", "open ms", "hit ns", "miss ns", "mixed ns", "thru ns"
    )?;
    for ((_, name), p) in PEERS.iter().zip(&f.peers) {
        let l = p.lookups;
        writeln!(
            out,
            "{name:<11} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            p.build_s, p.file_bpn, p.resident_bpn, p.open_ms, l.hit, l.miss, l.mixed, l.throughput
        )?;
    }
    writeln!(
        out,
        "ringfence batched lookups (1,000 per call): {:.1} ns per lookup, {:.2}x HashSet's throughput",
        f.peers[0].lookups.batched,
        f.peers[0].lookups.batched / f.peers[1].lookups.throughput.max(1e-9)
    )?;
    writeln!(
        out,
        "ringfence full verification on open (checksum, signature, structure): {:.3} ms",
        f.ringfence_verify_ms
    )?;
    let [rf, hs, _, sq] = &f.peers;
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::INFINITY };
    let checks = [
        ("file bytes/number <= 3.0", rf.file_bpn <= 3.0, format!("{:.3}", rf.file_bpn)),
        (
            "lookup <= 1.5x HashSet",
            ratio(rf.lookups.mixed, hs.lookups.mixed) <= 1.5,
            format!("{:.2}x", ratio(rf.lookups.mixed, hs.lookups.mixed)),
        ),
        (
            "lookup >= 20x faster than SQLite",
            ratio(sq.lookups.mixed, rf.lookups.mixed) >= 20.0,
            format!("{:.0}x", ratio(sq.lookups.mixed, rf.lookups.mixed)),
        ),
        ("open <= 5 ms", rf.open_ms <= 5.0, format!("{:.3} ms", rf.open_ms)),
        ("build <= 15 s", rf.build_s <= 15.0, format!("{:.2} s", rf.build_s)),
    ];
    for (what, ok, value) in checks {
        writeln!(out, "target {what}: {} ({value})", if ok { "met" } else { "MISSED" })?;
    }
    writeln!(out, "benchmark wall time: {:.1} s", f.total_s)
}

/// Bytes a `HashSet<u64>` holds (hashbrown: buckets × (8 + 1 control byte) + one group).
pub fn hashset_bytes(set: &HashSet<u64>) -> usize {
    let buckets = (set.capacity() * 8 / 7).next_power_of_two();
    buckets * 9 + 16
}

/// Writes numbers as little-endian `u64`s.
pub fn write_raw(path: &Path, values: &[u64]) -> std::io::Result<()> {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(path, bytes)
}

/// Reads numbers written by [`write_raw`].
pub fn read_raw(path: &Path) -> std::io::Result<Vec<u64>> {
    let bytes = std::fs::read(path)?;
    Ok(bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect())
}

/// A built SQLite list.
pub struct Sqlite {
    path: std::path::PathBuf,
    /// Build time, seconds.
    pub build_s: f64,
    /// File size.
    pub file_bytes: u64,
}

impl Sqlite {
    /// Creates `numbers(n INTEGER PRIMARY KEY)` and inserts `sorted` in one transaction.
    pub fn build(path: &Path, sorted: &[u64]) -> Result<Self, String> {
        let _ = std::fs::remove_file(path);
        let t = Instant::now();
        let mut conn = Connection::open(path).map_err(|e| e.to_string())?;
        conn.execute_batch("CREATE TABLE numbers (n INTEGER PRIMARY KEY)").map_err(|e| e.to_string())?;
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        {
            let mut insert = tx.prepare("INSERT INTO numbers (n) VALUES (?1)").map_err(|e| e.to_string())?;
            for v in sorted {
                insert.execute([*v as i64]).map_err(|e| e.to_string())?;
            }
        }
        tx.commit().map_err(|e| e.to_string())?;
        drop(conn);
        let build_s = t.elapsed().as_secs_f64();
        let file_bytes = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
        Ok(Self { path: path.to_owned(), build_s, file_bytes })
    }

    /// Opens the file and runs a first query; returns the connection and the time in ms.
    pub fn reopen(&self) -> Result<(Connection, f64), String> {
        let t = Instant::now();
        let conn = Connection::open(&self.path).map_err(|e| e.to_string())?;
        conn.prepare("SELECT 1 FROM numbers WHERE n = ?1")
            .and_then(|mut s| s.exists([0i64]))
            .map_err(|e| e.to_string())?;
        Ok((conn, t.elapsed().as_secs_f64() * 1e3))
    }
}
