//! Localized labels and advice. Short enough for a notification; never contain a number.

use crate::verdict::{Category, Reason};

/// A language Ringfence can explain itself in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Italian.
    It,
}

impl Language {
    /// Parses an ISO 639-1 code or locale (`it`, `it-IT`, `en_GB`); unknown → `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        let base = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match base.as_str() {
            "en" => Some(Self::En),
            "it" => Some(Self::It),
            _ => None,
        }
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::It => "it",
        }
    }
}

/// A label and advice pair in both languages: `[en, it]`.
struct Text {
    label: [&'static str; 2],
    advice: [&'static str; 2],
}

const fn t(label: [&'static str; 2], advice: [&'static str; 2]) -> Text {
    Text { label, advice }
}

fn reason_text(reason: Reason) -> Option<Text> {
    Some(match reason {
        Reason::Emergency => t(["Emergency services", "Servizi di emergenza"], ["", ""]),
        Reason::EmergencyCallback => t(
            ["Possible emergency call-back", "Possibile richiamata dei soccorsi"],
            [
                "You recently called emergency services, so every call rings.",
                "Hai chiamato da poco i soccorsi: tutte le chiamate suonano.",
            ],
        ),
        Reason::UserBlock => t(
            ["On your block list", "Nella tua lista di blocco"],
            ["Blocked by your own rules.", "Bloccata dalle tue regole."],
        ),
        Reason::UserSilence => t(
            ["Silenced by your rules", "Silenziata dalle tue regole"],
            ["Silenced by your own rules.", "Silenziata dalle tue regole."],
        ),
        Reason::UserLabel => t(["Flagged by your rules", "Segnalata dalle tue regole"], ["", ""]),
        Reason::VerificationFailed => t(
            ["Caller ID failed verification", "ID chiamante non verificato"],
            [
                "The number may be faked. Share no codes or personal data; call back on an official number.",
                "Il numero può essere falso. Non dare codici né dati personali; richiama un numero ufficiale.",
            ],
        ),
        Reason::InvalidNumber => t(
            ["Number does not exist", "Numero inesistente"],
            [
                "This number is not in use in its country: it is probably faked.",
                "Questo numero non è in uso nel suo Paese: probabilmente è falso.",
            ],
        ),
        Reason::UnparsableNumber => t(
            ["Unreadable caller ID", "ID chiamante illeggibile"],
            [
                "The caller ID is not a real phone number. Be careful.",
                "L'ID chiamante non è un vero numero di telefono. Attenzione.",
            ],
        ),
        Reason::HiddenNumber => t(
            ["Hidden number", "Numero nascosto"],
            [
                "Companies do not ask for codes or passwords on calls you did not expect.",
                "Le aziende non chiedono codici o password in chiamate inattese.",
            ],
        ),
        _ => return None,
    })
}

fn category_label(category: Category) -> Option<[&'static str; 2]> {
    Some(match category {
        Category::Spam => ["Suspected spam", "Sospetto spam"],
        Category::Scam => ["Suspected scam", "Sospetta truffa"],
        Category::Telemarketing => ["Telemarketing", "Telemarketing"],
        Category::Robocall => ["Robocall", "Chiamata automatica"],
        Category::Impersonation => ["Impersonation scam", "Truffa: falso operatore"],
        Category::Wangiri => ["One-ring scam", "Truffa dello squillo"],
        Category::PremiumRate => ["Premium-rate number", "Numero a tariffa maggiorata"],
        Category::Spoofed => ["Faked caller ID", "Numero falsificato"],
        Category::Suspicious => ["Suspicious call", "Chiamata sospetta"],
        _ => return None,
    })
}

fn pick(pair: [&'static str; 2], lang: Language) -> Option<String> {
    let s = pair[lang as usize];
    (!s.is_empty()).then(|| s.to_owned())
}

/// The label and advice for a verdict driven by `reason`, in `lang`.
///
/// For list-driven reasons the category's label is preferred over the generic one.
pub fn describe(reason: Reason, category: Category, lang: Language) -> (Option<String>, Option<String>) {
    let text = reason_text(reason);
    let from_category = matches!(reason, Reason::UserBlock | Reason::UserSilence | Reason::UserLabel)
        .then(|| category_label(category))
        .flatten();
    let label = from_category.or(text.as_ref().map(|t| t.label)).and_then(|l| pick(l, lang));
    let advice = text.and_then(|t| pick(t.advice, lang));
    (label, advice)
}

/// Makes list-supplied text safe to show: digit runs that could be a phone number are masked.
pub fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(char::is_ascii_digit).count() >= 5 {
            let body = run.trim_end_matches([' ', '-', '.', '/']).len();
            out.push('…');
            out.push_str(&run[body..]);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (!run.is_empty() && matches!(c, ' ' | '-' | '.' | '/')) || c == '+' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(Language::from_code("it-IT"), Some(Language::It));
        assert_eq!(Language::from_code("EN_gb"), Some(Language::En));
        assert_eq!(Language::from_code("fr"), None);
    }

    #[test]
    fn every_reason_with_text_is_localized_in_both_languages() {
        use Reason::*;
        for r in [
            Emergency,
            EmergencyCallback,
            UserBlock,
            UserSilence,
            UserLabel,
            VerificationFailed,
            InvalidNumber,
            UnparsableNumber,
            HiddenNumber,
        ] {
            let (en, _) = describe(r, Category::None, Language::En);
            let (it, _) = describe(r, Category::None, Language::It);
            assert!(en.is_some() && it.is_some() && en != it || r == UserLabel && en.is_some(), "{r:?}");
            assert!(en.unwrap().len() <= 40, "{r:?} label too long for a notification");
        }
    }

    #[test]
    fn category_labels_win_for_list_reasons() {
        let (label, _) = describe(Reason::UserBlock, Category::Scam, Language::It);
        assert_eq!(label.as_deref(), Some("Sospetta truffa"));
    }

    #[test]
    fn masks_number_like_runs() {
        assert_eq!(mask_numbers("Pizza 24h"), "Pizza 24h");
        assert_eq!(mask_numbers("Call +41 44 668 18 00 now"), "Call … now");
        assert_eq!(mask_numbers("ref 12345"), "ref …");
    }
}
