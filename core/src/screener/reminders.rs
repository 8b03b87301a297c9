//! Customer-brand reminders: the seed's own defence where no number proves anything.
//!
//! Criminals who bought a vendor's customer list call from ordinary numbers and quote the
//! victim's ticket number. The app declares the brands the user is a customer of
//! ([`ScreenerConfig::customer_brands`](super::ScreenerConfig::customer_brands)); an unknown
//! caller's verdict (one that rings or is silenced) then carries a short reminder naming those
//! of them that never call unexpectedly, at most once per brand per
//! [`reminder_interval_hours`](super::ScreenerConfig::reminder_interval_hours). Contacts,
//! allowed, dialled and emergency calls never carry one (their tiers decide before).

use crate::error::RingfenceError;
use crate::heuristics::brands::BrandRegistry;
use crate::i18n::{Language, customer_reminder};

/// Hours between two reminders naming the same brand, unless configured.
pub const DEFAULT_REMINDER_HOURS: u32 = 24;
/// Longest reminder interval accepted, in hours (one year).
pub const MAX_REMINDER_HOURS: u32 = 24 * 366;
/// Most customer brands accepted.
pub const MAX_CUSTOMER_BRANDS: usize = 100;

/// The customer brands that never call, as named in the current registry, with when each
/// was last named in a reminder.
#[derive(Debug, Default)]
pub(super) struct Reminders {
    brands: Vec<(String, Option<i64>)>,
}

/// Checks the reminder interval and customer brand names (when given) against `registry`:
/// each must name one of its brands.
pub(super) fn validate(names: Option<&[String]>, registry: &BrandRegistry, hours: u32) -> Result<(), RingfenceError> {
    let names = names.unwrap_or_default();
    if names.len() > MAX_CUSTOMER_BRANDS {
        return Err(RingfenceError::LimitExceeded { what: "customer brands", limit: MAX_CUSTOMER_BRANDS as u64 });
    }
    if hours > MAX_REMINDER_HOURS {
        return Err(RingfenceError::InvalidConfig("reminder interval over a year"));
    }
    match names.iter().all(|n| registry.find(n).is_some()) {
        true => Ok(()),
        false => Err(RingfenceError::InvalidConfig("customer brand not in the brand registry")),
    }
}

impl Reminders {
    /// Resolves the customer brands in `registry` (names it does not know are skipped),
    /// keeping when each brand was last named.
    pub fn resolve(&mut self, names: &[String], registry: &BrandRegistry) {
        let mut next: Vec<(String, Option<i64>)> = Vec::new();
        for brand in names.iter().take(MAX_CUSTOMER_BRANDS).filter_map(|n| registry.find(n)) {
            if brand.never_calls && !next.iter().any(|(n, _)| *n == brand.name) {
                let last = self.brands.iter().find(|(n, _)| *n == brand.name).and_then(|(_, t)| *t);
                next.push((brand.name.clone(), last));
            }
        }
        self.brands = next;
    }

    /// The reminder for a call at `now` naming every brand not named within `hours` (times
    /// out of order count as due), marking them named; `None` when none is due.
    pub fn take(&mut self, now: i64, hours: u32, lang: Language) -> Option<String> {
        let interval = u64::from(hours) * 3600;
        let mut due = Vec::new();
        for (name, last) in &mut self.brands {
            if last.is_none_or(|t| now < t || now.abs_diff(t) >= interval) {
                *last = Some(now);
                due.push(name.as_str());
            }
        }
        customer_reminder(&due, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_are_rate_limited_per_brand() {
        let registry = BrandRegistry::default_registry();
        let names = ["trend micro".to_owned(), "Poste Italiane".to_owned(), "MICROSOFT".to_owned()];
        assert!(validate(Some(&names), registry, 24).is_ok());
        assert!(validate(Some(&["Acme".to_owned()]), registry, 24).is_err());
        assert!(validate(None, registry, MAX_REMINDER_HOURS + 1).is_err());
        let mut r = Reminders::default();
        r.resolve(&names, registry);
        let first = r.take(1_000_000, 24, Language::En).unwrap();
        assert!(first.contains("Trend Micro or Microsoft:") && !first.contains("Poste"), "{first}");
        assert_eq!(r.take(1_000_000 + 3600, 24, Language::En), None, "within the interval");
        r.resolve(&names[..1], registry);
        assert_eq!(r.take(1_000_000 + 7200, 24, Language::En), None, "kept across a new configuration");
        assert!(r.take(1_000_000 + 24 * 3600, 24, Language::En).unwrap().contains("Trend Micro:"));
        assert!(r.take(1_000_000 + 24 * 3600, 0, Language::En).is_some(), "interval 0: every call");
    }
}
