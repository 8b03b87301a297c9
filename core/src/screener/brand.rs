//! What the brand registry adds to a verdict: the spoof of a trusted number
//! ([`Tier::ProvenSpoof`](crate::precedence::Tier::ProvenSpoof)), and for an unknown caller the
//! brand signals (a support claim, an inbound-only number) or the label a bare brand name gets.

use crate::heuristics::brands::{Brand, BrandHit};
use crate::heuristics::{Signal, signal};
use crate::i18n::{BrandNote, Language, describe_brand};
use crate::number::E164;
use crate::policy::Thresholds;
use crate::verdict::{Action, Category, Reason, Verdict};

/// What a brand hit means for an unknown caller's verdict.
#[derive(Debug, Clone, Copy)]
pub(super) struct BrandOutcome<'a> {
    /// The brand, to name in the texts.
    pub note: BrandNote<'a>,
    /// The hit alone proves impersonation: the call is blocked whatever else.
    pub decisive: bool,
    /// Only the brand's bare name: at most a label ([`name_floor`]); no risk weight.
    pub name_only: bool,
}

fn note(b: &Brand) -> BrandNote<'_> {
    BrandNote { name: &b.name, never_calls: b.never_calls }
}

/// Turns a hit into the strongest signal (a bare name adds none) and says what it proves.
pub(super) fn outcome<'a>(hit: BrandHit<'a>, found: &mut Vec<Signal>) -> BrandOutcome<'a> {
    let (reason, weight, brand, decisive) = match hit {
        BrandHit::InboundOnly(b) => (Reason::BrandInboundOnly, 100, b, true),
        // Provable when the brand never calls, or publishes the numbers it calls from; otherwise
        // a genuine call from an unlisted line is possible, so it is only silenced.
        BrandHit::SupportClaim(b) => {
            let provable = b.never_calls || b.has_outbound();
            (Reason::BrandImpersonation, if provable { 95 } else { 70 }, b, provable)
        }
        BrandHit::NameOnly(b) => return BrandOutcome { note: note(b), decisive: false, name_only: true },
    };
    found.insert(0, signal(reason, weight, Category::Impersonation));
    BrandOutcome { note: note(brand), decisive, name_only: false }
}

/// A bare brand name lifts an unknown caller's verdict to a label naming the brand, never
/// further; when other signals already silence or block, it is one more reason.
pub(super) fn name_floor(verdict: &mut Verdict, brand: BrandNote<'_>, t: Thresholds, lang: Language) {
    if verdict.action > Action::Label {
        verdict.reasons.push(Reason::BrandName);
        return;
    }
    if verdict.action == Action::Allow {
        verdict.category = Category::Suspicious;
    }
    verdict.action = Action::Label;
    verdict.risk = verdict.risk.max(t.label);
    verdict.reasons.insert(0, Reason::BrandName);
    (verdict.label, verdict.advice) = describe_brand(Reason::BrandName, verdict.category, lang, Some(brand));
}

/// A trusted caller (contact or recently dialled) on a brand's inbound-only number: it rings,
/// labelled with the brand's warning.
pub(super) fn trusted_spoof(brand: &Brand, trusted: Reason, e164: Option<E164>, lang: Language) -> Verdict {
    let category = Category::Impersonation;
    let (label, advice) = describe_brand(Reason::BrandInboundOnly, category, lang, Some(note(brand)));
    Verdict {
        action: Action::Label,
        risk: 100,
        category,
        reasons: vec![Reason::BrandInboundOnly, trusted],
        label,
        advice,
        e164,
        reminder: None,
    }
}
