//! Phone numbers: any caller string → a compact, validated [`E164`] value.
//!
//! Parsing, validity and number types come from `rlibphonenumber` (a Rust port of
//! Google's libphonenumber); this module only adapts its results to Ringfence's
//! compact types and adds the emergency numbers ([`emergency`]: every emergency check), caller
//! IDs as networks deliver them ([`read_caller_id`]), numbers as people dial them
//! ([`dialled_number`]) and the global numbers of no country ([`global_service`]).

mod caller_id;
mod dialled;
mod e164;
pub mod emergency;
mod emergency_table;
mod fast;
mod global;
mod parse;
mod pattern;
mod region;
mod types;

pub use caller_id::{CallerId, Verstat, is_withheld_word, read_caller_id};
pub use dialled::dialled_number;
pub use e164::E164;
pub use emergency::{EmergencyRegions, is_emergency_e164, is_emergency_number, is_emergency_value};
pub use fast::use_own_patterns;
pub use global::{GlobalService, global_service};
pub use parse::{MAX_RAW_LEN, ParsedNumber, country_code_for_region, digits_only, parse_number};
pub(crate) use pattern::POW10;
pub use pattern::Pattern;
pub use region::RegionCode;
pub use types::NumberType;
