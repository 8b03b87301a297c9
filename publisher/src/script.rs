//! The SQL file as a script: its statements in order, without comments. Both runners (this
//! crate's engine and `scripts/spark_aggregate.py`) split it alike: a `--` comment runs to the
//! end of its line, a statement ends at `;`, neither inside a `'…'` literal.

/// The statements of `sql`, in order, trimmed and without comments; empty ones are skipped.
pub fn statements(sql: &str) -> Vec<String> {
    let (mut out, mut current) = (Vec::new(), String::new());
    let (mut quoted, mut comment) = (false, false);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' if comment => (comment = false, current.push('\n')).1,
            _ if comment => {}
            '\'' => (quoted = !quoted, current.push(c)).1,
            '-' if !quoted && chars.peek() == Some(&'-') => comment = true,
            ';' if !quoted => push(&mut out, &mut current),
            _ => current.push(c),
        }
    }
    push(&mut out, &mut current);
    out
}

/// Ends the statement in `current`, keeping it when not blank.
fn push(out: &mut Vec<String>, current: &mut String) {
    let statement = current.trim();
    if !statement.is_empty() {
        out.push(statement.to_owned());
    }
    current.clear();
}

/// Whether `statement` names `table` as a whole word (an input no longer named by the statements
/// still to run can be let go).
pub fn names(statement: &str, table: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    statement.match_indices(table).any(|(i, _)| {
        !statement[..i].chars().next_back().is_some_and(is_word)
            && !statement[i + table.len()..].chars().next().is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_at_semicolons_outside_quotes_and_comments() {
        let sql = "-- a; comment\nDROP TABLE x; -- trailing; note\nSELECT 'a;b', 1 - -2\nFROM y;\n\n;  ";
        assert_eq!(statements(sql), ["DROP TABLE x", "SELECT 'a;b', 1 - -2\nFROM y"]);
        assert_eq!(statements("SELECT '--not a comment' AS c"), ["SELECT '--not a comment' AS c"]);
    }

    #[test]
    fn names_matches_whole_words() {
        assert!(names("SELECT * FROM reports r", "reports"));
        assert!(!names("SELECT * FROM rf_reports", "reports"));
        assert!(!names("SELECT reports_x FROM t", "reports"));
    }
}
