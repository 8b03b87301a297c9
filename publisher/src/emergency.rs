//! Emergency numbers are never listed, nor covered by an inferred range. Reports name numbers
//! in E.164; an emergency number in international form (`+41112`, `+1911`) is short, so only
//! short reported numbers can be one or sit in a block of 10 or 100 with one. For each of those
//! the pre-pass asks core's emergency table ([`is_emergency_value`]) about every number of its
//! block of 100 and puts the emergency ones on the allow list.

use std::collections::BTreeSet;

use ringfence_core::number::{E164, emergency, is_emergency_value};

/// Most digits of a country calling code.
const MAX_COUNTRY_CODE_DIGITS: u32 = 3;

/// Whether `number` is short enough to be, or sit next to, an emergency number in
/// international form (a country code and at most [`emergency::max_digits`] digits).
pub fn is_short(number: E164) -> bool {
    number.digit_count() <= MAX_COUNTRY_CODE_DIGITS + emergency::max_digits() as u32
}

/// The emergency numbers in the blocks of 100 of `short_numbers` (E.164 values), ascending.
pub fn emergency_neighbours(short_numbers: &BTreeSet<u64>) -> BTreeSet<E164> {
    let blocks: BTreeSet<u64> = short_numbers.iter().map(|n| n / 100).collect();
    blocks
        .into_iter()
        .flat_map(|block| (block * 100..block * 100 + 100).filter(|v| is_emergency_value(*v)))
        .filter_map(E164::from_u64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_number_brings_the_emergency_numbers_of_its_block() {
        let found = emergency_neighbours(&BTreeSet::from([41_110]));
        assert!(found.contains(&E164::from_u64(41_112).unwrap()));
        assert!(found.contains(&E164::from_u64(41_117).unwrap()));
        assert!(!found.contains(&E164::from_u64(41_110).unwrap()));
        assert!(is_short(E164::from_u64(41_112).unwrap()));
        assert!(!is_short(E164::from_u64(41_446_681_800).unwrap()));
    }
}
