//! Records and enums as Kotlin and Swift see them.

/// What the phone should do with a call, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Action {
    /// Ring normally.
    Allow,
    /// Ring with a warning label.
    Label,
    /// Do not ring (voicemail / call log only).
    Silence,
    /// Reject.
    Block,
}

/// What kind of call this is believed to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Category {
    /// Nothing notable.
    None,
    /// Emergency services or their call-back.
    Emergency,
    /// One of the user's own rules.
    UserList,
    /// Unwanted bulk calls.
    Spam,
    /// Fraud.
    Scam,
    /// Sales calls.
    Telemarketing,
    /// Automated calls.
    Robocall,
    /// Someone pretending to be a company or authority.
    Impersonation,
    /// One-ring call-back bait.
    Wangiri,
    /// Premium-rate call-back bait.
    PremiumRate,
    /// Forged caller ID.
    Spoofed,
    /// Something looks wrong.
    Suspicious,
    /// Any other list category.
    Other,
}

/// How the caller ID was presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Presentation {
    /// Shown.
    Allowed,
    /// Withheld by the caller.
    Restricted,
    /// Not delivered.
    Unknown,
    /// A payphone.
    Payphone,
    /// Unavailable.
    Unavailable,
}

/// The network's caller-ID verification (STIR/SHAKEN) result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Verification {
    /// Not verified / not reported.
    NotVerified,
    /// Verified.
    Passed,
    /// Failed: likely spoofed.
    Failed,
}

/// libphonenumber's number type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum NumberType {
    /// Landline.
    FixedLine,
    /// Mobile.
    Mobile,
    /// Landline or mobile (not distinguishable).
    FixedLineOrMobile,
    /// Toll-free.
    TollFree,
    /// Premium rate.
    PremiumRate,
    /// Shared cost.
    SharedCost,
    /// VoIP.
    Voip,
    /// Personal number.
    PersonalNumber,
    /// Pager.
    Pager,
    /// Universal access number.
    Uan,
    /// Voicemail access.
    Voicemail,
    /// Unknown or invalid.
    Unknown,
}

/// Language of labels and advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Language {
    /// English.
    En,
    /// Italian.
    It,
}

/// How eagerly risk turns into action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ProtectionLevel {
    /// Only act on strong evidence.
    Relaxed,
    /// The default balance.
    Standard,
    /// Act on weaker evidence.
    Strict,
}

/// Protection settings. No switch ever touches emergency numbers and their call-backs,
/// contacts, recently dialled numbers or allow rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Policy {
    /// Risk thresholds.
    pub level: ProtectionLevel,
    /// Block withheld / unavailable numbers.
    #[uniffi(default = false)]
    pub block_hidden: bool,
    /// Silence every caller who is not a contact.
    #[uniffi(default = false)]
    pub silence_unknown: bool,
    /// Block calls from other countries than the phone's.
    #[uniffi(default = false)]
    pub block_foreign: bool,
    /// Silence unknown callers during the night window.
    #[uniffi(default = false)]
    pub night_mode: bool,
    /// Night start, minutes after local midnight (default 22:00 = 1320).
    #[uniffi(default = 1320)]
    pub night_start_minute: u16,
    /// Night end, minutes after local midnight (default 07:00 = 420).
    #[uniffi(default = 420)]
    pub night_end_minute: u16,
    /// Minutes every call rings after the user dials an emergency number (default 60).
    #[uniffi(default = 60)]
    pub emergency_callback_minutes: u32,
}

/// A moment with the phone's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct CallTime {
    /// Seconds since the Unix epoch.
    pub epoch_seconds: i64,
    /// The phone's offset from UTC, in minutes.
    #[uniffi(default = 0)]
    pub utc_offset_minutes: i16,
}

/// An incoming call, as the phone sees it while it rings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
}

/// Ringfence's answer for one call.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
pub struct Rule {
    /// An E.164 number, a national number (read in the screener's region), or a `#` range
    /// such as `+4121560####` (one `#` = one digit).
    pub pattern: String,
    /// What to do with matching calls.
    pub action: Action,
    /// What kind of caller they are.
    #[uniffi(default = None)]
    pub category: Option<Category>,
    /// A short label to show.
    #[uniffi(default = None)]
    pub label: Option<String>,
}

/// A parsed number.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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

/// A rejected list row.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RowError {
    /// 1-based line number.
    pub line: u32,
    /// Why (never the number).
    pub reason: String,
}

/// Result of importing a rule list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportReport {
    /// Rules added.
    pub accepted: u32,
    /// Rows rejected.
    pub rejected: Vec<RowError>,
}

/// Screener settings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScreenerConfig {
    /// Language of labels and advice.
    pub language: Language,
    /// The phone's home region (ISO alpha-2), used when a call carries none.
    #[uniffi(default = None)]
    pub default_region: Option<String>,
    /// Protection level and switches; the standard level with no switches when absent.
    #[uniffi(default = None)]
    pub policy: Option<Policy>,
    /// Brands the user is a customer of, by their name in the brand registry: unknown
    /// callers' verdicts carry a `reminder` naming those that never call unexpectedly.
    #[uniffi(default = [])]
    pub customer_brands: Vec<String>,
    /// Hours before a reminder names the same brand again (default 24; 0: every call).
    #[uniffi(default = 24)]
    pub reminder_interval_hours: u32,
}
