//! The controls of `ringfence screen` (docs/controls.md): options, their keys on a
//! `{"config": {…}}` line, and the `{"report": {…call…}, "category": C}` line.
//!
//! Config keys: `quiet_hours` and `schedule` (schedule text such as `mon-fri 09:00-17:00`;
//! `""` turns them off), `repeated_call_minutes`, `repeated_call_count`, `paused_until` (RFC
//! 3339 with offset; `""` unpauses). A report line takes the call's fields under `report` and
//! `category` (required), `action` (`block`, `silence` or `label`; default `block`), `label`,
//! `reporter` (the install pseudonym; default `cli`); it is answered with the report record.

use clap::Args;
use ringfence_core::{Action, CallTime, Category, Policy, Report, ReportRecord, Schedule};
use serde_json::{Map, Value, json};

/// The control options of `ringfence screen`; the default is the default policy's.
#[derive(Debug, Clone, Args)]
pub struct Controls {
    /// Quiet hours: only contacts, allowed numbers, emergency numbers and repeated callers
    /// ring; others are silenced (schedule text, e.g. "daily 22:00-07:00").
    #[arg(long, value_name = "SCHEDULE")]
    pub quiet_hours: Option<String>,
    /// When the risk signals and switches act (schedule text); always when absent.
    #[arg(long, value_name = "SCHEDULE")]
    pub schedule: Option<String>,
    /// The repeated-call breakthrough's window in minutes (0: off).
    #[arg(long, value_name = "MINUTES", default_value_t = 3)]
    pub repeated_call_minutes: u32,
    /// The call of one number within the window that breaks through (2: the second).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub repeated_call_count: u32,
    /// Protection paused until this moment (RFC 3339 with offset).
    #[arg(long, value_name = "TIME")]
    pub paused_until: Option<String>,
}

impl Default for Controls {
    fn default() -> Self {
        let d = Policy::default();
        Self {
            quiet_hours: None,
            schedule: None,
            repeated_call_minutes: d.repeated_call_minutes,
            repeated_call_count: d.repeated_call_count,
            paused_until: None,
        }
    }
}

impl Controls {
    /// `policy` with these controls; a malformed schedule or time is an error.
    pub fn apply(&self, policy: Policy) -> Result<Policy, String> {
        let schedule = |text: &Option<String>, what: &str| -> Result<Option<Schedule>, String> {
            match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t.parse().map(Some).map_err(|e| format!("{what}: {e}")),
            }
        };
        let paused_until = match self.paused_until.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => Some(CallTime::parse_rfc3339(t).ok_or("paused until: RFC 3339 with offset")?.epoch_seconds),
        };
        let policy = Policy {
            quiet_hours: schedule(&self.quiet_hours, "quiet hours")?,
            schedule: schedule(&self.schedule, "schedule")?,
            repeated_call_minutes: self.repeated_call_minutes,
            repeated_call_count: self.repeated_call_count,
            paused_until,
            ..policy
        };
        policy.validate().map_err(|e| e.to_string())?;
        Ok(policy)
    }

    /// These controls with a config line's keys on top (absent keys keep them).
    pub fn with_line(&self, line: &ControlsLine) -> Self {
        let mut next = self.clone();
        let text = |v: &Option<String>, old: &mut Option<String>| {
            if let Some(v) = v {
                *old = Some(v.clone());
            }
        };
        text(&line.quiet_hours, &mut next.quiet_hours);
        text(&line.schedule, &mut next.schedule);
        text(&line.paused_until, &mut next.paused_until);
        next.repeated_call_minutes = line.repeated_call_minutes.unwrap_or(next.repeated_call_minutes);
        next.repeated_call_count = line.repeated_call_count.unwrap_or(next.repeated_call_count);
        next
    }
}

