//! Brand impersonation: the seed case of Ringfence.
//!
//! A brand registry lists companies with their official *inbound-only* numbers (support
//! lines that never place calls — a do-not-originate list), their genuine outbound numbers,
//! name aliases, and whether they ever call customers unsolicited. A call *from* an
//! inbound-only number is spoofed; a caller name (when an OS integration supplies one) that
//! matches a brand on a number that is not the brand's outbound number is impersonation.
//!
//! File format (JSON): `{"brands": [{"name": "...", "aliases": ["..."], "never_calls": true,
//! "inbound_only": ["+..."], "outbound": ["+..."]}]}`; numbers are E.164 or `#` ranges.
//! The default registry (`core/data/brands.json`) and its sources are in `docs/brands.md`.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::error::RingfenceError;
use crate::number::{E164, Pattern};

/// Largest registry accepted, in bytes.
pub const MAX_REGISTRY_BYTES: usize = 4 * 1024 * 1024;
/// Most brands in one registry.
pub const MAX_BRANDS: usize = 10_000;
/// Longest brand name or alias, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// The default registry shipped with Ringfence.
pub const DEFAULT_REGISTRY_JSON: &str = include_str!("../../data/brands.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBrand {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    never_calls: bool,
    #[serde(default)]
    inbound_only: Vec<String>,
    #[serde(default)]
    outbound: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    brands: Vec<FileBrand>,
}

/// One brand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    /// Display name, used in advice ("Trend Micro never calls…").
    pub name: String,
    /// Normalized aliases, padded with spaces for whole-word search (`" trend micro "`).
    aliases: Vec<String>,
    /// Multi-word aliases written together (`"trendmicro"`), also matched inside words.
    joined_aliases: Vec<String>,
    /// The brand never calls customers unsolicited.
    pub never_calls: bool,
    inbound_only: Vec<Pattern>,
    outbound: Vec<Pattern>,
}

/// What the registry says about a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrandHit<'a> {
    /// The caller ID is one of the brand's inbound-only numbers: spoofed.
    InboundOnly(&'a Brand),
    /// The caller name claims the brand but the number is not the brand's outbound number.
    NameMismatch(&'a Brand),
}

/// A set of brands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrandRegistry {
    brands: Vec<Brand>,
}

static DEFAULT: LazyLock<BrandRegistry> =
    LazyLock::new(|| BrandRegistry::from_json(DEFAULT_REGISTRY_JSON).unwrap_or_default());

impl BrandRegistry {
    /// The registry shipped with Ringfence.
    pub fn default_registry() -> &'static BrandRegistry {
        &DEFAULT
    }

    /// Parses a registry file. Errors name the problem, never a number from the file.
    pub fn from_json(text: &str) -> Result<Self, RingfenceError> {
        if text.len() > MAX_REGISTRY_BYTES {
            return Err(RingfenceError::LimitExceeded {
                what: "brand registry bytes",
                limit: MAX_REGISTRY_BYTES as u64,
            });
        }
        let file: File =
            serde_json::from_str(text).map_err(|_| RingfenceError::InvalidBrands("not a brand registry"))?;
        if file.brands.len() > MAX_BRANDS {
            return Err(RingfenceError::LimitExceeded { what: "brand count", limit: MAX_BRANDS as u64 });
        }
        let brands = file.brands.into_iter().map(Brand::from_file).collect::<Result<_, _>>()?;
        Ok(Self { brands })
    }

    /// Number of brands.
    pub fn len(&self) -> usize {
        self.brands.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.brands.is_empty()
    }

    /// Checks a call's number and caller name against every brand.
    pub fn check(&self, number: Option<E164>, caller_name: Option<&str>) -> Option<BrandHit<'_>> {
        if let Some(b) = number.and_then(|n| self.brands.iter().find(|b| b.inbound_only.iter().any(|p| p.matches(n)))) {
            return Some(BrandHit::InboundOnly(b));
        }
        let name = format!(" {} ", normalize(caller_name?));
        let joined = name.replace(' ', "");
        let brand = self.brands.iter().find(|b| {
            b.aliases.iter().any(|a| name.contains(a.as_str()))
                || b.joined_aliases.iter().any(|a| joined.contains(a.as_str()))
        })?;
        let genuine = number.is_some_and(|n| brand.outbound.iter().any(|p| p.matches(n)));
        (!genuine).then_some(BrandHit::NameMismatch(brand))
    }
}

