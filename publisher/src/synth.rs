//! Deterministic synthetic reports, for the benchmark and the DataFusion = Spark test: a day of
//! a busy publisher. Two in five reports name one of a few "hot" numbers (each reported by
//! dozens of people: listed), one in five a number of a campaign's block of 100 (ranges), the
//! rest numbers reported once or twice (not listed); about 3% are "not spam" votes; reporters
//! come back to the same numbers; times spread over 90 days before `now`; one row in ten
//! thousand is bad. Numbers are Swiss, German, French and North American, one in
//! twenty in Swiss national notation (region `CH`, the full libphonenumber parse).

use std::io::Write;

use chrono::DateTime;

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A uniform value in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// Mobile ranges: E.164 lead digits and the number of free digits after them.
const RANGES: [(u64, u32); 4] = [(4179, 7), (49151, 8), (336, 8), (1646, 7)];

/// Where numbers reported once or twice fall: wide spaces (lead digits, the lowest and the
/// count of the values after them), so that, as in real reports, they rarely share a block of
/// 100. Picked one time in ten, three, three and three.
const WIDE: [(u64, u64, u64); 4] = [
    (417, 0, 100_000_000),
    (4915, 0, 1_000_000_000),
    (33, 100_000_000, 900_000_000),
    (1, 2_000_000_000, 8_000_000_000),
];

/// The generator's settings.
#[derive(Debug, Clone, Copy)]
pub struct SynthOptions {
    /// Reports to generate.
    pub reports: u64,
    /// The seed: the same seed gives the same reports.
    pub seed: u64,
    /// The day's end, in Unix seconds.
    pub now: i64,
    /// Reports are up to this many days older than `now` (90 for a publisher's history, 1 for
    /// one day's new reports).
    pub span_days: u32,
}

/// One generated report's fields, ready to write as a CSV row (or normalise directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthRow {
    /// The number as reported.
    pub number: String,
    /// The region (`CH` for national notation, else empty).
    pub region: &'static str,
    /// The category code.
    pub category: &'static str,
    /// RFC 3339 time.
    pub time: String,
    /// The reporter's pseudonym.
    pub reporter: String,
    /// `spam` or `not_spam`.
    pub vote: &'static str,
}

/// A number of range `r` with `free` digits `v`, in E.164 (or national notation for CH).
fn number(rng: &mut Rng, r: usize, v: u64) -> (String, &'static str) {
    let (lead, free) = RANGES[r];
    if r == 0 && rng.below(20) == 0 {
        let d = format!("{v:07}");
        return (format!("079 {} {} {}", &d[..3], &d[3..5], &d[5..]), "CH");
    }
    (format!("+{lead}{v:0width$}", width = free as usize), "")
}

/// Calls `emit` with each of the `o.reports` reports, in order.
pub fn generate(o: &SynthOptions, mut emit: impl FnMut(SynthRow)) {
    let mut rng = Rng::new(o.seed);
    let hot = (o.reports / 200).max(1);
    let blocks = (o.reports / 2000).max(1);
    let reporters = (o.reports / 20).max(10);
    let categories = ["spam", "scam", "telemarketing", "robocall"];
    for i in 0..o.reports {
        let pick = rng.below(10);
        let (number, region) = match pick {
            // Hot numbers and campaign blocks are spread over the ranges by a fixed hash.
            0..=3 => {
                let h = rng.below(hot).wrapping_mul(0x9E37_79B9) % 10_000_000;
                number(&mut rng, (h % 4) as usize, h)
            }
            4 | 5 => {
                let b = rng.below(blocks).wrapping_mul(0x5851_F42D) % 100_000;
                let v = b * 100 + rng.below(100);
                number(&mut rng, (b % 4) as usize, v)
            }
            _ => {
                let (lead, low, count) = WIDE[[0, 1, 1, 1, 2, 2, 2, 3, 3, 3][rng.below(10) as usize]];
                let v = low + rng.below(count);
                let width = count.ilog10() as usize;
                (format!("+{lead}{v:0width$}"), "")
            }
        };
        let number = if i % 10_000 == 9_999 { "not a number".to_owned() } else { number };
        let age = rng.below(u64::from(o.span_days.max(1)) * 86_400) as i64;
        let time = DateTime::from_timestamp(o.now - age, 0).map_or_else(String::new, |t| t.to_rfc3339());
        emit(SynthRow {
            number,
            region,
            category: categories[rng.below(4) as usize],
            time,
            reporter: format!("u{}", rng.below(reporters)),
            vote: if rng.below(33) == 0 { "not_spam" } else { "spam" },
        });
    }
}

/// Writes `o.reports` reports as a CSV report file.
pub fn write_csv(o: &SynthOptions, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "number,region,category,time,reporter,vote")?;
    let mut result = Ok(());
    generate(o, |r| {
        if result.is_ok() {
            result = writeln!(out, "{},{},{},{},{},{}", r.number, r.region, r.category, r.time, r.reporter, r.vote);
        }
    });
    result.and_then(|()| out.flush())
}
