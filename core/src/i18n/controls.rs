//! Texts of the controls' reasons (issue 17): quiet hours, pause, repeated calls.

use super::Pair;
use crate::verdict::Reason;

/// Label and advice for the controls' reasons.
pub(super) fn text(reason: Reason) -> Option<(Pair, Pair)> {
    Some(match reason {
        Reason::QuietHours => (
            ["Quiet hours", "Ore di silenzio"],
            [
                "Silenced during quiet hours. Contacts, numbers you allow and repeated callers still ring.",
                "Silenziata nelle ore di silenzio. Contatti, numeri consentiti e chi richiama subito suonano comunque.",
            ],
        ),
        Reason::ProtectionPaused => (
            ["Protection paused", "Protezione in pausa"],
            [
                "Protection is paused: every call rings except the numbers your own rules block or silence.",
                "La protezione è in pausa: suonano tutte le chiamate tranne quelle bloccate o silenziate dalle tue regole.",
            ],
        ),
        Reason::RepeatedCall => (
            ["Repeated call", "Chiamata ripetuta"],
            [
                "It rings because this number called again within minutes: it may be urgent. Share no codes or personal data.",
                "Suona perché questo numero ha richiamato entro pochi minuti: può essere urgente. Non dare codici né dati personali.",
            ],
        ),
        _ => return None,
    })
}