impl Brand {
    /// Whether the brand lists the numbers it genuinely calls from.
    pub fn has_outbound(&self) -> bool {
        !self.outbound.is_empty()
    }

    fn from_file(f: FileBrand) -> Result<Self, RingfenceError> {
        let name = f.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(RingfenceError::InvalidBrands("brand name empty, too long or with control characters"));
        }
        let mut aliases: Vec<String> = f.aliases.iter().chain([&f.name]).map(|a| normalize(a)).collect();
        if aliases.iter().any(|a| a.is_empty() || a.chars().count() > MAX_NAME_CHARS) {
            return Err(RingfenceError::InvalidBrands("alias empty or too long"));
        }
        aliases.sort();
        aliases.dedup();
        let joined_aliases = aliases.iter().filter(|a| a.contains(' ')).map(|a| a.replace(' ', "")).collect();
        let aliases = aliases.into_iter().map(|a| format!(" {a} ")).collect();
        let patterns = |list: &[String]| {
            list.iter()
                .map(|p| {
                    Pattern::parse(p, None)
                        .map_err(|_| RingfenceError::InvalidBrands("brand number is not in international format"))
                })
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Self {
            name,
            aliases,
            joined_aliases,
            never_calls: f.never_calls,
            inbound_only: patterns(&f.inbound_only)?,
            outbound: patterns(&f.outbound)?,
        })
    }
}

/// Lower-case alphanumeric words separated by single spaces.
fn normalize(text: &str) -> String {
    let mapped: String = text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    mapped.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: &str) -> Option<E164> {
        E164::from_e164_str(s)
    }

    #[test]
    fn default_registry_loads() {
        let reg = BrandRegistry::default_registry();
        assert!(reg.len() >= 3);
        assert!(matches!(reg.check(e("+18006427676"), None), Some(BrandHit::InboundOnly(b)) if b.name == "Microsoft"));
    }

    #[test]
    fn caller_names_match_whole_words() {
        let reg = BrandRegistry::default_registry();
        let hit = |name| {
            reg.check(e("+41446681800"), Some(name)).map(|h| match h {
                BrandHit::InboundOnly(b) | BrandHit::NameMismatch(b) => b.name.clone(),
            })
        };
        assert_eq!(hit("TREND MICRO SUPPORT").as_deref(), Some("Trend Micro"));
        assert_eq!(hit("trendmicro-helpdesk").as_deref(), Some("Trend Micro"));
        assert_eq!(hit("Poste Italiane").as_deref(), Some("Poste Italiane"));
        assert_eq!(hit("Posteria da Mario"), None);
        assert_eq!(hit("Mum"), None);
        assert!(reg.check(None, Some("Microsoft")).is_some(), "hidden number claiming a brand");
    }

    #[test]
    fn outbound_numbers_are_genuine() {
        let json = r#"{"brands": [{"name": "Acme Bank", "aliases": ["Acme"], "never_calls": false,
            "inbound_only": ["+41800000000"], "outbound": ["+4144123####"]}]}"#;
        let reg = BrandRegistry::from_json(json).unwrap();
        assert_eq!(reg.check(e("+41441230000"), Some("Acme Bank")), None);
        assert!(matches!(reg.check(e("+41449990000"), Some("ACME")), Some(BrandHit::NameMismatch(_))));
        assert!(matches!(reg.check(e("+41800000000"), None), Some(BrandHit::InboundOnly(_))));
    }

    #[test]
    fn bad_registries_are_typed_errors_without_numbers() {
        for bad in [
            "",
            "[]",
            r#"{"brands": [{"name": ""}]}"#,
            r#"{"brands": [{"name": "X", "inbound_only": ["0800 123"]}]}"#,
            r#"{"brands": [{"name": "X", "colour": "red"}]}"#,
            r#"{"brands": [{"name": "X", "aliases": ["  "]}]}"#,
        ] {
            let err = BrandRegistry::from_json(bad).unwrap_err();
            assert!(!err.to_string().contains("0800"), "{err}");
        }
    }
}
