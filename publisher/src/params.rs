//! The aggregation's parameters, and their substitution into the SQL text.
//!
//! The SQL file names each parameter `${name}`; the runner (this crate for DataFusion,
//! `scripts/spark_aggregate.py` for Spark, `spark-sql -d name=value` on a cluster) replaces
//! each with its whole-number value before the engine sees the text, so both engines run the
//! very same statement.

use serde_json::{Value, json};

use crate::PublisherError;

/// Micro-units per unit of score: weights and scores are whole micro-units in the SQL.
pub const MICRO: i64 = 1_000_000;

/// Seconds in a day.
const DAY: f64 = 86_400.0;

/// What the aggregation is asked: the defaults are documented in docs/reports-format.md.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// The time reports are aged against, in Unix seconds.
    pub now: i64,
    /// Half-life of a report's weight, in days (default 30).
    pub half_life_days: f64,
    /// Distinct reporters a number (or range) needs to be listed (default 4).
    pub min_reporters: u32,
    /// Reported numbers a block of 10 or 100 needs to become a `#` range (default 5).
    pub range_min: u32,
    /// Score from which an entry is listed, with action `label` (default 2.0).
    pub label: f64,
    /// Score from which the action is `silence` (default 4.0).
    pub silence: f64,
    /// Score from which the action is `block` (default 8.0).
    pub block: f64,
}

impl Params {
    /// The defaults, aged against `now` (Unix seconds).
    pub fn new(now: i64) -> Self {
        Self { now, half_life_days: 30.0, min_reporters: 4, range_min: 5, label: 2.0, silence: 4.0, block: 8.0 }
    }

    /// Checks the values: a positive half-life, at least one reporter, a range needing at least
    /// two numbers, and thresholds that are positive and ascending.
    pub fn validate(&self) -> Result<(), PublisherError> {
        let bad = |what| Err(PublisherError::InvalidParameter(what));
        if !(self.half_life_days.is_finite() && self.half_life_days * DAY >= 1.0) {
            return bad("the half-life must be at least one second");
        }
        if self.min_reporters == 0 {
            return bad("the minimum of reporters must be at least 1");
        }
        if !(2..=100).contains(&self.range_min) {
            return bad("a range needs between 2 and 100 reported numbers");
        }
        let micro = [self.label, self.silence, self.block].map(to_micro);
        if micro[0] < 1 || micro[0] > micro[1] || micro[1] > micro[2] {
            return bad("thresholds must be positive and label <= silence <= block");
        }
        if self.now < 0 {
            return bad("--now must be after 1970");
        }
        Ok(())
    }

    /// Each `${name}` of the SQL with its whole-number value.
    pub fn values(&self) -> [(&'static str, i64); 7] {
        [
            ("now", self.now),
            ("half_life_secs", (self.half_life_days * DAY).round() as i64),
            ("min_reporters", i64::from(self.min_reporters)),
            ("range_min", i64::from(self.range_min)),
            ("label_micro", to_micro(self.label)),
            ("silence_micro", to_micro(self.silence)),
            ("block_micro", to_micro(self.block)),
        ]
    }

    /// The values as a JSON object (`params.json` beside the normalised reports).
    pub fn to_json(&self) -> Value {
        Value::Object(self.values().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect())
    }

    /// `sql` with every `${name}` replaced; a placeholder this runner does not know is an error.
    pub fn substitute(&self, sql: &str) -> Result<String, PublisherError> {
        let mut text = sql.to_owned();
        for (name, value) in self.values() {
            text = text.replace(&format!("${{{name}}}"), &value.to_string());
        }
        match text.contains("${") {
            true => Err(PublisherError::InvalidParameter("the SQL names a parameter the runner does not know")),
            false => Ok(text),
        }
    }
}

/// An RFC 3339 time (with an offset) as Unix seconds.
pub fn parse_time(text: &str) -> Result<i64, PublisherError> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.timestamp())
        .map_err(|_| PublisherError::InvalidParameter("not an RFC 3339 time with an offset"))
}

/// A score as whole micro-units.
fn to_micro(score: f64) -> i64 {
    (score * MICRO as f64).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_file_uses_exactly_the_known_parameters() {
        let text = Params::new(1_700_000_000).substitute(crate::AGGREGATE_SQL).unwrap();
        assert!(text.contains("1700000000") && text.contains("2592000"));
        assert!(Params::new(0).substitute("SELECT ${unknown}").is_err());
    }

    #[test]
    fn bad_values_are_refused() {
        let ok = Params::new(0);
        assert!(ok.validate().is_ok());
        assert!(Params { half_life_days: 0.0, ..ok }.validate().is_err());
        assert!(Params { min_reporters: 0, ..ok }.validate().is_err());
        assert!(Params { range_min: 1, ..ok }.validate().is_err());
        assert!(Params { silence: 1.0, ..ok }.validate().is_err());
        assert!(Params { label: 0.0, ..ok }.validate().is_err());
    }
}
