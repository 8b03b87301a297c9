//! The controls of issue 17 across the FFI (docs/controls.md): reporting a call, per-line
//! policies, rule backup (CSV and JSON export and JSON import) and the schedule text form.

use ringfence_core as core;
use ringfence_core::{Action, Category, ImportReport, LinePolicy, ReportRecord, Schedule};

use crate::error::RingfenceError;
use crate::guard::{guard, guard_or};
use crate::records::IncomingCall;
use crate::screener::Screener;

#[uniffi::export]
impl Screener {
    /// Reports `call`: adds the user's rule for its number (exact number, `action` block,
    /// silence or label, `category`, `label`; it replaces a rule for the same number) and
    /// returns the record for the app's feed service. `reporter` is the app's opaque install
    /// pseudonym. The record never holds the user's own number nor anything from the contacts.
    /// Throws `InvalidReport` (adding nothing) for a call without a readable number, from the
    /// user's own or an emergency number, an `allow` action, a category `none` or `emergency`,
    /// or a pseudonym that is blank or holds the user's number.
    #[uniffi::method(default(label = None))]
    pub fn report(
        &self,
        call: IncomingCall,
        category: Category,
        action: Action,
        reporter: String,
        label: Option<String>,
    ) -> Result<ReportRecord, RingfenceError> {
        guard(|| self.inner.report(&call.into(), &core::Report { category, action, label, reporter }))
    }

    /// Every rule as a CSV list (`pattern,action,category,label,line,schedule`, see
    /// docs/rules-format.md); `importRulesCsv` on it recreates the same rules.
    pub fn export_rules_csv(&self) -> String {
        guard_or(String::new, || core::rules::export_rules_csv(&self.inner.rules()))
    }

    /// Every rule as a JSON list (docs/rules-format.md); `importRulesJson` on it recreates the
    /// same rules.
    pub fn export_rules_json(&self) -> String {
        guard_or(String::new, || core::rules::export_rules_json(&self.inner.rules()))
    }

    /// Imports a JSON rule list (an array of rule objects): good entries are added in one
    /// step, bad ones are reported by their position.
    pub fn import_rules_json(&self, json: String) -> Result<ImportReport, RingfenceError> {
        guard(|| {
            let (rules, report) = core::rules::parse_rules_json(&json, self.inner.config().default_region)?;
            self.inner.add_rules(rules).map(|()| report)
        })
    }

    /// Replaces the per-line policies (at most 16, one per line); invalid ones throw and change
    /// nothing.
    pub fn set_line_policies(&self, policies: Vec<LinePolicy>) -> Result<(), RingfenceError> {
        guard(|| self.inner.set_config(core::ScreenerConfig { line_policies: policies, ..self.inner.config() }))
    }

    /// The per-line policies (none if they cannot be read).
    pub fn line_policies(&self) -> Vec<LinePolicy> {
        guard_or(Vec::new, || self.inner.config().line_policies)
    }
}

/// Parses a schedule's text form (`mon-fri 09:00-17:00|daily 22:00-07:00`, see
/// docs/controls.md); throws `InvalidSchedule` (never quoting the text).
#[uniffi::export]
pub fn parse_schedule(text: String) -> Result<Schedule, RingfenceError> {
    guard(|| text.parse::<Schedule>())
}

/// A schedule's canonical text form (what `parseSchedule` reads back to the same schedule).
#[uniffi::export]
pub fn schedule_text(schedule: Schedule) -> String {
    guard_or(String::new, || schedule.to_string())
}
