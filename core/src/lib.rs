//! # ringfence-core
//!
//! The pure-Rust core of Ringfence, a call-screening library for Android and iOS.
//! It turns whatever caller ID the phone network delivers into a compact E.164 value
//! ([`number`]), matches it against the user's rules ([`rules`]), and answers with an
//! explainable [`Verdict`] ([`screener`]) in microseconds, without network access.
//!
//! Module dependencies run one way (`tests/layering.rs` keeps it so): [`error`](RingfenceError)
//! (and the quiet panic backstop)
//! → [`number`] → the call, verdict and policy types → [`database`] → [`rules`],
//! [`heuristics`], [`i18n`] → [`precedence`] → [`export`] → [`screener`] → [`warm`].
//! No FFI types live here; `bindings/ffi` is a thin UniFFI skin over this crate.

mod call;
pub mod database;
mod error;
pub mod export;
#[cfg(feature = "fault-injection")]
pub mod fault;
pub mod heuristics;
pub mod i18n;
pub mod lookup;
pub mod number;
pub mod policy;
pub mod precedence;
pub mod quiet;
pub mod rules;
pub mod screener;
mod verdict;
pub mod warm;

// The bindings export core's enums and records directly (namespace `ringfence_core`, see
// core/uniffi.toml); without the `uniffi` feature nothing of UniFFI is compiled.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("ringfence_core");

pub use call::{CallTime, IncomingCall, Presentation, Verification};
pub use database::{Database, DatabaseBuilder, DatabaseInfo, Metadata};
pub use error::{DatabaseError, NumberProblem, RegexProblem, RingfenceError};
pub use export::ExportSet;
pub use i18n::Language;
pub use number::{E164, NumberType, ParsedNumber, Pattern, RegionCode, parse_number};
pub use policy::{LinePolicy, Policy, ProtectionLevel, Schedule, Thresholds, Window};
pub use rules::{ImportReport, RowError, Rule, RuleSet, RuleTarget};
pub use screener::{Report, ReportRecord, Screener, ScreenerConfig, ScreenerStats};
pub use verdict::{Action, Category, Reason, Verdict};
pub use warm::warm_up;
