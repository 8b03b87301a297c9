//! Phone numbers: any caller string → a compact, validated [`E164`] value.
//!
//! Parsing, validity and number types come from `rlibphonenumber` (a Rust port of
//! Google's libphonenumber); this module only adapts its results to Ringfence's
//! compact types and adds the emergency numbers ([`emergency`]: every emergency check).

mod e164;
pub mod emergency;
mod emergency_table;
mod fast;
mod parse;
mod pattern;
mod region;
mod types;

pub use e164::E164;
pub use emergency::{is_emergency_e164, is_emergency_number, is_emergency_value};
pub use parse::{MAX_RAW_LEN, ParsedNumber, country_code_for_region, digits_only, parse_number};
pub(crate) use pattern::POW10;
pub use pattern::Pattern;
pub use region::RegionCode;
pub use types::NumberType;
