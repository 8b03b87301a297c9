//! Localized labels and advice. Short enough for a notification; never contain a number.

mod controls;

use crate::verdict::{Category, Reason};

/// A language Ringfence can explain itself in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
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

/// `[english, italian]`; `{brand}` is replaced by the brand's name.
type Pair = [&'static str; 2];

const NO_DATA: Pair = [
    "Companies never ask for codes or passwords on calls you did not expect.",
    "Le aziende non chiedono mai codici o password in chiamate inattese.",
];
const CALL_BACK_COSTS: Pair = [
    "Do not call back: calling this number back can cost a lot.",
    "Non richiamare: richiamare questo numero può costare molto.",
];

/// Label and advice for a reason that drives a verdict.
fn reason_text(reason: Reason) -> Option<(Pair, Pair)> {
    use Reason::*;
    Some(match reason {
        Emergency => (["Emergency services", "Servizi di emergenza"], ["", ""]),
        EmergencyCallback => (
            ["Possible emergency call-back", "Possibile richiamata dei soccorsi"],
            [
                "You recently called emergency services, so every call rings.",
                "Hai chiamato da poco i soccorsi: tutte le chiamate suonano.",
            ],
        ),
        UserBlock => (
            ["On your block list", "Nella tua lista di blocco"],
            ["Blocked by your own rules.", "Bloccata dalle tue regole."],
        ),
        UserSilence => (
            ["Silenced by your rules", "Silenziata dalle tue regole"],
            ["Silenced by your own rules.", "Silenziata dalle tue regole."],
        ),
        UserLabel => (["Flagged by your rules", "Segnalata dalle tue regole"], ["", ""]),
        VerificationFailed => (
            ["Caller ID failed verification", "ID chiamante non verificato"],
            [
                "The number may be faked. Share no codes or personal data; call back on an official number.",
                "Il numero può essere falso. Non dare codici né dati personali; richiama un numero ufficiale.",
            ],
        ),
        InvalidNumber => (
            ["Number does not exist", "Numero inesistente"],
            [
                "This number is not in use in its country: it is probably faked.",
                "Questo numero non è in uso nel suo Paese: probabilmente è falso.",
            ],
        ),
        UnparsableNumber => (
            ["Unreadable caller ID", "ID chiamante illeggibile"],
            [
                "The caller ID is not a real phone number. Be careful.",
                "L'ID chiamante non è un vero numero di telefono. Attenzione.",
            ],
        ),
        HiddenNumber | PolicyHidden => (["Hidden number", "Numero nascosto"], NO_DATA),
        PremiumRateNumber | PersonalNumber | SharedCostNumber => {
            (["Costly call-back number", "Numero a pagamento"], CALL_BACK_COSTS)
        }
        WangiriCountry | NanpLookalike => (
            ["Possible one-ring scam", "Possibile truffa dello squillo"],
            [
                "Do not call back unknown foreign numbers: the call-back is charged at premium rates.",
                "Non richiamare numeri esteri sconosciuti: la richiamata costa come un numero a pagamento.",
            ],
        ),
        NeighbourSpoofing => (
            ["Faked local number", "Numero locale falsificato"],
            [
                "The number imitates yours to look local. Robocallers do this; don't share personal data.",
                "Il numero imita il tuo per sembrare locale. Lo fanno i robocall: non dare dati personali.",
            ],
        ),
        BurstNumberBlock | BurstCountry => (
            ["Robocall wave", "Ondata di chiamate automatiche"],
            [
                "Many similar numbers called within minutes: likely an automated campaign.",
                "Molti numeri simili hanno chiamato in pochi minuti: probabile campagna automatica.",
            ],
        ),
        BrandInboundOnly => (
            ["Fake {brand} call", "Falsa chiamata {brand}"],
            [
                "{brand} never calls from this number: it only receives calls. Hang up and contact support through the official website.",
                "{brand} non chiama mai da questo numero: lo usa solo per ricevere. Riattacca e contatta l'assistenza dal sito ufficiale.",
            ],
        ),
        BrandImpersonation => (
            ["Fake {brand} call", "Falsa chiamata {brand}"],
            [
                "This is not {brand}'s number. Hang up and contact {brand} through the official website.",
                "Questo non è un numero di {brand}. Riattacca e contatta {brand} dal sito ufficiale.",
            ],
        ),
        PolicyUnknown => (
            ["Unknown caller", "Chiamante sconosciuto"],
            [
                "Silenced: you chose to let only contacts ring.",
                "Silenziata: hai scelto di far suonare solo i contatti.",
            ],
        ),
        PolicyForeign => (
            ["Call from abroad", "Chiamata dall'estero"],
            [
                "Blocked: you chose to block calls from abroad.",
                "Bloccata: hai scelto di bloccare le chiamate dall'estero.",
            ],
        ),
        PolicyNight => (
            ["Night mode", "Modalità notte"],
            ["Silenced by night mode; contacts still ring.", "Silenziata dalla modalità notte; i contatti suonano."],
        ),
        FeedListed => (
            ["Reported number", "Numero segnalato"],
            [
                "A blocklist you use reports this number. Share no codes or personal data.",
                "Una lista di blocco che usi segnala questo numero. Non dare codici né dati personali.",
            ],
        ),
        UnfamiliarCountry | NightCall | SatelliteNumber | InternationalNetwork | InternationalPremiumRate => {
            return number_text(reason);
        }
        BrandName | MixedScriptName => return name_text(reason),
        QuietHours | ProtectionPaused | RepeatedCall => return controls::text(reason),
        LookupListed => (
            ["Reported online", "Segnalato online"],
            [
                "An online blocklist you use reports this number. Share no codes or personal data.",
                "Una lista di blocco online che usi segnala questo numero. Non dare codici né dati personali.",
            ],
        ),
        Contact | RecentlyDialled | UserAllow | FeedAllow | VerificationPassed | InternalError => return None,
    })
}

// Issue 12 (calls): foreign callers at night, global numbers.
/// Label and advice for the reasons about where a number is from.
fn number_text(reason: Reason) -> Option<(Pair, Pair)> {
    use Reason::*;
    const COSTLY: Pair = [
        "Calling this number back can cost a lot: call back only if you know the caller.",
        "Richiamare questo numero può costare molto: richiama solo se conosci chi chiama.",
    ];
    Some(match reason {
        UnfamiliarCountry | NightCall => (
            ["Unknown caller from abroad", "Sconosciuto dall'estero"],
            [
                "An unknown foreign number at night. Do not call back numbers you do not know: it can cost a lot.",
                "Un numero estero sconosciuto di notte. Non richiamare numeri che non conosci: può costare molto.",
            ],
        ),
        SatelliteNumber => (["Satellite phone", "Telefono satellitare"], COSTLY),
        InternationalNetwork => (["International network number", "Numero di rete internazionale"], COSTLY),
        InternationalPremiumRate => {
            (["International premium-rate number", "Numero internazionale a pagamento"], CALL_BACK_COSTS)
        }
        _ => return None,
    })
}

/// Advice when a brand that never calls customers is claimed.
const NEVER_CALLS: Pair = [
    "{brand} never calls customers unexpectedly. Hang up and contact support through the official website.",
    "{brand} non chiama mai i clienti senza preavviso. Riattacca e contatta l'assistenza dal sito ufficiale.",
];

fn category_label(category: Category) -> Option<Pair> {
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
        Category::Satellite => ["Satellite phone", "Telefono satellitare"],
        Category::InternationalNetwork => ["International network", "Rete internazionale"],
        _ => return None,
    })
}

