//! The [`Screener`]: one long-lived, thread-safe object that answers `screen(call)`.
//!
//! Each call goes down the precedence ladder defined in [`crate::precedence`], first match
//! wins. An unknown caller ends at its last tier, where the feeds' answer is weighed with the
//! risk signals ([`crate::heuristics`]: brand impersonation, hidden, unreadable or invalid
//! number, failed caller-ID verification, call-back bait, wangiri, neighbour spoofing,
//! bursts…), mapped to an action by the policy's thresholds, then the policy's switches.
//!
//! Screening never fails: an unreadable number is a reason, and an internal error fails open
//! (allow, reason `internal_error`).

mod brand;
mod controls;
mod feeds;
mod history;
mod incoming;
mod install;
mod online;
mod pipeline;
mod recent;
mod reminders;
mod report;
mod store;

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, RwLock};

pub use feeds::{MAX_DATABASES, MAX_TRUSTED_KEYS};
pub use history::{MAX_OUTGOING, OutgoingHistory, RECENTLY_DIALLED_SECS};
pub use recent::MAX_RECENT_CALLS;
pub use reminders::{DEFAULT_REMINDER_HOURS, MAX_CUSTOMER_BRANDS, MAX_REMINDER_HOURS};
pub use report::{MAX_CALLER_NAME_CHARS, MAX_REPORTER_CHARS, Report, ReportRecord};
pub use store::{RefusedFile, StoreReport};

use crate::call::{CallTime, IncomingCall};
use crate::database::{FeedKeys, Limits};
use crate::error::RingfenceError;
use crate::export::{EntrySource, ExportSet, ExportSkipped};
use crate::heuristics::IncomingHistory;
use crate::heuristics::brands::BrandRegistry;
use crate::i18n::Language;
use crate::lookup::LookupClient;
use crate::number::emergency::{EmergencyRegions, is_emergency_call};
use crate::number::{ParsedNumber, Pattern, RegionCode, dialled_number, parse_number};
use crate::policy::{LinePolicy, MAX_LINE_POLICIES, Policy};
use crate::quiet::catch_quietly;
use crate::rules::{ImportReport, Rule, RuleSet, RuleTarget, parse_rules_csv};
use crate::verdict::{Reason, Verdict};

/// Settings of a [`Screener`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenerConfig {
    /// Language of labels and advice.
    pub language: Language,
    /// The region of the phone's network, used when a call carries none (national-format
    /// numbers are read in it).
    pub default_region: Option<RegionCode>,
    /// The user's home country (an explicit setting): calls from outside it are foreign. When
    /// absent, the country of the call's `user_number`, else the network's region.
    pub home_region: Option<RegionCode>,
    /// Protection level, switches and controls: the default policy.
    pub policy: Policy,
    /// Policies in place of the default one for the calls of given lines (at most
    /// [`MAX_LINE_POLICIES`], one per line).
    pub line_policies: Vec<LinePolicy>,
    /// Brands the user is a customer of, by name or alias in the brand registry (at most
    /// [`MAX_CUSTOMER_BRANDS`]). Unknown callers' verdicts remind the user that those which
    /// never call unexpectedly do not ([`Verdict::reminder`]).
    pub customer_brands: Vec<String>,
    /// Hours before a reminder names the same brand again (default
    /// [`DEFAULT_REMINDER_HOURS`], at most [`MAX_REMINDER_HOURS`]; 0: on every call).
    pub reminder_interval_hours: u32,
}

impl Default for ScreenerConfig {
    fn default() -> Self {
        Self {
            language: Language::default(),
            default_region: None,
            home_region: None,
            policy: Policy::default(),
            line_policies: Vec::new(),
            customer_brands: Vec::new(),
            reminder_interval_hours: DEFAULT_REMINDER_HOURS,
        }
    }
}

impl ScreenerConfig {
    /// The policy of a call on `line`: the line's own, else the default one.
    pub fn policy_for(&self, line: Option<&str>) -> &Policy {
        let own = line.and_then(|l| self.line_policies.iter().find(|p| p.line.trim() == l.trim()));
        own.map_or(&self.policy, |p| &p.policy)
    }

