//! Private online lookup: a feed published as k-anonymous, signed buckets that any static web
//! server or CDN can serve, and the device side that verifies and caches them.
//!
//! - **Buckets** ([`hash`]): a number's bucket is the first `bits` bits of
//!   SHA-256(salt ‖ E.164 digits); a request names only the bucket, which every plausible number
//!   of the numbering plans involved shares with at least *k* others ([`plan`]).
//! - **Files** ([`wire`], [`manifest`]): each bucket file holds its entries (salted number hash,
//!   action, category, label), the feed name and version, and an ed25519 signature over a
//!   domain-separated (version ‖ bucket id ‖ salt ‖ content); a signed manifest names the feed,
//!   version, bits, salt, key and bucket count. [`publish`] writes them from a [`Database`](crate::Database).
//! - **Device** ([`LookupClient`]): never opens a socket. [`LookupClient::lookup_path`] gives
//!   the app the relative path to fetch; [`LookupClient::accept_bucket`] verifies the bytes
//!   (pinned key, signature, bucket id, salt, feed, no older version than cached) and caches
//!   them on disk (atomic writes, TTL, bounded size, oldest evicted first);
//!   [`LookupClient::cached_answer`] answers from the cache, which the screener consults as a
//!   feed signal (reason `lookup_listed`).
//!
//! No error, label or log names a phone number. Layer: uses `number`, `verdict`, `database`.

mod cache;
mod client;
mod error;
pub mod hash;
pub mod manifest;
pub mod plan;
pub mod publish;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod wire;

pub use client::{BucketAnswer, LookupClient, LookupConfig, LookupRequest};
pub use error::LookupError;
pub use hash::{NumberHash, Salt};
pub use manifest::Manifest;
pub use publish::{Publication, PublishOptions, publish};
pub use wire::ListedEntry;

/// Most bits a bucket id may have: 2^24 buckets. Clients refuse manifests above their own
/// (lower) [`LookupConfig::max_bits`], so a forged or careless manifest cannot shrink the
/// anonymity set.
pub const MAX_BITS: u8 = 24;