/// A brand named in a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrandNote<'a> {
    /// The brand's display name.
    pub name: &'a str,
    /// Whether the brand never calls customers unsolicited.
    pub never_calls: bool,
}

fn pick(pair: Pair, lang: Language, brand: Option<&str>) -> Option<String> {
    let s = pair[lang as usize];
    (!s.is_empty()).then(|| mask_numbers(&s.replace("{brand}", brand.unwrap_or(""))))
}

/// The label and advice for a verdict driven by `reason`, in `lang`.
///
/// For list-driven reasons the category's label is preferred over the generic one.
pub fn describe(reason: Reason, category: Category, lang: Language) -> (Option<String>, Option<String>) {
    describe_brand(reason, category, lang, None)
}

/// Like [`describe`], naming a brand in brand-impersonation verdicts.
pub fn describe_brand(
    reason: Reason,
    category: Category,
    lang: Language,
    brand: Option<BrandNote<'_>>,
) -> (Option<String>, Option<String>) {
    let text = reason_text(reason);
    let from_category = matches!(
        reason,
        Reason::UserBlock | Reason::UserSilence | Reason::UserLabel | Reason::FeedListed | Reason::LookupListed
    )
    .then(|| category_label(category))
    .flatten();
    let name = brand.map(|b| b.name);
    let label = from_category.or(text.map(|t| t.0)).and_then(|l| pick(l, lang, name));
    let impersonation = matches!(reason, Reason::BrandInboundOnly | Reason::BrandImpersonation);
    let advice = match brand {
        Some(b) if b.never_calls && impersonation => pick(NEVER_CALLS, lang, name),
        _ => text.and_then(|t| pick(t.1, lang, name)),
    };
    (label, advice)
}

