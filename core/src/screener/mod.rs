//! The [`Screener`]: one long-lived, thread-safe object that answers `screen(call)`.
//!
//! Precedence, first match wins:
//! 1. a user **allow** rule;
//! 2. an **emergency** number, or any call inside the emergency call-back window;
//! 3. a user **block / silence / label** rule;
//! 4. **contacts** and numbers the user **recently dialled** (allowed);
//! 5. **risk signals** (hidden, unparsable or invalid number, failed caller-ID
//!    verification…), summed and mapped to an action by thresholds.
//!
//! Emergency numbers are therefore never blocked, and allow rules beat block rules.
//! Screening never fails: an unreadable number is a reason, and an internal error fails
//! open (allow, reason `internal_error`).

mod history;
pub mod signals;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, RwLock};

pub use history::{EMERGENCY_CALLBACK_SECS, MAX_OUTGOING, OutgoingHistory, RECENTLY_DIALLED_SECS};

use crate::call::{CallTime, IncomingCall};
use crate::error::RingfenceError;
use crate::i18n::{Language, describe, mask_numbers};
use crate::number::{
    E164, ParsedNumber, Pattern, RegionCode, emergency, is_emergency_e164, is_emergency_number, parse_number,
};
use crate::rules::{ImportReport, Rule, RuleMatch, RuleSet, parse_rules_csv};
use crate::verdict::{Action, Category, Reason, Verdict};

/// Risk at or above which a call is labelled.
pub const LABEL_RISK: u8 = 40;
/// Risk at or above which a call is silenced.
pub const SILENCE_RISK: u8 = 70;
/// Risk at or above which a call is blocked.
pub const BLOCK_RISK: u8 = 90;

/// Settings of a [`Screener`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScreenerConfig {
    /// Language of labels and advice.
    pub language: Language,
    /// The phone's home region, used when a call carries none.
    pub default_region: Option<RegionCode>,
}

/// Thread-safe call screener holding the user's rules and recent outgoing calls.
///
/// Rules are swapped as whole snapshots, so a screening thread always sees a consistent set.
#[derive(Debug, Default)]
pub struct Screener {
    config: RwLock<ScreenerConfig>,
    rules: RwLock<Arc<RuleSet>>,
    history: Mutex<OutgoingHistory>,
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    lock.read().unwrap_or_else(|e| e.into_inner()).clone()
}

impl Screener {
    /// A screener with no rules.
    pub fn new(config: ScreenerConfig) -> Self {
        Self { config: RwLock::new(config), ..Self::default() }
    }

    /// The current settings.
    pub fn config(&self) -> ScreenerConfig {
        read(&self.config)
    }

    /// Replaces the settings.
    pub fn set_config(&self, config: ScreenerConfig) {
        *self.config.write().unwrap_or_else(|e| e.into_inner()) = config;
    }

    /// Screens one call. Never panics and never fails: errors fail open.
    pub fn screen(&self, call: &IncomingCall) -> Verdict {
        catch_unwind(AssertUnwindSafe(|| self.screen_inner(call)))
            .unwrap_or_else(|_| Verdict::allow(None, vec![Reason::InternalError]))
    }

    /// Screens many calls with one rules snapshot.
    pub fn screen_batch(&self, calls: &[IncomingCall]) -> Vec<Verdict> {
        calls.iter().map(|c| self.screen(c)).collect()
    }

    fn screen_inner(&self, call: &IncomingCall) -> Verdict {
        let config = self.config();
        let rules = read(&self.rules);
        let now = call.time.unwrap_or_else(CallTime::now_utc).epoch_seconds;
        let region = call.region.or(config.default_region);
        let raw = call.number.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let parsed = raw.map(|r| parse_number(r, region));
        let readable = parsed.as_ref().and_then(|p| p.as_ref().ok());
        let e164 = readable.map(|p| p.e164);
        let rule = e164.and_then(|e| rules.lookup(e));
        let lang = config.language;

        if let Some(m) = rule.as_ref().filter(|m| m.action == Action::Allow) {
            return rule_verdict(m, Reason::UserAllow, e164, lang);
        }
        if raw.is_some_and(|r| emergency_anywhere(r, region)) || readable.is_some_and(is_emergency_e164) {
            return safe_verdict(Reason::Emergency, Category::Emergency, e164, lang);
        }
        if self.lock_history().emergency_callback_active(now, EMERGENCY_CALLBACK_SECS) {
            return safe_verdict(Reason::EmergencyCallback, Category::Emergency, e164, lang);
        }
        if let Some(m) = rule {
            let reason = match m.action {
                Action::Block => Reason::UserBlock,
                Action::Silence => Reason::UserSilence,
                _ => Reason::UserLabel,
            };
            return rule_verdict(&m, reason, e164, lang);
        }
        if call.in_contacts {
            return safe_verdict(Reason::Contact, Category::None, e164, lang);
        }
        if e164.is_some_and(|e| self.lock_history().recently_dialled(e, now)) {
            return safe_verdict(Reason::RecentlyDialled, Category::None, e164, lang);
        }
        risk_verdict(call, parsed.as_ref(), e164, lang)
    }

