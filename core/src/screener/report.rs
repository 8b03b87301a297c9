//! Reporting a call: the user's chosen local rule, and a record for the app's feed service in
//! the report format of the feed publisher (docs/controls.md; the columns of
//! `ringfence feed aggregate`'s reports CSV: `number,region,category,time,reporter[,vote]
//! [,caller_name]`).
//!
//! A record holds the reported caller's number, its category, the time, the caller name the
//! network showed and the app's install pseudonym, and nothing else: never the user's own
//! number, never anything from the user's contacts (a contact's call carries no name).

use super::incoming::{screened, user_number_region};
use super::{Screener, read};
use crate::call::{CallTime, IncomingCall};
use crate::error::RingfenceError;
use crate::i18n::mask_numbers;
use crate::number::emergency::{EmergencyRegions, is_emergency_call};
use crate::number::{Pattern, parse_number};
use crate::rules::Rule;
use crate::verdict::{Action, Category};

/// Longest install pseudonym accepted, in characters.
pub const MAX_REPORTER_CHARS: usize = 128;

/// Longest caller name a record carries, in characters: the feed publisher rejects a report
/// with a longer one (or one holding control characters), so a record is cut to it.
pub const MAX_CALLER_NAME_CHARS: usize = 200;

/// What the user chose when reporting a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Report {
    /// What kind of call it was (not `none` or `emergency`).
    pub category: Category,
    /// The local rule to add for the number: block, silence or label.
    pub action: Action,
    /// The rule's label, if any.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub label: Option<String>,
    /// The app's opaque pseudonym of this install (never the user's number).
    pub reporter: String,
}

/// A report for the app to send to its feed service.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReportRecord {
    /// The reported number, E.164 (`+41446681800`).
    pub number: String,
    /// The number's region (ISO alpha-2), when it has one.
    pub region: Option<String>,
    /// The category the user chose.
    pub category: Category,
    /// When the call arrived, RFC 3339 with its offset.
    pub time: String,
    /// The app's install pseudonym.
    pub reporter: String,
    /// The caller name the network showed (numbers in it masked); none for a contact's call.
    pub caller_name: Option<String>,
}

impl ReportRecord {
    /// The header of [`to_csv_row`](Self::to_csv_row)'s rows (the feed publisher's reports CSV).
    pub const CSV_HEADER: &'static str = "number,region,category,time,reporter,vote,caller_name";

    /// The record as one row of the reports CSV (vote `spam`), quoted where needed, no newline.
    pub fn to_csv_row(&self) -> String {
        let fields = [
            self.number.as_str(),
            self.region.as_deref().unwrap_or(""),
            self.category.code(),
            &self.time,
            &self.reporter,
            "spam",
            self.caller_name.as_deref().unwrap_or(""),
        ];
        fields.map(csv_field).join(",")
    }
}

/// A caller name as a record carries it: control characters (line breaks, tabs…) as spaces,
/// at most [`MAX_CALLER_NAME_CHARS`]: always a field of one CSV line the publisher accepts.
fn record_name(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_CALLER_NAME_CHARS).collect()
}

fn csv_field(text: &str) -> String {
    match text.contains([',', '"', '\n', '\r']) {
        true => format!("\"{}\"", text.replace('"', "\"\"")),
        false => text.to_owned(),
    }
}

fn refuse(why: &'static str) -> Result<ReportRecord, RingfenceError> {
    Err(RingfenceError::InvalidReport(why))
}

impl Screener {
    /// Reports `call`: adds the user's rule for its number (an exact-number rule with the
    /// report's action, category and label, replacing one for the same number) and returns the
    /// record to send. Refused, adding nothing, for a call without a readable number, the
    /// user's own number, an emergency number, an `allow` action, a category `none` or
    /// `emergency`, or a pseudonym that is blank, too long or holds the user's number.
    pub fn report(&self, call: &IncomingCall, report: &Report) -> Result<ReportRecord, RingfenceError> {
        if report.action == Action::Allow {
            return refuse("a report blocks, silences or labels the number");
        }
        if matches!(report.category, Category::None | Category::Emergency) {
            return refuse("a report needs the kind of call");
        }
        let reporter = report.reporter.trim();
        if reporter.is_empty() || reporter.chars().any(char::is_control) {
            return refuse("the reporter pseudonym must be non-blank text");
        }
        if reporter.chars().count() > MAX_REPORTER_CHARS {
            return Err(RingfenceError::LimitExceeded { what: "reporter length", limit: MAX_REPORTER_CHARS as u64 });
        }
        let config = self.config();
        let call = screened(call, read(&self.limits).max_display_name_chars);
        let region = call.region.or(config.default_region);
        let raw = call.number.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let Some(caller) = raw.and_then(|r| parse_number(r, region).ok()) else {
            return refuse("the call has no readable number");
        };
        let user = call.user_number.as_deref().and_then(|u| parse_number(u, user_number_region(&call, &config)).ok());
        if let Some(user) = user {
            if user.e164 == caller.e164 {
                return refuse("a call from the user's own number is not reported");
            }
            let digits: String = reporter.chars().filter(char::is_ascii_digit).collect();
            let e164 = user.e164.to_string();
            let national = &e164[1 + user.country_code.to_string().len()..];
            if !national.is_empty() && digits.contains(national) {
                return refuse("the reporter pseudonym holds the user's number");
            }
        }
        let home = config.home_region.or(user.and_then(|u| u.region));
        if is_emergency_call(raw.unwrap_or_default(), EmergencyRegions { network: region, home }, Some(&caller)) {
            return refuse("emergency numbers are not reported");
        }
        let rule = Rule::new(Pattern::exact(caller.e164), report.action, report.category, report.label.as_deref())?;
        self.add_rules(vec![rule])?;
        let name = call.display_name.as_deref().map(str::trim).filter(|n| !n.is_empty() && !call.in_contacts);
        Ok(ReportRecord {
            number: caller.e164.to_string(),
            region: caller.region.map(|r| r.to_string()),
            category: report.category,
            time: call.time.unwrap_or_else(CallTime::now_utc).to_rfc3339(),
            reporter: reporter.to_owned(),
            caller_name: name.map(|n| record_name(&mask_numbers(n))),
        })
    }
}

#[cfg(test)]
mod tests;
