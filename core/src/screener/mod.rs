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

mod feeds;
mod history;
mod online;
mod pipeline;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, RwLock};

pub use feeds::{MAX_DATABASES, MAX_TRUSTED_KEYS};
pub use history::{MAX_OUTGOING, OutgoingHistory, RECENTLY_DIALLED_SECS};

use crate::call::{CallTime, IncomingCall};
use crate::database::{Database, DatabaseError, DatabaseInfo};
use crate::error::RingfenceError;
use crate::export::{EntrySource, ExportSet};
use crate::heuristics::IncomingHistory;
use crate::heuristics::brands::BrandRegistry;
use crate::i18n::Language;
use crate::lookup::LookupClient;
use crate::number::emergency::is_emergency_call;
use crate::number::{ParsedNumber, Pattern, RegionCode, parse_number};
use crate::policy::Policy;
use crate::rules::{ImportReport, Rule, RuleSet, parse_rules_csv};
use crate::verdict::{Reason, Verdict};

/// Settings of a [`Screener`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScreenerConfig {
    /// Language of labels and advice.
    pub language: Language,
    /// The phone's home region, used when a call carries none.
    pub default_region: Option<RegionCode>,
    /// Protection level and switches.
    pub policy: Policy,
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
    trusted_keys: RwLock<Arc<[[u8; 32]]>>,
    /// Serializes installs so a version check and the swap that follows are one step.
    installing: Mutex<()>,
    outgoing: Mutex<OutgoingHistory>,
    incoming: Mutex<IncomingHistory>,
    /// The last user number parsed: it is the same on every call, so parse it once.
    user_number: Mutex<Option<UserNumberCache>>,
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
    /// replaced by the default one; use [`set_config`](Self::set_config) to get the error.
    pub fn new(mut config: ScreenerConfig) -> Self {
        if config.policy.validate().is_err() {
            config.policy = Policy::default();
        }
        Self {
            config: RwLock::new(config),
            rules: RwLock::default(),
            brands: RwLock::new(Arc::new(BrandRegistry::default_registry().clone())),
            contact_codes: RwLock::default(),
            feeds: RwLock::default(),
            lookup: RwLock::default(),
            trusted_keys: RwLock::new(Arc::new([])),
            installing: Mutex::default(),
            outgoing: Mutex::default(),
            incoming: Mutex::default(),
            user_number: Mutex::default(),
        }
    }

    /// The current settings.
    pub fn config(&self) -> ScreenerConfig {
        read(&self.config)
    }

    /// Replaces the settings (rejected, leaving the old ones, if the policy is out of range).
    pub fn set_config(&self, config: ScreenerConfig) -> Result<(), RingfenceError> {
        config.policy.validate()?;
        write(&self.config, config);
        Ok(())
    }

    /// Screens one call. Never panics and never fails: errors fail open.
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
        catch_unwind(AssertUnwindSafe(|| pipeline::screen(self, call)))
            .unwrap_or_else(|_| Verdict::allow(None, vec![Reason::InternalError]))
    }

    /// Screens many calls, in order.
    pub fn screen_batch(&self, calls: &[IncomingCall]) -> Vec<Verdict> {
        calls.iter().map(|c| self.screen(c)).collect()
    }

    /// Records a call the user placed (dialled numbers and emergency calls are trusted after).
    pub fn record_outgoing(&self, number: &str, region: Option<RegionCode>, time: Option<CallTime>) {
        let _ = catch_unwind(AssertUnwindSafe(|| {
            let region = region.or(self.config().default_region);
            let parsed = parse_number(number, region).ok();
            let emergency = is_emergency_call(number, region, parsed.as_ref());
            let at = time.unwrap_or_else(CallTime::now_utc).epoch_seconds;
            lock(&self.outgoing).record(parsed.map(|p| p.e164), emergency, at);
        }));
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

    /// Replaces the brand registry with one read from JSON (all or nothing).
    pub fn load_brands_json(&self, json: &str) -> Result<usize, RingfenceError> {
        let registry = BrandRegistry::from_json(json)?;
        let n = registry.len();
        write(&self.brands, Arc::new(registry));
        Ok(n)
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
        #[cfg(feature = "fault-injection")]
        crate::fault::check(Some(text));
        let (rules, report) = parse_rules_csv(text, self.config().default_region)?;
        self.add_rules(rules)?;
        Ok(report)
    }

    /// Pins the public keys feeds must be signed with (replacing the previous ones). Installed
    /// databases signed by a key no longer trusted are removed.
    pub fn set_trusted_keys(&self, keys: Vec<[u8; 32]>) -> Result<(), RingfenceError> {
        let _install = lock(&self.installing);
        let keys = feeds::checked_keys(keys)?;
        let kept = read(&self.feeds).signed_by(&keys);
        write(&self.trusted_keys, keys);
        write(&self.feeds, Arc::new(kept));
        Ok(())
    }

    /// Verifies a downloaded database completely (framing, checksum, pinned key, signature,
    /// structure, and no downgrade from the installed version of the same feed), then swaps
    /// it in for its feed in one step. On any error the installed databases stay as they were.
    ///
    /// ```
    /// use ringfence_core::database::public_key;
    /// use ringfence_core::{Action, Category, DatabaseBuilder, IncomingCall, Pattern, Screener};
    ///
    /// let secret = [7u8; 32]; // the feed publisher's signing key
    /// let mut builder = DatabaseBuilder::new("community-spam", 1)?;
    /// let spam = builder.class(Action::Block, Category::Scam, Some("Reported scam"))?;
    /// builder.push(Pattern::parse("+41445550000", None)?, spam)?;
    /// let file = builder.build(&secret)?.bytes;
    ///
    /// let screener = Screener::new(Default::default());
    /// screener.set_trusted_keys(vec![public_key(&secret)])?; // pinned by the app
    /// let info = screener.install_database(file)?;
    /// assert_eq!((info.metadata.feed.as_str(), info.metadata.version), ("community-spam", 1));
    ///
    /// let call = IncomingCall { number: Some("+41 44 555 00 00".into()), ..Default::default() };
    /// assert_eq!(screener.screen(&call).action, Action::Block);
    /// # Ok::<(), ringfence_core::RingfenceError>(())
    /// ```
    pub fn install_database<B>(&self, bytes: B) -> Result<DatabaseInfo, RingfenceError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        self.install(|keys| Database::open(bytes, keys, None))
    }

    /// Re-opens a database this app installed before (e.g. at start-up, from its own storage)
    /// in O(1): framing, pinned key and signature, without re-hashing the body; downgrades
    /// are still refused. Use [`install_database`](Self::install_database) for downloads.
    pub fn load_installed_database<B>(&self, bytes: B) -> Result<DatabaseInfo, RingfenceError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        self.install(|keys| Database::open_installed(bytes, keys))
    }

    /// Applies a delta to the installed database of `feed` and checks the result as
    /// [`install_database`](Self::install_database) would (pinned key, signature, structure,
    /// no downgrade), without installing it: the app stores the returned file, then installs it.
    pub fn apply_delta(&self, feed: &str, delta: &[u8]) -> Result<Vec<u8>, RingfenceError> {
        let feeds = read(&self.feeds);
        let base = feeds.dbs.iter().find(|d| d.metadata().feed == feed).ok_or(DatabaseError::DeltaBaseMismatch)?;
        let keys = read(&self.trusted_keys);
        Ok(base.apply_delta(delta, &keys)?.as_bytes().to_vec())
    }

    fn install(
        &self,
        open: impl FnOnce(&[[u8; 32]]) -> Result<Database, DatabaseError>,
    ) -> Result<DatabaseInfo, RingfenceError> {
        let _install = lock(&self.installing);
        let keys = read(&self.trusted_keys);
        let current = read(&self.feeds);
        // The downgrade check needs the feed name, which is in the file: open first, then
        // compare (opening does not touch the installed set).
        let db = open(&keys)?;
        if let Some(installed) = current.version_of(&db.metadata().feed)
            && db.metadata().version < installed
        {
            return Err(DatabaseError::Downgrade { installed, offered: db.metadata().version }.into());
        }
        let info = db.info();
        write(&self.feeds, Arc::new(current.with(db)?));
        Ok(info)
    }

    /// Uninstalls the database of `feed`; whether one was installed.
    pub fn remove_database(&self, feed: &str) -> bool {
        let _install = lock(&self.installing);
        match read(&self.feeds).without(feed) {
            Some(next) => {
                write(&self.feeds, Arc::new(next));
                true
            }
            None => false,
        }
    }

    /// The installed databases, in installation order.
    pub fn databases(&self) -> Vec<DatabaseInfo> {
        read(&self.feeds).dbs.iter().map(Database::info).collect()
    }

    /// A snapshot of everything that decides numbers, for Call Directory exports.
    /// User rules first, then the installed databases in installation order (the order that
    /// breaks ties between feeds, as in screening).
    pub fn export_set(&self) -> ExportSet {
        let rules: Arc<dyn EntrySource> = read(&self.rules) as Arc<RuleSet>;
        let mut sources = vec![rules];
        sources.extend(read(&self.feeds).dbs.iter().map(|d| Arc::new(d.clone()) as Arc<dyn EntrySource>));
        ExportSet::new(sources, self.config().language)
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
mod tests {
    use super::*;
    use crate::verdict::{Action, Category};

    fn call(number: &str, name: &str) -> IncomingCall {
        IncomingCall { number: Some(number.into()), display_name: Some(name.into()), ..Default::default() }
    }

    #[test]
    fn brand_claims_block_only_when_provable() {
        let s = Screener::default();
        s.load_brands_json(
            r#"{"brands": [
                {"name": "Acme Bank", "outbound": ["+4144123####"]},
                {"name": "Beta Telecom"}
            ]}"#,
        )
        .unwrap();
        let acme = s.screen(&call("+41449990000", "Acme Bank"));
        assert_eq!((acme.action, acme.category), (Action::Block, Category::Impersonation));
        assert_eq!(s.screen(&call("+41441230042", "Acme Bank")).action, Action::Allow, "its own outbound line");
        let beta = s.screen(&call("+41449990000", "Beta Telecom"));
        assert_eq!(beta.action, Action::Silence, "may be a genuine unlisted line: silenced, not blocked");
        assert!(beta.advice.unwrap().contains("Beta Telecom"));
    }
}
