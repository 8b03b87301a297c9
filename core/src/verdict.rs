//! The answer to "should this call ring?", with the reasons behind it.

use crate::number::E164;

/// What the phone should do with the call, from mildest to strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Self; 13] = [
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
    /// Screening hit an internal error and failed open.
    InternalError,
}

impl Reason {
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
            Self::InternalError => "internal_error",
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
}

impl Verdict {
    /// The fail-open answer: let the call ring.
    pub fn allow(e164: Option<E164>, reasons: Vec<Reason>) -> Self {
        Self { action: Action::Allow, risk: 0, category: Category::None, reasons, label: None, advice: None, e164 }
    }
}
