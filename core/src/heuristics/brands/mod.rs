//! Brand impersonation: the seed case of Ringfence.
//!
//! A brand registry lists companies with their official *inbound-only* numbers (support
//! lines that never place calls — a do-not-originate list), their genuine outbound numbers,
//! name aliases, support identities, and whether they ever call customers unsolicited. A call
//! *from* an inbound-only number is spoofed. A caller name (when an OS integration supplies
//! one) is read after folding ([`fold`]) and claims a brand only with a support context
//! ([`names`]): a brand's word inside another business's name is no claim, and the brand's
//! bare name is a claim of nothing but the name.
//!
//! File format (JSON): `{"brands": [{"name": "...", "aliases": ["..."], "support_aliases":
//! ["..."], "never_calls": true, "inbound_only": ["+..."], "outbound": ["+..."]}]}`; numbers
//! are E.164 or `#` ranges. The default registry (`core/data/brands.json`), its sources and
//! the matching rules are in `docs/brands.md`.

pub mod fold;
mod names;
pub mod words;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock};

use serde::Deserialize;

use crate::error::RingfenceError;
use crate::number::{E164, Pattern};
use names::{Alias, Claim, NameIndex};

/// Largest registry accepted, in bytes.
pub const MAX_REGISTRY_BYTES: usize = 4 * 1024 * 1024;
/// Most brands in one registry.
pub const MAX_BRANDS: usize = 10_000;
/// Longest brand name or alias, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// The default registry shipped with Ringfence.
pub const DEFAULT_REGISTRY_JSON: &str = include_str!("../../../data/brands.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBrand {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    support_aliases: Vec<String>,
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
    /// The brand never calls customers unsolicited.
    pub never_calls: bool,
    outbound: Vec<Pattern>,
}

/// What the registry says about a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrandHit<'a> {
    /// The caller ID is one of the brand's inbound-only numbers: spoofed.
    InboundOnly(&'a Brand),
    /// The caller name claims the brand's support (a support word, or a support alias) and the
    /// number is not the brand's outbound number.
    SupportClaim(&'a Brand),
    /// The caller name is the brand's name, without a support context, and the number is not
    /// the brand's outbound number: worth a label, proof of nothing.
    NameOnly(&'a Brand),
}

/// Inbound-only numbers of every brand: exact numbers and `#` ranges, found by hashing.
#[derive(Debug, Clone, Default)]
struct NumberIndex {
    patterns: HashMap<Pattern, u32>,
    /// The distinct wildcard counts of `patterns`, to try in turn.
    wildcards: Vec<u8>,
}

/// A set of brands.
#[derive(Debug, Clone, Default)]
pub struct BrandRegistry {
    brands: Vec<Brand>,
    inbound: NumberIndex,
    names: NameIndex,
}

static DEFAULT: LazyLock<Arc<BrandRegistry>> =
    LazyLock::new(|| Arc::new(BrandRegistry::from_json(DEFAULT_REGISTRY_JSON).unwrap_or_default()));

impl BrandRegistry {
    /// The registry shipped with Ringfence.
    pub fn default_registry() -> &'static BrandRegistry {
        &DEFAULT
    }

    /// The registry shipped with Ringfence, shared.
    pub fn default_shared() -> Arc<BrandRegistry> {
        Arc::clone(&DEFAULT)
    }

    /// Parses a registry file (all or nothing). Errors name the problem, never a number or a
    /// name from the file. Aliases are folded and indexed here, once.
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
        let mut registry = Self::default();
        let mut aliases = Vec::new();
        for (i, f) in file.brands.into_iter().enumerate() {
            let i = i as u32;
            aliases.extend(folded_aliases(&f, i)?);
            for p in patterns(&f.inbound_only)? {
                registry.inbound.patterns.entry(p).or_insert(i);
            }
            registry.brands.push(Brand::from_file(f)?);
        }
        registry.inbound.wildcards = registry.inbound.patterns.keys().map(Pattern::wildcards).collect();
        registry.inbound.wildcards.sort_unstable();
        registry.inbound.wildcards.dedup();
        registry.names = NameIndex::new(aliases)?;
        Ok(registry)
    }

    /// Number of brands.
    pub fn len(&self) -> usize {
        self.brands.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.brands.is_empty()
    }

    /// Checks a call's number and caller name against every brand: an inbound-only number
    /// first, then the name's claim.
    pub fn check(&self, number: Option<E164>, caller_name: Option<&str>) -> Option<BrandHit<'_>> {
        if let Some(b) = number.and_then(|n| self.inbound_only(n)) {
            return Some(BrandHit::InboundOnly(b));
        }
        let (i, claim) = self.names.claim(caller_name?)?;
        let brand = &self.brands[i as usize];
        let genuine = number.is_some_and(|n| brand.outbound.iter().any(|p| p.matches(n)));
        (!genuine).then_some(match claim {
            Claim::Support => BrandHit::SupportClaim(brand),
            Claim::Name => BrandHit::NameOnly(brand),
        })
    }

    /// The brand whose inbound-only number `number` is.
    pub fn inbound_only(&self, number: E164) -> Option<&Brand> {
        let ix = &self.inbound;
        ix.wildcards
            .iter()
            .find_map(|&w| Pattern::key_for(number, w).and_then(|k| ix.patterns.get(&k)))
            .map(|&i| &self.brands[i as usize])
    }

    /// The brand called `name` (its name or one of its aliases, compared folded).
    pub fn find(&self, name: &str) -> Option<&Brand> {
        self.names.exact(name).map(|i| &self.brands[i as usize])
    }
}

