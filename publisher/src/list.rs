//! The aggregate as a list `ringfence build` reads: `pattern,action,category,label,score`,
//! sorted by pattern, the score with three decimals (`ringfence build` ignores the column).

use std::io::Write;

/// The CSV header of an aggregate list.
pub const HEADER: &str = "pattern,action,category,label,score";

/// One listed number or range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    /// The E.164 number, or a range such as `+4121560##`.
    pub pattern: String,
    /// `label`, `silence` or `block`.
    pub action: String,
    /// The category code.
    pub category: String,
    /// The score, in thousandths.
    pub score_milli: i64,
}

impl ListEntry {
    /// Whether the entry is a `#` range.
    pub fn is_range(&self) -> bool {
        self.pattern.ends_with('#')
    }

    /// The score with three decimals (`2.500`).
    pub fn score(&self) -> String {
        let sign = if self.score_milli < 0 { "-" } else { "" };
        let m = self.score_milli.unsigned_abs();
        format!("{sign}{}.{:03}", m / 1000, m % 1000)
    }
}

/// Writes `entries` as the list CSV (no label: labels are the app's, in its language).
pub fn write_list(entries: &[ListEntry], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    for e in entries {
        writeln!(out, "{},{},{},,{}", e.pattern, e.action, e.category, e.score())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_have_three_decimals() {
        let e =
            |m| ListEntry { pattern: "+1#".into(), action: "label".into(), category: "spam".into(), score_milli: m };
        assert_eq!(e(2500).score(), "2.500");
        assert_eq!(e(7).score(), "0.007");
        assert_eq!(e(-1500).score(), "-1.500");
        let mut out = Vec::new();
        write_list(&[e(4000)], &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "pattern,action,category,label,score\n+1#,label,spam,,4.000\n");
    }
}