/// Makes list-supplied text safe to show: digit runs that could be a phone number are masked.
///
/// A run starts at a digit (any Unicode numeric character: ASCII, full-width, Arabic-Indic,
/// superscripts…) or a plus sign (`+`, `＋`), and goes on through digits and any separator between them (anything
/// but a letter: spaces, `-`, `.`, `/`, `_`, `·`, full-width forms…). A run with 5 or more
/// digits is replaced by `…` (separators after its last digit are kept).
pub fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(|c| c.is_numeric()).count() >= 5 {
            let body = run.trim_end_matches(|c: char| !c.is_numeric()).len();
            out.push('…');
            out.push_str(&run[body..]);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_numeric() || matches!(c, '+' | '＋') || (!run.is_empty() && !c.is_alphabetic()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

// Caller names and customer-brand reminders (issue 12, classes 3, 4 and 12).

/// Label and advice for the caller-name reasons.
fn name_text(reason: Reason) -> Option<(Pair, Pair)> {
    Some(match reason {
        Reason::BrandName => (
            ["Says it is {brand}", "Dice di essere {brand}"],
            [
                "The name alone proves nothing. If the call is about your {brand} account, hang up and call {brand} on its official number.",
                "Il nome da solo non prova nulla. Se la chiamata riguarda il tuo conto {brand}, riattacca e chiama {brand} al numero ufficiale.",
            ],
        ),
        Reason::MixedScriptName => (
            ["Disguised caller name", "Nome del chiamante camuffato"],
            [
                "The caller name mixes look-alike letters of different alphabets to imitate a real name. Do not trust it.",
                "Il nome del chiamante mescola lettere simili di alfabeti diversi per imitare un nome vero. Non fidarti.",
            ],
        ),
        _ => return None,
    })
}

/// The reminder shown to a customer of `brands` (brands that never call unexpectedly) on an
/// unknown caller's call; `None` for no brands.
pub fn customer_reminder(brands: &[&str], lang: Language) -> Option<String> {
    let (last, first) = brands.split_last()?;
    let list = match first {
        [] => (*last).to_owned(),
        _ => format!("{} {} {last}", first.join(", "), ["or", "o"][lang as usize]),
    };
    let text = match (lang, first.is_empty()) {
        (Language::En, true) => format!(
            "If the caller says they are from {list}: {list} never calls unexpectedly, and knowing your ticket number proves nothing — hang up."
        ),
        (Language::En, false) => format!(
            "If the caller says they are from {list}: they never call unexpectedly, and knowing your ticket number proves nothing — hang up."
        ),
        (Language::It, true) => format!(
            "Se chi chiama dice di essere di {list}: {list} non chiama mai senza preavviso, e conoscere il tuo numero di ticket non prova nulla — riattacca."
        ),
        (Language::It, false) => format!(
            "Se chi chiama dice di essere di {list}: non chiamano mai senza preavviso, e conoscere il tuo numero di ticket non prova nulla — riattacca."
        ),
    };
    Some(mask_numbers(&text))
}

#[cfg(test)]
mod tests;
