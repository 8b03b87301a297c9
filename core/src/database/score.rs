//! Entry scores: how strongly a feed reports an entry (e.g. the weighted count of distinct
//! reporters from `ringfence feed aggregate`), stored in one byte per class.
//!
//! A list's `score` column holds an integer ≥ 0 (higher: more reported; absent: 0). The file
//! keeps it as a **level**, a `u8` from [`score_level`]: exact up to 15, then a small float
//! (4-bit exponent, 4-bit mantissa: within 1/16 of the score) up to 2^19, and 255 beyond. The
//! mapping is monotonic — a higher score never gets a lower level — so ordering entries by level
//! (as the iOS capacity budget does, [`crate::export`]) orders them by score, up to ties.

/// Scores below this are stored exactly.
const EXACT: u64 = 16;
/// Mantissa bits below the leading one.
const MANTISSA_BITS: u32 = 4;
/// The highest level.
const TOP: u8 = u8::MAX;

/// The stored level of `score`: monotonic, 0 for 0, exact below 16, 255 from 2^19 up.
pub fn score_level(score: u64) -> u8 {
    if score < EXACT {
        return score as u8;
    }
    let bits = u64::BITS - score.leading_zeros(); // ≥ 5
    let exponent = u64::from(bits - MANTISSA_BITS); // ≥ 1
    let mantissa = (score >> (bits - 1 - MANTISSA_BITS)) & (EXACT - 1);
    u8::try_from(exponent * EXACT + mantissa).unwrap_or(TOP)
}

/// The smallest score stored as `level` (the inverse of [`score_level`] on its image).
pub fn level_score(level: u8) -> u64 {
    let (exponent, mantissa) = (u64::from(level) / EXACT, u64::from(level) % EXACT);
    match exponent {
        0 => mantissa,
        e => (EXACT + mantissa) << (e - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_exact_then_logarithmic_and_saturate() {
        assert_eq!((0..16).map(score_level).collect::<Vec<_>>(), (0..16).collect::<Vec<u8>>());
        assert_eq!([16, 17, 31, 32, 33, 34].map(score_level), [16, 17, 31, 32, 32, 33]);
        assert_eq!(score_level((1 << 19) - 1), 255);
        assert_eq!(score_level(1 << 19), 255);
        assert_eq!(score_level(u64::MAX), 255);
        for level in 0..=255u8 {
            assert_eq!(score_level(level_score(level)), level, "level {level}");
            assert!(level == 0 || score_level(level_score(level) - 1) == level - 1, "level {level} starts there");
        }
    }

    proptest::proptest! {
        #[test]
        fn levels_are_monotonic_and_close(a in 0u64..(1 << 21), b in 0u64..(1 << 21)) {
            let (lo, hi) = (a.min(b), a.max(b));
            proptest::prop_assert!(score_level(lo) <= score_level(hi));
            let level = score_level(hi);
            if level < 255 {
                let floor = level_score(level);
                proptest::prop_assert!(floor <= hi && hi - floor <= hi / 16, "{hi} stored as {floor}");
            }
        }
    }
}
