//! # ringfence-ffi
//!
//! A thin UniFFI skin over `ringfence-core`: records, enums, a typed error and the
//! long-lived [`Screener`] object, exported to Kotlin (`dev.ringfence`) and Swift
//! (`Ringfence`). No logic lives here beyond type conversion and panic containment:
//! every exported function either throws [`RingfenceError`] or cannot fail (screening
//! fails open to "allow").

mod convert;
mod database;
mod error;
mod export;
mod screener;
mod types;

pub use database::DatabaseInfo;
pub use error::{DatabaseProblem, RingfenceError};
pub use export::{CallDirectoryCursor, CallDirectorySnapshot, IdentificationEntry};
pub use screener::Screener;
pub use types::*;

uniffi::setup_scaffolding!("ringfence");

/// Parses `raw` (any notation) as dialled in `region` (ISO 3166 alpha-2, e.g. `"CH"`).
#[uniffi::export]
pub fn normalize_number(raw: String, region: String) -> Result<NormalizedNumber, RingfenceError> {
    error::guard(|| {
        let region = region.parse()?;
        Ok(ringfence_core::parse_number(&raw, Some(region))?.into())
    })
}

/// Whether `raw`, dialled in `region`, is an emergency number there (`112`, `911`…).
#[uniffi::export]
pub fn is_emergency_number(raw: String, region: String) -> bool {
    std::panic::catch_unwind(|| region.parse().is_ok_and(|r| ringfence_core::number::is_emergency_number(&raw, r)))
        .unwrap_or(false)
}

/// The library version, e.g. `"0.1.0"`.
#[uniffi::export]
pub fn ringfence_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
