//! Target `number`: caller strings.

use ringfence_core::number::{self, E164, Pattern, emergency};
use ringfence_core::{CallTime, Language};

use crate::{REGIONS, assert_no_digits_of, region_of};

/// Caller strings: `[region selector, extra, u64 bytes (8)?, text…]`.
///
/// Runs `parse_number`, the emergency checks, `Pattern::parse`, `E164` and the text helpers.
/// contract: the E.164 form of a parsed number parses again (the same number when it is valid;
/// invalid ones are the open finding `e164_text_normalizes_to_itself` in
/// `core/tests/fuzz_regressions.rs`); a `#` pattern's display form parses back to it; a pattern
/// contains its first number; error texts never contain the input's digits.
pub fn number(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(2));
    let (sel, extra) = (head.first().copied().unwrap_or(0), head.get(1).copied().unwrap_or(0));
    let region = region_of(sel, extra);
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();

    // Integer entry points, from the first 8 bytes of the text.
    let mut raw = [0u8; 8];
    raw[..rest.len().min(8)].copy_from_slice(&rest[..rest.len().min(8)]);
    let value = u64::from_le_bytes(raw);
    number::is_emergency_value(value);
    number::is_emergency_value(value % 100_000_000_000);
    if let Some(e) = E164::from_u64(value % 1_000_000_000_000_000) {
        for w in 0..=16u8 {
            if let Some(p) = Pattern::key_for(e, w) {
                assert!(p.matches(e), "contract: key_for({e}, {w}) contains {e}");
            }
        }
    }

    match number::parse_number(text, region) {
        Ok(n) => {
            let e164 = n.e164.to_string();
            assert!(e164.starts_with('+') && (2..=16).contains(&e164.len()), "E.164 form {e164:?}");
            number::is_emergency_e164(&n);
            for again_region in [None, region] {
                let again = number::parse_number(&e164, again_region)
                    .unwrap_or_else(|e| panic!("contract: {e164} (from parse) is refused again: {e}"));
                if n.valid {
                    assert_eq!(again.e164, n.e164, "contract: normalization of a valid number is idempotent");
                }
            }
            assert_eq!(E164::from_e164_str(&e164), Some(n.e164));
        }
        Err(e) => assert_no_digits_of(&e.to_string(), text),
    }
    if let Some(r) = region {
        number::is_emergency_number(text, r);
        emergency::is_emergency_digits(text, r.as_str());
        number::country_code_for_region(r);
    }
    emergency::is_emergency_digits(&number::digits_only(text), REGIONS[usize::from(extra) % REGIONS.len()]);
    E164::from_e164_str(text);

    match Pattern::parse(text, region) {
        Ok(p) => {
            assert!(p.matches(p.first()), "contract: {p} contains its first number");
            assert!(p.wildcards() < 15 && p.size() >= 1);
            let shown = p.to_string();
            let again = Pattern::parse(&shown, None)
                .unwrap_or_else(|e| panic!("contract: pattern {shown} (from parse) is refused again: {e}"));
            if p.wildcards() > 0 || number::parse_number(text.trim(), region).is_ok_and(|n| n.valid) {
                assert_eq!(again, p, "contract: a pattern's display form parses back to it");
            }
        }
        Err(e) => assert_no_digits_of(&e.to_string(), text),
    }

    CallTime::parse_rfc3339(text).map(|t| t.local_minute_of_day());
    Language::from_code(text);
    ringfence_core::i18n::mask_numbers(text);
}
