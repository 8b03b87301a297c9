//! The one error type every throwing function uses. Messages never contain a phone number.

use std::panic::{AssertUnwindSafe, catch_unwind};

use ringfence_core::RingfenceError as Core;

/// Why a Ringfence call failed. Kotlin: `RingfenceException`; Swift: `RingfenceError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum RingfenceError {
    /// A caller string or rule number is not a usable phone number.
    #[error("invalid number: {reason}")]
    InvalidNumber {
        /// What is wrong (never the number itself).
        reason: String,
    },
    /// A region code is not two letters.
    #[error("invalid region code")]
    InvalidRegion,
    /// A rule pattern is malformed.
    #[error("invalid pattern: {reason}")]
    InvalidPattern {
        /// What is wrong.
        reason: String,
    },
    /// A rule list is unusable as a whole (e.g. no header).
    #[error("invalid list: {reason}")]
    InvalidList {
        /// What is wrong.
        reason: String,
    },
    /// A setting is out of range.
    #[error("invalid setting: {reason}")]
    InvalidConfig {
        /// Which setting.
        reason: String,
    },
    /// An input is over a documented limit.
    #[error("limit exceeded: {reason}")]
    LimitExceeded {
        /// Which limit.
        reason: String,
    },
    /// A compiled database or delta was rejected (corrupt, wrongly signed, downgrade…).
    #[error("invalid database: {reason}")]
    InvalidDatabase {
        /// Why (never a phone number).
        reason: String,
    },
    /// A bug inside Ringfence (a caught panic).
    #[error("internal error")]
    Internal,
}

impl From<Core> for RingfenceError {
    fn from(e: Core) -> Self {
        let reason = e.to_string();
        match e {
            Core::InvalidNumber(p) => Self::InvalidNumber { reason: p.to_string() },
            Core::InvalidRegion => Self::InvalidRegion,
            Core::InvalidPattern(_) => Self::InvalidPattern { reason },
            Core::InvalidList(_) | Core::InvalidBrands(_) => Self::InvalidList { reason },
            Core::InvalidConfig(_) => Self::InvalidConfig { reason },
            Core::LimitExceeded { .. } => Self::LimitExceeded { reason },
            Core::Database(e) => Self::InvalidDatabase { reason: e.to_string() },
            Core::Internal => Self::Internal,
        }
    }
}

/// Runs `f`, turning a panic into [`RingfenceError::Internal`] so none crosses the FFI.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T, Core>) -> Result<T, RingfenceError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(Core::Internal)).map_err(Into::into)
}
