//! # ringfence-ffi
//!
//! A thin UniFFI skin over `ringfence-core`, exported to Kotlin (`dev.ringfence`) and Swift
//! (`Ringfence`): the long-lived [`Screener`] object, a typed error, and the few records whose
//! shape differs from core's ([`Verdict`], [`IncomingCall`], [`Rule`], [`NormalizedNumber`],
//! [`ScreenerConfig`]). Core's enums and its other records are exported as they are (core's
//! `uniffi` feature; Kotlin package `dev.ringfence.core`, aliased into `dev.ringfence`). No logic
//! lives here beyond conversion, and every export runs inside the one panic boundary (module
//! `guard`): throwing functions throw [`RingfenceError`], the others answer a safe default
//! (screening fails open to "allow").

mod database;
mod error;
mod export;
mod feed;
mod guard;
mod records;
mod redact;
mod screener;
mod store;

pub use database::DatabaseInfo;
pub use error::{DatabaseProblem, RingfenceError};
pub use export::{CallDirectoryCursor, CallDirectorySnapshot, IdentificationEntry};
pub use feed::ManifestProblem;
pub use records::{IncomingCall, NormalizedNumber, Rule, ScreenerConfig, Verdict};
pub use ringfence_core::database::{FeedDelta, FeedFile, FeedManifest, FeedUpdate};
pub use ringfence_core::{
    Action, CallTime, Category, ImportReport, Language, NumberType, Policy, Presentation, ProtectionLevel, RowError,
    Verification,
};
pub use screener::Screener;
pub use store::{Limits, PinnedFeed, RefusedFile, StoreReport, VersionFloor};

use guard::{guard, guard_or};

uniffi::setup_scaffolding!("ringfence");

/// Parses `raw` (any notation) as dialled in `region` (ISO 3166 alpha-2, e.g. `"CH"`).
#[uniffi::export]
pub fn normalize_number(raw: String, region: String) -> Result<NormalizedNumber, RingfenceError> {
    guard(|| {
        let region = region.parse()?;
        Ok::<_, ringfence_core::RingfenceError>(ringfence_core::parse_number(&raw, Some(region))?.into())
    })
}

/// Whether `raw`, dialled in `region`, is an emergency number there (`112`, `911`…).
#[uniffi::export]
pub fn is_emergency_number(raw: String, region: String) -> bool {
    guard_or(|| false, || region.parse().is_ok_and(|r| ringfence_core::number::is_emergency_number(&raw, r)))
}

/// Compiles ahead of the first call what reading caller IDs compiles on first use (number
/// metadata and patterns, emergency patterns) for `regions` (the phone's home regions, ISO
/// alpha-2; unknown codes are skipped) and the regions most calls come from, so that no call
/// pays for it. Call it once at start, off the main thread (it takes some hundreds of
/// milliseconds). Returns how many regions were warmed (0 if anything failed).
#[uniffi::export]
pub fn warm_up(regions: Vec<String>) -> u32 {
    guard_or(
        || 0,
        || {
            let regions: Vec<ringfence_core::RegionCode> = regions.iter().filter_map(|r| r.parse().ok()).collect();
            u32::try_from(ringfence_core::warm_up(&regions)).unwrap_or(u32::MAX)
        },
    )
}

/// The library version, e.g. `"0.1.0"`.
#[uniffi::export]
pub fn ringfence_version() -> String {
    guard_or(String::new, || env!("CARGO_PKG_VERSION").to_owned())
}
