//! Numbers as people dial them, reduced to the number the network connects.
//!
//! What the phone records for a placed call often carries more than the number:
//! - caller-ID prefixes: GSM's `#31#` (hide) and `*31#` (show) everywhere, NANP's `*67` and
//!   `*82`, and national codes where the phone is (`141` and `1470` in the UK, `142` in
//!   Ireland, `1831`/`1832` in Australia, `184`/`186` in Japan, `0197` in New Zealand, `067` in
//!   Spain, `3651` in France, `133` in Hong Kong);
//! - pauses and waits with the digits sent after the call connects (`,` `;` and their
//!   keypad spellings `p` `w`): `+41446681800,,123#`, `112;1`;
//! - a `tel:` URI, percent-encoded as Android writes it (`tel:%2A67%2B1…`).
//!
//! [`dialled_number`] keeps the number itself, so that its call-backs are recognised and an
//! emergency number dialled this way opens the call-back window.

use std::borrow::Cow;

use super::RegionCode;

/// Prefixes that change how the caller ID is shown, understood by every network.
const ANY_REGION: &[&str] = &["#31#", "*31#", "*67", "*82"];

/// National caller-ID prefixes, by the region whose network understands them.
const BY_REGION: &[(&str, &[&str])] = &[
    ("GB", &["1470", "141"]),
    ("IE", &["142"]),
    ("AU", &["1831", "1832"]),
    ("JP", &["184", "186"]),
    ("NZ", &["0197"]),
    ("ES", &["067"]),
    ("FR", &["3651"]),
    ("HK", &["133"]),
];

/// Digits a national prefix must leave at least: the shortest emergency numbers have three
/// (a prefix followed by one or two digits is itself a number, like the UK's `1471`).
const MIN_AFTER_PREFIX: usize = 3;

/// The number dialled in `raw`, the phone being in `region` (where national caller-ID codes
/// apply; `None` when unknown: only the codes every network understands are removed).
/// Returns `raw` itself, without allocating, when there is nothing to remove.
pub fn dialled_number(raw: &str, region: Option<RegionCode>) -> Cow<'_, str> {
    let text = raw.trim();
    let text = text.get(..4).filter(|s| s.eq_ignore_ascii_case("tel:")).map_or(text, |_| &text[4..]);
    if text.len() == raw.len()
        && !raw.contains(['%', ',', ';', 'p', 'P', 'w', 'W', '*', '#'])
        && region_codes(region).is_none()
    {
        return Cow::Borrowed(raw);
    }
    let decoded = decode(text);
    let number = without_post_dial(&decoded);
    let mut compact = compacted(number);
    // Several prefixes may be stacked (`#31#141…`); each is removed once at most.
    for _ in 0..ANY_REGION.len() + 2 {
        match strip_prefix(&compact, region) {
            Some(rest) => compact = rest.to_owned(),
            None => break,
        }
    }
    if compact == compacted(raw) { Cow::Borrowed(raw) } else { Cow::Owned(compact) }
}

/// `text` without spaces and visual separators.
fn compacted(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '(' | ')' | '/')).collect()
}

/// The national caller-ID prefixes of `region`.
fn region_codes(region: Option<RegionCode>) -> Option<&'static [&'static str]> {
    let region = region?;
    BY_REGION.iter().find(|(r, _)| *r == region.as_str()).map(|(_, codes)| *codes)
}

/// `%XX` escapes of the characters a dial string uses (`+`, `*`, `#`, `,`, `;`) decoded.
fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for (escape, c) in [("%2B", "+"), ("%2A", "*"), ("%23", "#"), ("%2C", ","), ("%3B", ";"), ("%20", " ")] {
        out = out.replace(escape, c).replace(&escape.to_ascii_lowercase(), c);
    }
    Cow::Owned(out)
}

