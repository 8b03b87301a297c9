//! The answer to "should this call ring?", with the reasons behind it.

use crate::number::E164;

/// What the phone should do with the call, from mildest to strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Action {
    /// Let it ring normally.
    Allow,
    /// Let it ring, showing a warning label.
    Label,
    /// Do not ring; the call goes to voicemail/call log silently.
    Silence,
    /// Reject the call.
    Block,
}

impl Action {
    /// Stable snake_case code (CLI, JSON, test vectors).
    pub fn code(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Label => "label",
            Self::Silence => "silence",
            Self::Block => "block",
        }
    }

    /// Parses a [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Allow, Self::Label, Self::Silence, Self::Block].into_iter().find(|a| a.code() == code)
    }
}

/// What kind of call Ringfence believes this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Category {
    /// Nothing notable.
    None,
    /// An emergency service (or its call-back).
    Emergency,
    /// Matched one of the user's own rules with no more specific category.
    UserList,
    /// Unwanted bulk calls.
    Spam,
    /// Fraud.
    Scam,
    /// Sales calls.
    Telemarketing,
    /// Automated calls.
    Robocall,
    /// A caller pretending to be a known company or authority.
    Impersonation,
    /// One-ring call-back bait.
    Wangiri,
    /// Premium-rate call-back bait.
    PremiumRate,
    /// The caller ID is likely forged.
    Spoofed,
    /// Something about the call looks wrong.
    Suspicious,
    /// Any other category a list uses.
    Other,
    /// A satellite phone (a global number of no country: `+870`, `+881`).
    Satellite,
    /// An international network or service of no country (`+800`, `+808`, `+878`, `+882`,
    /// `+883`, `+888`).
    InternationalNetwork,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Self; 15] = [
        Self::None,
        Self::Emergency,
        Self::UserList,
        Self::Spam,
        Self::Scam,
        Self::Telemarketing,
        Self::Robocall,
        Self::Impersonation,
        Self::Wangiri,
        Self::PremiumRate,
        Self::Spoofed,
        Self::Suspicious,
        Self::Other,
        Self::Satellite,
        Self::InternationalNetwork,
    ];

    /// Stable snake_case code (CLI, JSON, CSV lists, test vectors).
    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Emergency => "emergency",
            Self::UserList => "user_list",
            Self::Spam => "spam",
            Self::Scam => "scam",
            Self::Telemarketing => "telemarketing",
            Self::Robocall => "robocall",
            Self::Impersonation => "impersonation",
            Self::Wangiri => "wangiri",
            Self::PremiumRate => "premium_rate",
            Self::Spoofed => "spoofed",
            Self::Suspicious => "suspicious",
            Self::Other => "other",
            Self::Satellite => "satellite",
            Self::InternationalNetwork => "international_network",
        }
    }

    /// Parses a [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One explainable reason that contributed to a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The caller is an emergency number of the phone's region.
    Emergency,
    /// The user recently dialled an emergency number: every call is let through.
    EmergencyCallback,
    /// The caller is in the user's contacts.
    Contact,
    /// The user recently called this number.
    RecentlyDialled,
    /// A user rule allows the number.
    UserAllow,
    /// A user rule blocks the number.
    UserBlock,
    /// A user rule silences the number.
    UserSilence,
    /// A user rule labels the number.
    UserLabel,
    /// The number is withheld or unavailable.
    HiddenNumber,
    /// The caller ID cannot be read as a phone number.
    UnparsableNumber,
    /// The number is not in any assigned range of its country.
    InvalidNumber,
    /// The network's caller-ID verification failed.
    VerificationFailed,
    /// The network verified the caller ID.
    VerificationPassed,
    /// The caller ID is a premium-rate number (call-back bait).
    PremiumRateNumber,
    /// The caller ID is a personal (follow-me) number, often premium-priced.
    PersonalNumber,
    /// The caller ID is a shared-cost number.
    SharedCostNumber,
    /// The caller's country code is named in one-ring (wangiri) scam advisories.
    WangiriCountry,
    /// A NANP area code that looks domestic but is billed internationally.
    NanpLookalike,
    /// The user has no contacts in the caller's country (or it is unknown).
    UnfamiliarCountry,
    /// The call arrives at night.
    NightCall,
    /// The caller ID copies the user's own leading digits (neighbour spoofing), or is the
    /// user's own number (its strongest form).
    NeighbourSpoofing,
    /// Several unknown calls from the same number block within minutes.
    BurstNumberBlock,
    /// Several unknown calls from the same foreign country code within minutes.
    BurstCountry,
    /// The caller ID is a brand's inbound-only support number: it never places calls.
    BrandInboundOnly,
    /// The caller name claims a brand, on a number that is not the brand's.
    BrandImpersonation,
    /// The policy blocks withheld numbers.
    PolicyHidden,
    /// The policy silences callers who are not contacts.
    PolicyUnknown,
    /// The policy blocks calls from abroad.
    PolicyForeign,
    /// Night mode silences unknown callers.
    PolicyNight,
    /// Screening hit an internal error and failed open.
    InternalError,
    /// An installed feed (database) vouches for the number.
    FeedAllow,
    /// An installed feed (database) lists the number as unwanted, with a category.
    FeedListed,
    /// The caller is a satellite phone (a global number of no country): costly to call back.
    SatelliteNumber,
    /// The caller is a number of an international network of no country: costly to call back.
    InternationalNetwork,
    /// The caller is an international premium-rate number (`+979`): call-back bait.
    InternationalPremiumRate,
    // Caller names (issue 12, classes 3 and 4).
    /// The caller name is a brand's name with no support context: shown, proof of nothing.
    BrandName,
    /// A word of the caller name mixes scripts (e.g. Latin with Cyrillic look-alikes).
    MixedScriptName,
    /// A cached online lookup answer lists the number as unwanted, with a category.
    LookupListed,
    // Controls (issue 17).
    /// Quiet hours silence the call (never block it).
    QuietHours,
    /// Protection is paused: only the user's own rules act.
    ProtectionPaused,
    /// The same number called again within minutes: it rings instead of being silenced.
    RepeatedCall,
}