    /// Checks the policies (the default one, and each line's: valid line ids, one per line).
    pub fn validate_policies(&self) -> Result<(), RingfenceError> {
        self.policy.validate()?;
        if self.line_policies.len() > MAX_LINE_POLICIES {
            return Err(RingfenceError::LimitExceeded { what: "line policies", limit: MAX_LINE_POLICIES as u64 });
        }
        for (i, p) in self.line_policies.iter().enumerate() {
            p.validate()?;
            if self.line_policies[..i].iter().any(|q| q.line.trim() == p.line.trim()) {
                return Err(RingfenceError::InvalidConfig("one policy per line"));
            }
        }
        Ok(())
    }
}

/// The raw user number and region last parsed, with the result.
type UserNumberCache = (String, Option<RegionCode>, Option<ParsedNumber>);

/// What a screener holds, for diagnostics and to show its memory stays bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenerStats {
    /// Recent incoming calls kept for burst detection (at most `heuristics::burst::MAX_INCOMING`).
    pub incoming_history: usize,
    /// Recent outgoing calls kept for call-backs (at most [`MAX_OUTGOING`]).
    pub outgoing_history: usize,
    /// User rules (at most `rules::MAX_RULES`).
    pub rules: usize,
    /// Installed databases (at most [`MAX_DATABASES`]).
    pub databases: usize,
}

/// Most calling codes accepted by [`Screener::set_contact_calling_codes`].
pub const MAX_CONTACT_CODES: usize = 300;

/// Thread-safe call screener holding the user's rules, brand registry and recent calls.
///
/// Rules and brands are swapped as whole snapshots, so a screening thread always sees a
/// consistent set.
#[derive(Debug)]
pub struct Screener {
    config: RwLock<ScreenerConfig>,
    rules: RwLock<Arc<RuleSet>>,
    brands: RwLock<Arc<BrandRegistry>>,
    contact_codes: RwLock<Option<Arc<[u16]>>>,
    feeds: RwLock<Arc<feeds::Feeds>>,
    /// The online lookup whose cached answers screening consults, below the installed feeds.
    lookup: RwLock<Option<Arc<LookupClient>>>,
    /// The keys pinned per feed.
    trust: RwLock<Arc<FeedKeys>>,
    /// Size caps on databases, deltas and caller names.
    limits: RwLock<Limits>,
    /// Serializes installs (checks, floor and swap are one step); holds the version floor and
    /// the feed store.
    installing: Mutex<install::Custody>,
    outgoing: Mutex<OutgoingHistory>,
    incoming: Mutex<IncomingHistory>,
    /// Recent calls of every number, for the repeated-call breakthrough.
    recent: Mutex<recent::RecentCalls>,
    /// The last user number parsed: it is the same on every call, so parse it once.
    user_number: Mutex<Option<UserNumberCache>>,
    /// The customer brands to remind of, and when each was last named.
    reminders: Mutex<reminders::Reminders>,
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    lock.read().unwrap_or_else(|e| e.into_inner()).clone()
}

