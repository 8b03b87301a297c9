//! Number types (libphonenumber's classification of a valid number).

use rlibphonenumber::PhoneNumberType as Lib;

/// What kind of line a number belongs to, per libphonenumber metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NumberType {
    /// Geographic landline.
    FixedLine,
    /// Mobile phone.
    Mobile,
    /// Either; the plan does not tell them apart (e.g. NANP).
    FixedLineOrMobile,
    /// Free for the caller.
    TollFree,
    /// Charged above normal rates; classic call-back bait.
    PremiumRate,
    /// Cost split between caller and callee.
    SharedCost,
    /// Voice over IP.
    Voip,
    /// Personal (follow-me) number.
    PersonalNumber,
    /// Pager.
    Pager,
    /// Universal access number (company number routed anywhere).
    Uan,
    /// Voicemail access.
    Voicemail,
    /// Not classifiable (invalid or unknown range).
    Unknown,
}

impl NumberType {
    /// The stable snake_case code used by the CLI and test vectors.
    pub fn code(self) -> &'static str {
        match self {
            Self::FixedLine => "fixed_line",
            Self::Mobile => "mobile",
            Self::FixedLineOrMobile => "fixed_line_or_mobile",
            Self::TollFree => "toll_free",
            Self::PremiumRate => "premium_rate",
            Self::SharedCost => "shared_cost",
            Self::Voip => "voip",
            Self::PersonalNumber => "personal_number",
            Self::Pager => "pager",
            Self::Uan => "uan",
            Self::Voicemail => "voicemail",
            Self::Unknown => "unknown",
        }
    }

    pub(crate) fn from_lib(t: Lib) -> Self {
        match t {
            Lib::FixedLine => Self::FixedLine,
            Lib::Mobile => Self::Mobile,
            Lib::FixedLineOrMobile => Self::FixedLineOrMobile,
            Lib::TollFree => Self::TollFree,
            Lib::PremiumRate => Self::PremiumRate,
            Lib::SharedCost => Self::SharedCost,
            Lib::VoIP => Self::Voip,
            Lib::PersonalNumber => Self::PersonalNumber,
            Lib::Pager => Self::Pager,
            Lib::UAN => Self::Uan,
            Lib::VoiceMail => Self::Voicemail,
            Lib::Unknown => Self::Unknown,
        }
    }
}
