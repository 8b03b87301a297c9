//! The call as screening reads it: the caller ID reduced to its number (SIP and `tel:` URIs,
//! withheld words; see [`read_caller_id`]) and where the user is at home.

use std::borrow::Cow;

use super::ScreenerConfig;
use crate::call::{IncomingCall, Verification};
use crate::number::{ParsedNumber, RegionCode, Verstat, read_caller_id};

/// `call` with its caller ID reduced to the number (`None` when it says the number is
/// withheld), the caller ID's `verstat` as the verification when the platform reported none,
/// and its SIP display name when the platform gave no name. Borrowed, without allocating,
/// when the caller ID is a plain number.
pub(super) fn screened(call: &IncomingCall) -> Cow<'_, IncomingCall> {
    let Some(raw) = call.number.as_deref() else { return Cow::Borrowed(call) };
    let id = read_caller_id(raw);
    let verification = match (call.verification, id.verstat) {
        (Verification::NotVerified, Some(Verstat::Passed)) => Verification::Passed,
        (Verification::NotVerified, Some(Verstat::Failed)) => Verification::Failed,
        (v, _) => v,
    };
    let name = id.display_name.filter(|_| call.display_name.is_none());
    let unchanged = matches!(&id.number, Some(Cow::Borrowed(n)) if *n == raw.trim());
    if unchanged && verification == call.verification && name.is_none() {
        return Cow::Borrowed(call);
    }
    let mut owned = call.clone();
    owned.number = id.number.map(Cow::into_owned);
    owned.verification = verification;
    if let Some(name) = name {
        owned.display_name = Some(name.to_owned());
    }
    Cow::Owned(owned)
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
        assert!(matches!(screened(&c), Cow::Borrowed(_)));
        let hidden = IncomingCall::default();
        assert!(matches!(screened(&hidden), Cow::Borrowed(_)));
    }

    #[test]
    fn uris_words_and_verstat() {
        let sip = call("\"ACME\" <sip:+12015550123;verstat=TN-Validation-Failed@example.net;user=phone>");
        let s = screened(&sip);
        assert_eq!(s.number.as_deref(), Some("+12015550123"));
        assert_eq!(s.verification, Verification::Failed);
        assert_eq!(s.display_name.as_deref(), Some("ACME"));
        let platform = IncomingCall { verification: Verification::Passed, display_name: Some("X".into()), ..sip };
        let s = screened(&platform);
        assert_eq!((s.verification, s.display_name.as_deref()), (Verification::Passed, Some("X")), "the platform wins");
        assert_eq!(screened(&call("Numero privato")).number, None);
        assert_eq!(screened(&call("sip:anonymous@anonymous.invalid")).number, None);
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
