//! The exported `Screener` object: create one, keep it for the app's lifetime.

use std::panic::{AssertUnwindSafe, catch_unwind};

use ringfence_core as core;

use std::sync::Arc;

use crate::convert;
use crate::error::{RingfenceError, guard};
use crate::export::CallDirectorySnapshot;
use crate::types::*;

/// A thread-safe call screener. Create once and reuse: each call across the FFI costs
/// microseconds (Swift) to tens of microseconds (Kotlin/JNA); use batches when looping.
#[derive(uniffi::Object)]
pub struct Screener {
    pub(crate) inner: core::Screener,
}

#[uniffi::export]
impl Screener {
    /// A screener with no rules. Throws if `config.default_region` is malformed.
    #[uniffi::constructor]
    pub fn new(config: ScreenerConfig) -> Result<Self, RingfenceError> {
        guard(|| Ok(Self { inner: core::Screener::new(convert::config(config)?) }))
    }

    /// Screens one call. Never throws: an internal failure answers "allow" (fail open).
    pub fn screen(&self, call: IncomingCall) -> Verdict {
        catch_unwind(AssertUnwindSafe(|| self.inner.screen(&convert::call(call)).into()))
            .unwrap_or_else(|_| core::Verdict::allow(None, vec![core::Reason::InternalError]).into())
    }

    /// Screens many calls in one FFI crossing; verdicts are in the same order.
    pub fn screen_batch(&self, calls: Vec<IncomingCall>) -> Vec<Verdict> {
        calls.into_iter().map(|c| self.screen(c)).collect()
    }

    /// Records a call the user placed: its call-backs, and any call after an emergency
    /// number is dialled, are let through. Never throws.
    pub fn record_outgoing(&self, number: String, time: Option<CallTime>) {
        let _ = catch_unwind(AssertUnwindSafe(|| self.inner.record_outgoing(&number, None, time.map(Into::into))));
    }

    /// Adds or replaces one rule.
    pub fn add_rule(&self, rule: Rule) -> Result<(), RingfenceError> {
        self.add_rules(vec![rule])
    }

    /// Adds or replaces rules, all or nothing: one bad rule rejects the whole batch.
    pub fn add_rules(&self, rules: Vec<Rule>) -> Result<(), RingfenceError> {
        guard(|| {
            let region = self.inner.config().default_region;
            let parsed = rules
                .into_iter()
                .map(|r| {
                    let pattern = core::Pattern::parse(&r.pattern, region)?;
                    let category = r.category.map_or(core::Category::UserList, Into::into);
                    core::Rule::new(pattern, r.action.into(), category, r.label.as_deref())
                })
                .collect::<Result<Vec<_>, _>>()?;
            self.inner.add_rules(parsed)
        })
    }

    /// Removes the rule with this pattern; whether one existed.
    pub fn remove_rule(&self, pattern: String) -> Result<bool, RingfenceError> {
        guard(|| {
            let pattern = core::Pattern::parse(&pattern, self.inner.config().default_region)?;
            Ok(self.inner.remove_rule(&pattern))
        })
    }

    /// Imports a CSV list (`pattern,action,category,label` header): good rows are added in
    /// one step, bad rows are reported with line numbers.
    pub fn import_rules_csv(&self, csv: String) -> Result<ImportReport, RingfenceError> {
        guard(|| self.inner.import_rules_csv(&csv).map(Into::into))
    }

    /// All rules, ordered by pattern.
    pub fn rules(&self) -> Vec<Rule> {
        catch_unwind(AssertUnwindSafe(|| self.inner.rules().into_iter().map(Into::into).collect())).unwrap_or_default()
    }

    /// A snapshot of the rules (and feeds) for the iOS Call Directory extension.
    pub fn export_snapshot(&self) -> Arc<CallDirectorySnapshot> {
        Arc::new(CallDirectorySnapshot { set: self.inner.export_set() })
    }

    /// Changes the language of labels and advice.
    pub fn set_language(&self, language: Language) {
        let mut config = self.inner.config();
        config.language = language.into();
        let _ = self.inner.set_config(config);
    }

    /// Replaces the protection policy; an out-of-range one throws and changes nothing.
    pub fn set_policy(&self, policy: Policy) -> Result<(), RingfenceError> {
        guard(|| {
            let mut config = self.inner.config();
            config.policy = policy.into();
            self.inner.set_config(config)
        })
    }

    /// The current protection policy.
    pub fn policy(&self) -> Policy {
        self.inner.config().policy.into()
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