/// The control keys of a config line, when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ControlsLine {
    /// Quiet hours (schedule text; `""`: off).
    pub quiet_hours: Option<String>,
    /// The protection schedule (schedule text; `""`: always).
    pub schedule: Option<String>,
    /// The repeated-call window, minutes.
    pub repeated_call_minutes: Option<u32>,
    /// The repeated-call count.
    pub repeated_call_count: Option<u32>,
    /// Paused until (RFC 3339; `""`: not paused).
    pub paused_until: Option<String>,
}

fn text_key(obj: &Map<String, Value>, key: &'static str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(String::new())),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("invalid field: {key}")),
    }
}

fn count_key(obj: &Map<String, Value>, key: &'static str) -> Result<Option<u32>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_u64().and_then(|n| u32::try_from(n).ok()).map(Some).ok_or(format!("invalid field: {key}")),
    }
}

/// Reads the control keys of a config line's object.
pub fn controls_line(obj: &Map<String, Value>) -> Result<ControlsLine, String> {
    Ok(ControlsLine {
        quiet_hours: text_key(obj, "quiet_hours")?,
        schedule: text_key(obj, "schedule")?,
        repeated_call_minutes: count_key(obj, "repeated_call_minutes")?,
        repeated_call_count: count_key(obj, "repeated_call_count")?,
        paused_until: text_key(obj, "paused_until")?,
    })
}

/// Reads what a report line says besides its call.
pub fn report_of(obj: &Map<String, Value>) -> Result<Report, String> {
    let text = |key: &'static str| match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(format!("invalid field: {key}")),
    };
    let category = text("category")?.ok_or("missing field: category")?;
    let category = Category::from_code(category).ok_or("invalid field: category")?;
    let action = text("action")?.map_or(Some(Action::Block), Action::from_code).ok_or("invalid field: action")?;
    Ok(Report {
        category,
        action,
        label: text("label")?.map(str::to_owned),
        reporter: text("reporter")?.unwrap_or("cli").to_owned(),
    })
}

/// The JSON form of a report record (the reports CSV's columns).
pub fn record_json(r: &ReportRecord) -> Value {
    json!({
        "number": r.number,
        "region": r.region,
        "category": r.category.code(),
        "time": r.time,
        "reporter": r.reporter,
        "caller_name": r.caller_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(text: &str) -> Map<String, Value> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn options_and_config_keys_make_the_policy() {
        let cli = Controls {
            quiet_hours: Some("daily 22:00-07:00".into()),
            repeated_call_minutes: 3,
            repeated_call_count: 2,
            ..Default::default()
        };
        let p = cli.apply(Policy::default()).unwrap();
        assert_eq!(p.quiet_hours.unwrap().to_string(), "daily 22:00-07:00");
        let line = controls_line(&obj(r#"{"quiet_hours":"","schedule":"mon-fri 09:00-17:00","repeated_call_minutes":0,"paused_until":"2026-11-28T21:05:00+01:00"}"#)).unwrap();
        let p = cli.with_line(&line).apply(Policy::default()).unwrap();
        assert_eq!((p.quiet_hours, p.repeated_call_minutes, p.paused_until), (None, 0, Some(1_795_896_300)));
        assert_eq!(p.schedule.unwrap().to_string(), "mon-fri 09:00-17:00");
        for bad in [r#"{"quiet_hours":"never"}"#, r#"{"repeated_call_count":1}"#, r#"{"paused_until":"tomorrow"}"#] {
            let line = controls_line(&obj(bad)).unwrap();
            assert!(cli.with_line(&line).apply(Policy::default()).is_err(), "{bad}");
        }
        assert!(controls_line(&obj(r#"{"repeated_call_minutes":"3"}"#)).is_err());
    }

    #[test]
    fn report_lines() {
        let r = report_of(&obj(r#"{"category":"scam","label":"Fake bank"}"#)).unwrap();
        assert_eq!((r.category, r.action, r.reporter.as_str()), (Category::Scam, Action::Block, "cli"));
        assert!(report_of(&obj("{}")).is_err());
        assert!(report_of(&obj(r#"{"category":"scam","action":"explode"}"#)).is_err());
    }
}
