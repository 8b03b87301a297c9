//! What the generated records print: Kotlin's `toString()` and Swift's `description` (and
//! `String(describing:)`) call these `Display` implementations (`#[uniffi::export(Display)]`),
//! which write every field except phone numbers (and line ids, which may be a SIM's ICCID), shown
//! as `<redacted>`. So a record that reaches a log, a crash report or a string template never
//! carries a caller's number.

use std::fmt::{self, Debug, Display, Formatter};

use crate::export::IdentificationEntry;
use crate::guard::guard_or;
use crate::records::{IncomingCall, NormalizedNumber, Rule, Verdict};

/// A phone number (or a number pattern) as records print it: never its digits.
struct Hidden(bool);

impl Debug for Hidden {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { "<redacted>" } else { "None" })
    }
}

/// `Some(_)` or a plain value is hidden; `None` says so.
fn hidden<T>(value: Option<&T>) -> Hidden {
    Hidden(value.is_some())
}

/// Writes a record through the guard (a panic writes nothing more).
fn write(f: &mut Formatter<'_>, body: impl FnOnce(&mut Formatter<'_>) -> fmt::Result) -> fmt::Result {
    guard_or(|| Ok(()), || body(f))
}

impl Display for IncomingCall {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write(f, |f| {
            f.debug_struct("IncomingCall")
                .field("number", &hidden(self.number.as_ref()))
                .field("presentation", &self.presentation)
                .field("verification", &self.verification)
                .field("region", &self.region)
                .field("user_number", &hidden(self.user_number.as_ref()))
                .field("in_contacts", &self.in_contacts)
                .field("display_name", &hidden(self.display_name.as_ref()))
                .field("time", &self.time)
                .field("home_region", &self.home_region)
                .field("line", &hidden(self.line.as_ref()))
                .finish()
        })
    }
}

impl Display for Verdict {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write(f, |f| {
            f.debug_struct("Verdict")
                .field("action", &self.action)
                .field("risk", &self.risk)
                .field("category", &self.category)
                .field("reasons", &self.reasons)
                .field("label", &self.label)
                .field("advice", &self.advice)
                .field("e164", &hidden(self.e164.as_ref()))
                .field("reminder", &self.reminder)
                .finish()
        })
    }
}

impl Display for Rule {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write(f, |f| {
            f.debug_struct("Rule")
                .field("pattern", &hidden(Some(&self.pattern)))
                .field("action", &self.action)
                .field("category", &self.category)
                .field("label", &self.label)
                .field("line", &hidden(self.line.as_ref()))
                .field("schedule", &self.schedule)
                .finish()
        })
    }
}

impl Display for NormalizedNumber {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write(f, |f| {
            f.debug_struct("NormalizedNumber")
                .field("e164", &hidden(Some(&self.e164)))
                .field("valid", &self.valid)
                .field("number_type", &self.number_type)
                .field("region", &self.region)
                .finish()
        })
    }
}

impl Display for IdentificationEntry {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write(f, |f| {
            f.debug_struct("IdentificationEntry")
                .field("number", &hidden(Some(&self.number)))
                .field("label", &self.label)
                .finish()
        })
    }
}

#[cfg(test)]
mod tests {
    use ringfence_core::{Action, Category, NumberType, Presentation, Verification};

    use super::*;

    #[test]
    fn records_print_no_number() {
        let call = IncomingCall {
            number: Some("+41 44 668 18 00".into()),
            presentation: Presentation::Allowed,
            verification: Verification::NotVerified,
            region: Some("CH".into()),
            user_number: Some("+41795550123".into()),
            in_contacts: false,
            display_name: Some("0446681800".into()),
            time: None,
            home_region: None,
            line: Some("89410112345678901234".into()),
        };
        let verdict = Verdict {
            action: Action::Block,
            risk: 90,
            category: Category::Scam,
            reasons: vec!["feed_listed".into()],
            label: Some("Fake bank".into()),
            advice: None,
            e164: Some("+41446681800".into()),
            reminder: None,
        };
        let rule = Rule {
            pattern: "+4121560####".into(),
            action: Action::Block,
            category: None,
            label: None,
            line: Some("89410112345678901234".into()),
            schedule: None,
        };
        let parsed = NormalizedNumber {
            e164: "+41446681800".into(),
            valid: true,
            number_type: NumberType::FixedLine,
            region: None,
        };
        let entry = IdentificationEntry { number: 41446681800, label: "Fake bank".into() };
        let printed = [call.to_string(), rule.to_string(), parsed.to_string(), entry.to_string()];
        for text in printed.iter().chain([&verdict.to_string()]) {
            assert!(text.contains("<redacted>"), "{text}");
            assert!(!text.contains("4466") && !text.contains("2156") && !text.contains("5550"), "{text}");
        }
        let digits = |t: &String| t.replace("e164", "").chars().any(|c| c.is_ascii_digit());
        assert!(!printed.iter().any(digits), "{printed:?}");
        assert!(verdict.to_string().contains("Fake bank") && verdict.to_string().contains("Block"));
    }
}
