//! Caller IDs as networks deliver them, reduced to the number they carry.
//!
//! VoLTE/IMS and VoIP calls hand the phone SIP header values rather than digits:
//! `"Mario Rossi" <sip:+393331234567@ims.example.it;user=phone>;tag=a1`,
//! `<sip:+12015550123;verstat=TN-Validation-Passed@example.net;user=phone>`,
//! `tel:+1-201-555-0123;cpc=ordinary`, `tel:5550123;phone-context=+1-201`, Android's
//! percent-encoded `tel:%2B39…`. [`read_caller_id`] keeps the number (which
//! [`parse_number`](super::parse_number) then reads), the STIR/SHAKEN `verstat` result and the
//! display name, and recognises the words networks and phones write instead of a withheld
//! number (`anonymous`, `sip:anonymous@anonymous.invalid`, `Private Number`, `numero privato`…).

use std::borrow::Cow;

/// The STIR/SHAKEN result a network writes into the caller ID (`;verstat=`, ATIS-1000074).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verstat {
    /// `TN-Validation-Passed`: the network vouches for the number.
    Passed,
    /// `TN-Validation-Failed`: the number is likely spoofed.
    Failed,
    /// `No-TN-Validation`: nothing was checked.
    NoValidation,
}

/// What a caller ID holds once its notation is peeled off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerId<'a> {
    /// The number in whatever notation remains (separators, national or international form);
    /// `None` when the caller ID says the number is withheld (or holds nothing).
    pub number: Option<Cow<'a, str>>,
    /// The network's verification result, when the caller ID carries one.
    pub verstat: Option<Verstat>,
    /// The display name in front of a SIP URI (`"Mario Rossi" <sip:…>`), when there is one.
    pub display_name: Option<&'a str>,
}

impl CallerId<'_> {
    /// Whether the caller ID stands for a withheld number.
    pub fn is_withheld(&self) -> bool {
        self.number.is_none()
    }
}

/// Reads a caller ID as delivered. Plain numbers (`+41 44 668 18 00`, `044 668 18 00`) come
/// back as they are, without allocating; so does any text this module has nothing to say
/// about (it is then for the parser to judge).
pub fn read_caller_id(raw: &str) -> CallerId<'_> {
    let text = raw.trim();
    let plain = CallerId { number: Some(Cow::Borrowed(text)), verstat: None, display_name: None };
    if text.bytes().all(|b| b.is_ascii_digit() || b" +-().".contains(&b)) && !text.is_empty() {
        return plain;
    }
    let (display_name, uri) = split_display_name(text);
    let verstat = verstat_of(text);
    let (number, withheld) = match percent_decoded(uri) {
        Cow::Borrowed(uri) => {
            let (number, host) = number_and_host(uri);
            (Cow::Borrowed(number), is_withheld(number, host))
        }
        Cow::Owned(uri) => {
            let (number, host) = number_and_host(&uri);
            (Cow::Owned(number.to_owned()), is_withheld(number, host))
        }
    };
    let number = (!withheld).then(|| with_phone_context(number, uri));
    CallerId { number, verstat, display_name }
}

/// Splits `"Name" <uri>;params` (or `Name <uri>`) into the name and the URI; text without
/// angle brackets is all URI.
fn split_display_name(text: &str) -> (Option<&str>, &str) {
    let Some(open) = text.find('<') else { return (None, text) };
    let inner = &text[open + 1..];
    let uri = inner.find('>').map_or(inner, |close| &inner[..close]);
    let name = text[..open].trim().trim_matches('"').trim();
    ((!name.is_empty()).then_some(name), uri.trim())
}

/// Whether a URI's number part and host stand for a withheld number: nothing, a withheld word,
/// or RFC 3323's anonymous host without a number.
fn is_withheld(number: &str, host: Option<&str>) -> bool {
    number.is_empty()
        || is_withheld_word(number)
        || (host.is_some_and(|h| h.eq_ignore_ascii_case("anonymous.invalid"))
            && !number.bytes().any(|b| b.is_ascii_digit()))
}

