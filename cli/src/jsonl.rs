//! The JSON forms of calls and verdicts used by `ringfence screen --jsonl` and the test vectors.
//!
//! Call fields (snake_case, all optional but `number`): `number` (string or null),
//! `presentation`, `verification`, `region` (the network's), `home_region` (the user's home
//! country), `user_number`, `in_contacts`, `display_name`, `time` (RFC 3339 with offset).
//! Unknown fields are ignored. A `{"config": {…}}` line changes the settings for the lines
//! after it (see [`ConfigLine`]); a `{"report": {…call…}, "category": C}` line reports a call
//! (see [`crate::controls`]). Error texts never echo input.

use ringfence_core::{CallTime, IncomingCall, Presentation, RegionCode, Report, Verdict, Verification};

use crate::controls::{ControlsLine, controls_line, report_of};
use serde_json::{Map, Value, json};

/// One parsed input line.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A call to screen.
    Call(IncomingCall),
    /// A call the user placed: `{"outgoing": "NUMBER", "time": "...", "region": "XX"}`.
    Outgoing {
        /// The dialled number.
        number: String,
        /// The region it was dialled in.
        region: Option<RegionCode>,
        /// When.
        time: Option<CallTime>,
    },
    /// New settings for the lines that follow.
    Config(ConfigLine),
    /// A call the user reports, and what they chose.
    Report(IncomingCall, Report),
}

/// A `{"config": {…}}` line: every key optional (`home_region`, `language`, `level`,
/// `block_hidden`, `block_foreign`, `silence_unknown`, `night_mode`, `customer_brands`, and the
/// controls' keys of [`ControlsLine`]); keys it does not know are ignored. Absent keys keep the
/// command line's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigLine {
    /// The user's home country.
    pub home_region: Option<RegionCode>,
    /// Language code of labels and advice.
    pub language: Option<String>,
    /// Protection level code.
    pub level: Option<String>,
    /// `block_hidden`, `block_foreign`, `silence_unknown`, `night_mode`, when given.
    pub switches: [Option<bool>; 4],
    /// Brands the user is a customer of (names in the brand registry).
    pub customer_brands: Option<Vec<String>>,
    /// Quiet hours, schedule, repeated-call breakthrough, pause.
    pub controls: ControlsLine,
}

/// Parses one JSONL line. The error is a short message that never contains the input.
pub fn parse_line(text: &str) -> Result<Line, String> {
    let value: Value = serde_json::from_str(text).map_err(|_| "malformed JSON".to_owned())?;
    let obj = value.as_object().ok_or("expected a JSON object")?;
    if let Some(config) = obj.get("config") {
        return config_line(config.as_object().ok_or("config must be an object")?).map(Line::Config);
    }
    if let Some(call) = obj.get("report") {
        let call = call_from_json(call.as_object().ok_or("report must be a call object")?)?;
        return Ok(Line::Report(call, report_of(obj)?));
    }
    if let Some(n) = obj.get("outgoing") {
        let number = n.as_str().ok_or("outgoing must be a string")?.to_owned();
        return Ok(Line::Outgoing { number, region: region(obj)?, time: time(obj)? });
    }
    call_from_json(obj).map(Line::Call)
}

/// Builds a call from its JSON object.
pub fn call_from_json(obj: &Map<String, Value>) -> Result<IncomingCall, String> {
    let number = match obj.get("number") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) => None,
        Some(_) => return Err("number must be a string or null".into()),
        None => return Err("missing field: number".into()),
    };
    let presentation = match opt_str(obj, "presentation")? {
        None | Some("allowed") => Presentation::Allowed,
        Some("restricted") => Presentation::Restricted,
        Some("unknown") => Presentation::Unknown,
        Some("payphone") => Presentation::Payphone,
        Some("unavailable") => Presentation::Unavailable,
        Some(_) => return Err("invalid field: presentation".into()),
    };
    let verification = match opt_str(obj, "verification")? {
        None | Some("not_verified") => Verification::NotVerified,
        Some("passed") => Verification::Passed,
        Some("failed") => Verification::Failed,
        Some(_) => return Err("invalid field: verification".into()),
    };
    let in_contacts = match obj.get("in_contacts") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("invalid field: in_contacts".into()),
    };
    Ok(IncomingCall {
        number,
        presentation,
        verification,
        region: region(obj)?,
        home_region: region_field(obj, "home_region")?,
        user_number: opt_str(obj, "user_number")?.map(str::to_owned),
        in_contacts,
        display_name: opt_str(obj, "display_name")?.map(str::to_owned),
        time: time(obj)?,
        line: opt_str(obj, "line")?.map(str::to_owned),
    })
}

fn opt_str<'a>(obj: &'a Map<String, Value>, key: &'static str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("invalid field: {key}")),
    }
}

fn config_line(obj: &Map<String, Value>) -> Result<ConfigLine, String> {
    let flag = |key: &'static str| match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("invalid field: {key}")),
    };
    Ok(ConfigLine {
        home_region: region_field(obj, "home_region")?,
        language: opt_str(obj, "language")?.map(str::to_owned),
        level: opt_str(obj, "level")?.map(str::to_owned),
        switches: [flag("block_hidden")?, flag("block_foreign")?, flag("silence_unknown")?, flag("night_mode")?],
        customer_brands: match obj.get("customer_brands") {
            None | Some(Value::Null) => None,
            Some(Value::Array(names)) => Some(
                names
                    .iter()
                    .map(|n| n.as_str().map(str::to_owned).ok_or("invalid field: customer_brands"))
                    .collect::<Result<_, _>>()?,
            ),
            Some(_) => return Err("invalid field: customer_brands".into()),
        },
        controls: controls_line(obj)?,
    })
}