    /// Records a call the user placed (dialled numbers and emergency calls are trusted after).
    pub fn record_outgoing(&self, number: &str, region: Option<RegionCode>, time: Option<CallTime>) {
        let _ = catch_unwind(AssertUnwindSafe(|| {
            let region = region.or(self.config().default_region);
            let parsed = parse_number(number, region).ok();
            let emergency = emergency_anywhere(number, region) || parsed.as_ref().is_some_and(is_emergency_e164);
            let e164 = parsed.map(|p| p.e164);
            let at = time.unwrap_or_else(CallTime::now_utc).epoch_seconds;
            self.lock_history().record(e164, emergency, at);
        }));
    }

    fn lock_history(&self) -> std::sync::MutexGuard<'_, OutgoingHistory> {
        self.history.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds (or replaces) rules, all or nothing.
    pub fn add_rules(&self, new_rules: Vec<Rule>) -> Result<(), RingfenceError> {
        self.update_rules(|set| new_rules.into_iter().try_for_each(|r| set.insert(r)))
    }

    /// Removes the rule with exactly this pattern; whether one existed.
    pub fn remove_rule(&self, pattern: &Pattern) -> bool {
        let mut removed = false;
        let _ = self.update_rules(|set| {
            removed = set.remove(pattern);
            Ok(())
        });
        removed
    }

    /// Imports a CSV rule list: valid rows are added in one step, bad rows reported.
    pub fn import_rules_csv(&self, text: &str) -> Result<ImportReport, RingfenceError> {
        let (rules, report) = parse_rules_csv(text, self.config().default_region)?;
        self.add_rules(rules)?;
        Ok(report)
    }

    /// A copy of all rules, ordered by pattern.
    pub fn rules(&self) -> Vec<Rule> {
        read(&self.rules).rules()
    }

    /// Copy-on-write update: the new set replaces the old only if `f` succeeds.
    fn update_rules(&self, f: impl FnOnce(&mut RuleSet) -> Result<(), RingfenceError>) -> Result<(), RingfenceError> {
        let mut guard = self.rules.write().unwrap_or_else(|e| e.into_inner());
        let mut next = RuleSet::clone(&guard);
        f(&mut next)?;
        *guard = Arc::new(next);
        Ok(())
    }
}

/// Emergency check in `region`, or in any region when the phone's region is unknown
/// (a wrong "yes" only lets a call ring).
fn emergency_anywhere(raw: &str, region: Option<RegionCode>) -> bool {
    match region {
        Some(r) => is_emergency_number(raw, r),
        None => emergency::emergency_regions().filter_map(|r| r.parse().ok()).any(|r| is_emergency_number(raw, r)),
    }
}

fn safe_verdict(reason: Reason, category: Category, e164: Option<E164>, lang: Language) -> Verdict {
    let (label, advice) = describe(reason, category, lang);
    Verdict { category, label, advice, ..Verdict::allow(e164, vec![reason]) }
}

fn rule_verdict(m: &RuleMatch, reason: Reason, e164: Option<E164>, lang: Language) -> Verdict {
    let (default_label, advice) = describe(reason, m.category, lang);
    let risk = match m.action {
        Action::Allow => 0,
        Action::Label => 50,
        Action::Silence => 80,
        Action::Block => 100,
    };
    let category = match (m.action, m.category) {
        (Action::Allow, _) => Category::None,
        (_, c) => c,
    };
    Verdict {
        action: m.action,
        risk,
        category,
        reasons: vec![reason],
        label: m.label.as_deref().map(mask_numbers).or(default_label),
        advice,
        e164,
    }
}

fn risk_verdict(
    call: &IncomingCall,
    parsed: Option<&Result<ParsedNumber, RingfenceError>>,
    e164: Option<E164>,
    lang: Language,
) -> Verdict {
    let found = signals::risk_signals(call, parsed);
    let risk = signals::total_risk(&found);
    let action = match risk {
        r if r >= BLOCK_RISK => Action::Block,
        r if r >= SILENCE_RISK => Action::Silence,
        r if r >= LABEL_RISK => Action::Label,
        _ => Action::Allow,
    };
    let lead = found.first().filter(|_| action != Action::Allow);
    let category = lead.map_or(Category::None, |s| s.category);
    let (label, advice) = lead.map_or((None, None), |s| describe(s.reason, category, lang));
    Verdict { action, risk, category, reasons: found.iter().map(|s| s.reason).collect(), label, advice, e164 }
}
