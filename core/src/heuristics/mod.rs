//! Scam heuristics: risk signals read from what the phone can see while a call rings.
//!
//! Each signal is an explainable [`Reason`] with a weight and a suggested [`Category`]; the
//! screener sums the weights into a risk and maps it to an action with the policy's
//! thresholds. Safety signals (emergency, contacts, call-backs, allow rules) are not here:
//! the screener checks them first, so no signal below can block or silence such a call.

pub mod brands;
pub mod burst;
mod caller_name;
mod foreign;
mod neighbour;
mod numbering;
mod wangiri;

use crate::call::IncomingCall;
use crate::error::RingfenceError;
use crate::number::{ParsedNumber, RegionCode, global_service, read_caller_id};
use crate::verdict::{Category, Reason};

pub use burst::{BurstCounts, IncomingHistory};

/// One risk signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal {
    /// The explainable reason.
    pub reason: Reason,
    /// Contribution to risk (negative lowers it).
    pub weight: i16,
    /// The category the signal suggests.
    pub category: Category,
}

pub(crate) const fn signal(reason: Reason, weight: i16, category: Category) -> Signal {
    Signal { reason, weight, category }
}

/// Everything the signals look at.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The call.
    pub call: &'a IncomingCall,
    /// The caller ID, parsed (`None` when withheld).
    pub parsed: Option<&'a Result<ParsedNumber, RingfenceError>>,
    /// The user's home region ("foreign" means outside it; not the network's when roaming).
    pub home: Option<RegionCode>,
    /// The user's own number, parsed.
    pub user: Option<&'a ParsedNumber>,
    /// Whether the call arrives in the night window.
    pub night: bool,
    /// Calling codes the user has contacts in (`None`: unknown).
    pub contact_codes: Option<&'a [u16]>,
    /// Recent unknown calls like this one.
    pub burst: BurstCounts,
}

impl Context<'_> {
    /// The caller's parsed number, when readable.
    pub fn number(&self) -> Option<&ParsedNumber> {
        self.parsed.and_then(|p| p.as_ref().ok())
    }

    /// The calling code of the user's home region.
    pub fn home_code(&self) -> Option<u16> {
        self.home.and_then(crate::number::country_code_for_region)
    }

    /// Whether the caller's number belongs to another country than the user's home, or to no
    /// country at all (a global number: satellite, international networks).
    pub fn is_foreign(&self) -> bool {
        match (self.number(), self.home_code()) {
            (Some(n), _) if global_service(n.country_code).is_some() => true,
            (Some(n), Some(home)) => n.country_code != home,
            _ => false,
        }
    }

    /// Whether the user has contacts in the caller's country (unknown counts as no).
    pub fn is_familiar(&self, country_code: u16) -> bool {
        self.contact_codes.is_some_and(|codes| codes.contains(&country_code))
    }
}

/// All risk signals of a call, strongest first.
pub fn collect(ctx: &Context<'_>) -> Vec<Signal> {
    let mut out = Vec::with_capacity(6);
    numbering::signals(ctx, &mut out);
    foreign::signals(ctx, &mut out);
    neighbour::signals(ctx, &mut out);
    burst::signals(ctx, &mut out);
    caller_name::signals(ctx, &mut out);
    out.sort_by_key(|s| std::cmp::Reverse(s.weight));
    out
}

/// Sum of weights, clamped to 0–100.
pub fn total_risk(signals: &[Signal]) -> u8 {
    signals.iter().map(|s| i32::from(s.weight)).sum::<i32>().clamp(0, 100) as u8
}

/// Whether the caller's number is withheld or unavailable: no caller ID, a withheld
/// presentation, or a caller ID that says so (`anonymous`, `Private Number`, `sconosciuto`,
/// `sip:anonymous@anonymous.invalid`…).
pub fn is_hidden(call: &IncomingCall) -> bool {
    use crate::call::Presentation::*;
    call.number.as_deref().is_none_or(|n| read_caller_id(n).is_withheld())
        || matches!(call.presentation, Restricted | Unknown | Unavailable)
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::number::parse_number;

    /// Signals for `number` called in `home`, with optional tweaks.
    pub fn signals_for(number: &str, home: &str, tweak: impl FnOnce(&mut IncomingCall)) -> Vec<Reason> {
        signals_with(number, home, None, false, None, tweak)
    }

    /// Signals with every context knob.
    pub fn signals_with(
        number: &str,
        home: &str,
        user: Option<&str>,
        night: bool,
        contact_codes: Option<&[u16]>,
        tweak: impl FnOnce(&mut IncomingCall),
    ) -> Vec<Reason> {
        let home = home.parse().ok();
        let mut call = IncomingCall { number: Some(number.to_owned()), region: home, ..Default::default() };
        tweak(&mut call);
        let parsed = call.number.as_deref().map(|n| parse_number(n, home));
        let user = user.and_then(|u| parse_number(u, home).ok());
        let ctx = Context {
            call: &call,
            parsed: parsed.as_ref(),
            home,
            user: user.as_ref(),
            night,
            contact_codes,
            burst: BurstCounts::default(),
        };
        collect(&ctx).into_iter().map(|s| s.reason).collect()
    }
}
