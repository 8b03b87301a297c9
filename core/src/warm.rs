//! Warming up before the first call. libphonenumber builds its metadata on first use (tens of
//! milliseconds) and compiles each region's patterns the first time a number of that region is
//! read (a few milliseconds per region: numbering plans, national and international prefixes,
//! number types); the emergency table compiles each region's pattern on first use too. Without
//! a warm-up that work lands on the first ringing call after a process start.
//!
//! [`warm_up`] does it ahead: the metadata, and for the home regions and the regions most calls
//! come from ([`FREQUENT_REGIONS`]) every shape a caller ID takes: E.164, international with
//! separators, national, the international (IDD) prefix, `tel:` URIs, every number type, short
//! and emergency numbers, screened by a throwaway screener (the app's screener, its history and
//! its statistics are untouched). Compiling every region instead would take seconds and
//! hundreds of megabytes; a caller from another region pays its region's compilation once.

use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat, PhoneNumberType};

use crate::call::IncomingCall;
use crate::number::{RegionCode, is_emergency_number};
use crate::screener::{Screener, ScreenerConfig};

/// Regions warmed besides the home regions: those of the most populous numbering plans and of
/// the calling codes most spam and one-ring (wangiri) calls come from. `US` stands for the
/// North American plan (+1), whose numbers are matched against all its regions.
pub const FREQUENT_REGIONS: [&str; 20] = [
    "US", "CA", "GB", "DE", "FR", "IT", "ES", "CH", "AT", "NL", "BE", "PL", "RU", "IN", "CN", "BR", "MX", "NG", "TN",
    "PK",
];

/// Number types whose patterns a caller's number may be matched against.
const TYPES: [PhoneNumberType; 8] = [
    PhoneNumberType::FixedLine,
    PhoneNumberType::Mobile,
    PhoneNumberType::TollFree,
    PhoneNumberType::PremiumRate,
    PhoneNumberType::SharedCost,
    PhoneNumberType::VoIP,
    PhoneNumberType::PersonalNumber,
    PhoneNumberType::UAN,
];

/// Short numbers screened in every warmed region (emergency and service codes).
const SHORT: [&str; 6] = ["112", "911", "999", "110", "117", "1818"];

/// Compiles, ahead of the first call, what reading and screening a caller's number compiles on
/// first use, for `home` (the regions the phone is used in) and [`FREQUENT_REGIONS`]. Safe to
/// call from any thread, any number of times (later calls are cheap). Returns how many regions
/// were warmed.
pub fn warm_up(home: &[RegionCode]) -> usize {
    let frequent = FREQUENT_REGIONS.iter().filter_map(|r| r.parse::<RegionCode>().ok());
    let mut seen: Vec<RegionCode> = Vec::new();
    for region in home.iter().copied().chain(frequent) {
        if seen.contains(&region) {
            continue;
        }
        seen.push(region);
        warm_region(region);
        warm_siblings(region);
    }
    seen.len()
}

/// Reads an E.164 number of every other region sharing `region`'s calling code: finding a
/// number's region matches it against each of them (`+44`: GB, GG, IM, JE; `+1`: 25 regions).
fn warm_siblings(region: RegionCode) {
    let util = &*PHONE_NUMBER_UTIL;
    let Some(cc) = region.to_lib().and_then(|r| util.get_country_code_for_region(r)) else { return };
    for sibling in util.get_regions_for_country_calling_code(cc).into_iter().flatten() {
        for t in [PhoneNumberType::FixedLine, PhoneNumberType::Mobile] {
            if let Ok(n) = util.get_example_number_for_type_and_region(sibling, t) {
                let _ = crate::number::parse_number(&n.format_as(PhoneNumberFormat::E164), Some(region));
            }
        }
    }
}

/// Screens every shape of caller ID of `region` with a throwaway screener set to that region.
fn warm_region(region: RegionCode) {
    let util = &*PHONE_NUMBER_UTIL;
    let screener = Screener::new(ScreenerConfig { default_region: Some(region), ..ScreenerConfig::default() });
    let Some(lib_region) = region.to_lib() else { return };
    let mut texts: Vec<String> = SHORT.iter().map(|s| (*s).to_owned()).collect();
    for t in TYPES {
        let Ok(n) = util.get_example_number_for_type_and_region(lib_region, t) else { continue };
        let e164 = n.format_as(PhoneNumberFormat::E164).into_owned();
        texts.push(format!("00{}", &e164[1..]));
        texts.push(n.format_as(PhoneNumberFormat::RFC3966).into_owned());
        texts.push(n.format_as(PhoneNumberFormat::International).into_owned());
        texts.push(n.format_as(PhoneNumberFormat::National).into_owned());
        texts.push(e164);
    }
    for text in texts {
        let _ = is_emergency_number(&text, region);
        let call = IncomingCall { number: Some(text), region: Some(region), ..IncomingCall::default() };
        let _ = screener.screen(&call);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warms_the_home_and_frequent_regions_once_each() {
        let ch: RegionCode = "CH".parse().unwrap();
        let nz: RegionCode = "NZ".parse().unwrap();
        assert_eq!(warm_up(&[ch]), FREQUENT_REGIONS.len(), "CH is one of the frequent regions");
        assert_eq!(warm_up(&[nz, nz]), FREQUENT_REGIONS.len() + 1);
        assert!(FREQUENT_REGIONS.iter().all(|r| r.parse::<RegionCode>().is_ok()));
    }
}