fn write<T>(lock: &RwLock<T>, value: T) {
    *lock.write().unwrap_or_else(|e| e.into_inner()) = value;
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Default for Screener {
    fn default() -> Self {
        Self::new(ScreenerConfig::default())
    }
}

impl Screener {
    /// A screener with no rules and the default brand registry. An out-of-range policy is
    /// replaced by the default one, customer brands the registry does not know are skipped
    /// until a registry naming them is loaded; use [`set_config`](Self::set_config) to get the
    /// errors.
    pub fn new(mut config: ScreenerConfig) -> Self {
        if config.policy.validate().is_err() {
            config.policy = Policy::default();
        }
        if config.validate_policies().is_err() {
            config.line_policies.clear();
        }
        config.reminder_interval_hours = config.reminder_interval_hours.min(MAX_REMINDER_HOURS);
        let brands = BrandRegistry::default_shared();
        let mut reminders = reminders::Reminders::default();
        reminders.resolve(&config.customer_brands, &brands);
        Self {
            config: RwLock::new(config),
            rules: RwLock::default(),
            brands: RwLock::new(brands),
            contact_codes: RwLock::default(),
            feeds: RwLock::default(),
            lookup: RwLock::default(),
            trust: RwLock::default(),
            limits: RwLock::default(),
            installing: Mutex::default(),
            outgoing: Mutex::default(),
            incoming: Mutex::default(),
            recent: Mutex::default(),
            user_number: Mutex::default(),
            reminders: Mutex::new(reminders),
        }
    }

    /// The current settings.
    pub fn config(&self) -> ScreenerConfig {
        read(&self.config)
    }

    /// Replaces the settings; rejected, leaving the old ones, if a policy or the reminder
    /// interval is out of range or changed customer brands are not all in the brand registry.
    pub fn set_config(&self, config: ScreenerConfig) -> Result<(), RingfenceError> {
        config.validate_policies()?;
        let brands = read(&self.brands);
        // Customer brands already in use stay valid when a registry without them was loaded.
        let changed = config.customer_brands != self.config().customer_brands;
        reminders::validate(changed.then_some(&config.customer_brands[..]), &brands, config.reminder_interval_hours)?;
        lock(&self.reminders).resolve(&config.customer_brands, &brands);
        write(&self.config, config);
        Ok(())
    }

    /// Screens one call. Never panics and never fails: errors fail open. A display name
    /// longer than [`Limits::max_display_name_chars`] is cut to it first.
    ///
    /// ```
    /// use ringfence_core::{Action, Category, IncomingCall, Pattern, Rule, Screener, ScreenerConfig};
    ///
    /// let screener = Screener::new(ScreenerConfig { default_region: Some("CH".parse()?), ..Default::default() });
    /// let range = Pattern::parse("+4121560####", None)?;
    /// screener.add_rules(vec![Rule::new(range, Action::Block, Category::Spam, Some("Spam range"))?])?;
    ///
    /// let call = |number: &str| IncomingCall { number: Some(number.into()), ..Default::default() };
    /// let verdict = screener.screen(&call("021 560 12 34")); // national format, read in CH
    /// assert_eq!(verdict.action, Action::Block);
    /// assert_eq!(verdict.label.as_deref(), Some("Spam range"));
    /// // Emergency numbers always ring, whatever the rules say.
    /// assert_eq!(screener.screen(&call("112")).action, Action::Allow);
    /// # Ok::<(), ringfence_core::RingfenceError>(())
    /// ```
    pub fn screen(&self, call: &IncomingCall) -> Verdict {
        catch_quietly(AssertUnwindSafe(|| pipeline::screen(self, call)))
            .unwrap_or_else(|_| Verdict::allow(None, vec![Reason::InternalError]))
    }

    /// Screens many calls, in order.
    pub fn screen_batch(&self, calls: &[IncomingCall]) -> Vec<Verdict> {
        calls.iter().map(|c| self.screen(c)).collect()
    }

    /// Records a call the user placed from a network in `region` (the screener's
    /// `default_region` when `None`), as dialled: caller-ID prefixes (`#31#`, `*67`, `141`…),
    /// pauses and post-dial digits are removed ([`dialled_number`]), so its call-backs ring.
    /// An emergency number (of that region, of the user's home region, or `112`/`911`) opens
    /// the emergency call-back window.
    pub fn record_outgoing(&self, number: &str, region: Option<RegionCode>, time: Option<CallTime>) {
        let _ = catch_quietly(AssertUnwindSafe(|| {
            let config = self.config();
            let network = region.or(config.default_region);
            let home = config.home_region.or_else(|| self.known_user_region());
            let dialled = dialled_number(number, network);
            let parsed = parse_number(&dialled, network).ok();
            let emergency = is_emergency_call(&dialled, EmergencyRegions { network, home }, parsed.as_ref());
            let at = time.unwrap_or_else(CallTime::now_utc).epoch_seconds;
            lock(&self.outgoing).record(parsed.map(|p| p.e164), emergency, at);
        }));
    }

    /// The country of the user's own number, as last seen on a call.
    fn known_user_region(&self) -> Option<RegionCode> {
        lock(&self.user_number).as_ref().and_then(|(_, _, parsed)| parsed.and_then(|p| p.region))
    }

    /// The user's own number parsed in `region`, cached across calls.
    fn user_number(&self, raw: &str, region: Option<RegionCode>) -> Option<ParsedNumber> {
        let mut cache = lock(&self.user_number);
        if let Some((r, reg, parsed)) = cache.as_ref()
            && r == raw
            && *reg == region
        {
            return *parsed;
        }
        let parsed = parse_number(raw, region).ok();
        *cache = Some((raw.to_owned(), region, parsed));
        parsed
    }

    /// Tells the screener which calling codes the user has contacts in (e.g. `[39, 41]`), so
    /// one-ring signals can be stronger for unfamiliar countries. `None` means unknown.
    pub fn set_contact_calling_codes(&self, codes: Option<Vec<u16>>) -> Result<(), RingfenceError> {
        if codes.as_ref().is_some_and(|c| c.len() > MAX_CONTACT_CODES) {
            return Err(RingfenceError::LimitExceeded {
                what: "contact calling codes",
                limit: MAX_CONTACT_CODES as u64,
            });
        }
        write(&self.contact_codes, codes.map(Arc::from));
        Ok(())
    }

    /// Replaces the brand registry with one read from JSON (all or nothing). Customer brands
    /// it does not name are skipped (no reminder) until a registry naming them is loaded.
    pub fn load_brands_json(&self, json: &str) -> Result<usize, RingfenceError> {
        let registry = BrandRegistry::from_json(json)?;
        let n = registry.len();
        lock(&self.reminders).resolve(&self.config().customer_brands, &registry);
        write(&self.brands, Arc::new(registry));
        Ok(n)
    }

    /// Adds (or replaces) rules, all or nothing: one invalid rule (e.g. a regular expression
    /// over a limit) and none is added. Regular-expression rules are compiled here, once per
    /// call of this method.
    pub fn add_rules(&self, new_rules: Vec<Rule>) -> Result<(), RingfenceError> {
        self.update_rules(|set| set.extend(new_rules))
    }

    /// Removes the rules with exactly this number pattern; whether one existed.
    pub fn remove_rule(&self, pattern: &Pattern) -> bool {
        self.remove_target(&RuleTarget::Number(*pattern))
    }

    /// Removes the rules with exactly this target (any line, any schedule); whether one existed.
    pub fn remove_target(&self, target: &RuleTarget) -> bool {
        let mut removed = false;
        let _ = self.update_rules(|set| {
            removed = set.remove_target(target);
            Ok(())
        });
        removed
    }

    /// Imports a CSV rule list: valid rows are added in one step, bad rows reported.
    pub fn import_rules_csv(&self, text: &str) -> Result<ImportReport, RingfenceError> {
        #[cfg(feature = "fault-injection")]
        crate::fault::check(Some(text));
        let (rules, report) = parse_rules_csv(text, self.config().default_region)?;
        self.add_rules(rules)?;
        Ok(report)
    }

    /// A snapshot of everything that decides numbers, for Call Directory exports.
    /// User rules first, then the installed databases in installation order (the order that
    /// breaks ties between feeds, as in screening).
    pub fn export_set(&self) -> ExportSet {
        let (rules, config) = (read(&self.rules), self.config());
        let skipped = ExportSkipped::of(&rules.rules(), &config.policy, config.line_policies.len());
        let mut sources = vec![rules as Arc<dyn EntrySource>];
        sources.extend(read(&self.feeds).dbs.iter().map(|d| Arc::new(d.clone()) as Arc<dyn EntrySource>));
        ExportSet::new(sources, config.language).with_skipped(skipped)
    }

    /// Sizes of what the screener holds.
    pub fn stats(&self) -> ScreenerStats {
        ScreenerStats {
            incoming_history: lock(&self.incoming).len(),
            outgoing_history: lock(&self.outgoing).len(),
            rules: read(&self.rules).len(),
            databases: read(&self.feeds).dbs.len(),
        }
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

#[cfg(test)]
mod tests;