/// `%XX` escapes decoded (Android writes `tel:%2B41…`); invalid escapes are kept as written.
fn percent_decoded(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let (bytes, mut out) = (text.as_bytes(), Vec::with_capacity(text.len()));
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// The value of parameter `name=` anywhere in `uri` (case-insensitive), up to the next
/// delimiter.
fn param<'u>(uri: &'u str, name: &str) -> Option<&'u str> {
    let lower = uri.to_ascii_lowercase();
    let start = lower.match_indices(name).map(|(i, _)| i + name.len()).find(|&end| lower[end..].starts_with('='))?;
    let value = &uri[start + 1..];
    Some(value[..value.find([';', '@', '>', '?', '&', ',']).unwrap_or(value.len())].trim())
}

/// The `verstat` parameter (in the user part, the URI or the header parameters).
fn verstat_of(uri: &str) -> Option<Verstat> {
    let value = param(uri, ";verstat")?.to_ascii_lowercase();
    if value.starts_with("tn-validation-passed") {
        Some(Verstat::Passed)
    } else if value.starts_with("tn-validation-failed") {
        Some(Verstat::Failed)
    } else if value.starts_with("no-tn-validation") {
        Some(Verstat::NoValidation)
    } else {
        None
    }
}

/// The number part of a URI (the SIP user, or the `tel:` subscriber) and the SIP host.
fn number_and_host(uri: &str) -> (&str, Option<&str>) {
    let lower_scheme = |s: &str| uri.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s));
    let rest = ["sips:", "sip:", "tel:"].into_iter().find(|s| lower_scheme(s)).map_or(uri, |s| &uri[s.len()..]);
    let (user, host) = match rest.split_once('@') {
        Some((user, host)) => (user, Some(host)),
        None => (rest, None),
    };
    // User parameters (`;verstat=…`, `;cpc=…`) and a SIP password (`:1234`) are not the number.
    let number = user.split([';', '?']).next().unwrap_or("").split(':').next().unwrap_or("").trim();
    let host = host.map(|h| h.split([';', '?', ':', '>']).next().unwrap_or("").trim());
    (number, host)
}

/// A local `tel:` number with a global `;phone-context=+…` (RFC 3966): the context's digits
/// come first. A domain-name context leaves the number to be read in the phone's region.
fn with_phone_context<'a>(number: Cow<'a, str>, uri: &str) -> Cow<'a, str> {
    match param(uri, ";phone-context").filter(|c| c.starts_with('+')) {
        Some(context) if !number.trim_start().starts_with('+') => Cow::Owned(format!("{context}{number}")),
        _ => number,
    }
}

/// Words that stand for a withheld number, in the languages Ringfence speaks and its
/// neighbours' (accents folded).
const WITHHELD: &[&str] = &[
    "anonymous",
    "anon",
    "unavailable",
    "unknown",
    "private",
    "restricted",
    "withheld",
    "blocked",
    "hidden",
    "privato",
    "privata",
    "riservato",
    "sconosciuto",
    "anonimo",
    "anonima",
    "nascosto",
    "oscurato",
    "privado",
    "desconocido",
    "oculto",
    "prive",
    "masque",
    "inconnu",
    "anonyme",
    "unbekannt",
    "anonym",
    "unterdruckt",
];

/// Words that may stand next to one of [`WITHHELD`] (`Private Number`, `numero privato`).
const FILLER: &[&str] = &[
    "number",
    "numero",
    "num",
    "no",
    "caller",
    "id",
    "call",
    "calling",
    "name",
    "chiamante",
    "chiamata",
    "nummer",
    "rufnummer",
    "appel",
    "appelant",
    "llamada",
    "sip",
    "tel",
    "invalid",
    "user",
    "localhost",
];

/// Phrases without one of [`WITHHELD`] that still mean "no number".
const PHRASES: &[&str] = &["not available", "non disponibile", "out of area", "no caller id", "no number"];

/// Whether `text` says the number is withheld: only withheld words (and fillers), no digits.
pub fn is_withheld_word(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || !text.chars().any(char::is_alphabetic) || text.chars().any(|c| c.is_numeric()) {
        return false;
    }
    let folded: String = text.chars().flat_map(char::to_lowercase).map(fold_accent).collect();
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if PHRASES.contains(&words.join(" ").as_str()) {
        return true;
    }
    words.iter().any(|w| WITHHELD.contains(w)) && words.iter().all(|w| WITHHELD.contains(w) || FILLER.contains(w))
}

