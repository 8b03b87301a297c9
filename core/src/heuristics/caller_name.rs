//! Signals from the caller name itself (brand claims are the registry's: see [`super::brands`]).

use super::brands::fold::is_mixed_script;
use super::{Context, Signal, signal};
use crate::verdict::{Category, Reason};

/// Risk of a caller name that mixes scripts in one word: labelled on its own at every level.
const MIXED_SCRIPT_WEIGHT: i16 = 50;

pub(super) fn signals(ctx: &Context<'_>, out: &mut Vec<Signal>) {
    if ctx.call.display_name.as_deref().is_some_and(is_mixed_script) {
        out.push(signal(Reason::MixedScriptName, MIXED_SCRIPT_WEIGHT, Category::Suspicious));
    }
}

#[cfg(test)]
mod tests {
    use crate::heuristics::test_support::signals_for;
    use crate::verdict::Reason::*;

    #[test]
    fn mixed_script_names() {
        let named = |name: &str| signals_for("+41446681800", "CH", |c| c.display_name = Some(name.into()));
        assert_eq!(named("Міcrosoft Support"), [MixedScriptName]);
        assert_eq!(named("Microsoft Support"), []);
        assert_eq!(named("Москва Café"), []);
    }
}
