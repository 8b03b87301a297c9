//! The exported `Screener` object: create one, keep it for the app's lifetime.

use std::sync::Arc;

use ringfence_core as core;
use ringfence_core::{CallTime, ImportReport, Language, Policy, Reason};

use crate::error::RingfenceError;
use crate::export::CallDirectorySnapshot;
use crate::guard::{guard, guard_or};
use crate::records::{IncomingCall, Rule, ScreenerConfig, Verdict};

/// A thread-safe call screener. Create once and reuse: each call across the FFI costs
/// microseconds (Swift) to tens of microseconds (Kotlin/JNA); use batches when looping.
#[derive(uniffi::Object)]
pub struct Screener {
    pub(crate) inner: core::Screener,
}

/// The fail-open answer when screening fails inside Ringfence: let the call ring.
fn fail_open() -> Verdict {
    core::Verdict::allow(None, vec![Reason::InternalError]).into()
}

/// The fail-open answer for a batch of `count` calls.
fn fail_open_all(count: usize) -> impl FnOnce() -> Vec<Verdict> {
    move || vec![fail_open(); count]
}

#[uniffi::export]
impl Screener {
    /// A screener with no rules. Throws if `config.default_region` is malformed.
    #[uniffi::constructor]
    pub fn new(config: ScreenerConfig) -> Result<Self, RingfenceError> {
        guard(|| Ok::<_, core::RingfenceError>(Self { inner: core::Screener::new(config.try_into()?) }))
    }

    /// Screens one call. Never throws: an internal failure answers "allow" (fail open).
    pub fn screen(&self, call: IncomingCall) -> Verdict {
        guard_or(fail_open, || self.inner.screen(&call.into()).into())
    }

    /// Screens many calls in one FFI crossing; verdicts are in the same order. Never throws:
    /// a call whose screening fails is allowed (fail open), the others are screened.
    pub fn screen_batch(&self, calls: Vec<IncomingCall>) -> Vec<Verdict> {
        guard_or(fail_open_all(calls.len()), || calls.into_iter().map(|c| self.screen(c)).collect())
    }

    /// Records a call the user placed, as dialled (caller-ID prefixes such as `#31#` or `*67`,
    /// pauses and post-dial digits are fine), from a network in `region` (ISO alpha-2; the
    /// screener's default region when absent or malformed): its call-backs, and any call after
    /// an emergency number is dialled, are let through. Never throws.
    #[uniffi::method(default(region = None))]
    pub fn record_outgoing(&self, number: String, time: Option<CallTime>, region: Option<String>) {
        guard_or(
            || (),
            || {
                let region = crate::records::region(region.as_deref()).ok().flatten();
                self.inner.record_outgoing(&number, region, time)
            },
        )
    }

    /// Adds or replaces one rule.
    pub fn add_rule(&self, rule: Rule) -> Result<(), RingfenceError> {
        guard(|| self.add_rules(vec![rule]))
    }

    /// Adds or replaces rules, all or nothing: one bad rule rejects the whole batch.
    pub fn add_rules(&self, rules: Vec<Rule>) -> Result<(), RingfenceError> {
        guard(|| {
            let region = self.inner.config().default_region;
            let parsed = rules.into_iter().map(|r| r.parse(region)).collect::<Result<Vec<_>, _>>()?;
            self.inner.add_rules(parsed)
        })
    }

    /// Removes the rules with this pattern (a number pattern, `regex:…` or `name-regex:…`; on
    /// any line, with any schedule); whether one existed.
    pub fn remove_rule(&self, pattern: String) -> Result<bool, RingfenceError> {
        guard(|| {
            let target = core::RuleTarget::parse(&pattern, self.inner.config().default_region)?;
            Ok::<_, core::RingfenceError>(self.inner.remove_target(&target))
        })
    }

    /// Imports a CSV list (`pattern,action,category,label[,line][,schedule]` header): good rows are added in
    /// one step, bad rows are reported with line numbers.
    pub fn import_rules_csv(&self, csv: String) -> Result<ImportReport, RingfenceError> {
        guard(|| self.inner.import_rules_csv(&csv))
    }

    /// All rules, ordered by pattern.
    pub fn rules(&self) -> Vec<Rule> {
        guard_or(Vec::new, || self.inner.rules().into_iter().map(Into::into).collect())
    }

    /// A snapshot of the rules (and feeds) for the iOS Call Directory extension; an empty one
    /// if it cannot be taken.
    pub fn export_snapshot(&self) -> Arc<CallDirectorySnapshot> {
        guard_or(CallDirectorySnapshot::empty, || CallDirectorySnapshot::new(self.inner.export_set()))
    }

    /// Changes the language of labels and advice (unchanged if that fails inside Ringfence).
    pub fn set_language(&self, language: Language) {
        guard_or(
            || (),
            || {
                let config = core::ScreenerConfig { language, ..self.inner.config() };
                // Only the policy is validated, and it is the current one.
                let _ = self.inner.set_config(config);
            },
        )
    }

    /// Replaces the protection policy; an out-of-range one throws and changes nothing.
    pub fn set_policy(&self, policy: Policy) -> Result<(), RingfenceError> {
        guard(|| self.inner.set_config(core::ScreenerConfig { policy, ..self.inner.config() }))
    }

    /// The current protection policy (the default one if it cannot be read).
    pub fn policy(&self) -> Policy {
        guard_or(Policy::default, || self.inner.config().policy)
    }

    /// Calling codes (e.g. `[39, 41]`) the user has contacts in, so one-ring signals are
    /// stronger for unfamiliar countries; `null`/`nil` when unknown.
    pub fn set_contact_calling_codes(&self, codes: Option<Vec<u16>>) -> Result<(), RingfenceError> {
        guard(|| self.inner.set_contact_calling_codes(codes))
    }

    /// Replaces the brand registry (JSON, see docs/brands.md); returns the number of brands.
    /// Customer brands it does not name get no reminder until a registry naming them loads.
    pub fn load_brands_json(&self, json: String) -> Result<u32, RingfenceError> {
        guard(|| self.inner.load_brands_json(&json).map(|n| n as u32))
    }

    /// Declares the brands the user is a customer of (names or aliases in the brand
    /// registry); throws `InvalidConfig` for a name the registry does not know, changing
    /// nothing.
    pub fn set_customer_brands(&self, names: Vec<String>) -> Result<(), RingfenceError> {
        guard(|| self.inner.set_config(core::ScreenerConfig { customer_brands: names, ..self.inner.config() }))
    }

    /// Hours before a reminder names the same brand again (0: every call); throws
    /// `InvalidConfig` above a year.
    pub fn set_reminder_interval_hours(&self, hours: u32) -> Result<(), RingfenceError> {
        guard(|| self.inner.set_config(core::ScreenerConfig { reminder_interval_hours: hours, ..self.inner.config() }))
    }
}
