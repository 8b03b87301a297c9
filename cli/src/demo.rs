//! `ringfence demo`: screens realistic calls on the embedded demo data and prints a table.
//!
//! The demo list (`cli/data/demo-rules.csv`) uses fictional ranges only: Ofcom's drama range
//! 07700 900xxx (UK) and NANP 555-01xx (US), plus an illustrative Swiss range. It also
//! tries to block Switzerland's 112, to show that emergency numbers are never blocked.

use std::io::{self, Write};

use ringfence_core::{
    CallTime, Category, IncomingCall, Language, Presentation, Screener, ScreenerConfig, Verdict, Verification,
};

/// The embedded demo rule list.
pub const DEMO_RULES: &str = include_str!("../data/demo-rules.csv");

/// One demo scenario.
struct Scenario {
    what: &'static str,
    /// Outgoing calls placed shortly before.
    dialled: &'static [&'static str],
    call: IncomingCall,
}

fn call(number: Option<&str>, region: &str) -> IncomingCall {
    IncomingCall {
        number: number.map(str::to_owned),
        region: region.parse().ok(),
        time: CallTime::parse_rfc3339("2026-11-28T19:30:00+01:00"),
        ..IncomingCall::default()
    }
}

fn scenarios() -> Vec<Scenario> {
    let s = |what, dialled, call| Scenario { what, dialled, call };
    vec![
        s("Mum, in your contacts", &[], IncomingCall { in_contacts: true, ..call(Some("+41 79 123 45 67"), "CH") }),
        s("Unknown Swiss mobile", &[], call(Some("079 765 43 21"), "CH")),
        s("Number in a reported scam range", &[], call(Some("+44 7700 900123"), "CH")),
        s("Telemarketer on your silence list", &[], call(Some("(201) 555-0150"), "US")),
        s("Range reported as spam", &[], call(Some("021 555 04 56"), "CH")),
        s("Your doctor, allowed inside that range", &[], call(Some("021 555 01 23"), "CH")),
        s("Emergency services (list tries to block)", &[], call(Some("112"), "CH")),
        s("Emergency services, Italy", &[], call(Some("113"), "IT")),
        s(
            "Caller ID failed network verification",
            &[],
            IncomingCall { verification: Verification::Failed, ..call(Some("+39 06 4567 8901"), "IT") },
        ),
        s(
            "Spoofed: fake number, verification failed",
            &[],
            IncomingCall { verification: Verification::Failed, ..call(Some("+39 06 00"), "IT") },
        ),
        s("One-ring call from Mauritania (+222)", &[], call(Some("+222 22 12 34 56"), "IT")),
        s("Premium-rate caller ID (call-back bait)", &[], call(Some("0900 123 456"), "CH")),
        s(
            "Caller name says Trend Micro Support",
            &[],
            IncomingCall { display_name: Some("Trend Micro Support".into()), ..call(Some("+41 44 668 18 01"), "CH") },
        ),
        s("Spoofed Microsoft support line", &[], call(Some("+1 800 642 7676"), "US")),
        s("Hidden number", &[], IncomingCall { presentation: Presentation::Restricted, ..call(None, "CH") }),
        s("Garbage caller ID", &[], call(Some("SUPPORT-TEAM!"), "CH")),
        s(
            "A shop you called back",
            &["+41 44 668 18 00"],
            IncomingCall { verification: Verification::Failed, ..call(Some("044 668 18 00"), "CH") },
        ),
        s(
            "Call-back after you dialled 112",
            &["112"],
            IncomingCall { verification: Verification::Failed, ..call(Some("+39 06 00"), "CH") },
        ),
    ]
}

/// Runs the demo, writing the table to `out`.
pub fn run(lang: &str, out: &mut impl Write) -> io::Result<()> {
    let language = Language::from_code(lang).unwrap_or_default();
    writeln!(out, "Ringfence demo: {} built-in calls screened on the embedded demo list", scenarios().len())?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<42} {:<15} {:<8} {:>4}  {:<14} {:<34} label",
        "call", "e164", "action", "risk", "category", "reasons"
    )?;
    for sc in scenarios() {
        let verdict = screen(&sc, language);
        let reasons: Vec<&str> = verdict.reasons.iter().map(|r| r.code()).collect();
        writeln!(
            out,
            "{:<42} {:<15} {:<8} {:>4}  {:<14} {:<34} {}",
            sc.what,
            verdict.e164.map_or("-".into(), |e| e.to_string()),
            verdict.action.code(),
            verdict.risk,
            verdict.category.code(),
            if reasons.is_empty() { "-".into() } else { reasons.join(",") },
            verdict.label.as_deref().unwrap_or("-"),
        )?;
        if let Some(advice) = verdict.advice.as_deref().filter(|_| verdict.category == Category::Impersonation) {
            writeln!(out, "{:<42} -> {advice}", "")?;
        }
    }
    Ok(())
}

/// Screens one scenario on a fresh screener loaded with the demo list.
fn screen(sc: &Scenario, language: Language) -> Verdict {
    let screener = Screener::new(ScreenerConfig { language, default_region: sc.call.region, ..Default::default() });
    screener.import_rules_csv(DEMO_RULES).expect("the embedded demo list is valid");
    let at = sc.call.time.map(|t| CallTime { epoch_seconds: t.epoch_seconds - 600, ..t });
    for n in sc.dialled {
        screener.record_outgoing(n, sc.call.region, at);
    }
    screener.screen(&sc.call)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringfence_core::Action;

    #[test]
    fn demo_list_loads_without_rejects() {
        let s = Screener::new(ScreenerConfig::default());
        let report = s.import_rules_csv(DEMO_RULES).unwrap();
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    }

    #[test]
    fn demo_verdicts_are_the_documented_ones() {
        let got: Vec<Action> = scenarios().iter().map(|s| screen(s, Language::En).action).collect();
        use Action::*;
        let want = [
            Allow, Allow, Block, Silence, Label, Allow, Allow, Allow, Label, Block, Label, Label, Block, Block, Allow,
            Label, Allow, Allow,
        ];
        assert_eq!(got, want);
    }
}
