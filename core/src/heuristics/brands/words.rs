//! The words that put a brand's name in a support or service context, per language, and the
//! words that do not make a name someone else's (legal forms, "official", countries).
//!
//! These are data: to support another language, add a row. Every row applies to every call
//! (a scammer's caller name need not be in the user's language). Entries are compared folded
//! (see [`fold`](super::fold)); an entry of several words also matches written together.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::fold::fold_joined;

/// Support and service words, by language (ISO 639-1).
pub const SUPPORT_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "support",
            "help",
            "help desk",
            "helpline",
            "hotline",
            "tech",
            "technical",
            "technician",
            "service",
            "services",
            "customer care",
            "security",
            "secure",
            "refund",
            "refunds",
            "billing",
            "account",
            "accounts",
            "renewal",
            "renewals",
            "subscription",
            "licence",
            "license",
            "activation",
            "fraud",
            "alert",
            "warranty",
            "virus",
            "antivirus",
        ],
    ),
    (
        "it",
        &[
            "assistenza",
            "supporto",
            "tecnico",
            "tecnica",
            "tecnici",
            "sicurezza",
            "rimborso",
            "rimborsi",
            "fatturazione",
            "fattura",
            "servizio",
            "servizi",
            "servizio clienti",
            "rinnovo",
            "rinnovi",
            "abbonamento",
            "licenza",
            "attivazione",
            "antifrode",
            "frodi",
            "garanzia",
            "avviso",
        ],
    ),
    (
        "de",
        &[
            "kundendienst",
            "kundenservice",
            "hilfe",
            "technik",
            "technischer",
            "sicherheit",
            "erstattung",
            "rückerstattung",
            "abrechnung",
            "konto",
            "verlängerung",
            "abonnement",
        ],
    ),
    (
        "fr",
        &[
            "assistance",
            "technique",
            "sécurité",
            "remboursement",
            "facturation",
            "compte",
            "renouvellement",
            "abonnement",
            "service client",
        ],
    ),
    (
        "es",
        &[
            "soporte",
            "asistencia",
            "ayuda",
            "técnico",
            "seguridad",
            "reembolso",
            "facturación",
            "cuenta",
            "renovación",
            "suscripción",
            "servicio",
            "atención al cliente",
        ],
    ),
];

/// Words that leave a name the brand's own (`Microsoft Corp`, `Poste Italiane S.p.A.`).
pub const NEUTRAL_WORDS: &[&str] = &[
    "the",
    "official",
    "ufficiale",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "spa",
    "srl",
    "sarl",
    "bv",
    "nv",
    "group",
    "gruppo",
    "international",
    "intl",
    "global",
    "italia",
    "italy",
    "usa",
    "us",
    "uk",
    "europe",
    "europa",
    "de",
    "di",
    "del",
    "della",
];

/// What a word of a caller name (outside the brand's alias) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum WordKind {
    /// Leaves the name the brand's own.
    Neutral,
    /// Puts the brand in a support or service context.
    Support,
    /// Any other word: the name is someone else's (`Microsoft Dental`).
    Other,
}

struct Vocabulary {
    support: HashSet<String>,
    neutral: HashSet<String>,
    longest: usize,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let support: HashSet<String> =
        SUPPORT_WORDS.iter().flat_map(|(_, words)| words.iter()).map(|w| fold_joined(w)).collect();
    let neutral: HashSet<String> = NEUTRAL_WORDS.iter().map(|w| fold_joined(w)).collect();
    let longest = support.iter().map(String::len).max().unwrap_or(0);
    Vocabulary { support, neutral, longest }
});

/// Longest folded text split into words, in bytes; longer text is [`WordKind::Other`].
const MAX_SPLIT_BYTES: usize = 64;

/// What folded `text` says: [`Neutral`](WordKind::Neutral) if it is empty or a neutral word;
/// [`Support`](WordKind::Support) if it splits entirely into support words (`techsupport`,
/// `servizioclienti`); else [`Other`](WordKind::Other).
pub(crate) fn kind(text: &str) -> WordKind {
    let v = &*VOCABULARY;
    if text.is_empty() || v.neutral.contains(text) {
        WordKind::Neutral
    } else if text.len() <= MAX_SPLIT_BYTES && splits_into(text, &v.support, v.longest) {
        WordKind::Support
    } else {
        WordKind::Other
    }
}

/// Whether `text` is a concatenation of words of `set` (none longer than `longest` bytes).
fn splits_into(text: &str, set: &HashSet<String>, longest: usize) -> bool {
    // ends[i]: text[..i] splits into words of the set.
    let mut ends = vec![false; text.len() + 1];
    ends[0] = true;
    for end in (1..=text.len()).filter(|&e| text.is_char_boundary(e)) {
        ends[end] = (end.saturating_sub(longest)..end)
            .any(|start| ends[start] && text.is_char_boundary(start) && set.contains(&text[start..end]));
    }
    ends[text.len()]
}

#[cfg(test)]
mod tests {
    use super::WordKind::*;
    use super::*;

    #[test]
    fn words_split_into_known_words() {
        let k = |t: &str| kind(&fold_joined(t));
        assert_eq!(k("Support"), Support);
        assert_eq!(k("TechSupport"), Support);
        assert_eq!(k("servizio clienti"), Support);
        assert_eq!(k("SUPPORTO-TECNICO"), Support);
        assert_eq!(k("R1MB0RS0"), Support);
        assert_eq!(k("Sicherheit"), Support);
        assert_eq!(k("Corp"), Neutral);
        assert_eq!(k("SpA"), Neutral);
        assert_eq!(k("codesa"), Other, "neutral words count only whole");
        assert_eq!(k(""), Neutral);
        assert_eq!(k("Dental"), Other);
        assert_eq!(k("Garage"), Other);
        assert_eq!(k("supportgarage"), Other, "a support word glued to another word is not a split");
        assert_eq!(k(&"support".repeat(20)), Other, "long text is not split");
    }

    #[test]
    fn every_language_row_is_folded_without_loss() {
        for (lang, words) in SUPPORT_WORDS {
            assert_eq!(lang.len(), 2);
            for w in *words {
                assert!(!fold_joined(w).is_empty(), "{w}");
                assert_eq!(kind(&fold_joined(w)), Support, "{w}");
            }
        }
    }
}
