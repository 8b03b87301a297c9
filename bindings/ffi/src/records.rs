//! The records whose shape across the FFI differs from core's: text where core has parsed
//! values (numbers, regions, patterns, reason codes), optional fields where core has defaults.
//! Every enum, and every record with core's shape, is core's own type (feature `uniffi`).

use ringfence_core as core;
use ringfence_core::{
    Action, CallTime, Category, Language, LinePolicy, NumberType, Policy, Presentation, Verification,
};

/// An incoming call, as the phone sees it while it rings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct IncomingCall {
    /// The caller ID in any notation; `null`/`nil` when withheld.
    pub number: Option<String>,
    /// How the number was presented.
    pub presentation: Presentation,
    /// The network's verification result.
    pub verification: Verification,
    /// Region (ISO alpha-2) of the network the phone is on; the screener's default if absent.
    #[uniffi(default = None)]
    pub region: Option<String>,
    /// The user's own number, when known.
    #[uniffi(default = None)]
    pub user_number: Option<String>,
    /// Whether the caller is in the user's contacts.
    #[uniffi(default = false)]
    pub in_contacts: bool,
    /// Caller name (CNAP), from OS-level integrations only.
    #[uniffi(default = None)]
    pub display_name: Option<String>,
    /// When the call arrived; now if absent.
    #[uniffi(default = None)]
    pub time: Option<CallTime>,
    /// The user's home country (ISO alpha-2) for this call; the screener's `homeRegion`, else
    /// the country of `userNumber`, else `region` when absent. "Foreign" means outside it.
    #[uniffi(default = None)]
    pub home_region: Option<String>,
    /// The line (SIM subscription / phone account id) the call arrived on, when known: rules
    /// and policies scoped to a line apply only to its calls.
    #[uniffi(default = None)]
    pub line: Option<String>,
}

/// Ringfence's answer for one call.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// Risk 0–100.
    pub risk: u8,
    /// What kind of call.
    pub category: Category,
    /// Reason codes (snake_case, e.g. `user_block`, `emergency`), strongest first.
    pub reasons: Vec<String>,
    /// Short localized label (never the number).
    pub label: Option<String>,
    /// Localized advice (never the number).
    pub advice: Option<String>,
    /// The caller in E.164 (`+41446681800`), when readable.
    pub e164: Option<String>,
    /// A short localized reminder about the customer brands that never call unexpectedly
    /// (unknown callers only, rate-limited); show it with the label or advice.
    #[uniffi(default = None)]
    pub reminder: Option<String>,
}

/// A user rule.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct Rule {
    /// An E.164 number, a national number (read in the screener's region), a `#` range
    /// such as `+4121560####` (one `#` = one digit), or a regular expression on the number
    /// (`regex:^\+4121560`) or on the caller name (`name-regex:(?i)^spam`).
    pub pattern: String,
    /// What to do with matching calls.
    pub action: Action,
    /// What kind of caller they are.
    #[uniffi(default = None)]
    pub category: Option<Category>,
    /// A short label to show.
    #[uniffi(default = None)]
    pub label: Option<String>,
    /// The only line (SIM subscription / phone account id) whose calls it applies to; every
    /// line when absent.
    #[uniffi(default = None)]
    pub line: Option<String>,
    /// When it applies, in the call's local time, in the schedule text form
    /// (`mon-fri 09:00-17:00|sat 10:00-12:00`, see docs/controls.md); always when absent.
    #[uniffi(default = None)]
    pub schedule: Option<String>,
}

/// A parsed number.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct NormalizedNumber {
    /// E.164 form, `+` and digits.
    pub e164: String,
    /// Whether it is in an assigned range.
    pub valid: bool,
    /// Line type.
    pub number_type: NumberType,
    /// The region it belongs to, when known.
    pub region: Option<String>,
}