/// The base letter of the accented Latin letters these words use.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(raw: &str) -> Option<String> {
        read_caller_id(raw).number.map(Cow::into_owned)
    }

    #[test]
    fn plain_numbers_pass_through_borrowed() {
        for raw in ["+41 44 668 18 00", "044 668 18 00", "(044) 668-18-00", " +41446681800 "] {
            let id = read_caller_id(raw);
            assert!(matches!(id.number, Some(Cow::Borrowed(n)) if n == raw.trim()), "{raw}");
            assert_eq!((id.verstat, id.display_name), (None, None));
        }
        assert_eq!(number("CALL ME").as_deref(), Some("CALL ME"), "not a URI, not a withheld word: for the parser");
        assert_eq!(number("1-800-FLOWERS").as_deref(), Some("1-800-FLOWERS"));
    }

    #[test]
    fn sip_and_tel_uris_give_the_number() {
        let cases = [
            ("sip:+393331234567@ims.mnc001.mcc222.3gppnetwork.org;user=phone", "+393331234567"),
            ("SIPS:+393331234567@example.it", "+393331234567"),
            ("<sip:+12015550123;verstat=TN-Validation-Passed@example.net;user=phone>", "+12015550123"),
            ("\"Mario Rossi\" <sip:+39 333 123 4567@ims.tim.it;user=phone>;tag=a1b2", "+39 333 123 4567"),
            ("Mario Rossi <tel:+39-333-123-4567>", "+39-333-123-4567"),
            ("tel:+1-201-555-0123;cpc=ordinary", "+1-201-555-0123"),
            ("tel:%2B41446681800", "+41446681800"),
            ("sip:%2B41446681800@example.ch", "+41446681800"),
            ("sip:+1-212-555-1212:1234@gateway.com;user=phone", "+1-212-555-1212"),
            ("sip:0446681800@voip.example.ch", "0446681800"),
            ("<+41446681800>", "+41446681800"),
            ("+41446681800;verstat=TN-Validation-Failed", "+41446681800"),
            ("tel:5550123;phone-context=+1-201", "+1-2015550123"),
            ("tel:0446681800;phone-context=example.ch", "0446681800"),
            ("tel:+41446681800;phone-context=+1-201", "+41446681800"),
        ];
        for (raw, want) in cases {
            assert_eq!(number(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn verstat_and_display_name() {
        let v = |raw| read_caller_id(raw).verstat;
        assert_eq!(v("<sip:+12015550123;verstat=TN-Validation-Passed@example.net;user=phone>"), Some(Verstat::Passed));
        assert_eq!(v("sip:+12015550123@example.net;user=phone;verstat=tn-validation-failed"), Some(Verstat::Failed));
        assert_eq!(v("tel:+12015550123;verstat=No-TN-Validation"), Some(Verstat::NoValidation));
        assert_eq!(v("tel:+12015550123;verstat=bogus"), None);
        assert_eq!(v("tel:+12015550123"), None);
        let id = read_caller_id("\"ACME Support\" <sip:+12015550123@example.net>");
        assert_eq!(id.display_name, Some("ACME Support"));
        assert_eq!(read_caller_id("<sip:+12015550123@example.net>").display_name, None);
    }

    #[test]
    fn withheld_words_and_anonymous_uris() {
        for raw in [
            "anonymous",
            "Anonymous",
            "UNAVAILABLE",
            "Private",
            "Private Number",
            "restricted",
            "Unknown",
            "unknown caller",
            "Withheld",
            "Number withheld",
            "No Caller ID",
            "Not available",
            "sip:anonymous@anonymous.invalid",
            "\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=1928301774",
            "<sip:someone@anonymous.invalid>",
            "sip:restricted@ims.example.net",
            "tel:anonymous",
            "privato",
            "Numero privato",
            "numero sconosciuto",
            "Sconosciuto",
            "anonimo",
            "Numero riservato",
            "non disponibile",
            "Numéro masqué",
            "Anónimo",
            "sip:@example.net",
        ] {
            assert!(read_caller_id(raw).is_withheld(), "{raw}");
        }
        for raw in [
            "Private 4",
            "Unknown Pizza",
            "anonymous1",
            "Mario",
            "+41446681800",
            "Unknown <sip:+41446681800@x.ch>",
            "<sip:+393331234567@anonymous.invalid>",
        ] {
            assert!(!read_caller_id(raw).is_withheld(), "{raw}");
        }
    }
}