/// A brand's folded aliases (the name always one), each with its [`Alias`] flags; texts that
/// fold alike are one alias (a support alias if either is).
fn folded_aliases(f: &FileBrand, brand: u32) -> Result<Vec<(String, Alias)>, RingfenceError> {
    let plain = f.aliases.iter().chain([&f.name]).map(|a| (a, false));
    let mut out: BTreeMap<String, Alias> = BTreeMap::new();
    for (text, support_alias) in plain.chain(f.support_aliases.iter().map(|a| (a, true))) {
        let folded = fold::Folded::new(text);
        if folded.joined.is_empty() || text.chars().count() > MAX_NAME_CHARS {
            return Err(RingfenceError::InvalidBrands("alias empty or too long"));
        }
        let support_word = folded.words.iter().any(|w| words::kind(folded.text(w)) == words::WordKind::Support);
        let alias = out.entry(folded.joined).or_insert(Alias { brand, support_alias, support_word });
        alias.support_alias |= support_alias;
        alias.support_word |= support_word;
    }
    Ok(out.into_iter().collect())
}

fn patterns(list: &[String]) -> Result<Vec<Pattern>, RingfenceError> {
    list.iter()
        .map(|p| {
            Pattern::parse(p, None)
                .map_err(|_| RingfenceError::InvalidBrands("brand number is not in international format"))
        })
        .collect()
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
        Ok(Self { name, never_calls: f.never_calls, outbound: patterns(&f.outbound)? })
    }
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
                BrandHit::InboundOnly(b) | BrandHit::SupportClaim(b) | BrandHit::NameOnly(b) => b.name.clone(),
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
        assert!(matches!(reg.check(e("+41449990000"), Some("ACME Support")), Some(BrandHit::SupportClaim(_))));
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
            r#"{"brands": [{"name": "X", "support_aliases": ["--"]}]}"#,
        ] {
            let err = BrandRegistry::from_json(bad).unwrap_err();
            assert!(!err.to_string().contains("0800"), "{err}");
        }
    }

    #[test]
    fn names_claim_support_only_with_context() {
        let reg = BrandRegistry::default_registry();
        let kind = |name| match reg.check(e("+39061234567"), Some(name)) {
            Some(BrandHit::SupportClaim(b)) => format!("support {}", b.name),
            Some(BrandHit::NameOnly(b)) => format!("name {}", b.name),
            Some(BrandHit::InboundOnly(_)) => unreachable!(),
            None => "none".into(),
        };
        assert_eq!(kind("Microsoft"), "name Microsoft");
        assert_eq!(kind("Microsoft Dental"), "none");
        assert_eq!(kind("Microsoft Street Garage"), "none");
        assert_eq!(kind("Міcrosoft Support"), "support Microsoft");
        assert_eq!(kind("W1nd0ws $upport"), "support Microsoft");
        assert_eq!(kind("T R E N D  M I C R O"), "support Trend Micro", "a support alias");
        assert_eq!(kind("Trend Micro Dental"), "none");
        assert_eq!(kind("Poste Italiane"), "name Poste Italiane");
        assert_eq!(kind("Poste Italiane Servizio Clienti"), "support Poste Italiane");
        assert_eq!(kind("BancoPosta Rimborsi"), "support Poste Italiane");
    }

    #[test]
    fn old_files_load_and_support_aliases_are_optional() {
        let old = r#"{"brands": [{"name": "Acme", "aliases": ["Acme Bank"], "never_calls": true}]}"#;
        let reg = BrandRegistry::from_json(old).unwrap();
        assert!(matches!(reg.check(None, Some("ACME BANK")), Some(BrandHit::NameOnly(_))));
        let new = r#"{"brands": [{"name": "Acme", "support_aliases": ["Acme Care Line"]}]}"#;
        let reg = BrandRegistry::from_json(new).unwrap();
        assert!(matches!(reg.check(None, Some("acme care line")), Some(BrandHit::SupportClaim(_))));
        assert!(matches!(reg.check(None, Some("Acme")), Some(BrandHit::NameOnly(_))));
        assert_eq!(reg.find("ACME").map(|b| b.name.as_str()), Some("Acme"));
        assert_eq!(reg.find("Acme Dental"), None);
    }
}
