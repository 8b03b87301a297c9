//! How many bucket bits a publication may use: every bucket must cover at least *k* plausible
//! numbers of each numbering plan (calling code) the feed involves.
//!
//! A request reveals a bucket id; an observer who also knows the caller's country (from the
//! client's IP address, say) narrows it to that country's plausible numbers in the bucket. As
//! SHA-256 spreads numbers uniformly, that set has about `plausible(cc) / 2^bits` numbers, so
//! `bits = floor(log2(min over cc of plausible(cc) / k))`.
//!
//! `plausible(cc)` is measured from libphonenumber's metadata: for each national significant
//! number length, random numbers are drawn (a fixed-seed generator, so results repeat) and the
//! share that libphonenumber calls valid, taken at a ~95% lower confidence bound, is multiplied
//! by the count of numbers of that length. A lower bound errs towards fewer bits (larger
//! anonymity sets).

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::MAX_BITS;
use crate::number::parse_number;

/// Random numbers drawn per national number length.
pub const SAMPLES_PER_LENGTH: u32 = 1024;

/// The default least anonymity set: each bucket covers at least this many plausible numbers
/// of every calling code involved.
pub const DEFAULT_MIN_K: u64 = 10_000;

/// The anonymity set of one calling code at a publication's bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionAnonymity {
    /// The country calling code (`41` for Switzerland).
    pub calling_code: u16,
    /// Plausible (valid) numbers of that code, a lower bound.
    pub plausible: u64,
    /// Plausible numbers per bucket: `plausible / 2^bits`.
    pub k: u64,
}

/// splitmix64: a small, fixed-seed generator (the estimate must repeat, not be secret).
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A lower bound on the valid numbers of calling code `cc` (0 for an unknown code). Measured
/// once per process and code.
pub fn plausible_numbers(cc: u16) -> u64 {
    static MEASURED: Mutex<BTreeMap<u16, u64>> = Mutex::new(BTreeMap::new());
    if let Some(&n) = MEASURED.lock().unwrap_or_else(|e| e.into_inner()).get(&cc) {
        return n;
    }
    let n = measure(cc);
    MEASURED.lock().unwrap_or_else(|e| e.into_inner()).insert(cc, n);
    n
}

fn measure(cc: u16) -> u64 {
    let cc_digits = cc.to_string().len();
    let mut state = u64::from(cc);
    let mut total = 0f64;
    for len in 2..=(15 - cc_digits) as u32 {
        let space = 10u64.pow(len);
        let mut hits = 0u32;
        for _ in 0..SAMPLES_PER_LENGTH {
            let nsn = next(&mut state) % space;
            let text = format!("+{cc}{nsn:0width$}", width = len as usize);
            if parse_number(&text, None).is_ok_and(|p| p.valid && p.country_code == cc) {
                hits += 1;
            }
        }
        let lower = (f64::from(hits) - 2.0 * f64::from(hits).sqrt()).max(0.0);
        total += space as f64 * lower / f64::from(SAMPLES_PER_LENGTH);
    }
    total as u64
}

/// The most bits (at most [`MAX_BITS`]) that keep every bucket at `min_k` plausible numbers of
/// each of `plausible` (0 when even one bucket cannot reach it).
pub fn choose_bits(plausible: &[u64], min_k: u64) -> u8 {
    let Some(&smallest) = plausible.iter().min() else { return 0 };
    let ratio = smallest / min_k.max(1);
    if ratio == 0 { 0 } else { (ratio.ilog2() as u8).min(MAX_BITS) }
}

/// The anonymity set of each calling code at `bits`.
pub fn anonymity(codes: &[(u16, u64)], bits: u8) -> Vec<RegionAnonymity> {
    codes
        .iter()
        .map(|&(calling_code, plausible)| RegionAnonymity { calling_code, plausible, k: plausible >> bits })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_keep_every_region_at_k() {
        assert_eq!(choose_bits(&[], 10), 0);
        assert_eq!(choose_bits(&[1_000_000, 5_000_000], 1000), 9, "1e6 / 2^9 = 1953 ≥ 1000 > 1e6 / 2^10");
        assert_eq!(choose_bits(&[999], 1000), 0);
        assert_eq!(choose_bits(&[u64::MAX], 1), MAX_BITS);
        let a = anonymity(&[(41, 1_000_000)], 9);
        assert!(a[0].k >= 1000 && a[0].k < 2000);
    }

    #[test]
    fn plausible_counts_are_of_the_right_order() {
        let ch = plausible_numbers(41);
        assert!((10_000_000..1_000_000_000).contains(&ch), "Switzerland: 9-digit numbers, {ch}");
        assert!(plausible_numbers(1) > 10 * ch, "NANP: 10-digit numbers");
        assert_eq!(plausible_numbers(999), 0, "no such calling code");
    }
}