impl Reason {
    /// Every reason, in declaration order.
    pub const ALL: [Self; 41] = [
        Self::Emergency,
        Self::EmergencyCallback,
        Self::Contact,
        Self::RecentlyDialled,
        Self::UserAllow,
        Self::UserBlock,
        Self::UserSilence,
        Self::UserLabel,
        Self::HiddenNumber,
        Self::UnparsableNumber,
        Self::InvalidNumber,
        Self::VerificationFailed,
        Self::VerificationPassed,
        Self::PremiumRateNumber,
        Self::PersonalNumber,
        Self::SharedCostNumber,
        Self::WangiriCountry,
        Self::NanpLookalike,
        Self::UnfamiliarCountry,
        Self::NightCall,
        Self::NeighbourSpoofing,
        Self::BurstNumberBlock,
        Self::BurstCountry,
        Self::BrandInboundOnly,
        Self::BrandImpersonation,
        Self::PolicyHidden,
        Self::PolicyUnknown,
        Self::PolicyForeign,
        Self::PolicyNight,
        Self::InternalError,
        Self::FeedAllow,
        Self::FeedListed,
        Self::SatelliteNumber,
        Self::InternationalNetwork,
        Self::InternationalPremiumRate,
        Self::BrandName,
        Self::MixedScriptName,
        Self::LookupListed,
        Self::QuietHours,
        Self::ProtectionPaused,
        Self::RepeatedCall,
    ];

    /// Stable snake_case code (CLI, JSON, test vectors).
    pub fn code(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::EmergencyCallback => "emergency_callback",
            Self::Contact => "contact",
            Self::RecentlyDialled => "recently_dialled",
            Self::UserAllow => "user_allow",
            Self::UserBlock => "user_block",
            Self::UserSilence => "user_silence",
            Self::UserLabel => "user_label",
            Self::HiddenNumber => "hidden_number",
            Self::UnparsableNumber => "unparsable_number",
            Self::InvalidNumber => "invalid_number",
            Self::VerificationFailed => "verification_failed",
            Self::VerificationPassed => "verification_passed",
            Self::PremiumRateNumber => "premium_rate_number",
            Self::PersonalNumber => "personal_number",
            Self::SharedCostNumber => "shared_cost_number",
            Self::WangiriCountry => "wangiri_country",
            Self::NanpLookalike => "nanp_lookalike",
            Self::UnfamiliarCountry => "unfamiliar_country",
            Self::NightCall => "night_call",
            Self::NeighbourSpoofing => "neighbour_spoofing",
            Self::BurstNumberBlock => "burst_number_block",
            Self::BurstCountry => "burst_country",
            Self::BrandInboundOnly => "brand_inbound_only",
            Self::BrandImpersonation => "brand_impersonation",
            Self::PolicyHidden => "policy_hidden",
            Self::PolicyUnknown => "policy_unknown",
            Self::PolicyForeign => "policy_foreign",
            Self::PolicyNight => "policy_night",
            Self::InternalError => "internal_error",
            Self::FeedAllow => "feed_allow",
            Self::FeedListed => "feed_listed",
            Self::SatelliteNumber => "satellite_number",
            Self::InternationalNetwork => "international_network",
            Self::InternationalPremiumRate => "international_premium_rate",
            Self::BrandName => "brand_name",
            Self::MixedScriptName => "mixed_script_name",
            Self::LookupListed => "lookup_listed",
            Self::QuietHours => "quiet_hours",
            Self::ProtectionPaused => "protection_paused",
            Self::RepeatedCall => "repeated_call",
        }
    }
}

/// Ringfence's answer for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// What to do with the call.
    pub action: Action,
    /// Estimated risk, 0 (safe) to 100 (certainly unwanted).
    pub risk: u8,
    /// What kind of call this is believed to be.
    pub category: Category,
    /// Why, strongest reason first.
    pub reasons: Vec<Reason>,
    /// A short localized label for the call screen / notification (never the number).
    pub label: Option<String>,
    /// Localized advice for the user (never the number).
    pub advice: Option<String>,
    /// The caller in E.164 form, when it could be read.
    pub e164: Option<E164>,
    /// A short localized reminder about the user's customer brands that never call
    /// unexpectedly (see [`ScreenerConfig::customer_brands`](crate::ScreenerConfig)): only on
    /// unknown callers' calls that ring or are silenced, at most once per brand per interval.
    pub reminder: Option<String>,
}

impl Verdict {
    /// The fail-open answer: let the call ring.
    pub fn allow(e164: Option<E164>, reasons: Vec<Reason>) -> Self {
        Self {
            action: Action::Allow,
            risk: 0,
            category: Category::None,
            reasons,
            label: None,
            advice: None,
            e164,
            reminder: None,
        }
    }
}
