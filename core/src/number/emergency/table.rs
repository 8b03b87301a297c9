//! The emergency table: each region's emergency short numbers (112, 911, 999, 000…).
//!
//! The data is a static table generated once from libphonenumber's
//! `ShortNumberMetadata.xml` by `scripts/gen-emergency-table.py` (see the header of
//! `emergency_table.rs` for the exact upstream commit and licence). Matching follows
//! libphonenumber's `ShortNumberInfo.isEmergencyNumber`: the region's emergency pattern
//! must match the **whole** digit string. Unlike `connectsToEmergencyNumber`, there is no
//! prefix matching for any region (in BR, CL and NI `1901` is *not* an emergency number
//! even though `190` is).
//!
//! Each region's pattern is compiled on first use, once, and shared between threads.

use std::sync::{LazyLock, OnceLock};

use regex_lite::Regex;

use super::longest::max_len;
use crate::number::emergency_table::EMERGENCY;

/// One region's emergency numbers, as stored in the generated table.
#[derive(Debug)]
pub(crate) struct EmergencyEntry {
    /// libphonenumber's emergency `nationalNumberPattern`, whitespace removed and not
    /// anchored; it must match the whole digit string.
    pub pattern: &'static str,
    /// Numbers the pattern accepts: upstream's `exampleNumber` first, then the numbers
    /// spelled out from the pattern (shortest first). Never empty.
    pub examples: &'static [&'static str],
}

/// A region's lazily compiled pattern; `None` inside means it failed to compile.
struct Compiled {
    region: &'static str,
    regex: OnceLock<Option<Regex>>,
}

/// One cache slot per table region, sorted by region code (for binary search and for a
/// stable [`emergency_regions`] order). Building it allocates once and compiles nothing.
static COMPILED: LazyLock<Box<[Compiled]>> = LazyLock::new(|| {
    let mut slots: Vec<Compiled> =
        EMERGENCY.keys().map(|&region| Compiled { region, regex: OnceLock::new() }).collect();
    slots.sort_unstable_by_key(|c| c.region);
    slots.into_boxed_slice()
});

/// Upper-cases a two-letter region code into `buf`; `None` unless exactly two ASCII letters
/// (surrounding ASCII whitespace is ignored, as in [`RegionCode`](crate::number::RegionCode)).
fn normalize_region<'b>(region: &str, buf: &'b mut [u8; 2]) -> Option<&'b str> {
    match region.trim_ascii().as_bytes() {
        &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            *buf = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
            std::str::from_utf8(buf).ok()
        }
        _ => None,
    }
}

/// The table entry of `region` (case-insensitive), with the table's own `'static` key.
fn lookup(region: &str) -> Option<(&'static str, &'static EmergencyEntry)> {
    let mut buf = [0u8; 2];
    let key = normalize_region(region, &mut buf)?;
    EMERGENCY.get_entry(key).map(|(&k, v)| (k, v))
}

/// The most digits any region's emergency pattern matches (its longest emergency number),
/// read from the patterns themselves, so it bounds numbers that no example spells out.
pub(crate) static MAX_DIGITS: LazyLock<usize> =
    LazyLock::new(|| EMERGENCY.values().map(|e| max_len(e.pattern)).max().unwrap_or(0));

/// Anchors an unanchored table pattern so that it must match the whole input.
fn anchored(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

/// The compiled, anchored pattern of a table region; `None` if it does not compile.
fn regex_for(region: &'static str, entry: &'static EmergencyEntry) -> Option<&'static Regex> {
    let slots: &'static [Compiled] = &COMPILED;
    let slot = slots.binary_search_by(|c| c.region.cmp(region)).ok().and_then(|i| slots.get(i))?;
    slot.regex.get_or_init(|| Regex::new(&anchored(entry.pattern)).ok()).as_ref()
}