/// `text` up to its first pause or wait: `,` or `;`, or `p`/`w` when only digits, `*`, `#`,
/// pauses and waits follow (so vanity numbers such as `1-800-FLOWERS` keep their letters).
fn without_post_dial(text: &str) -> &str {
    let cut = text.find([',', ';']).unwrap_or(text.len());
    let text = &text[..cut];
    let post_dial = |rest: &str| rest.chars().all(|c| c.is_ascii_digit() || "*#pPwW -".contains(c));
    let letters_before = |i: usize| text[..i].chars().any(|c| c.is_alphabetic());
    match text.char_indices().find(|&(i, c)| "pPwW".contains(c) && !letters_before(i) && post_dial(&text[i..])) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// `compact` without one leading caller-ID prefix, if it has one.
fn strip_prefix(compact: &str, region: Option<RegionCode>) -> Option<&str> {
    let universal = ANY_REGION.iter().find_map(|p| compact.strip_prefix(p)).filter(|rest| !rest.is_empty());
    universal.or_else(|| {
        region_codes(region)?
            .iter()
            .filter_map(|p| compact.strip_prefix(p))
            .find(|rest| rest.len() >= MIN_AFTER_PREFIX && rest.bytes().all(|b| b.is_ascii_digit() || b == b'+'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialled(raw: &str, region: &str) -> String {
        dialled_number(raw, region.parse().ok()).into_owned()
    }

    #[test]
    fn plain_numbers_are_kept_borrowed() {
        for raw in ["+41 44 668 18 00", "112", "044 668 18 00"] {
            assert!(matches!(dialled_number(raw, "CH".parse().ok()), Cow::Borrowed(r) if r == raw), "{raw}");
            assert!(matches!(dialled_number(raw, None), Cow::Borrowed(_)), "{raw}");
        }
    }

    #[test]
    fn caller_id_prefixes_are_removed() {
        assert_eq!(dialled("#31#112", "IT"), "112");
        assert_eq!(dialled("*31#+39 02 1234 5678", "IT"), "+390212345678");
        assert_eq!(dialled("#31# 0039 02 1234 5678", "DE"), "00390212345678");
        assert_eq!(dialled("*67 (201) 555-0123", "US"), "2015550123");
        assert_eq!(dialled("*67911", "US"), "911");
        assert_eq!(dialled("*82 911", "CA"), "911");
        assert_eq!(dialled("141 999", "GB"), "999");
        assert_eq!(dialled("141 07700 900123", "GB"), "07700900123");
        assert_eq!(dialled("1470 020 7946 0123", "GB"), "02079460123");
        assert_eq!(dialled("#31#141 999", "GB"), "999", "stacked prefixes");
        assert_eq!(dialled("184 110", "JP"), "110");
        assert_eq!(dialled("1831 000", "AU"), "000");
        assert_eq!(dialled("tel:%2A67%2B12015550123", "US"), "+12015550123");
        assert_eq!(dialled("tel:%2331%23112", "IT"), "112");
    }

    #[test]
    fn national_prefixes_only_where_the_network_knows_them() {
        assert_eq!(dialled("141 999", "IT"), "141 999", "141 means nothing in Italy");
        assert_eq!(dialled_number("141 999", None), "141 999");
        assert_eq!(dialled("1471", "GB"), "1471", "UK's last-caller service is not 141 + 1");
        assert_eq!(dialled("0141 496 0000", "GB"), "0141 496 0000", "Glasgow's area code");
        assert_eq!(dialled("*67", "US"), "*67", "the bare code dials nothing else");
    }

    #[test]
    fn pauses_waits_and_post_dial_digits_are_dropped() {
        assert_eq!(dialled("112,,1", "IT"), "112");
        assert_eq!(dialled("911;123#", "US"), "911");
        assert_eq!(dialled("+41 44 668 18 00,,123#", "CH"), "+41446681800");
        assert_eq!(dialled("+41446681800p123", "CH"), "+41446681800");
        assert_eq!(dialled("+41446681800W1P2", "CH"), "+41446681800");
        assert_eq!(dialled("#31#112p1", "IT"), "112");
        assert_eq!(dialled("1-800-FLOWERS", "US"), "1-800-FLOWERS", "vanity letters are not pauses");
        assert_eq!(dialled("1-800-HELP-NOW", "US"), "1-800-HELP-NOW");
    }
}
