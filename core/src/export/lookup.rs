//! Identification entries from an online lookup's cache, for the iOS Call Directory.
//!
//! iOS runs no app code while a call rings: a Call Directory extension hands the system its
//! entries ahead of time. So the app pre-fetches the buckets of recent unknown callers (the
//! only numbers it can know to ask about) and the extension identifies those of them that a
//! cached bucket lists. Nothing here fetches; an expired or missing bucket gives no entry.

use crate::i18n::{Language, describe, mask_numbers};
use crate::lookup::LookupClient;
use crate::number::{E164, is_emergency_value};
use crate::verdict::{Action, Reason};

/// The label the system shows for `number` as the cached lookup lists it at `now` (seconds
/// since the Unix epoch): the list's label with digit runs masked, else the category's label
/// as screening words it (reason `lookup_listed`) in `language`. `None` when the number is not
/// listed, listed as allowed, not cached (or expired), or an emergency number.
pub fn lookup_label(client: &LookupClient, number: E164, now: u64, language: Language) -> Option<String> {
    if is_emergency_value(number.as_u64()) {
        return None;
    }
    let entry = client.cached_answer(number, now)?.listed.filter(|e| e.action != Action::Allow)?;
    let label = match entry.label {
        Some(text) => mask_numbers(&text),
        None => describe(Reason::LookupListed, entry.category, language).0.unwrap_or_else(|| "Ringfence".into()),
    };
    Some(label)
}

/// Identification entries for `numbers` from `client`'s cache at `now`: E.164 digits as
/// integers with their labels ([`lookup_label`]), strictly ascending, no duplicates, as
/// CallKit wants them.
pub fn lookup_identification(
    client: &LookupClient,
    numbers: impl IntoIterator<Item = E164>,
    now: u64,
    language: Language,
) -> Vec<(u64, String)> {
    let mut wanted: Vec<E164> = numbers.into_iter().collect();
    wanted.sort_unstable_by_key(|n| n.as_u64());
    wanted.dedup();
    wanted.into_iter().filter_map(|n| Some((n.as_u64(), lookup_label(client, n, now, language)?))).collect()
}