/// Whether `digits` is an emergency number in `region`.
///
/// `digits` must already be normalized to ASCII digits only (no `+`, spaces or
/// punctuation); anything else — including the empty string — is never an emergency
/// number. `region` is an ISO 3166-1 alpha-2 code, case-insensitive. The region's
/// emergency pattern must match the whole string: in the US `911` matches, `9110` and
/// `91` do not. Regions without emergency data (or unknown codes) always give `false`.
///
/// Never panics.
///
/// ```
/// use ringfence_core::number::emergency::is_emergency_digits;
///
/// assert!(is_emergency_digits("112", "it"));
/// assert!(is_emergency_digits("000", "AU"));
/// assert!(!is_emergency_digits("912", "US"));
/// assert!(!is_emergency_digits("+112", "IT"));
/// ```
pub fn is_emergency_digits(digits: &str, region: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some((key, entry)) = lookup(region) else {
        return false;
    };
    regex_for(key, entry).is_some_and(|re| re.is_match(digits))
}

/// All regions that have emergency numbers, as upper-case ISO 3166-1 alpha-2 codes,
/// in ascending order.
pub fn emergency_regions() -> impl Iterator<Item = &'static str> {
    let slots: &'static [Compiled] = &COMPILED;
    slots.iter().map(|c| c.region)
}

