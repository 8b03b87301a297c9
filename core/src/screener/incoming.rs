//! The call as screening reads it: the caller ID reduced to its number (SIP and `tel:` URIs,
//! withheld words; see [`read_caller_id`]) and where the user is at home.

use std::borrow::Cow;

use super::ScreenerConfig;
use crate::call::{IncomingCall, Verification};
use crate::number::{ParsedNumber, RegionCode, Verstat, read_caller_id};

/// `call` with its caller ID reduced to the number (`None` when it says the number is
/// withheld), the caller ID's `verstat` as the verification when the platform reported none,
/// its SIP display name when the platform gave no name, and the caller name (from either)
/// cut to `max_name_chars` characters. Borrowed, without allocating, when the caller ID is a
/// plain number and the name is within the cap.
pub(super) fn screened(call: &IncomingCall, max_name_chars: usize) -> Cow<'_, IncomingCall> {
    let id = call.number.as_deref().map(|raw| (raw, read_caller_id(raw)));
    let verification = match (call.verification, id.as_ref().and_then(|(_, id)| id.verstat)) {
        (Verification::NotVerified, Some(Verstat::Passed)) => Verification::Passed,
        (Verification::NotVerified, Some(Verstat::Failed)) => Verification::Failed,
        (v, _) => v,
    };
    let name = match call.display_name.as_deref() {
        Some(name) => name,
        None => id.as_ref().and_then(|(_, id)| id.display_name).unwrap_or_default(),
    };
    let name = cut(name, max_name_chars);
    let number_unchanged =
        id.as_ref().is_none_or(|(raw, id)| matches!(&id.number, Some(Cow::Borrowed(n)) if *n == raw.trim()));
    let name_unchanged = call.display_name.as_deref().unwrap_or_default() == name;
    if number_unchanged && name_unchanged && verification == call.verification {
        return Cow::Borrowed(call);
    }
    let mut owned = call.clone();
    if let Some((_, id)) = id {
        owned.number = id.number.map(Cow::into_owned);
    }
    owned.verification = verification;
    if !name_unchanged {
        owned.display_name = Some(name.to_owned());
    }
    Cow::Owned(owned)
}

/// `text` cut to its first `max` characters.
fn cut(text: &str, max: usize) -> &str {
    text.char_indices().nth(max).map_or(text, |(at, _)| &text[..at])
}

/// The region user numbers are read in: the explicit home setting, else the network's.
pub(super) fn user_number_region(call: &IncomingCall, config: &ScreenerConfig) -> Option<RegionCode> {
    call.home_region.or(config.home_region).or(call.region).or(config.default_region)
}

/// The user's home country: the call's, else the screener's setting, else the country of the
/// user's own number, else the network's region.
pub(super) fn home_region(
    call: &IncomingCall,
    config: &ScreenerConfig,
    user: Option<&ParsedNumber>,
) -> Option<RegionCode> {
    call.home_region.or(config.home_region).or(user.and_then(|u| u.region)).or(call.region).or(config.default_region)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(number: &str) -> IncomingCall {
        IncomingCall { number: Some(number.into()), ..Default::default() }
    }

    #[test]
    fn plain_numbers_are_borrowed() {
        let c = call(" +41446681800 ");
        assert!(matches!(screened(&c, 256), Cow::Borrowed(_)));
        let hidden = IncomingCall::default();
        assert!(matches!(screened(&hidden, 256), Cow::Borrowed(_)));
    }

    #[test]
    fn caller_names_are_cut_whichever_side_gave_them() {
        let sip = call("\"ACME Support Desk\" <sip:+12015550123@example.net>");
        assert_eq!(screened(&sip, 4).display_name.as_deref(), Some("ACME"));
        let platform = IncomingCall { display_name: Some("Società".into()), ..call("+41446681800") };
        assert_eq!(screened(&platform, 5).display_name.as_deref(), Some("Socie"));
        assert!(matches!(screened(&platform, 7), Cow::Borrowed(_)), "within the cap: no copy");
    }

    #[test]
    fn uris_words_and_verstat() {
        let sip = call("\"ACME\" <sip:+12015550123;verstat=TN-Validation-Failed@example.net;user=phone>");
        let s = screened(&sip, 256);
        assert_eq!(s.number.as_deref(), Some("+12015550123"));
        assert_eq!(s.verification, Verification::Failed);
        assert_eq!(s.display_name.as_deref(), Some("ACME"));
        let platform = IncomingCall { verification: Verification::Passed, display_name: Some("X".into()), ..sip };
        let s = screened(&platform, 256);
        assert_eq!((s.verification, s.display_name.as_deref()), (Verification::Passed, Some("X")), "the platform wins");
        assert_eq!(screened(&call("Numero privato"), 256).number, None);
        assert_eq!(screened(&call("sip:anonymous@anonymous.invalid"), 256).number, None);
    }

    #[test]
    fn home_is_the_explicit_setting_then_the_users_country_then_the_network() {
        let (it, gb, ch) = ("IT".parse().ok(), "GB".parse().ok(), "CH".parse().ok());
        let user = crate::number::parse_number("+39 333 123 4567", None).ok();
        let roaming = IncomingCall { region: gb, ..Default::default() };
        let config = ScreenerConfig { default_region: ch, ..Default::default() };
        assert_eq!(home_region(&roaming, &config, None), gb);
        assert_eq!(home_region(&roaming, &config, user.as_ref()), it);
        let set = ScreenerConfig { home_region: ch, ..config.clone() };
        assert_eq!(home_region(&roaming, &set, user.as_ref()), ch);
        let per_call = IncomingCall { home_region: it, ..roaming.clone() };
        assert_eq!(home_region(&per_call, &set, None), it);
        assert_eq!(user_number_region(&roaming, &set), ch);
        assert_eq!(user_number_region(&roaming, &config), gb);
    }
}
