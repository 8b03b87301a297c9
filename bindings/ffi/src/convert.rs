//! Conversions between the FFI types and `ringfence-core`'s.

use ringfence_core as core;

use crate::types::*;

/// Maps identically named variants between two fieldless enums, both ways.
macro_rules! mirror_enum {
    ($ffi:ident, $core:path, [$($v:ident),* $(,)?]) => {
        impl From<$ffi> for $core {
            fn from(x: $ffi) -> Self { match x { $($ffi::$v => Self::$v),* } }
        }
        impl From<$core> for $ffi {
            fn from(x: $core) -> Self { use $core as C; match x { $(C::$v => Self::$v),* } }
        }
    };
}

mirror_enum!(Action, core::Action, [Allow, Label, Silence, Block]);
mirror_enum!(
    Category,
    core::Category,
    [
        None,
        Emergency,
        UserList,
        Spam,
        Scam,
        Telemarketing,
        Robocall,
        Impersonation,
        Wangiri,
        PremiumRate,
        Spoofed,
        Suspicious,
        Other,
    ]
);
mirror_enum!(Presentation, core::Presentation, [Allowed, Restricted, Unknown, Payphone, Unavailable]);
mirror_enum!(Verification, core::Verification, [NotVerified, Passed, Failed]);
mirror_enum!(
    NumberType,
    core::NumberType,
    [
        FixedLine,
        Mobile,
        FixedLineOrMobile,
        TollFree,
        PremiumRate,
        SharedCost,
        Voip,
        PersonalNumber,
        Pager,
        Uan,
        Voicemail,
        Unknown,
    ]
);
mirror_enum!(Language, core::Language, [En, It]);
mirror_enum!(ProtectionLevel, core::ProtectionLevel, [Relaxed, Standard, Strict]);

impl From<Policy> for core::Policy {
    fn from(p: Policy) -> Self {
        Self {
            level: p.level.into(),
            block_hidden: p.block_hidden,
            silence_unknown: p.silence_unknown,
            block_foreign: p.block_foreign,
            night_mode: p.night_mode,
            night_start_minute: p.night_start_minute,
            night_end_minute: p.night_end_minute,
            emergency_callback_minutes: p.emergency_callback_minutes,
        }
    }
}

impl From<core::Policy> for Policy {
    fn from(p: core::Policy) -> Self {
        Self {
            level: p.level.into(),
            block_hidden: p.block_hidden,
            silence_unknown: p.silence_unknown,
            block_foreign: p.block_foreign,
            night_mode: p.night_mode,
            night_start_minute: p.night_start_minute,
            night_end_minute: p.night_end_minute,
            emergency_callback_minutes: p.emergency_callback_minutes,
        }
    }
}

impl From<CallTime> for core::CallTime {
    fn from(t: CallTime) -> Self {
        Self { epoch_seconds: t.epoch_seconds, utc_offset_minutes: t.utc_offset_minutes }
    }
}

impl From<core::Verdict> for Verdict {
    fn from(v: core::Verdict) -> Self {
        Self {
            action: v.action.into(),
            risk: v.risk,
            category: v.category.into(),
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
            number_type: n.number_type.into(),
            region: n.region.map(|r| r.to_string()),
        }
    }
}

impl From<core::Rule> for Rule {
    fn from(r: core::Rule) -> Self {
        Self {
            pattern: r.pattern.to_string(),
            action: r.action.into(),
            category: Some(r.category.into()),
            label: r.label.map(|l| l.to_string()),
        }
    }
}

impl From<core::ImportReport> for ImportReport {
    fn from(r: core::ImportReport) -> Self {
        Self {
            accepted: r.accepted,
            rejected: r.rejected.into_iter().map(|e| RowError { line: e.line, reason: e.reason }).collect(),
        }
    }
}

/// Converts an optional region text; a malformed one is an error.
pub(crate) fn region(text: Option<&str>) -> Result<Option<core::RegionCode>, core::RingfenceError> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::parse).transpose()
}

/// Converts a call. A malformed region is ignored (screening never fails).
pub(crate) fn call(c: IncomingCall) -> core::IncomingCall {
    core::IncomingCall {
        region: region(c.region.as_deref()).ok().flatten(),
        number: c.number,
        presentation: c.presentation.into(),
        verification: c.verification.into(),
        user_number: c.user_number,
        in_contacts: c.in_contacts,
        display_name: c.display_name,
        time: c.time.map(Into::into),
    }
}

/// Converts a config; a malformed region, out-of-range policy or reminder interval is an
/// error (customer brands are checked against the registry by the screener).
pub(crate) fn config(c: ScreenerConfig) -> Result<core::ScreenerConfig, core::RingfenceError> {
    let policy = c.policy.map(core::Policy::from).unwrap_or_default();
    policy.validate()?;
    if c.reminder_interval_hours > core::screener::MAX_REMINDER_HOURS {
        return Err(core::RingfenceError::InvalidConfig("reminder interval over a year"));
    }
    Ok(core::ScreenerConfig {
        language: c.language.into(),
        default_region: region(c.default_region.as_deref())?,
        policy,
        customer_brands: c.customer_brands,
        reminder_interval_hours: c.reminder_interval_hours,
    })
}