/// Example emergency numbers of `region` (case-insensitive): libphonenumber's example
/// first, then the other numbers the pattern spells out (e.g. `["112", "113", "115",
/// "118"]` for Italy). Every example satisfies [`is_emergency_digits`]. The list is
/// not exhaustive when the pattern contains digit wildcards. Empty for regions without
/// emergency data and for invalid codes.
pub fn emergency_examples(region: &str) -> &'static [&'static str] {
    lookup(region).map_or(&[], |(_, entry)| entry.examples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emergency_all_patterns_compile_anchored() {
        for (&region, entry) in EMERGENCY.entries() {
            assert!(!entry.pattern.is_empty(), "{region}: empty pattern");
            assert!(!entry.pattern.chars().any(char::is_whitespace), "{region}: whitespace in pattern");
            if let Err(e) = Regex::new(&anchored(entry.pattern)) {
                panic!("{region}: pattern {:?} does not compile: {e}", entry.pattern);
            }
            assert!(regex_for(region, entry).is_some(), "{region}: cache slot missing");
        }
    }

    #[test]
    fn emergency_every_example_is_recognised() {
        let mut checked = 0;
        for (&region, entry) in EMERGENCY.entries() {
            assert!(!entry.examples.is_empty(), "{region}: no examples");
            let lower = region.to_ascii_lowercase();
            for ex in entry.examples {
                assert!(is_emergency_digits(ex, region), "{region}: {ex}");
                assert!(is_emergency_digits(ex, &lower), "{lower}: {ex}");
                // Only bare ASCII digit strings qualify.
                assert!(!is_emergency_digits(&format!("{ex}#"), region), "{region}: {ex}#");
                assert!(!is_emergency_digits(&format!("+{ex}"), region), "{region}: +{ex}");
                checked += 1;
            }
            assert_eq!(emergency_examples(region), entry.examples);
        }
        assert!(checked >= EMERGENCY.len());
    }

    #[test]
    fn emergency_max_digits_bounds_every_pattern() {
        assert!((3..=6).contains(&*MAX_DIGITS), "{}", *MAX_DIGITS);
        for (&region, entry) in EMERGENCY.entries() {
            assert!(max_len(entry.pattern) <= *MAX_DIGITS, "{region}");
            assert!(entry.examples.iter().all(|e| e.len() <= *MAX_DIGITS), "{region}");
        }
        assert_eq!(max_len(r"1(?:12|5\d)"), 3);
        assert_eq!(max_len(r"9(?:11?|2|39?|9[17])"), 3);
        assert_eq!(max_len(r"1\d+"), usize::MAX, "unbounded rules nothing out");
    }

    #[test]
    fn emergency_well_known_numbers() {
        assert!(is_emergency_digits("911", "US"));
        assert!(is_emergency_digits("112", "US"));
        assert!(is_emergency_digits("112", "IT"));
        assert!(is_emergency_digits("113", "IT"));
        assert!(is_emergency_digits("999", "GB"));
        assert!(is_emergency_digits("112", "GB"));
        assert!(is_emergency_digits("000", "AU"));
        assert!(is_emergency_digits("110", "DE"));
        assert!(is_emergency_digits("112", "DE"));
        assert!(is_emergency_digits("117", "CH"));
        assert!(is_emergency_digits("144", "CH"));
        // Case-insensitive, surrounding whitespace ignored like RegionCode does.
        assert!(is_emergency_digits("911", "us"));
        assert!(is_emergency_digits("911", "uS"));
        assert!(is_emergency_digits("911", " US "));
    }

    #[test]
    fn emergency_negatives() {
        assert!(!is_emergency_digits("912", "US"));
        assert!(!is_emergency_digits("9111", "US"));
        assert!(!is_emergency_digits("91", "US"));
        assert!(!is_emergency_digits("1121", "IT"));
        assert!(!is_emergency_digits("0112", "IT"));
        assert!(!is_emergency_digits("114", "IT"));
        assert!(!is_emergency_digits("", "US"));
        assert!(!is_emergency_digits("+112", "IT"));
        assert!(!is_emergency_digits("+911", "US"));
        assert!(!is_emergency_digits("9 11", "US"));
        assert!(!is_emergency_digits("911\n", "US"));
        // Unicode digits are not ASCII digits (the patterns' \d would accept them).
        assert!(!is_emergency_digits("1\u{0665}\u{0660}", "CZ"));
        // Top-level alternation is anchored as a whole: "112|911" must not accept
        // "1129" (prefix of the first branch) or "0911" (suffix of the last).
        assert!(!is_emergency_digits("1129", "US"));
        assert!(!is_emergency_digits("0911", "US"));
        // No prefix matching (that is connectsToEmergencyNumber, not isEmergencyNumber).
        assert!(is_emergency_digits("190", "BR"));
        assert!(!is_emergency_digits("1901", "BR"));
        assert!(!is_emergency_digits("1331", "CL"));
        // 999 is GB's, not the US's; 911 is not Italy's.
        assert!(!is_emergency_digits("999", "US"));
        assert!(!is_emergency_digits("911", "IT"));
    }

    #[test]
    fn emergency_unknown_regions() {
        // Guinea has short-number metadata but no emergency element.
        assert!(!is_emergency_digits("112", "GN"));
        assert!(emergency_examples("GN").is_empty());
        for bad in ["", "U", "USA", "ZZ", "1A", "ÜS", "U\u{0}"] {
            assert!(!is_emergency_digits("112", bad), "{bad:?}");
            assert!(!is_emergency_digits("911", bad), "{bad:?}");
            assert!(emergency_examples(bad).is_empty(), "{bad:?}");
        }
    }

    #[test]
    fn emergency_examples_and_regions() {
        assert_eq!(emergency_examples("it"), &["112", "113", "115", "118"]);
        assert_eq!(emergency_examples("US"), &["112", "911"]);
        assert_eq!(emergency_examples("AU")[0], "000");

        let regions: Vec<&str> = emergency_regions().collect();
        assert_eq!(regions.len(), EMERGENCY.len());
        assert!(regions.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert!(regions.iter().all(|r| EMERGENCY.contains_key(r)));
        for r in ["US", "IT", "GB", "AU", "DE", "CH"] {
            assert!(regions.contains(&r), "{r}");
        }
        assert!(!regions.contains(&"GN"));
    }

    #[test]
    fn emergency_concurrent_first_use() {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                std::thread::spawn(|| {
                    emergency_regions().all(|r| emergency_examples(r).iter().all(|ex| is_emergency_digits(ex, r)))
                })
            })
            .collect();
        for h in handles {
            assert!(h.join().unwrap_or(false));
        }
    }
}