/// Screener settings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScreenerConfig {
    /// Language of labels and advice.
    pub language: Language,
    /// The region (ISO alpha-2) of the phone's network, used when a call carries none.
    #[uniffi(default = None)]
    pub default_region: Option<String>,
    /// Protection level and switches; the standard level with no switches when absent.
    #[uniffi(default = None)]
    pub policy: Option<Policy>,
    /// The user's home country (ISO alpha-2, e.g. the SIM's): calls from outside it are
    /// foreign, also while roaming. When absent, the country of the call's `userNumber`.
    #[uniffi(default = None)]
    pub home_region: Option<String>,
    /// Brands the user is a customer of, by their name in the brand registry: unknown
    /// callers' verdicts carry a `reminder` naming those that never call unexpectedly.
    #[uniffi(default = [])]
    pub customer_brands: Vec<String>,
    /// Hours before a reminder names the same brand again (default 24; 0: every call).
    #[uniffi(default = 24)]
    pub reminder_interval_hours: u32,
    /// Policies for the calls of single lines (SIM subscriptions), in place of `policy`.
    #[uniffi(default = [])]
    pub line_policies: Vec<LinePolicy>,
}

impl From<core::Verdict> for Verdict {
    fn from(v: core::Verdict) -> Self {
        Self {
            action: v.action,
            risk: v.risk,
            category: v.category,
            reasons: v.reasons.iter().map(|r| r.code().to_owned()).collect(),
            label: v.label,
            advice: v.advice,
            e164: v.e164.map(|e| e.to_string()),
            reminder: v.reminder,
        }
    }
}

impl From<core::ParsedNumber> for NormalizedNumber {
    fn from(n: core::ParsedNumber) -> Self {
        Self {
            e164: n.e164.to_string(),
            valid: n.valid,
            number_type: n.number_type,
            region: n.region.map(|r| r.to_string()),
        }
    }
}

impl From<core::Rule> for Rule {
    fn from(r: core::Rule) -> Self {
        Self {
            pattern: r.target.to_string(),
            action: r.action,
            category: Some(r.category),
            label: r.label.map(|l| l.to_string()),
            line: r.line.map(|l| l.to_string()),
            schedule: r.schedule.map(|s| s.to_string()),
        }
    }
}

impl Rule {
    /// Core's rule; a national pattern is read in `region`, an absent category is `UserList`.
    pub(crate) fn parse(self, region: Option<core::RegionCode>) -> Result<core::Rule, core::RingfenceError> {
        let target = core::RuleTarget::parse(&self.pattern, region)?;
        let category = self.category.unwrap_or(Category::UserList);
        let mut rule = core::Rule::with_target(target, self.action, category, self.label.as_deref())?;
        if let Some(line) = self.line.as_deref() {
            rule = rule.on_line(line)?;
        }
        if let Some(schedule) = self.schedule.as_deref() {
            rule = rule.during(schedule.parse()?)?;
        }
        Ok(rule)
    }
}

/// Reads an optional region text; blank is none, a malformed one is an error.
pub(crate) fn region(text: Option<&str>) -> Result<Option<core::RegionCode>, core::RingfenceError> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::parse).transpose()
}

impl From<IncomingCall> for core::IncomingCall {
    /// A malformed region is ignored (screening never fails).
    fn from(c: IncomingCall) -> Self {
        Self {
            region: region(c.region.as_deref()).ok().flatten(),
            home_region: region(c.home_region.as_deref()).ok().flatten(),
            number: c.number,
            presentation: c.presentation,
            verification: c.verification,
            user_number: c.user_number,
            in_contacts: c.in_contacts,
            display_name: c.display_name,
            time: c.time,
            line: c.line,
        }
    }
}

impl TryFrom<ScreenerConfig> for core::ScreenerConfig {
    type Error = core::RingfenceError;

    /// A malformed region, an out-of-range policy or reminder interval is an error (customer
    /// brands are checked against the registry by the screener).
    fn try_from(c: ScreenerConfig) -> Result<Self, Self::Error> {
        let policy = c.policy.unwrap_or_default();
        if c.reminder_interval_hours > core::screener::MAX_REMINDER_HOURS {
            return Err(core::RingfenceError::InvalidConfig("reminder interval over a year"));
        }
        let config = Self {
            language: c.language,
            default_region: region(c.default_region.as_deref())?,
            home_region: region(c.home_region.as_deref())?,
            policy,
            line_policies: c.line_policies,
            customer_brands: c.customer_brands,
            reminder_interval_hours: c.reminder_interval_hours,
        };
        config.validate_policies()?;
        Ok(config)
    }
}