fn region(obj: &Map<String, Value>) -> Result<Option<RegionCode>, String> {
    region_field(obj, "region")
}

fn region_field(obj: &Map<String, Value>, key: &'static str) -> Result<Option<RegionCode>, String> {
    opt_str(obj, key)?.map(|r| r.parse().map_err(|_| format!("invalid field: {key}"))).transpose()
}

fn time(obj: &Map<String, Value>) -> Result<Option<CallTime>, String> {
    opt_str(obj, "time")?
        .map(|t| CallTime::parse_rfc3339(t).ok_or_else(|| "invalid field: time (RFC 3339 with offset)".to_owned()))
        .transpose()
}

/// The JSON form of a verdict; `reminder` only when there is one.
pub fn verdict_json(v: &Verdict) -> Value {
    let mut json = json!({
        "action": v.action.code(),
        "risk": v.risk,
        "category": v.category.code(),
        "reasons": v.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "label": v.label,
        "advice": v.advice,
        "e164": v.e164.map(|e| e.to_string()),
    });
    if let Some(reminder) = &v.reminder {
        json["reminder"] = json!(reminder);
    }
    json
}

/// The JSON line answering a bad input line.
pub fn error_json(message: &str) -> Value {
    json!({ "error": message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_call() {
        let line = r#"{"number":"+41446681800","presentation":"restricted","verification":"failed","region":"ch",
            "user_number":"+41791234567","in_contacts":true,"display_name":"ACME","time":"2026-11-28T21:05:00+01:00","x":1}"#;
        let Line::Call(c) = parse_line(&line.replace('\n', "")).unwrap() else { panic!() };
        assert_eq!(c.presentation, Presentation::Restricted);
        assert_eq!(c.verification, Verification::Failed);
        assert_eq!(c.region.unwrap().as_str(), "CH");
        assert!(c.in_contacts);
        assert_eq!(c.time.unwrap().utc_offset_minutes, 60);
        assert_eq!(c.line, None);
        let Line::Call(c) = parse_line(r#"{"number":"+41446681800","line":"work"}"#).unwrap() else { panic!() };
        assert_eq!(c.line.as_deref(), Some("work"));
        assert!(parse_line(r#"{"number":"+41446681800","line":1}"#).is_err());
    }

    #[test]
    fn report_lines() {
        let Line::Report(c, r) = parse_line(r#"{"report":{"number":"+41446681800"},"category":"scam"}"#).unwrap()
        else {
            panic!()
        };
        assert_eq!((c.number.as_deref(), r.category.code()), (Some("+41446681800"), "scam"));
        for bad in [
            r#"{"report":1,"category":"scam"}"#,
            r#"{"report":{"number":"+41446681800"}}"#,
            r#"{"report":{},"category":"scam"}"#,
        ] {
            assert!(parse_line(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_lines_are_errors_without_the_number() {
        for bad in [
            "",
            "{",
            "[]",
            "null",
            "{\"presentation\":\"allowed\"}",
            "{\"number\":41446681800}",
            "{\"number\":\"+41446681800\",\"presentation\":\"+41446681800\"}",
            "{\"number\":\"+41446681800\",\"time\":\"+41446681800\"}",
            "{\"number\":\"+41446681800\",\"region\":\"+41\"}",
            "{\"outgoing\":41446681800}",
        ] {
            let err = parse_line(bad).unwrap_err();
            assert!(!err.contains("4144"), "{err}");
        }
    }

    #[test]
    fn home_region_and_config_lines() {
        let Line::Call(c) = parse_line(r#"{"number":"+39061234567","region":"GB","home_region":"it"}"#).unwrap() else {
            panic!()
        };
        assert_eq!((c.region.unwrap().as_str(), c.home_region.unwrap().as_str()), ("GB", "IT"));
        let line = r#"{"config":{"home_region":"IT","customer_brands":["Trend Micro"],"language":"it",
            "block_hidden":true,"night_mode":false,"level":"strict"}}"#;
        let Line::Config(c) = parse_line(&line.replace('\n', "")).unwrap() else { panic!() };
        assert_eq!(c.home_region.unwrap().as_str(), "IT");
        assert_eq!((c.language.as_deref(), c.level.as_deref()), (Some("it"), Some("strict")));
        assert_eq!(c.switches, [Some(true), None, None, Some(false)]);
        assert_eq!(c.customer_brands, Some(vec!["Trend Micro".to_owned()]));
        assert_eq!(parse_line(r#"{"config":{}}"#).unwrap(), Line::Config(ConfigLine::default()));
        for bad in [
            r#"{"config":1}"#,
            r#"{"config":{"home_region":"ITA"}}"#,
            r#"{"config":{"block_hidden":"yes"}}"#,
            r#"{"config":{"customer_brands":"X"}}"#,
        ] {
            assert!(parse_line(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn outgoing_lines() {
        let l = parse_line(r#"{"outgoing":"112","time":"2026-11-28T21:05:00+01:00"}"#).unwrap();
        assert!(matches!(l, Line::Outgoing { ref number, .. } if number == "112"));
    }
}
