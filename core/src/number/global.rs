//! Global numbers: ITU-T E.164 country codes assigned to services of no country.

/// What a global (non-geographic) country code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GlobalService {
    /// Mobile satellite systems: `+870` (Inmarsat), `+881` (Iridium, Globalstar…).
    Satellite,
    /// International networks and services: `+800` freephone, `+808` shared cost, `+878`
    /// personal numbers, `+882`/`+883` international networks, `+888` humanitarian (OCHA).
    InternationalNetwork,
    /// `+979`: international premium rate.
    InternationalPremiumRate,
}

/// The service a country calling code belongs to, when it is a global one (no country).
pub const fn global_service(country_code: u16) -> Option<GlobalService> {
    match country_code {
        870 | 881 => Some(GlobalService::Satellite),
        800 | 808 | 878 | 882 | 883 | 888 => Some(GlobalService::InternationalNetwork),
        979 => Some(GlobalService::InternationalPremiumRate),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::parse_number;

    #[test]
    fn every_global_code_and_no_country_code() {
        let global = [800, 808, 870, 878, 881, 882, 883, 888, 979];
        for cc in 1..1000u16 {
            assert_eq!(global_service(cc).is_some(), global.contains(&cc), "{cc}");
        }
        let satellite = parse_number("+881 6 3123 4567", None).unwrap();
        assert_eq!(global_service(satellite.country_code), Some(GlobalService::Satellite));
        assert_eq!(satellite.region, None, "no country");
    }
}
